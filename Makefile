# LearnHub: `make run` serves the demo; `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := learnhub:create_app

.PHONY: run test lint lock migrate templates bench bench-wrk translations extract-messages browser clean-venv serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs come from the locks in requirements/ (exact versions with hashes), so a fresh
# clone gets what CI tested; `make lock` refreshes them after pyproject.toml changes.
LOCK_FLAGS := --universal --python-version 3.11 --generate-hashes --quiet

$(VENV)/.installed: requirements/main.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/main.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed

## lock: pin pyproject.toml's dependencies (kept versions stay; add UPGRADE=1 to take the newest)
lock: | $(BIN)/python
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) -o requirements/main.lock
	$(BIN)/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(if $(UPGRADE),--upgrade) -o requirements/dev.lock

translations: $(VENV)/.installed
	$(BIN)/python -m learnhub.i18n

## run: create .venv, install, migrate, load demo + sample content, serve on :5000
run: translations
	$(BIN)/learnhub db upgrade
	$(BIN)/learnhub demo
	$(BIN)/learnhub content sync
	@echo ""
	@echo "LearnHub: http://127.0.0.1:5000"
	@echo "Demo logins (工号 / password): admin, manager, trainer, learner / learnhub-demo"
	@echo ""
	$(BIN)/learnhub run --host 127.0.0.1 --port 5000

## browser: Debian's Chromium for the browser journeys (never a browser download)
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian chromium and fonts-noto-cjk for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check learnhub tests bench scripts config.py
	$(BIN)/mypy learnhub

test: $(VENV)/.installed-dev browser lint
	$(BIN)/python -m learnhub.i18n
	$(BIN)/pytest

## migrate: apply migrations, then fail if the models and migrations disagree
migrate: $(VENV)/.installed
	$(BIN)/learnhub db upgrade
	$(BIN)/learnhub db check

## extract-messages: refresh the English catalogue from the source (Chinese) strings
extract-messages: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o learnhub/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i learnhub/translations/messages.pot -d learnhub/translations --no-fuzzy-matching --ignore-obsolete

## templates: regenerate the branch templates (.docx/.xlsx) the courses attach
templates: $(VENV)/.installed-dev
	$(BIN)/python scripts/branch_templates.py

bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.run

## bench-wrk: the lesson page under wrk against gunicorn -w 2 (Debian's wrk, installed if missing)
bench-wrk: $(VENV)/.installed-dev
	@if [ ! -x /usr/bin/wrk ]; then \
	  echo "Installing Debian wrk"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	fi
	$(BIN)/python -m bench.wrk_lesson

clean-venv:
	rm -rf $(VENV)

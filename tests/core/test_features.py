"""The feature registry is the one place features are wired: what it declares exists, and
nothing that defines tables or pages is left out of it."""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date
from pathlib import Path

import pytest

import learnhub
from learnhub.core.db import Base
from learnhub.core.feature import registry
from learnhub.features import FEATURES
from learnhub.records.services import credit
from tests.factories import make_member

PACKAGE_ROOT = Path(learnhub.__file__).parent


def _import_every_module() -> None:
    for module in pkgutil.walk_packages([str(PACKAGE_ROOT)], prefix="learnhub."):
        importlib.import_module(module.name)


def test_every_navigation_item_names_an_existing_page(app):
    missing = [item.endpoint for item in registry(app).navigation
               if item.endpoint not in app.view_functions]
    assert not missing


def test_every_module_that_defines_tables_is_registered(app):
    _import_every_module()
    defining = {mapper.class_.__module__ for mapper in Base.registry.mappers}
    registered = {module.__name__ for module in registry(app).model_modules}
    assert defining == registered


def test_features_have_unique_names_and_the_registry_keeps_their_order(app):
    names = [feature.name for feature in FEATURES]
    assert len(names) == len(set(names))
    assert [feature.name for feature in registry(app).features] == names


def test_every_blueprint_of_the_app_comes_from_a_feature(app):
    declared = {blueprint.name for feature in FEATURES for blueprint in feature.blueprints}
    assert set(app.blueprints) == declared


def test_no_module_swallows_an_import_error():
    offenders = [str(path.relative_to(PACKAGE_ROOT)) for path in PACKAGE_ROOT.rglob("*.py")
                 if "except ModuleNotFoundError" in path.read_text(encoding="utf-8")]
    assert not offenders


def test_the_content_command_offers_every_kind_subcommand(app):
    content = app.cli.get_command(None, "content")  # type: ignore[arg-type]
    assert content is not None
    expected = {"check", "sync"} | {command.name for kind in registry(app).content_kinds
                                    for command in kind.commands}
    assert set(content.commands) == expected


def test_credit_refuses_a_ledger_kind_no_feature_registered():
    with pytest.raises(ValueError, match="not registered"):
        credit(make_member(), kind="lottery", source_type="x", source_id="1",
               credit_hours="1", occurred_on=date(2026, 1, 1))


def test_each_ledger_kind_is_declared_by_one_feature_only(app):
    kinds = [source.kind for source in registry(app).ledger_sources]
    assert len(kinds) == len(set(kinds))

"""The locks in requirements/ pin every dependency pyproject.toml names, so `make run` and
`make test` install exactly what CI tested (`make lock` refreshes them)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==\S+", re.MULTILINE)


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_names(requirements: list[str]) -> set[str]:
    return {_canonical(re.split(r"[\s<>=!~;\[]", item, maxsplit=1)[0]) for item in requirements}


def _pinned(lock: str) -> set[str]:
    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {_canonical(name) for name in PIN.findall(text)}


@pytest.fixture(scope="module")
def project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]


def test_main_lock_pins_every_runtime_dependency(project):
    assert _requirement_names(project["dependencies"]) <= _pinned("main.lock")


def test_dev_lock_pins_runtime_and_dev_dependencies(project):
    wanted = _requirement_names(project["dependencies"] + project["optional-dependencies"]["dev"])
    assert wanted <= _pinned("dev.lock")


def test_every_lock_line_carries_a_hash():
    for lock in ("main.lock", "dev.lock"):
        text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
        for block in re.split(r"\n(?=[A-Za-z0-9])", text):
            if PIN.match(block):
                assert "--hash=sha256:" in block, f"{lock}: {block.splitlines()[0]}"

"""What a feature adds to LearnHub, declared in one place (`<feature>/feature.py`).

`learnhub.features` lists the features in order and installs them into an app; pages,
commands and services ask the installed registry (`registry()`) instead of naming other
features' modules, so a feature is added by writing its package and one line in that list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, current_app

if TYPE_CHECKING:
    import click

REGISTRY_KEY = "learnhub.features"


@dataclass(frozen=True)
class NavItem:
    """An entry of the main menu, shown to members who hold `role` (None: everyone), or for
    whom `also(member)` is true: a page some members reach without the role (a branch
    secretary by their party post). `also` runs on every page: no query in it."""

    label: str  # a msgid (N_), translated where the menu is rendered
    endpoint: str
    role: str | None = None
    also: Callable[[Any], bool] | None = None
    section: str = ""
    # A number beside the label (unread notifications): a function returning a scalar SQL
    # expression correlated with `member.id`. It is read in the statement that loads the
    # member on every page (org.permissions), so a badge costs no query of its own.
    badge: Callable[[], Any] | None = None
    badge_label: str = ""  # a msgid (N_) with %(count)s, for screen readers


@dataclass(frozen=True)
class HomePanel:
    """A panel of the home page (工作台). `build(member, today)` returns an object with a
    `template` attribute (rendered with `panel` set to it), or None to show nothing."""

    name: str
    build: Callable[[Any, date], object | None]


@dataclass(frozen=True)
class LedgerSource:
    """A kind of ledger entry a feature writes through `records.services.credit`."""

    kind: str
    label: str  # a msgid (N_)
    # Earned by studying on the platform (courses, quizzes): counts toward a requirement's
    # minimum online part (学时要求 "其中网络学习不少于…").
    online: bool = False


@dataclass(frozen=True)
class DemoStep:
    """What `learnhub demo` adds for a feature once the demo organisation and the sample
    content are in: `needed()` says whether it is still to do (each step runs once),
    `run(now)` does it, for every demo member there is, and returns a line for the
    operator."""

    name: str
    needed: Callable[[], bool]
    run: Callable[[datetime], str]


@dataclass(frozen=True)
class Job:
    """Work `learnhub jobs run` does on every run (an operator runs it from cron): `run(now)`
    does what is due by `now`, flushes, and returns a line for the log. The runner commits
    after each job, so one job's failure leaves the others' work in place."""

    name: str
    run: Callable[[datetime], str]


@dataclass(frozen=True)
class Feature:
    """Everything one feature package adds; every field is optional."""

    name: str
    blueprints: tuple[Blueprint, ...] = ()
    commands: tuple[click.Command, ...] = ()
    navigation: tuple[NavItem, ...] = ()
    home_panels: tuple[HomePanel, ...] = ()
    # Modules that define tables: imported so that migrations and queries see every table.
    model_modules: tuple[ModuleType, ...] = ()
    # learnhub.authoring.kinds.ContentKind: files that `learnhub content` checks and syncs.
    content_kinds: tuple[Any, ...] = ()
    # Callables (course, version) -> [Requirement]: what completing a course asks for.
    requirement_kinds: tuple[Callable[..., Sequence[Any]], ...] = ()
    ledger_sources: tuple[LedgerSource, ...] = ()
    demo_steps: tuple[DemoStep, ...] = ()
    jobs: tuple[Job, ...] = ()  # run in registry order by `learnhub jobs run`
    # Called last with the app, for what the fields above do not cover (template globals).
    setup: Callable[[Flask], None] | None = None


@dataclass(frozen=True)
class FeatureRegistry:
    """The installed features, in order, with their declarations gathered (once)."""

    features: tuple[Feature, ...]

    def _gather(self, name: str) -> tuple:
        return tuple(item for feature in self.features for item in getattr(feature, name))

    @cached_property
    def navigation(self) -> tuple[NavItem, ...]:
        return self._gather("navigation")

    @cached_property
    def home_panels(self) -> tuple[HomePanel, ...]:
        return self._gather("home_panels")

    @cached_property
    def model_modules(self) -> tuple[ModuleType, ...]:
        return self._gather("model_modules")

    @cached_property
    def content_kinds(self) -> tuple[Any, ...]:
        return self._gather("content_kinds")

    @cached_property
    def requirement_kinds(self) -> tuple[Callable[..., Sequence[Any]], ...]:
        return self._gather("requirement_kinds")

    @cached_property
    def ledger_sources(self) -> tuple[LedgerSource, ...]:
        return self._gather("ledger_sources")

    @cached_property
    def demo_steps(self) -> tuple[DemoStep, ...]:
        return self._gather("demo_steps")

    @cached_property
    def jobs(self) -> tuple[Job, ...]:
        return self._gather("jobs")

    @cached_property
    def nav_badges(self) -> tuple[NavItem, ...]:
        return tuple(item for item in self.navigation if item.badge is not None)


def registry(app: Flask | None = None) -> FeatureRegistry:
    """The registry of the given app, or of the current one."""
    return (app or current_app).extensions[REGISTRY_KEY]

"""A kind of content kept as files (courses, quizzes...), as `learnhub content` sees it.

Problems refuse the item (`content check` exits 1, `content sync` skips it); warnings
(`path:line: 提示：…`) are printed and change nothing else.

A feature declares its kinds in `Feature.content_kinds`; `learnhub content check|sync`
hands every PATH to every kind, and each kind reads what is its own there (a course
folder, a quiz file) and leaves the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from learnhub.authoring.problems import Problem

if TYPE_CHECKING:
    import click


@dataclass
class CheckReport:
    """What `content check` found in one kind's files."""

    problems: list[Problem]
    summary: str  # e.g. "2 courses, 4 lessons"
    warnings: list[Problem] = field(default_factory=list)  # printed; never exit 1


@dataclass
class SyncReport:
    """What `content sync` did (or would do) for one kind."""

    lines: list[str]  # one per item, e.g. "created: party-rules v1"
    summary: str  # e.g. "1 created, 0 updated, 0 unchanged, 0 invalid"
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # printed; never block a sync


@dataclass(frozen=True)
class ContentKind:
    name: str
    folder: str  # its folder under CONTENT_ROOT, read when no PATH is given
    check: Callable[[Sequence[Path]], CheckReport]
    sync: Callable[[Sequence[Path], bool], SyncReport]  # (paths, dry_run)
    commands: tuple[click.Command, ...] = ()  # more `learnhub content` subcommands

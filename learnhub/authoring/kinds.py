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


@dataclass
class ItemSyncResult:
    """What sync did with one item (a course, a quiz)."""

    slug: str
    status: str  # "created", "updated", "unchanged" or "invalid"
    version_number: int | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ItemSyncReport:
    """A kind's sync, item by item, as its service returns it."""

    dry_run: bool
    results: list[ItemSyncResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # every problem, all items
    warnings: list[Problem] = field(default_factory=list)  # reported; sync goes on

    def count(self, status: str) -> int:
        return sum(1 for result in self.results if result.status == status)

    def for_command(self) -> SyncReport:
        """One line per item and a summary; no summary when the paths held none of this
        kind's items (the other kinds speak for them)."""
        lines = [f"{result.status}: {result.slug}"
                 + (f" v{result.version_number}" if result.version_number else "")
                 for result in self.results]
        summary = (f"{self.count('created')} created, {self.count('updated')} updated, "
                   f"{self.count('unchanged')} unchanged, {self.count('invalid')} invalid"
                   if self.results or self.problems else "")
        return SyncReport(lines=lines, summary=summary, problems=self.problems,
                          warnings=self.warnings)


@dataclass(frozen=True)
class ContentKind:
    name: str
    folder: str  # its folder under CONTENT_ROOT, read when no PATH is given
    check: Callable[[Sequence[Path]], CheckReport]
    sync: Callable[[Sequence[Path], bool], SyncReport]  # (paths, dry_run)
    commands: tuple[click.Command, ...] = ()  # more `learnhub content` subcommands

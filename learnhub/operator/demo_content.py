"""What `learnhub demo` adds after the organisation: the sample content (the courses/ and
quizzes/ folders under CONTENT_ROOT, synced as `learnhub content sync` would) and each
feature's demo steps (the quiz history). Done once: a second run, or a `content sync`
after it, changes nothing."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import current_app

from learnhub.authoring.problems import Problem
from learnhub.core.feature import registry
from learnhub.extensions import db


def sync_sample_content() -> list[Problem]:
    """Sync every content kind from its folder under CONTENT_ROOT (what is unchanged stays
    as it is); the problems of files that could not be synced."""
    root = Path(current_app.config["CONTENT_ROOT"])
    problems: list[Problem] = []
    for kind in registry().content_kinds:
        folder = root / kind.folder
        if folder.is_dir():
            problems += kind.sync([folder], False).problems
    return problems


def run_demo_steps(now: datetime) -> tuple[list[str], list[Problem]]:
    """The steps still to do, after syncing the sample content they build on; commits
    after each. (Lines for the operator, problems of the sample files.)"""
    steps = [step for step in registry().demo_steps if step.needed()]
    if not steps:
        return [], []
    problems = sync_sample_content()
    db.session.commit()
    lines = []
    for step in steps:
        lines.append(step.run(now))
        db.session.commit()
    return lines, problems

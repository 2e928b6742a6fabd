"""A branch with a manager and a member, and a declaration, for offline training tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from learnhub.org.models import Role
from learnhub.transcripts.offline import services
from tests.factories import make_grant, make_member, make_unit

NOW = datetime(2026, 4, 1, 2, 0, tzinfo=UTC)
TODAY = date(2026, 4, 1)


def branch_with_manager():
    committee = make_unit()
    branch = make_unit(committee)
    manager = make_member(branch)
    make_grant(manager, Role.MANAGER, branch)
    return branch, manager, make_member(branch)


def training_input(title: str = "党校春季培训班", hours: str = "16",
                   started_on: date = date(2026, 3, 2), ended_on: date = date(2026, 3, 6)):
    return services.TrainingInput(title, "市委党校", started_on, ended_on, Decimal(hours), "")


def declared(member, **kwargs):
    return services.declare(member, training_input(**kwargs), evidence=None, now=NOW, today=TODAY)

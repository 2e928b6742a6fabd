"""The numbers at the top of the page: per unit directly under the chosen one (and the
chosen unit's own members), the share of required courses done and of members who met
the year's 学时 requirement (counted by page.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.org.models import Unit
from learnhub.reports.scope import ReportScope


@dataclass
class UnitTally:
    unit: Unit
    own: bool = False  # the chosen unit's own members, not a unit below it
    required: int = 0
    done: int = 0
    with_requirement: int = 0
    met: int = 0

    @property
    def completion_rate(self) -> float | None:
        return self.done / self.required if self.required else None

    @property
    def met_rate(self) -> float | None:
        return self.met / self.with_requirement if self.with_requirement else None


@dataclass
class Summary:
    units: list[UnitTally]
    total: UnitTally
    _by_key: dict[str, UnitTally] = field(default_factory=dict)

    def tally_for(self, scope: ReportScope, unit_path: str) -> UnitTally | None:
        rest = unit_path[len(scope.path):]
        key = rest.split("/", 1)[0] if rest else ""
        return self._by_key.get(key)


def empty_summary(scope: ReportScope) -> Summary:
    """A tally per unit directly under the scope's unit (the root units for everything),
    and one for the unit's own members (one query)."""
    parent = Unit.parent_id == scope.unit.id if scope.unit is not None else Unit.parent_id.is_(None)
    children = list(db.session.scalars(select(Unit).where(parent).order_by(Unit.code)))
    units = [UnitTally(child) for child in children]
    by_key = {str(tally.unit.id): tally for tally in units}
    if scope.unit is not None:
        own = UnitTally(scope.unit, own=True)
        units.insert(0, own)
        by_key[""] = own
    total = UnitTally(scope.unit or Unit(name="", code="", path="/"))
    return Summary(units=units, total=total, _by_key=by_key)

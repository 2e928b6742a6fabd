"""The compliance report of a subtree for one period: per unit and meeting kind, the
required slots and how each went (rules.py), held meetings and attendance; rolled up the
tree in Python from four grouped statements (queries.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from learnhub.discussions.compliance import queries
from learnhub.discussions.compliance.periods import Period
from learnhub.discussions.compliance.queries import KindInfo, UnitInfo
from learnhub.discussions.compliance.rules import (
    Slot,
    SlotStatus,
    calendar_months,
    is_required,
    slots,
)
from learnhub.discussions.models import Frequency
from learnhub.org.models import Unit, UnitKind

ROW_MODES = ("children", "all")


@dataclass
class Tally:
    """Slots by status, held meetings and attendance, for one cell or a sum of cells."""

    required: int = 0
    held: int = 0  # required slots met
    pending: int = 0
    upcoming: int = 0
    missing: int = 0
    meetings: int = 0  # held meetings starting in the period (also of kinds not required)
    invited: int = 0
    present: int = 0
    late: int = 0
    excused: int = 0

    def add(self, other: Tally) -> None:
        self.required += other.required
        self.held += other.held
        self.pending += other.pending
        self.upcoming += other.upcoming
        self.missing += other.missing
        self.meetings += other.meetings
        self.invited += other.invited
        self.present += other.present
        self.late += other.late
        self.excused += other.excused

    def __bool__(self) -> bool:
        return bool(self.required or self.meetings or self.invited)

    def count(self, status: SlotStatus) -> None:
        self.required += 1
        setattr(self, status.value, getattr(self, status.value) + 1)

    @property
    def status(self) -> str:
        """The cell's word: the worst of its slots; `none` when nothing is required."""
        if not self.required:
            return "none"
        for name in ("missing", "pending", "upcoming"):
            if getattr(self, name):
                return name
        return "done"

    @property
    def due(self) -> int:
        """Slots that had to be met by now (the upcoming ones are not yet due)."""
        return self.required - self.upcoming

    @property
    def completion(self) -> float | None:
        return self.held / self.due if self.due else None

    @property
    def attendance_rate(self) -> float | None:
        """(present + late) / invited; excused members are shown apart, not left out."""
        return (self.present + self.late) / self.invited if self.invited else None


EMPTY = Tally()


@dataclass
class Row:
    """A table row: a unit's own meetings (`own`), or the unit with its whole subtree."""

    unit: UnitInfo
    own: bool
    depth: int  # below the report's unit
    has_children: bool
    cells: dict[int, Tally]  # by kind id; a kind with nothing to show has no entry
    overall: Tally = field(default_factory=Tally)

    def cell(self, kind_id: int) -> Tally:
        return self.cells.get(kind_id) or EMPTY


@dataclass
class Report:
    unit: UnitInfo
    period: Period
    kinds: list[KindInfo]
    rows: list[Row]
    total: Row
    own_slots: dict[int, list[tuple[Slot, SlotStatus]]]  # the report unit's own, by kind


def _row(unit: UnitInfo, cells: dict[int, Tally], *, own: bool, depth: int,
         has_children: bool) -> Row:
    overall = Tally()
    for tally in cells.values():
        overall.add(tally)
    return Row(unit, own, depth, has_children, cells, overall)


def build_report(root: Unit, period: Period, now: datetime, zone: ZoneInfo,
                 mode: str = "children") -> Report:
    """The report for `root`'s subtree: `children` rows are its direct children (each with
    its subtree), `all` rows every unit below it; both start with `root`'s own meetings
    when it must hold any. Four statements whatever the number of units."""
    kinds = queries.active_kinds()
    units = queries.subtree_units(root)
    windows: dict[range, list[int]] = {}
    for kind in kinds:
        windows.setdefault(calendar_months({Frequency(kind.frequency)}, period), []).append(
            kind.id)
    counts = queries.month_counts(root, windows, now, zone)
    attendance = queries.attendance_counts(root, *period.bounds_utc(zone))
    held: dict[tuple[int, int], set[int]] = {}
    pending: dict[tuple[int, int], set[int]] = {}
    meetings: dict[tuple[int, int], int] = {}
    period_months = period.months
    for (unit_id, kind_id, month), (n_held, n_pending) in counts.items():
        if n_held:
            held.setdefault((unit_id, kind_id), set()).add(month)
            if month in period_months:
                meetings[unit_id, kind_id] = meetings.get((unit_id, kind_id), 0) + n_held
        if n_pending:
            pending.setdefault((unit_id, kind_id), set()).add(month)
    # Per kind, once: its slots with whether each is over, and the unit kinds it binds.
    kind_slots = {k.id: [(slot, now >= slot.ends_at(zone))
                         for slot in slots(Frequency(k.frequency), period)] for k in kinds}
    binds = {k.id: {uk for uk in UnitKind if is_required(k.code, Frequency(k.frequency), uk)}
             for k in kinds}
    empty: set[int] = set()

    own: dict[int, dict[int, Tally]] = {}
    own_slots: dict[int, list[tuple[Slot, SlotStatus]]] = {}
    for unit in units:
        cells = own[unit.id] = {}
        unit_kind = UnitKind(unit.kind)
        for kind in kinds:
            key = (unit.id, kind.id)
            required = unit_kind in binds[kind.id]
            if not required and key not in meetings and key not in attendance:
                continue
            tally = cells[kind.id] = Tally(meetings=meetings.get(key, 0))
            tally.invited, tally.present, tally.late, tally.excused = attendance.get(
                key, (0, 0, 0, 0))
            if not required:
                continue
            held_months, pending_months = held.get(key, empty), pending.get(key, empty)
            for slot, over in kind_slots[kind.id]:
                months = slot.months
                if held_months and any(m in held_months for m in months):
                    status = SlotStatus.HELD
                elif pending_months and any(m in pending_months for m in months):
                    status = SlotStatus.PENDING
                else:
                    status = SlotStatus.MISSING if over else SlotStatus.UPCOMING
                tally.count(status)
                if unit.id == root.id:
                    own_slots.setdefault(kind.id, []).append((slot, status))

    # Subtree totals bottom-up: each unit adds its totals to its parent's once.
    subtree: dict[int, dict[int, Tally]] = {u.id: {} for u in units}
    has_children: set[int] = set()
    for unit in sorted(units, key=lambda u: -u.depth):
        cells = subtree[unit.id]
        for kind_id, tally in own[unit.id].items():
            cells.setdefault(kind_id, Tally()).add(tally)
        if unit.id != root.id and unit.parent_id in subtree:
            has_children.add(unit.parent_id)
            parent = subtree[unit.parent_id]
            for kind_id, tally in cells.items():
                parent.setdefault(kind_id, Tally()).add(tally)

    by_id = {u.id: u for u in units}
    top = by_id[root.id]
    rows = []
    if any(own[root.id].values()):
        rows.append(_row(top, own[root.id], own=True, depth=0, has_children=False))
    below = [u for u in units if u.id != root.id
             and (mode == "all" or u.parent_id == root.id)]
    rows += [_row(u, subtree[u.id], own=False, depth=u.depth - top.depth - 1,
                  has_children=u.id in has_children) for u in below]
    total = _row(top, subtree[root.id], own=False, depth=0, has_children=bool(below))
    return Report(top, period, kinds, rows, total, own_slots)

"""The compliance report of a subtree for one period: per unit and meeting kind, the
required slots and how each went (rules.py), held meetings and attendance; rolled up the
tree in Python from three grouped statements (queries.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from learnhub.discussions.compliance import queries
from learnhub.discussions.compliance.periods import Period
from learnhub.discussions.compliance.queries import CellSums, KindInfo, UnitInfo
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


@dataclass(slots=True)
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


def _add_cells(into: dict[int, Tally], cells: dict[int, Tally]) -> None:
    for kind_id, tally in cells.items():
        total = into.get(kind_id)
        if total is None:
            total = into[kind_id] = Tally()
        total.add(tally)


def _slot_passes(kinds: list[KindInfo], period: Period, base: int, now: datetime,
                 zone: ZoneInfo):
    """Per kind, once: its slots, each with its months as a bit mask (bit i: month
    `base + i`, as `queries.cell_sums` gives them) and whether it is over; and the unit
    kinds it binds (a kind binding none needs no slot pass)."""
    kind_slots = {}
    binds = {}
    for k in kinds:
        frequency = Frequency(k.frequency)
        kind_slots[k.id] = [(slot, sum(1 << (m - base) for m in slot.months),
                             now >= slot.ends_at(zone)) for slot in slots(frequency, period)]
        binds[k.id] = {uk for uk in UnitKind if is_required(k.code, frequency, uk)}
    return kind_slots, binds


def build_report(root: Unit, period: Period, now: datetime, zone: ZoneInfo,
                 mode: str = "children") -> Report:
    """The report for `root`'s subtree: `children` rows are its direct children (each with
    its subtree), `all` rows every unit below it; both start with `root`'s own meetings
    when it must hold any. Three statements whatever the number of units."""
    kinds = queries.active_kinds()
    units = queries.subtree_units(root)
    windows: dict[range, list[int]] = {}
    for kind in kinds:
        windows.setdefault(calendar_months({Frequency(kind.frequency)}, period), []).append(
            kind.id)
    base = min((w.start for w in windows), default=period.first_month)
    sums = queries.cell_sums(root, windows, period, base, now, zone)
    kind_slots, binds = _slot_passes(kinds, period, base, now, zone)
    # The slots' statuses depend only on the kind and the two masks, which many units
    # share (every slot held, say): decided once per combination.
    decided: dict[tuple[int, int, int], list[SlotStatus]] = {}
    tallied: dict[tuple[int, int, int], Counter[SlotStatus]] = {}
    no_meetings = CellSums(0, 0, 0, 0, 0, 0, 0)
    root_id = root.id

    own: dict[int, dict[int, Tally]] = {}
    own_slots: dict[int, list[tuple[Slot, SlotStatus]]] = {}
    for unit in units:
        cells = own[unit.id] = {}
        unit_kind = UnitKind(unit.kind)
        for kind in kinds:
            cell = sums.get((unit.id, kind.id), no_meetings)
            required = unit_kind in binds[kind.id]
            if not required and not cell.meetings:
                continue
            tally = cells[kind.id] = Tally(meetings=cell.meetings, invited=cell.invited,
                                           present=cell.present, late=cell.late,
                                           excused=cell.excused)
            if not required:
                continue
            key = (kind.id, cell.held_months, cell.pending_months)
            statuses = decided.get(key)
            if statuses is None:
                statuses = decided[key] = [
                    SlotStatus.HELD if cell.held_months & months else
                    SlotStatus.PENDING if cell.pending_months & months else
                    SlotStatus.MISSING if over else SlotStatus.UPCOMING
                    for _slot, months, over in kind_slots[kind.id]]
                tallied[key] = Counter(statuses)
            counted = tallied[key]
            tally.required = len(statuses)
            tally.held, tally.pending = counted[SlotStatus.HELD], counted[SlotStatus.PENDING]
            tally.upcoming, tally.missing = (counted[SlotStatus.UPCOMING],
                                             counted[SlotStatus.MISSING])
            if unit.id == root_id:
                own_slots[kind.id] = [(slot, status) for (slot, _m, _o), status
                                      in zip(kind_slots[kind.id], statuses, strict=True)]

    # Subtree totals bottom-up (children first): each unit adds its totals to its parent's.
    subtree: dict[int, dict[int, Tally]] = {u.id: {} for u in units}
    has_children: set[int] = set()
    for unit in sorted(units, key=lambda u: -u.depth):
        cells = subtree[unit.id]
        if cells:
            _add_cells(cells, own[unit.id])
        else:  # no unit below (most are branches): its totals are its own cells
            cells = subtree[unit.id] = own[unit.id]
        if unit.id != root_id and unit.parent_id in subtree:
            has_children.add(unit.parent_id)
            _add_cells(subtree[unit.parent_id], cells)

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

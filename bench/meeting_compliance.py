"""The compliance view of the root unit at scale 100 (budget, issue 12: under 200 ms p50,
a constant number of queries).

    python -m bench.meeting_compliance [--scale 100] [--runs 20] [--wait-idle 80]

On the scaled demo database of `bench.run` (LEARNHUB_BENCH_DATABASE_URL for PostgreSQL),
adds once (for the bench only) seven meeting kinds and a year of meetings of every branch
before 1 December 2026: most slots held, some missed, some over without approved minutes,
a few cancelled, each with its branch's members invited and their attendance, and the
held ones with the attendance counts that approving their minutes writes. Then times
`build_report()` alone and the page as `admin` for a month, a quarter and the year, with
the direct children (200 general branches) and with every unit (800 rows), and the CSV.
Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bench.harness import build_app, calibration_ms, logged_in_client, measure, wait_for_idle

KINDS = (  # code, name, frequency
    ("branch_meeting", "支部党员大会", "quarterly"),
    ("committee_meeting", "支部委员会", "monthly"),
    ("group_meeting", "党小组会", "monthly"),
    ("party_lecture", "党课", "quarterly"),
    ("theme_day", "主题党日", "monthly"),
    ("seminar", "专题研讨", "none"),
    ("life_meeting", "组织生活会", "yearly"),
)
YEAR = 2026
NOW = datetime(YEAR, 12, 1, tzinfo=UTC)  # the bench's clock: eleven months are over


def _kinds():
    from sqlalchemy import select

    from learnhub.discussions.models import Frequency, MeetingKind
    from learnhub.extensions import db

    kinds = []
    for position, (code, name, frequency) in enumerate(KINDS):
        kind = db.session.scalar(select(MeetingKind).where(MeetingKind.code == code))
        if kind is None:
            kind = MeetingKind(code=code, name=name, credit_hours=Decimal(1),
                               frequency=Frequency(frequency), position=position)
            db.session.add(kind)
            db.session.flush()
        kinds.append(kind)
    return kinds


def ensure_meetings(app) -> None:
    """A year of meetings for every branch, once (skipped when they are there)."""
    from sqlalchemy import func, insert, select, update

    from learnhub.discussions.models import Invitation, Meeting
    from learnhub.extensions import db
    from learnhub.org.models import Member, Unit, UnitKind

    with app.app_context():
        if db.session.scalar(select(func.count()).select_from(Meeting)
                             .where(Meeting.uid.like("bench-%"))):
            return
        started = time.perf_counter()
        kinds = _kinds()
        branches = db.session.scalars(select(Unit.id).where(Unit.kind == UnitKind.BRANCH)
                                      .order_by(Unit.id)).all()
        members: dict[int, list[int]] = {}
        for member_id, unit_id in db.session.execute(select(Member.id, Member.unit_id)):
            members.setdefault(unit_id, []).append(member_id)
        rng = random.Random(12)
        rows = []
        for unit_id in branches:
            for kind in kinds:
                if kind.code == "group_meeting":
                    continue  # the demo has no 党小组
                length = {"monthly": 1, "quarterly": 3, "yearly": 12, "none": 4}[
                    kind.frequency.value]
                for first in range(0, 12, length):
                    roll = rng.random()
                    if roll < 0.08:
                        continue  # missed
                    month = first + rng.randrange(length) + 1
                    starts = datetime(YEAR, month, rng.randrange(1, 28), 7, tzinfo=UTC)
                    status = ("cancelled" if roll < 0.10 else
                              "scheduled" if roll < 0.14 or starts >= NOW else "held")
                    rows.append({"uid": f"bench-{unit_id}-{kind.id}-{first}", "unit_id": unit_id,
                                 "kind_id": kind.id, "title": f"{kind.name}（{month}月）",
                                 "starts_at": starts, "ends_at": starts + timedelta(hours=2),
                                 "timezone": "Asia/Shanghai", "status": status,
                                 "audience": {"unit_id": unit_id, "subtree": False,
                                              "member_ids": []}})
        for chunk in range(0, len(rows), 5000):
            db.session.execute(insert(Meeting), rows[chunk:chunk + 5000])
        marks = ["present"] * 80 + ["late"] * 6 + ["excused"] * 8 + ["absent"] * 6
        invitations = []
        counts = []  # held meetings' attendance counts, as approving the minutes writes them
        for meeting_id, unit_id, status in db.session.execute(
                select(Meeting.id, Meeting.unit_id, Meeting.status)
                .where(Meeting.uid.like("bench-%"))).all():
            held = status.value == "held"
            given = [rng.choice(marks) if held else "unknown" for _ in members.get(unit_id, [])]
            invitations += [{"meeting_id": meeting_id, "member_id": member_id,
                             "attendance": mark}
                            for member_id, mark in zip(members.get(unit_id, []), given,
                                                       strict=True)]
            if held:
                counts.append({"id": meeting_id, "invited_count": len(given),
                               **{f"{mark}_count": given.count(mark)
                                  for mark in ("present", "late", "excused", "absent")}})
            if len(invitations) >= 50_000:
                db.session.execute(insert(Invitation), invitations)
                invitations = []
        if invitations:
            db.session.execute(insert(Invitation), invitations)
        db.session.execute(update(Meeting), counts)  # by primary key, in executemany batches
        db.session.commit()
        count = db.session.scalar(select(func.count()).select_from(Invitation))
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE meeting, meeting_invitation, unit")
        print(f"{len(rows)} meetings, {count} invitations written in "
              f"{time.perf_counter() - started:.1f}s", flush=True)


def time_service(app, runs: int, period_key: str, mode: str) -> None:
    from sqlalchemy import select

    from learnhub.core.timeutil import site_zone
    from learnhub.discussions.compliance.periods import Period
    from learnhub.discussions.compliance.report import build_report
    from learnhub.extensions import db
    from learnhub.org.models import Unit

    timings = []
    with app.test_request_context():
        root = db.session.scalar(select(Unit).where(Unit.code == "ROOT"))
        period = Period.parse(period_key)
        report = build_report(root, period, NOW, site_zone(), mode)
        for _ in range(runs):
            start = time.perf_counter()
            build_report(root, period, NOW, site_zone(), mode)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    name = f"build_report() {period_key} {mode} ({len(report.rows)} rows)"
    print(f"{name:<52} p50 {statistics.median(timings):7.2f} ms   max {timings[-1]:7.2f} ms"
          f"   runs {runs}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--wait-idle", type=int, default=0, metavar="PERCENT",
                        help="first wait until the CPUs were this idle for 5 s (shared machines)")
    args = parser.parse_args()
    app = build_app(args.scale, courses=False)
    ensure_meetings(app)
    wait_for_idle(args.wait_idle)
    print(f"calibration {calibration_ms():.1f} ms", flush=True)
    for key in (f"{YEAR}-11", f"{YEAR}-Q4", str(YEAR)):
        time_service(app, args.runs, key, "children")
    time_service(app, args.runs, str(YEAR), "all")
    client = logged_in_client(app, "admin")
    with app.app_context():
        from sqlalchemy import select

        from learnhub.extensions import db
        from learnhub.org.models import Unit

        root_id = db.session.scalar(select(Unit.id).where(Unit.code == "ROOT"))
    page = f"/meetings/compliance/units/{root_id}"
    for key, mode in ((f"{YEAR}-11", "children"), (f"{YEAR}-Q4", "children"),
                      (str(YEAR), "children"), (str(YEAR), "all")):
        measure(f"page {key} {mode}", app,
                lambda key=key, mode=mode: client.get(f"{page}?period={key}&rows={mode}"),
                runs=args.runs, warmup=2)
    measure(f"CSV {YEAR} all", app,
            lambda: client.get(f"{page}/export.csv?period={YEAR}&rows=all"),
            runs=args.runs, warmup=2)


if __name__ == "__main__":
    main()

"""Requirement status for every member of the root unit at scale 100 (budget, issue 13:
under 2 s, one grouped query rather than a loop).

    python -m bench.requirement_status [--scale 100] [--runs 5] [--entries 1000000] [--wait-idle 80]

On the scaled demo database of `bench.run` (LEARNHUB_BENCH_DATABASE_URL for PostgreSQL),
adds once, for the bench only, the demo's requirement rules (this year and the last) and
ledger entries in bulk up to `--entries` (about 50 per member: courses, quizzes, meetings
and offline training over the two years). Then times `subtree_standings(root, year)`
consumed to the end, with its statement count, the preview of a rule change over every
member, and the year close's freezing of the previous year (in a transaction rolled back). Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bench.harness import build_app, calibration_ms, counting_queries, wait_for_idle

KINDS = (("course", 40), ("quiz", 15), ("meeting", 35), ("manual", 10))
HOURS = (Decimal("0.5"), Decimal("1"), Decimal("1.5"), Decimal("2"), Decimal("3"))
YEAR = 2026


def ensure_data(app, entries: int) -> None:
    """The demo rules and ledger entries up to `entries`, once."""
    from sqlalchemy import func, insert, select

    from learnhub.core.db import _now
    from learnhub.extensions import db
    from learnhub.org.models import Member
    from learnhub.records.models import LedgerEntry
    from learnhub.transcripts.requirements.defaults import seed_requirements

    with app.app_context():
        seed_requirements(datetime(YEAR, 12, 1, tzinfo=UTC))
        db.session.commit()
        have = db.session.scalar(select(func.count()).select_from(LedgerEntry)) or 0
        if have >= entries * 0.95:
            print(f"{have} ledger entries already there", flush=True)
            return
        started = time.perf_counter()
        members = db.session.scalars(select(Member.id).order_by(Member.id)).all()
        rng = random.Random(13)
        kinds = [kind for kind, weight in KINDS for _ in range(weight)]
        first = date(YEAR - 1, 1, 1)
        now = _now()
        rows: list[dict] = []
        for serial in range(have + 1, entries + 1):
            rows.append({"member_id": rng.choice(members), "kind": rng.choice(kinds),
                         "source_type": "bench", "source_id": f"b{serial}",
                         "credit_hours": rng.choice(HOURS),
                         "occurred_on": first + timedelta(days=rng.randrange(700)),
                         "recorded_at": now, "note": ""})
            if len(rows) >= 20_000:
                db.session.execute(insert(LedgerEntry), rows)
                rows = []
        if rows:
            db.session.execute(insert(LedgerEntry), rows)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE ledger_entry")
        total = db.session.scalar(select(func.count()).select_from(LedgerEntry))
        print(f"{total} ledger entries ({entries - have} written in "
              f"{time.perf_counter() - started:.1f}s)", flush=True)


def time_standings(app, runs: int, year: int) -> None:
    from sqlalchemy import select

    from learnhub.extensions import db
    from learnhub.org.models import Unit
    from learnhub.transcripts.requirements.status import subtree_standings

    with app.app_context():
        root = db.session.scalar(select(Unit).where(Unit.code == "ROOT"))
        with counting_queries(db.engine) as counter:
            standings = list(subtree_standings(root, year))
        covered = sum(1 for _, s in standings if s.requirement.applies)
        met = sum(1 for _, s in standings if s.met and s.requirement.applies)
        timings, cpu = [], []
        for _ in range(runs):
            start, cpu_start = time.perf_counter(), time.process_time()
            for _row in subtree_standings(root, year):
                pass
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - cpu_start) * 1000)
        db.session.rollback()
    timings.sort()
    print(f"subtree_standings(ROOT, {year}): {len(standings)} members, {covered} with a "
          f"requirement, {met} met   p50 {statistics.median(timings):7.1f} ms   max "
          f"{timings[-1]:7.1f} ms   cpu p50 {statistics.median(cpu):7.1f} ms   queries "
          f"{counter['n']}   runs {runs}", flush=True)


def time_preview(app, year: int) -> None:
    """The preview of raising the party members' rule to 40 学时 from 1 July."""
    from sqlalchemy import select

    from learnhub.extensions import db
    from learnhub.transcripts.requirements import services
    from learnhub.transcripts.requirements.impact import change_impact
    from learnhub.transcripts.requirements.models import RequirementRule

    with app.test_request_context():
        rule = services.get_rule(db.session.scalar(
            select(RequirementRule.id).where(RequirementRule.year == year)
            .order_by(RequirementRule.id)))
        draft = services.draft_of(services.latest_version(rule), effective_from=date(year, 7, 1))
        draft = services.RuleDraft(**{**draft.__dict__, "total_hours": Decimal("40")})
        proposed = services.build_version(services.resolve(draft, year, rule),
                                          rule_id=rule.id, number=0, actor=None)
        start = time.perf_counter()
        with counting_queries(db.engine) as counter:
            impact = change_impact(year, rule.id, proposed)
        elapsed = (time.perf_counter() - start) * 1000
        db.session.rollback()
    print(f"change_impact(party rule 32 -> 40): {impact.hours_changed.count} members' hours "
          f"change   {elapsed:7.1f} ms   statements {counter['n']}", flush=True)


def time_close(app, year: int) -> None:
    from learnhub.core.timeutil import now_utc
    from learnhub.extensions import db
    from learnhub.org.models import Member
    from learnhub.transcripts.years.services import close_year

    with app.test_request_context():
        from sqlalchemy import select

        admin = db.session.scalar(select(Member).where(Member.employee_no == "admin"))
        start = time.perf_counter()
        with counting_queries(db.engine) as counter:
            frozen = close_year(admin, year, now_utc())
            db.session.flush()
        elapsed = (time.perf_counter() - start) * 1000
        db.session.rollback()
    print(f"close_year({year}) frozen {frozen} standings   {elapsed:7.1f} ms   statements "
          f"{counter['n']} (rolled back)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--wait-idle", type=int, default=0, metavar="PERCENT")
    args = parser.parse_args()
    app = build_app(args.scale, courses=False)
    ensure_data(app, args.entries)
    wait_for_idle(args.wait_idle)
    print(f"calibration {calibration_ms():.1f} ms", flush=True)
    time_standings(app, args.runs, YEAR)
    time_standings(app, args.runs, YEAR - 1)
    time_preview(app, YEAR)
    time_close(app, YEAR - 1)


if __name__ == "__main__":
    main()

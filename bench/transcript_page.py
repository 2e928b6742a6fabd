"""The member's transcript page at scale 100 with about 1,000,000 ledger entries (budget,
issue 13: p50 under 30 ms with a constant number of queries).

    python -m bench.transcript_page [--scale 100] [--runs 50] [--wait-idle 80]

On the scaled demo database of `bench.run` (LEARNHUB_BENCH_DATABASE_URL for PostgreSQL)
with the 200 bench courses, adds once the ledger volume of `bench.ledger_volume` and the
demo's three requirement rules of this year (unless the year has rules). Then times, for
a member with a typical history (about 50 entries this year) and one with many (about
500): `GET /me/credits` this year and `?year=all`, and the manager's view
`/members/<id>/transcript` as `admin`; and, for the typical member, the parts of the page
alone (`build_transcript`, `required_courses`, `member_years`, and courses' `my_courses`
that `required_courses` called before `my_required_courses`), to show where the time goes. Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date

from bench.harness import (
    build_app,
    calibration_ms,
    database_url,
    logged_in_client,
    measure,
    wait_for_idle,
)
from bench.ledger_volume import ensure_ledger_volume, ensure_requirement_rules

BUDGET_MS = 30


def members_with(app, wanted: tuple[int, ...]) -> list[tuple[str, int, int]]:
    """(employee_no, member id, entries this year) of the active member whose count this
    year is nearest to each wanted count (one grouped query)."""
    from sqlalchemy import func, select, update

    from learnhub.core.timeutil import local_today
    from learnhub.extensions import db
    from learnhub.org.models import Member
    from learnhub.records.models import LedgerEntry

    with app.app_context():
        year = local_today().year
        counts = db.session.execute(
            select(Member.employee_no, Member.id, func.count(LedgerEntry.id))
            .join(LedgerEntry, LedgerEntry.member_id == Member.id)
            .where(LedgerEntry.occurred_on >= date(year, 1, 1), Member.active.is_(True))
            .group_by(Member.id, Member.employee_no)).all()
        chosen = [tuple(min(counts, key=lambda row, n=n: (abs(row[2] - n), row[1])))
                  for n in wanted]
        # Demo members must change their initial password first; these two have (bench only).
        db.session.execute(update(Member).where(Member.id.in_([row[1] for row in chosen]))
                           .values(must_change_password=False))
        db.session.commit()
    return chosen


def time_part(app, name: str, call: Callable[[], object], runs: int) -> None:
    timings = []
    with app.test_request_context():
        call()
        for _ in range(runs):
            start = time.perf_counter()
            call()
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"{name:<52} p50 {statistics.median(timings):7.2f} ms   max {timings[-1]:7.2f} ms"
          f"   runs {runs}", flush=True)


def time_parts(app, member_id: int, runs: int) -> None:
    """The page's pieces for one member, this year, outside a request's rendering."""
    from learnhub.core.timeutil import local_today
    from learnhub.courses.study.my_courses import my_courses
    from learnhub.extensions import db
    from learnhub.org.models import Member
    from learnhub.records.services import member_years
    from learnhub.transcripts.transcript.required import required_courses
    from learnhub.transcripts.transcript.services import build_transcript

    today = local_today()
    with app.app_context():
        def member() -> Member:
            found = db.session.get(Member, member_id)
            assert found is not None
            return found

        standing = build_transcript(member(), today.year).standing
        assert standing is not None
        time_part(app, "  build_transcript() this year",
                  lambda: build_transcript(member(), today.year), runs)
        time_part(app, "  build_transcript() all years",
                  lambda: build_transcript(member(), None), runs)
        time_part(app, "  required_courses() (my_required_courses)",
                  lambda: required_courses(member(), standing, today=today), runs)
        time_part(app, "  my_courses() (what it called before)",
                  lambda: my_courses(member(), today=today), runs)
        time_part(app, "  member_years()", lambda: member_years(member_id), runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--target", type=int, default=1_000_000, help="ledger entries")
    parser.add_argument("--wait-idle", type=int, default=0, metavar="PERCENT",
                        help="first wait until the CPUs were this idle for 5 s (shared machines)")
    args = parser.parse_args()
    print(f"database {database_url(args.scale).split('@')[-1]}", flush=True)
    app = build_app(args.scale)
    ensure_requirement_rules(app)
    ensure_ledger_volume(app, target=args.target)
    people = members_with(app, (50, 500))
    wait_for_idle(args.wait_idle)
    print(f"calibration {calibration_ms():.1f} ms", flush=True)
    admin = logged_in_client(app, "admin")
    results = []
    for (employee_no, member_id, count), label in zip(people, ("typical", "many"), strict=True):
        print(f"{label} member {employee_no}: {count} entries this year", flush=True)
        label = f"{label}, {count} this year"
        client = logged_in_client(app, employee_no)
        for suffix, shown in (("", "this year"), ("?year=all", "all years")):
            results.append(measure(f"/me/credits {shown} ({label})", app,
                                   lambda s=suffix, c=client: c.get(f"/me/credits{s}"),
                                   runs=args.runs))
        results.append(measure(f"manager view this year ({label})", app,
                               lambda m=member_id: admin.get(f"/members/{m}/transcript"),
                               runs=args.runs))
    time_parts(app, people[0][1], args.runs)
    slow = [result.name for result in results if result.p50_ms >= BUDGET_MS]
    print(f"budget p50 < {BUDGET_MS} ms: " + (f"missed by {', '.join(slow)}" if slow else "met"),
          flush=True)


if __name__ == "__main__":
    main()

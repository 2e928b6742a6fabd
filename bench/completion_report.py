"""The managers' completion report of the whole organisation at scale 100 (budget, issue
13: CSV under 3 s and XLSX under 10 s for 20,000 members, resident memory growing less
than 50 MB while it runs; the page with a constant number of queries).

    python -m bench.completion_report [--scale 100] [--runs 3] [--wait-idle 80]

On the scaled demo database of `bench.run` (LEARNHUB_BENCH_DATABASE_URL for PostgreSQL):
the demo's 20 courses required of every 中共党员 and 预备党员 are there; the bench adds
once a requirement rule for the year (32 学时 and two required courses for party members),
two courses assigned to one general branch with a due date, and completions for about
half of the required courses of party members (a few hundred thousand rows in all).
Then times the report as the command line writes it (`learnhub report completions`, the
operator: every unit) and as an admin downloads it, CSV and XLSX, with each run's
growth of resident memory (VmHWM after the run minus VmRSS before it, from
/proc/self/status, the peak reset before each run through /proc/self/clear_refs), and
the page (budget, this branch: well under 1 s for the whole organisation), its 100th page
and its credits table. Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bench.harness import build_app, calibration_ms, logged_in_client, measure, wait_for_idle

YEAR = 2026
RULE_NAME = "bench 党员年度学时"


def ensure_study(app) -> None:
    """A rule, two assignments and completions, once (skipped when the rule is there)."""
    from sqlalchemy import func, insert, select

    from learnhub.courses.assignments.models import CourseAssignment
    from learnhub.courses.catalogue.services import published_courses
    from learnhub.courses.study.models import CourseCompletion
    from learnhub.extensions import db
    from learnhub.org.models import Member, Unit, UnitKind
    from learnhub.transcripts.requirements.models import (
        RequirementCourse,
        RequirementRule,
        RequirementRuleVersion,
    )

    with app.app_context():
        if db.session.scalar(select(RequirementRuleVersion.id)
                             .where(RequirementRuleVersion.name == RULE_NAME)):
            return
        started = time.perf_counter()
        courses = list(db.session.execute(published_courses().order_by(published_courses()
                                                                         .selected_columns.id)))
        required = [row for row in courses if (row.audience or {}).get("required")]
        others = [row for row in courses if not (row.audience or {}).get("required")]
        rule = RequirementRule(year=YEAR)
        db.session.add(rule)
        db.session.flush()
        version = RequirementRuleVersion(
            rule_id=rule.id, number=1, effective_from=date(YEAR, 1, 1), active=True,
            name=RULE_NAME, audience={"political_status": ["中共党员", "中共预备党员"]},
            total_hours=Decimal(32), online_hours=Decimal(0))
        version.courses = [RequirementCourse(course_id=row.id) for row in others[:2]]
        db.session.add(version)
        branch = db.session.scalar(select(Unit.id).where(Unit.kind == UnitKind.GENERAL_BRANCH)
                                   .order_by(Unit.path).limit(1))
        for row in others[2:4]:
            db.session.add(CourseAssignment(course_id=row.id, unit_id=branch,
                                            due_on=date(YEAR, 6, 30)))
        party = db.session.scalars(select(Member.id).where(
            Member.political_status.in_(["中共党员", "中共预备党员"]))).all()
        rng = random.Random(13)
        completions = []
        for member_id in party:
            for row in required + others[:2]:
                if rng.random() < 0.55:
                    completions.append({
                        "member_id": member_id, "course_id": row.id,
                        "version_id": row.version_id,
                        "completed_at": datetime(YEAR, 1, 1, tzinfo=UTC)
                        + timedelta(minutes=rng.randrange(60 * 24 * 330))})
            if len(completions) >= 50_000:
                db.session.execute(insert(CourseCompletion), completions)
                completions = []
        if completions:
            db.session.execute(insert(CourseCompletion), completions)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE course_completion, member, unit")
        count = db.session.scalar(select(func.count()).select_from(CourseCompletion))
        print(f"{count} completions written in {time.perf_counter() - started:.1f}s",
              flush=True)


def _status(field: str) -> int:
    """A line of /proc/self/status in kB (VmRSS: resident now, VmHWM: its peak)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")  # resets VmHWM to the current VmRSS
        return True
    except OSError:
        return False


def run_measured(name: str, work) -> tuple[float, float]:
    """Seconds and MB of resident growth of one run of `work()`."""
    reset = _reset_peak()
    before = _status("VmRSS")
    started, cpu = time.perf_counter(), time.process_time()
    size = work()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    growth = (_status("VmHWM") - before) / 1024
    note = "" if reset else " (peak not reset: growth since the process started)"
    print(f"{name:<44} {seconds:6.2f} s   cpu {cpu:6.2f} s   RSS +{growth:5.1f} MB   "
          f"{size / 1e6:6.1f} MB file{note}", flush=True)
    return seconds, growth


def command_line(app, report: str, fmt: str) -> int:
    """What `learnhub report REPORT --format FMT -o FILE` does, as the operator."""
    from learnhub.core.timeutil import local_today
    from learnhub.reports import files, services
    from learnhub.reports.filters import ReportFilters

    with app.app_context(), tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"{report}.{fmt}")
        prepared = services.prepare(None, ReportFilters(year=YEAR))
        with open(path, "wb") as out:
            files.write(report, fmt, prepared, out, today=local_today())
        return os.path.getsize(path)


def download(client, report: str, fmt: str) -> int:
    """An admin's download, read chunk by chunk as a browser would."""
    response = client.get(f"/reports/{report}.{fmt}?year={YEAR}")
    assert response.status_code == 200, response.status_code
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--wait-idle", type=int, default=0, metavar="PERCENT",
                        help="first wait until the CPUs were this idle for 5 s (shared machines)")
    args = parser.parse_args()
    app = build_app(args.scale)
    ensure_study(app)
    import rustpy_xlsxwriter  # noqa: F401  (imported before the first measurement, as in a server)

    wait_for_idle(args.wait_idle)
    print(f"calibration {calibration_ms():.1f} ms", flush=True)
    with app.app_context():
        from sqlalchemy import func, select

        from learnhub.extensions import db
        from learnhub.org.models import Member

        members = db.session.scalar(select(func.count()).select_from(Member)
                                    .where(Member.active.is_(True)))
    print(f"{members} active members, year {YEAR}", flush=True)
    client = logged_in_client(app, "admin")
    for fmt in ("csv", "xlsx"):
        for run in range(args.runs):
            run_measured(f"command line completions {fmt} (run {run + 1})",
                         lambda fmt=fmt: command_line(app, "completions", fmt))
        run_measured(f"download completions {fmt} (admin)",
                     lambda fmt=fmt: download(client, "completions", fmt))
    run_measured("command line credits csv", lambda: command_line(app, "credits", "csv"))
    measure("page /reports (admin, every unit)", app,
            lambda: client.get(f"/reports?year={YEAR}"), runs=args.runs * 3, warmup=1)
    measure("page /reports, page 100", app,
            lambda: client.get(f"/reports?year={YEAR}&page=100"), runs=args.runs * 3, warmup=1)
    measure("page /reports, credits", app,
            lambda: client.get(f"/reports?year={YEAR}&report=credits"), runs=args.runs * 3,
            warmup=1)


if __name__ == "__main__":
    main()

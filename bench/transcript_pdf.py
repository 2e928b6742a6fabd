"""Transcript PDF budget (issue 13): a member with about 50 ledger entries, their year's
transcript as a PDF (< 1 s), through the app's test client.

    python -m bench.transcript_pdf [--scale 1] [--entries 50] [--runs 20] [--wait-idle 60]

Runs on the bench's demo database (bench/harness.py; LEARNHUB_BENCH_DATABASE_URL for
PostgreSQL). Times the download (`GET /me/transcript.pdf?year=Y`: the transcript built,
the document issued or reused, the PDF drawn) and, apart, the first PDF of a process,
which also parses the CJK font (once per process).
"""

from __future__ import annotations

import argparse
import time
import uuid
from datetime import date
from decimal import Decimal

from bench.harness import build_app, calibration_ms, logged_in_client, measure, wait_for_idle

YEAR = 2026
KINDS = ("course", "quiz", "meeting", "manual")


def _member(app, entries: int) -> str:
    """A member of the demo root unit with `entries` entries this year, a tenth of them
    corrected; returns the 工号."""
    from learnhub.extensions import db
    from learnhub.org.models import Member, Unit
    from learnhub.records.services import credit, reverse

    tag = uuid.uuid4().hex[:8]
    with app.app_context():
        unit = db.session.query(Unit).filter_by(code="ROOT").one()
        member = Member(employee_no=f"P{tag}", name="档案压测成员", unit_id=unit.id,
                        must_change_password=False)
        db.session.add(member)
        db.session.flush()
        for n in range(entries):
            entry = credit(member, kind=KINDS[n % len(KINDS)], source_type="bench",
                           source_id=f"{tag}-{n}", credit_hours=Decimal("1.25"),
                           occurred_on=date(YEAR, 1 + n % 12, 1 + n % 28),
                           note=f"专题学习第 {n + 1} 讲：学习贯彻党的二十大精神")
            if n % 10 == 9:
                reverse(entry, actor=member, reason="重复登记", occurred_on=date(YEAR, 12, 1))
        db.session.commit()
        return member.employee_no


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--wait-idle", type=int, default=0, metavar="PERCENT",
                        help="first wait until the CPUs were this idle for 5 s (shared machines)")
    args = parser.parse_args()
    app = build_app(args.scale, courses=False)
    employee_no = _member(app, args.entries)
    wait_for_idle(args.wait_idle)
    print(f"calibration {calibration_ms():.1f} ms (pure Python; see docs/performance.md)")
    client = logged_in_client(app, employee_no)
    url = f"/me/transcript.pdf?year={YEAR}"
    start = time.perf_counter()
    first = client.get(url)
    print(f"first PDF of the process (font parsed): {(time.perf_counter() - start) * 1000:.0f} ms,"
          f" {len(first.data) / 1024:.0f} KB")

    def is_pdf(response) -> None:
        assert response.data.startswith(b"%PDF"), response.data[:20]

    measure(f"transcript PDF, {args.entries} entries (GET {url})", app,
            lambda: client.get(url), runs=args.runs, warmup=2, check=is_pdf)


if __name__ == "__main__":
    main()

"""About 1,000,000 ledger entries on the scale-100 bench database (issue 13's volume), and
the demo's requirement rules when nobody has made any.

    from bench.ledger_volume import ensure_ledger_volume, ensure_requirement_rules
    ensure_ledger_volume(app, target=1_000_000)   # once; a second run adds nothing
    ensure_requirement_rules(app)                 # the three demo rules of this year

    python -m bench.ledger_volume [--scale 100] [--target 1000000]

Entries are written in bulk (multi-row inserts of 5,000 rows, a commit per 1,000
members) for every member of the database, spread over this year and the two before (no
date after today), of every ledger kind: course (课程学习, online), quiz (测验, online),
meeting (组织生活) and manual (线下学习, source `offline_training`), each with a title in
its note as the real sources write it. Members come in three sizes, so the benches find
each kind of history: 100 heavy members with about 500 entries a year, a fifth of the
members with about 50 a year, the rest sharing what is left of `target` (a dozen a
year at 1,000,000). About one entry in 200 is reversed (the reversal's note is its
reason). Source ids start with `bench-` (`bench-<member>-<n>`), which keeps them apart
from the real sources under the partial unique index on (member_id, kind, source_type,
source_id); only inserts are used, so the ledger's append-only triggers never fire.

Deterministic (seeded per member) and resumable: members that already have `bench-`
entries are skipped, so an interrupted run continues and a finished one adds nothing.
After writing, the table is analysed (VACUUM ANALYZE on PostgreSQL, ANALYZE on SQLite).
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

SEED = 20261207
PREFIX = "bench-"
HEAVY_MEMBERS, HEAVY_PER_YEAR = 100, 500
TYPICAL_SHARE, TYPICAL_PER_YEAR = 0.2, 50
YEARS = 3
REVERSED_ONE_IN = 200
MEMBERS_PER_COMMIT = 1000
ROWS_PER_INSERT = 5000

COURSE_TITLES = (
    "习近平新时代中国特色社会主义思想学习纲要", "《中国共产党章程》逐章解读", "党的二十大报告精神专题",
    "《中国共产党纪律处分条例》学习", "安全生产实务", "质量管理要点解读", "廉洁风险防控专题培训",
    "依法合规经营案例精讲", "班组建设工作指南", "信息安全入门", "党支部工作条例十问十答",
    "应急处置进阶", "成本控制与精益管理", "数字化办公实务", "群众工作方法",
)
QUIZ_TITLES = (
    "党章党规知识测验", "二十大精神应知应会测试", "安全生产知识竞赛", "廉洁从业知识测试",
    "保密知识测验", "党史知识月度测验", "理论学习阶段测试",
)
MEETING_TITLES = (
    "支部党员大会（{m}月）", "支部委员会（{m}月）", "主题党日（{m}月）", "党课（{m}月）",
    "专题研讨（{m}月）", "组织生活会",
)
MANUAL_TITLES = (
    "党校入党积极分子培训班", "市委党校处级干部进修班", "基层党支部书记示范培训班",
    "国资委网络学院专题班", "新任职干部培训", "安全生产管理人员继续教育", "延安干部学院现场教学",
)
REASONS = ("重复登记", "学时录入错误", "未实际参加，撤销")


def _plan_member(member_id: int, per_year: int, today: date) -> list[dict]:
    """The rows of one member: `per_year` entries in each of the last three years, roughly."""
    rng = random.Random(SEED * 100_003 + member_id)
    rows: list[dict] = []
    for back in range(YEARS):
        year = today.year - back
        last = today if back == 0 else date(year, 12, 31)
        span = (last - date(year, 1, 1)).days
        count = max(1, round(per_year * rng.uniform(0.8, 1.2) * (span + 1) / 365))
        for _ in range(count):
            number = len(rows)
            day = date(year, 1, 1) + timedelta(days=rng.randrange(span + 1))
            roll = rng.random()
            if roll < 0.35:
                kind, source_type = "course", "course"
                note = rng.choice(COURSE_TITLES)
                hours = Decimal(rng.choice(("0.5", "1", "1.5", "2", "3", "4")))
            elif roll < 0.6:
                kind, source_type = "quiz", "quiz"
                note = rng.choice(QUIZ_TITLES)
                hours = Decimal(rng.choice(("0.5", "1")))
            elif roll < 0.9:
                kind, source_type = "meeting", "meeting"
                note = rng.choice(MEETING_TITLES).format(m=day.month)
                hours = Decimal(rng.choice(("1", "1.5", "2")))
            else:
                kind, source_type = "manual", "offline_training"
                note = rng.choice(MANUAL_TITLES)
                hours = Decimal(rng.choice(("4", "8", "16", "24")))
            reversed_mark = "-x" if rng.randrange(REVERSED_ONE_IN) == 0 else ""
            rows.append({
                "member_id": member_id, "kind": kind, "source_type": source_type,
                "source_id": f"{PREFIX}{member_id}-{number}{reversed_mark}",
                "credit_hours": hours, "occurred_on": day,
                "recorded_at": datetime.combine(day, datetime.min.time(), tzinfo=UTC)
                + timedelta(hours=rng.randrange(1, 12)),
                "recorded_by_id": None, "reverses_id": None, "note": note,
            })
    return rows


def _sizes(member_ids: list[int], target: int) -> dict[int, int]:
    """Entries a year per member: heavy, typical and light, summing to about `target`."""
    rng = random.Random(SEED)
    shuffled = member_ids[:]
    rng.shuffle(shuffled)
    heavy = shuffled[:HEAVY_MEMBERS]
    typical = shuffled[HEAVY_MEMBERS:HEAVY_MEMBERS + int(len(shuffled) * TYPICAL_SHARE)]
    light = shuffled[len(heavy) + len(typical):]
    left = target - YEARS * (len(heavy) * HEAVY_PER_YEAR + len(typical) * TYPICAL_PER_YEAR)
    light_per_year = max(1, round(left / YEARS / max(1, len(light))))
    sizes = {member_id: HEAVY_PER_YEAR for member_id in heavy}
    sizes.update({member_id: TYPICAL_PER_YEAR for member_id in typical})
    sizes.update({member_id: light_per_year for member_id in light})
    return sizes


def _reverse_marked(today: date) -> int:
    """One reversal for every marked entry that has none yet (INSERT … SELECT)."""
    from sqlalchemy import text

    from learnhub.extensions import db

    result = db.session.execute(text(
        "INSERT INTO ledger_entry (member_id, kind, source_type, source_id, credit_hours, "
        "occurred_on, recorded_at, recorded_by_id, reverses_id, note) "
        "SELECT e.member_id, e.kind, e.source_type, e.source_id, -e.credit_hours, "
        "e.occurred_on, e.recorded_at, NULL, e.id, :reason FROM ledger_entry e "
        "WHERE e.source_id LIKE :marked AND e.reverses_id IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM ledger_entry r WHERE r.reverses_id = e.id)"),
        {"reason": REASONS[0], "marked": f"{PREFIX}%-x"})
    return result.rowcount or 0


def _analyse() -> None:
    from learnhub.extensions import db

    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE ledger_entry")
    else:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE ledger_entry")


def ensure_ledger_volume(app, target: int = 1_000_000) -> int:
    """Bring the ledger to about `target` entries (see the module's docstring); returns
    the number of rows written (0 when the volume is already there)."""
    from sqlalchemy import func, insert, select

    from learnhub.core.timeutil import local_today
    from learnhub.extensions import db
    from learnhub.org.models import Member
    from learnhub.records.models import LedgerEntry

    with app.app_context():
        today = local_today()
        member_ids = list(db.session.scalars(select(Member.id).order_by(Member.id)))
        done = set(db.session.scalars(
            select(LedgerEntry.member_id).where(LedgerEntry.source_id.like(f"{PREFIX}%"))
            .distinct()))
        todo = [member_id for member_id in member_ids if member_id not in done]
        written = 0
        if todo:
            started = time.perf_counter()
            sizes = _sizes(member_ids, target)
            for first in range(0, len(todo), MEMBERS_PER_COMMIT):
                rows = [row for member_id in todo[first:first + MEMBERS_PER_COMMIT]
                        for row in _plan_member(member_id, sizes[member_id], today)]
                for chunk in range(0, len(rows), ROWS_PER_INSERT):
                    db.session.execute(insert(LedgerEntry), rows[chunk:chunk + ROWS_PER_INSERT])
                written += len(rows)
                db.session.commit()
                print(f"  ledger: {written} entries for "
                      f"{min(first + MEMBERS_PER_COMMIT, len(todo))}/{len(todo)} members", flush=True)
            written += _reverse_marked(today)
            db.session.commit()
            _analyse()
            print(f"ledger: {written} entries written in {time.perf_counter() - started:.1f}s",
                  flush=True)
        total = db.session.scalar(select(func.count()).select_from(LedgerEntry))
        print(f"ledger: {total} entries", flush=True)
        return written


def ensure_requirement_rules(app) -> int:
    """The demo's three rules for this year (党员 32, 书记/委员 56, 干部 90 with 50
    online), unless the year has rules already; returns how many were created."""
    from sqlalchemy import func, insert, select

    from learnhub.core.timeutil import local_today
    from learnhub.extensions import db
    from learnhub.org.models import PartyPost, PoliticalStatus
    from learnhub.transcripts.requirements.models import RequirementRule, RequirementRuleVersion

    rules = (
        ("党员学时要求", {"political_status": [PoliticalStatus.MEMBER.value,
                                             PoliticalStatus.PROBATIONARY.value]},
         "32", "0", "《中国共产党党员教育管理工作条例》（2019）"),
        ("支部书记和委员学时要求", {"party_post": [PartyPost.SECRETARY.value,
                                                PartyPost.DEPUTY_SECRETARY.value,
                                                PartyPost.COMMITTEE_MEMBER.value]},
         "56", "0", "示例：组织可按本单位规定替换"),
        ("干部学时要求", {"cadre_level": ["*"]}, "90", "50", "示例：干部教育培训要求"),
    )
    with app.app_context():
        year = local_today().year
        if db.session.scalar(select(func.count()).select_from(RequirementRule)
                             .where(RequirementRule.year == year)):
            return 0
        ids = db.session.scalars(insert(RequirementRule).returning(RequirementRule.id, sort_by_parameter_order=True),
                                 [{"year": year} for _ in rules]).all()
        db.session.execute(insert(RequirementRuleVersion), [
            {"rule_id": rule_id, "number": 1, "effective_from": date(year, 1, 1), "active": True,
             "name": name, "audience": audience, "unit_id": None,
             "total_hours": Decimal(total), "online_hours": Decimal(online), "source": source}
            for rule_id, (name, audience, total, online, source) in zip(ids, rules, strict=True)])
        db.session.commit()
        print(f"requirement rules: {len(rules)} created for {year}", flush=True)
        return len(rules)


def main() -> None:
    from bench.harness import build_app

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--target", type=int, default=1_000_000)
    args = parser.parse_args()
    app = build_app(args.scale, courses=False)
    ensure_requirement_rules(app)
    ensure_ledger_volume(app, target=args.target)


if __name__ == "__main__":
    main()

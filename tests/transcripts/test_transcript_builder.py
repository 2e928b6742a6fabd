from datetime import date
from decimal import Decimal

from learnhub.records.services import reverse
from learnhub.transcripts.transcript.services import build_transcript
from tests.factories import make_credit, make_member
from tests.transcripts.builders import make_rule


def test_entries_are_grouped_by_source_with_corrections_named(db):
    make_rule(total="10", online="2")
    member, admin = make_member(), make_member()
    course = make_credit(member, "2", kind="course")
    make_credit(member, "1.5", kind="meeting")
    wrong = make_credit(member, "3", kind="manual")
    reverse(wrong, actor=admin, reason="重复登记", occurred_on=date(2026, 4, 1))
    make_credit(member, "7", kind="course", occurred_on=date(2025, 5, 1))

    transcript = build_transcript(member, 2026, as_of=date(2026, 6, 1))
    assert [group.kind for group in transcript.groups] == ["manual", "course", "meeting"]
    manual = transcript.groups[0]
    assert manual.total == Decimal("0")
    original, correction = manual.entries
    assert original.reversed_by_id == correction.id and correction.reason == "重复登记"
    assert correction.is_correction and correction.credit_hours == Decimal("-3.00")
    assert transcript.total == Decimal("3.50") == transcript.standing.earned_hours
    assert transcript.online_total == Decimal("2.00") == transcript.standing.online_hours
    assert transcript.groups[1].entries[0].id == course.id

    everything = build_transcript(member, None)
    assert everything.standing is None and everything.total == Decimal("10.50")

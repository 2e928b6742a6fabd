import io
import re
from datetime import UTC, date, datetime
from decimal import Decimal

from pypdf import PdfReader

from learnhub.records.services import reverse
from learnhub.transcripts.documents import services
from learnhub.transcripts.documents.transcript_pdf import transcript_pdf
from learnhub.transcripts.transcript.services import build_transcript
from tests.factories import make_credit, make_member, make_unit
from tests.transcripts.builders import make_rule

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def _pdf(member, year):
    transcript = build_transcript(member, year, as_of=date(2026, 6, 1), now=NOW)
    document = services.issue_transcript(transcript, actor=None, now=NOW)
    return transcript, document, transcript_pdf(transcript, document)


def _text(data: bytes) -> tuple[int, str]:
    """Page count and the text of every page, whitespace removed (extraction puts breaks
    between runs of the two fonts)."""
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))


def test_one_page_transcript_is_small_with_extractable_chinese_and_the_same_totals(db):
    root = make_unit(name="中共示范集团委员会")
    member = make_member(make_unit(root, name="第一党支部"), name="张淼犇")
    make_rule(total="32", online="10")
    make_credit(member, "2.5", kind="course")
    make_credit(member, "1.25", kind="meeting")
    wrong = make_credit(member, "3", kind="manual")
    reverse(wrong, actor=member, reason="重复登记", occurred_on=date(2026, 4, 1))

    transcript, document, data = _pdf(member, 2026)
    assert data.startswith(b"%PDF") and len(data) < 300 * 1024
    pages, text = _text(data)
    assert pages == 1
    for expected in ("中共示范集团委员会", "学习档案", "张淼犇", member.employee_no, "第一党支部",
                     "2026", "更正", "重复登记", "第1页/共1页", "已更正"):
        assert expected in text, expected
    total = re.search(r"合计学时：([\d.]+)", text)
    online = re.search(r"其中网络学习：([\d.]+)", text)
    assert total and Decimal(total.group(1)) == transcript.total == Decimal("3.75")
    assert online and Decimal(online.group(1)) == transcript.online_total == Decimal("2.50")
    assert "32.00" in text and "未达标" in text
    assert document.code[:4] in text


def test_long_transcript_numbers_every_page_and_embeds_only_subset_fonts(db):
    member = make_member()
    for day in range(1, 61):
        make_credit(member, "0.5", kind="course", occurred_on=date(2025, 1 + day % 12, 1 + day % 28))
    _transcript, _document, data = _pdf(member, None)
    pages, text = _text(data)
    assert pages >= 2
    assert f"第{pages}页/共{pages}页" in text and "全部年度" in text
    fonts = set(re.findall(rb"/BaseFont\s*/([A-Z]{6}\+\w+)", data))
    assert fonts and all(b"+" in font for font in fonts)
    assert len(data) < 300 * 1024 * pages


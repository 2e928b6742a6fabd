"""The transcript as an A4 PDF (学习档案), made from `build_transcript`'s Transcript only,
so its totals are the page's and the files' to the cent."""

from __future__ import annotations

import io

from flask_babel import gettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from learnhub.core.timeutil import to_local
from learnhub.transcripts.documents import codes
from learnhub.transcripts.documents.models import IssuedDocument
from learnhub.transcripts.documents.pdf_layout import (
    CJK,
    LATIN,
    QRCode,
    markup,
    numbered_canvas,
    register_fonts,
)
from learnhub.transcripts.documents.services import organisation_name, verify_url
from learnhub.transcripts.transcript.services import Transcript, hours_text

BODY = ParagraphStyle("body", fontName=CJK, fontSize=9.5, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10.5,
                       textColor=colors.HexColor("#555555"))
TITLE = ParagraphStyle("title", parent=BODY, fontSize=18, leading=24)
HEADING = ParagraphStyle("heading", parent=BODY, fontSize=11.5, leading=16, spaceBefore=8,
                         spaceAfter=3)
RIGHT = ParagraphStyle("right", parent=BODY, alignment=2)
SMALL_RIGHT = ParagraphStyle("small-right", parent=SMALL, alignment=2)




def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(markup(text), style)


def _header(transcript: Transcript, document: IssuedDocument, organisation: str) -> Table:
    member = transcript.member
    year = str(transcript.year) if transcript.year is not None else gettext("全部年度")
    left = [
        _p(organisation, HEADING),
        _p(gettext("学习档案"), TITLE),
        Spacer(1, 2 * mm),
        _p(gettext("姓名：%(name)s　工号：%(no)s", name=member.name, no=member.employee_no)),
        _p(gettext("单位：%(unit)s", unit=member.unit.name)),
        _p(gettext("年度：%(year)s", year=year)),
        _p(gettext("出具时间：%(at)s",
                   at=to_local(document.issued_at).strftime("%Y-%m-%d %H:%M")), SMALL),
    ]
    grouped = codes.grouped(document.code)
    right = [QRCode(verify_url(document.code)), _p(gettext("验证码"), SMALL),
             _p(grouped[:14], SMALL), _p(grouped[15:], SMALL)]
    table = Table([[left, right]], colWidths=[130 * mm, 44 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    return table


def _group_table(group) -> Table:
    rows = [[_p(gettext("日期"), SMALL), _p(gettext("内容"), SMALL), _p(gettext("学时"), SMALL_RIGHT)]]
    for entry in group.entries:
        title = entry.title
        if entry.is_correction:
            title = gettext("更正：%(title)s（原因：%(reason)s）", title=entry.title,
                            reason=entry.reason)
        elif entry.reversed_by_id is not None:
            title = gettext("%(title)s（已更正）", title=entry.title)
        # Dates and hours are ASCII: plain cells in the Latin font, no Paragraph to parse
        # (two of every three cells).
        rows.append([entry.occurred_on.isoformat(), _p(title), hours_text(entry.credit_hours)])
    rows.append(["", _p(gettext("小计"), RIGHT), hours_text(group.total)])
    table = Table(rows, colWidths=[26 * mm, 124 * mm, 24 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 1), (-1, -1), LATIN, BODY.fontSize, BODY.leading),
        ("ALIGN", (2, 1), (2, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.4, colors.grey),
        ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f4f4f4")]),
    ]))
    return table


def _totals(transcript: Transcript) -> list:
    lines = [gettext("合计学时：%(total)s　其中网络学习：%(online)s",
                     total=hours_text(transcript.total), online=hours_text(transcript.online_total))]
    standing = transcript.standing
    if standing is not None:
        requirement = standing.requirement
        if requirement.applies:
            lines.append(gettext("年度要求：%(total)s 学时，其中网络学习不少于 %(online)s 学时",
                                 total=hours_text(requirement.total_hours),
                                 online=hours_text(requirement.online_hours))
                         if requirement.online_hours else
                         gettext("年度要求：%(total)s 学时", total=hours_text(requirement.total_hours)))
            lines.append(gettext("状态：已达标") if standing.met else gettext(
                "状态：未达标（尚差 %(missing)s 学时，网络学习尚差 %(online)s 学时）",
                missing=hours_text(standing.hours_missing), online=hours_text(standing.online_missing)))
        else:
            lines.append(gettext("本年度没有适用的学时要求。"))
        if transcript.closed:
            lines.append(gettext("本年度已关账。"))
    return [_p(line, HEADING if index == 0 else BODY) for index, line in enumerate(lines)]


def transcript_pdf(transcript: Transcript, document: IssuedDocument) -> bytes:
    """The A4 PDF of `transcript`, carrying `document`'s code and QR code."""
    register_fonts()
    buffer = io.BytesIO()
    title = gettext("学习档案")
    organisation = organisation_name(transcript.member)
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            topMargin=16 * mm, bottomMargin=18 * mm, title=title,
                            author=organisation, invariant=True)
    story: list = [_header(transcript, document, organisation), Spacer(1, 4 * mm)]
    for group in transcript.groups:
        story.append(_p(f"{gettext(group.label)}（{len(group.entries)}）", HEADING))
        story.append(_group_table(group))
    if not transcript.groups:
        story.append(_p(gettext("没有学时记录。")))
    story.append(Spacer(1, 4 * mm))
    story.extend(_totals(transcript))
    footer = gettext("验证码 %(code)s · 在 %(url)s 核验",
                     code=codes.grouped(document.code), url=verify_url(document.code))
    pdf.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()

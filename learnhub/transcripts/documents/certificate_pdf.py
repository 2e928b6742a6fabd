"""A course certificate (结业证书): one A4 page with the member, the course, the date, the
credit hours and the verification code."""

from __future__ import annotations

import io

from flask_babel import gettext
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from learnhub.core.timeutil import to_local
from learnhub.transcripts.documents import codes
from learnhub.transcripts.documents.models import IssuedDocument
from learnhub.transcripts.documents.pdf_layout import (
    CJK,
    QRCode,
    markup,
    numbered_canvas,
    register_fonts,
)
from learnhub.transcripts.documents.services import Completion, organisation_name, verify_url
from learnhub.transcripts.transcript.services import hours_text

CENTRE = ParagraphStyle("centre", fontName=CJK, fontSize=13, leading=22, alignment=1)
TITLE = ParagraphStyle("cert-title", parent=CENTRE, fontSize=30, leading=40)
BODY = ParagraphStyle("cert-body", parent=CENTRE, fontSize=14, leading=26, alignment=0,
                      firstLineIndent=28)
SMALL = ParagraphStyle("cert-small", parent=CENTRE, fontSize=8, leading=11)


def certificate_pdf(completion: Completion, document: IssuedDocument) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    organisation = organisation_name(completion.member)
    pdf = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=28 * mm, rightMargin=28 * mm,
                            topMargin=40 * mm, bottomMargin=24 * mm,
                            title=gettext("结业证书"), author=organisation, invariant=True)
    member = completion.member
    body = gettext(
        "%(name)s（工号 %(no)s，%(unit)s）于 %(date)s 完成课程《%(course)s》的全部学习要求，"
        "获得 %(hours)s 学时，准予结业。", name=member.name, no=member.employee_no,
        unit=member.unit.name, date=completion.completed_on, course=completion.course_title,
        hours=hours_text(completion.credit_hours))
    grouped = codes.grouped(document.code)
    verification = Table([[QRCode(verify_url(document.code)), [
        Paragraph(markup(gettext("验证码")), CENTRE),
        Paragraph(markup(grouped), CENTRE),
        Paragraph(markup(gettext("扫码或访问下列地址核验本证书")), SMALL),
        Paragraph(markup(verify_url(document.code)), SMALL)]]],
        colWidths=[34 * mm, 110 * mm])
    verification.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [
        Paragraph(markup(gettext("结业证书")), TITLE), Spacer(1, 20 * mm),
        Paragraph(markup(body), BODY), Spacer(1, 20 * mm),
        Paragraph(markup(organisation), CENTRE),
        Paragraph(markup(to_local(document.issued_at).date().isoformat()), CENTRE),
        Spacer(1, 24 * mm), verification,
    ]
    footer = gettext("证书编号 %(code)s", code=grouped)
    pdf.build(story, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()

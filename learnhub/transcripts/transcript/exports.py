"""The transcript as CSV and JSON files, from the same Transcript as the page and the PDF
(rows in the PDF's order, the totals last), so all of them agree to the cent."""

from __future__ import annotations

import json
from decimal import Decimal

from flask_babel import gettext

from learnhub.core.exports import csv_bytes
from learnhub.transcripts.transcript.services import Transcript, hours_text


def _hours(value: Decimal) -> Decimal:
    """A number cell, not text: a correction's "-3.07" as text would be taken for a
    formula and neutralised ("'-3.07")."""
    return value.quantize(Decimal("0.01"))


def transcript_csv(transcript: Transcript) -> bytes:
    """UTF-8 with a BOM, formula-safe (core.exports): one row per entry, then the totals."""
    header = [gettext("来源"), gettext("日期"), gettext("内容"), gettext("学时"),
              gettext("更正"), gettext("原因")]
    rows: list[list] = []
    for group in transcript.groups:
        for entry in group.entries:
            rows.append([gettext(group.label), entry.occurred_on, entry.title,
                         _hours(entry.credit_hours), gettext("更正") if entry.is_correction else "",
                         entry.reason])
    rows.append([gettext("合计"), "", "", _hours(transcript.total), "", ""])
    rows.append([gettext("其中网络学习"), "", "", _hours(transcript.online_total), "", ""])
    return csv_bytes(header, rows)


def transcript_json(transcript: Transcript) -> bytes:
    """Decimals as strings ("2.50"), so no reader turns them into floats."""
    member = transcript.member
    standing = transcript.standing
    data: dict = {
        "member": {"employee_no": member.employee_no, "name": member.name,
                   "unit": member.unit.name},
        "year": transcript.year,
        "generated_at": transcript.generated_at.isoformat(),
        "closed": transcript.closed,
        "groups": [{
            "kind": group.kind, "label": gettext(group.label), "online": group.online,
            "total": hours_text(group.total),
            "entries": [{"id": e.id, "date": e.occurred_on.isoformat(), "title": e.title,
                         "credit_hours": hours_text(e.credit_hours),
                         "correction_of": e.reverses_id, "reason": e.reason,
                         "corrected_by": e.reversed_by_id} for e in group.entries],
        } for group in transcript.groups],
        "total": hours_text(transcript.total),
        "online_total": hours_text(transcript.online_total),
    }
    if standing is not None:
        data["requirement"] = {
            "total_hours": hours_text(standing.requirement.total_hours),
            "online_hours": hours_text(standing.requirement.online_hours),
            "rules": list(standing.requirement.rule_names), "met": standing.met}
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")

"""One member's year, read on every surface: the page, the PDF, the CSV and JSON files,
/verify, and the managers' credit report (page and CSV). All agree to the cent."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

from pypdf import PdfReader

from learnhub.core.timeutil import local_today
from learnhub.extensions import db
from learnhub.org.models import Role
from learnhub.records.services import reverse
from learnhub.transcripts.documents.models import IssuedDocument
from tests.factories import make_credit, make_member, make_unit
from tests.html import one
from tests.transcripts.builders import make_rule

YEAR = local_today().year


def test_every_surface_states_the_same_totals(client, login_as):
    make_rule(YEAR, total="12.5", online="4", name="党员学时要求")
    root = make_unit(code="AGREE")
    branch = make_unit(root)
    member = make_member(branch)
    manager = make_member(root, roles=(Role.MANAGER,))
    for hours, kind in (("0.33", "course"), ("0.33", "course"), ("0.34", "quiz"),
                        ("1.25", "meeting"), ("2.10", "manual")):
        make_credit(member, hours, kind=kind, occurred_on=date(YEAR, 2, 1))
    wrong = make_credit(member, "3.07", kind="meeting", occurred_on=date(YEAR, 3, 1))
    reverse(wrong, actor=manager, reason="误记", occurred_on=date(YEAR, 3, 2))
    make_credit(member, "9", kind="course", occurred_on=date(YEAR - 1, 6, 1))  # another year
    total, online = Decimal("4.35"), Decimal("1.00")

    login_as(member)
    page = client.get(f"/me/credits?year={YEAR}").get_data(as_text=True)
    assert Decimal(one(page, data_testid="grand-total").text) == total
    assert f"已完成 {total.normalize()} / 要求 12.5 学时" == one(page, data_testid="year-total").text

    pdf = client.get(f"/me/transcript.pdf?year={YEAR}").get_data()
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert Decimal(re.search(r"合计学时：([\d.]+)", text).group(1)) == total
    assert Decimal(re.search(r"其中网络学习：([\d.]+)", text).group(1)) == online

    rows = list(csv.reader(io.StringIO(
        client.get(f"/me/transcript.csv?year={YEAR}").get_data().decode("utf-8-sig"))))
    assert sum(Decimal(row[3]) for row in rows[1:-2]) == total
    assert (rows[-2][0], Decimal(rows[-2][3])) == ("合计", total)
    assert Decimal(rows[-1][3]) == online

    data = json.loads(client.get(f"/me/transcript.json?year={YEAR}").get_data())
    assert Decimal(data["total"]) == total and Decimal(data["online_total"]) == online
    assert sum(Decimal(g["total"]) for g in data["groups"]) == total

    code = db.session.query(IssuedDocument.code).filter_by(member_id=member.id).scalar()
    client.get("/logout")
    verified = client.get(f"/verify/{code}").get_data(as_text=True)
    assert str(total) in verified and "12.50" in verified

    login_as(manager)
    report = client.get(f"/reports/credits.csv?year={YEAR}&unit=AGREE", buffered=True)
    lines = list(csv.reader(io.StringIO(report.get_data().decode("utf-8-sig"))))
    header, found = lines[0], [line for line in lines[1:] if line[0] == member.employee_no]
    assert len(found) == 1
    values = dict(zip(header, found[0], strict=True))
    assert Decimal(values["已获学时"]) == total and Decimal(values["其中网络学习"]) == online
    assert Decimal(values["要求学时"]) == Decimal("12.5")

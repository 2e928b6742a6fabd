"""The completions CSV written a member at a time (reports/csvlines.py) has the bytes the
generic writer (core.exports.iter_csv) gives for the same rows."""

from datetime import UTC, datetime

import pytest

from learnhub.core.exports import iter_csv
from learnhub.core.timeutil import local_today
from learnhub.org.models import PoliticalStatus, Role
from learnhub.reports import files, services
from learnhub.reports.filters import ReportFilters
from tests.factories import make_member
from tests.reports.builders import YEAR, complete, make_org


def _generic(prepared) -> str:
    header, values = files.header_and_values(
        "completions", services.rows("completions", prepared, today=local_today()))
    return "".join(iter_csv(header, values))


def _fast(prepared) -> str:
    return b"".join(files.chunks("completions", "csv", prepared, today=local_today())
                    ).decode("utf-8")


@pytest.mark.parametrize("filters", [{}, {"political_status": "中共党员"},
                                     {"course_slug": "report-assigned"}])
def test_the_fast_csv_is_the_generic_writers(app, db, filters):
    org = make_org()
    # Text the csv module quotes, a name made formula-safe, two completions of
    # one member and a member of the same profile as another.
    make_member(org.branch_a, employee_no="A0003", name='逗号,"引号"\n换行')
    odd = make_member(org.branch_b, employee_no="-B0002", name="@王",
                      political_status=PoliticalStatus.MEMBER.value, roles=(Role.MANAGER,))
    complete(odd, org.by_rule, datetime(YEAR, 6, 1, 20, 0, tzinfo=UTC))  # next day locally
    complete(org.alice, org.by_rule, datetime(YEAR, 5, 1, 2, 0, tzinfo=UTC))
    with app.test_request_context():
        prepared = services.prepare(None, ReportFilters(year=YEAR, unit_code=org.root.code,
                                                        **filters))
        expected = _generic(prepared)
        assert expected.count("\r\n") > 2
        assert _fast(prepared) == expected


def test_a_report_without_rows_has_the_header_only(app, db):
    make_org()
    with app.test_request_context():
        prepared = services.prepare(None, ReportFilters(year=YEAR, political_status="共青团员"))
        assert _fast(prepared) == _generic(prepared)

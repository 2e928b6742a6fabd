import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from learnhub.core.timeutil import local_today
from learnhub.org.models import Role
from learnhub.reports import services
from learnhub.reports.filters import ReportFilters
from tests.factories import make_member
from tests.html import one
from tests.reports.builders import YEAR, make_org


@pytest.fixture
def org(db):
    return make_org()


def page_rows(html: str) -> list[list[str]]:
    section = one(html, "section", aria_labelledby="rows-heading")
    return [[cell.text for cell in tr.find_all("td")]
            for tr in section.find_all("tr") if tr.find_all("td")]


def test_a_manager_sees_their_own_subtree_only(login_as, org):
    response = login_as(org.manager).get(f"/reports?year={YEAR}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    numbers = {row[0] for row in page_rows(html)}
    assert numbers == {"A0001", "A0002", "M0001"}
    assert "王五" not in html and "外人" not in html


@pytest.mark.parametrize("url", ["/reports?unit={code}", "/reports/completions.csv?unit={code}",
                                 "/reports/credits.xlsx?unit={code}"])
def test_a_unit_outside_the_managers_scope_is_refused(login_as, org, url):
    for unit in (org.root, org.branch_b, org.outside):
        response = login_as(org.manager).get(url.format(code=unit.code), buffered=True)
        assert response.status_code == 403, (unit.code, url)
        assert b"A0001" not in response.data


def test_an_unknown_unit_is_not_found(login_as, org):
    assert login_as(org.manager).get("/reports?unit=NOPE").status_code == 404


def test_a_learner_cannot_open_the_reports(login_as, org):
    assert login_as(org.alice).get("/reports").status_code == 403
    assert login_as(org.alice).get(f"/reports/completions.csv?unit={org.branch_a.code}"
                                   ).status_code == 403


def test_the_summary_gives_each_child_units_completion_rate(login_as, org):
    admin = make_member(org.root, roles=(Role.ADMIN,))
    html = login_as(admin).get(f"/reports?unit={org.root.code}&year={YEAR}").get_data(as_text=True)
    row_a = one(html, "tr", data_unit=org.branch_a.code)
    assert row_a.one(data_testid="unit-completion-rate").text == "20.0%"
    row_b = one(html, "tr", data_unit=org.branch_b.code)
    assert row_b.one(data_testid="unit-completion-rate").text == "0.0%"
    assert one(html, data_testid="met-rate").text.startswith("0.0%")


def test_the_page_filters_by_political_status(login_as, org):
    html = login_as(org.manager).get(f"/reports?year={YEAR}&political_status=中共党员"
                                     ).get_data(as_text=True)
    assert {row[0] for row in page_rows(html)} == {"A0001"}


# buffered=True: the test client reads a streamed body inside the request (see conftest's
# RequestIsolatingClient); a browser gets it chunk by chunk.


def _service_rows(org, report):
    prepared = services.prepare(org.manager, ReportFilters(year=YEAR))
    return list(services.rows(report, prepared, today=local_today()))


def test_the_csv_has_a_bom_chinese_headers_safe_cells_and_the_pages_rows(login_as, org):
    response = login_as(org.manager).get(f"/reports/completions.csv?year={YEAR}", buffered=True)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    data = response.get_data()
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "工号,姓名,组织,课程,课程标识,状态,完成版本,完成日期,截止日期"
    assert any(line.startswith("A0001,\"'=HYPERLINK(\"\"x\"\")\"") for line in lines)
    assert any(",'+年度专题," in line for line in lines)
    assert any(f"已完成,1,{YEAR}-03-05," in line for line in lines)
    assert len(lines) - 1 == len(_service_rows(org, "completions"))
    page = page_rows(login_as(org.manager).get(f"/reports?year={YEAR}").get_data(as_text=True))
    assert [line.split(",")[0] for line in lines[1:]] == [row[0] for row in page]


def test_the_xlsx_has_real_dates_a_frozen_header_and_the_same_rows(login_as, org):
    response = login_as(org.manager).get(f"/reports/completions.xlsx?year={YEAR}", buffered=True)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="completions-{org.branch_a.code}-{YEAR}.xlsx"; '
        f"filename*=UTF-8''completions-{org.branch_a.code}-{YEAR}.xlsx")
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    assert sheet.freeze_panes == "A2"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("工号", "姓名", "组织", "课程", "课程标识", "状态", "完成版本",
                         "完成日期", "截止日期")
    expected = _service_rows(org, "completions")
    assert [row[0] for row in values[1:]] == [row.employee_no for row in expected]
    done = next(row for row in values[1:] if row[5] == "已完成")
    assert isinstance(done[7], datetime) and done[7].date() == date(YEAR, 3, 5)
    dated = [row for row in sheet.iter_rows(min_row=2) if row[8].value is not None]
    assert dated and all(row[8].is_date for row in dated)
    assert all(not (isinstance(v, str) and v.startswith(("=", "+"))) for row in values
               for v in row)


def test_the_credits_xlsx_has_the_standings(login_as, org):
    response = login_as(org.manager).get(f"/reports/credits.xlsx?year={YEAR}", buffered=True)
    sheet = load_workbook(io.BytesIO(response.get_data())).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("工号", "姓名", "组织", "年度")
    alice = next(row for row in values if row[0] == "A0001")
    assert (alice[4], alice[6], alice[8]) == (5, 3, "未达标")


def test_the_page_takes_the_same_number_of_queries_for_more_members(login_as, org,
                                                                     count_queries):
    client = login_as(org.manager)
    client.get(f"/reports?year={YEAR}")
    with count_queries() as few:
        assert client.get(f"/reports?year={YEAR}").status_code == 200
    for n in range(15):
        make_member(org.branch_a, employee_no=f"A1{n:03d}", roles=(Role.MANAGER,) if n == 0 else ())
    with count_queries() as many:
        assert client.get(f"/reports?year={YEAR}").status_code == 200
    # 14: with the members (their completions as a number each) and the page's members
    # again with their completions
    assert len(few) == len(many) == 14, (few.statements, many.statements)
    with count_queries() as credits_page:
        assert client.get(f"/reports?year={YEAR}&report=credits").status_code == 200
    assert len(credits_page) == 13, credits_page.statements


@pytest.mark.parametrize("report", ["completions", "credits"])
def test_each_page_shows_the_reports_rows_at_its_place(login_as, org, monkeypatch, report):
    from learnhub.reports import views

    monkeypatch.setattr(views, "PER_PAGE", 3)
    admin = make_member(org.root, roles=(Role.ADMIN,), employee_no="Z0001")
    prepared = services.prepare(admin, ReportFilters(year=YEAR, unit_code=org.root.code))
    expected = [row.employee_no for row in
                services.rows(report, prepared, today=local_today())]
    assert len(expected) > 3
    client = login_as(admin)
    shown = []
    for number in range(1, (len(expected) + 2) // 3 + 1):
        html = client.get(f"/reports?unit={org.root.code}&year={YEAR}&report={report}"
                          f"&page={number}").get_data(as_text=True)
        shown += [row[0] for row in page_rows(html)]
    assert shown == expected


@pytest.mark.parametrize("query", ["political_status=外星人", "year=1800", "course=no-such-course"])
def test_a_filter_that_makes_no_sense_is_refused(login_as, org, query):
    assert login_as(org.manager).get(f"/reports?{query}").status_code in (404, 422)

"""Control characters (NUL above all, which PostgreSQL refuses in text) are refused where
they come in: query strings, form fields, paths and uploaded file names answer a clear 400
page, and single-line form fields refuse line breaks and tabs under the field."""

from __future__ import annotations

import importlib
import io
import pkgutil

import pytest
from flask_babel import force_locale, gettext
from flask_wtf import FlaskForm

import learnhub
from learnhub.core.forms import Form
from learnhub.org.models import Role
from tests.courses.editor_support import file_course, make_org
from tests.courses.test_editor_drafts import details
from tests.factories import PASSWORD, make_member, make_unit

REFUSED = "提交的内容含有不允许的控制字符"


def _refused(response, status: int = 400) -> str:
    page = response.get_data(as_text=True)
    assert response.status_code == status, page[:500]
    assert REFUSED in page
    return page


def test_nul_in_the_login_employee_no_is_a_400_page_before_login(client, post):
    make_member(employee_no="admin")
    page = _refused(post("/login", {"employee_no": "admin\0", "password": PASSWORD}))
    assert "U+0000" in page


def test_nul_in_the_catalogue_query_is_a_400_page(login_as):
    client = login_as(make_member())
    _refused(client.get("/courses?q=%00"))
    _refused(client.get("/courses?category=%00"))


@pytest.mark.parametrize("query", ["name=%00", "employee_no=a%00", "unit=%00",
                                   "political_status=%00", "sort=%00", "st%00atus=all"])
def test_nul_in_member_filters_is_a_400_page(login_as, query):
    admin = make_member(roles=(Role.ADMIN,))
    _refused(login_as(admin).get(f"/admin/members?{query}"))


def test_nul_in_a_path_is_a_400_page(login_as):
    client = login_as(make_member())
    _refused(client.get("/courses/party%00rules"))


def test_nul_in_course_fields_is_a_400_page_and_nothing_is_saved(client, login_as, post,
                                                                 tmp_path):
    org = make_org()
    course = file_course(tmp_path, org.branch)
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/edit",
                    details(org.branch, title="党章\0学习"))
    _refused(response)
    assert course.title == "党章学习"


def test_other_control_characters_are_refused_too(client, login_as):
    client = login_as(make_member())
    for char in ("%01", "%1B", "%7F", "%C2%85"):  # SOH, ESC, DEL, NEL (C1)
        _refused(client.get(f"/courses?q=a{char}b"))


def test_an_uploaded_file_name_with_a_control_character_is_refused(login_as, post):
    admin = make_member(roles=(Role.ADMIN,))
    login_as(admin)
    _refused(post("/admin/members/import", {"file": (io.BytesIO(b"x"), "m\x07.csv")},
                  content_type="multipart/form-data"))


def test_the_refusal_is_in_the_members_language_and_json_for_json_clients(app, login_as):
    client = login_as(make_member(locale="en"))
    page = client.get("/courses?q=%00").get_data(as_text=True)
    with app.test_request_context(), force_locale("en"):
        english = gettext("提交的内容含有不允许的控制字符（%(char)s），请删除后重试。",
                          char="U+0000")
    assert english in page and REFUSED not in page
    response = client.get("/courses?q=%00", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "control_character"


def test_tabs_and_line_breaks_stay_allowed_in_multiline_fields(client, login_as, post,
                                                               tmp_path):
    org = make_org()
    course = file_course(tmp_path, org.branch)
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/edit", details(
        org.branch, summary="学习\t党章。\r\n第二行", intro_markdown="介绍\r\n\tcode"))
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


@pytest.mark.parametrize("value", ["张\t三", "张三\n李四", "张三\r李四"])
def test_single_line_fields_refuse_tabs_and_line_breaks_under_the_field(login_as, post,
                                                                        value):
    admin = make_member(roles=(Role.ADMIN,))
    unit = make_unit(code="CC-B1")
    login_as(admin)
    response = post("/admin/members/new", {
        "employee_no": "CC1", "name": value, "unit_code": unit.code,
        "political_status": "中共党员"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "不能包含换行符、制表符等控制字符" in page


def test_query_string_filters_refuse_a_tab_under_the_field(login_as):
    admin = make_member(roles=(Role.ADMIN,))
    response = login_as(admin).get("/admin/members?name=%E5%BC%A0%09%E4%B8%89")
    assert response.status_code == 200
    assert "不能包含换行符、制表符等控制字符" in response.get_data(as_text=True)


def _form_classes() -> list[type]:
    for module in pkgutil.walk_packages(learnhub.__path__, "learnhub."):
        importlib.import_module(module.name)
    found, pending = [], [FlaskForm]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("learnhub."):
                found.append(sub)
    return found


def test_every_form_of_the_app_uses_the_base_form_that_refuses_control_characters():
    forms = _form_classes()
    assert len(forms) > 15
    assert [f"{cls.__module__}.{cls.__name__}" for cls in forms
            if not issubclass(cls, Form)] == []


def test_a_tab_pasted_at_the_end_of_a_single_line_field_is_just_trimmed(login_as, post):
    admin = make_member(roles=(Role.ADMIN,))
    unit = make_unit(code="CC-B2")
    login_as(admin)
    response = post("/admin/members/new", {
        "employee_no": "CC2\t", "name": "张三\t", "unit_code": unit.code,
        "political_status": "中共党员"})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    from learnhub.org.members.services import member_by_employee_no

    member = member_by_employee_no("CC2")
    assert member is not None and member.name == "张三"

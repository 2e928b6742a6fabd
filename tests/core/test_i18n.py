"""The English catalogue covers every msgid in the code, and pages follow the member's language."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from learnhub.i18n import ENGLISH_PO, source_messages
from tests.factories import PASSWORD, make_member
from tests.html import find, one

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@pytest.fixture(scope="module")
def english() -> Catalog:
    with ENGLISH_PO.open("rb") as po_file:
        return read_po(po_file, locale="en")


def test_every_source_msgid_has_an_english_translation(english):
    missing = []
    for msgid, places in sorted(source_messages().items()):
        message = english.get(msgid)
        if message is None or not message.string or message.fuzzy:
            missing.append(f"{msgid!r} ({places[0][0]}:{places[0][1]})")
    assert not missing, "untranslated (run `python -m learnhub.i18n extract`):\n" + "\n".join(missing)


def test_english_translations_keep_the_msgid_placeholders(english):
    wrong = [(m.id, m.string) for m in english
             if m.id and m.string
             and sorted(PLACEHOLDER.findall(m.id)) != sorted(PLACEHOLDER.findall(m.string))]
    assert not wrong


def test_english_translations_contain_no_chinese(english):
    # A few terms deliberately keep the Chinese a file must contain (import values, headers).
    allowed = {"中共党员", "中共预备党员", "共青团员", "民主党派", "无党派人士", "群众", "民革党员", "民盟盟员", "民建会员",
               "民进会员", "农工党党员", "致公党党员", "台盟盟员", "无党派民主人士",
               "九三学社社员", "工号", "手机", "所属组织", "中层正职", "中层副职", "党建", "年", "月", "日",
               "书记", "副书记", "委员", "组织委员", "党小组组长", "党支部"}
    leftover = []
    for m in english:
        if not m.id or not m.string:
            continue
        text = m.string
        for word in sorted(allowed, key=len, reverse=True):
            text = text.replace(word, "")
        if re.search(r"[\u4e00-\u9fff]", text):
            leftover.append(m.string)
    assert not leftover


def test_login_page_is_chinese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert one(page, "html")["lang"] == "zh-CN"
    assert "使用工号和密码登录" in page


def test_login_page_is_english_for_a_browser_asking_for_english(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert one(page, "html")["lang"] == "en"
    assert "Sign in to LearnHub with your Employee No. and password." in page
    assert "Employee No." in page and "Password" in page
    assert "使用工号和密码登录" not in page


def test_member_with_english_locale_signs_in_to_an_english_home_page(client, post):
    member = make_member(name="Li Ming", locale="en")
    response = post("/login", {"employee_no": member.employee_no, "password": PASSWORD},
                    follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert one(page, "html")["lang"] == "en"
    assert "Hello, Li Ming" in page
    assert "Political status" in page and "CPC member" in page
    assert "Dashboard" in page and "My credit hours" in page


def test_home_page_is_chinese_for_a_member_without_a_locale(client, login_as):
    member = make_member(name="张三")
    page = login_as(member).get("/").get_data(as_text=True)
    assert one(page, "html")["lang"] == "zh-CN"
    assert "你好，张三" in page
    assert "工作台" in page
    assert "Dashboard" not in page


def test_templates_translate_in_the_locale_forced_for_a_render(app):
    """Templates take the catalogue once per render (learnhub.web); a render inside
    force_locale (e.g. a message in the recipient's language) still follows it."""
    from flask import render_template_string
    from flask_babel import force_locale

    template = "{{ _('课程') }}|{{ ngettext('%(num)s 门课程', '%(num)s 门课程', 2) }}"
    with app.test_request_context("/", headers={"Accept-Language": "zh-CN"}):
        assert render_template_string(template) == "课程|2 门课程"
        with force_locale("en"):
            english = render_template_string(template)
        assert render_template_string(template) == "课程|2 门课程"
    assert english.startswith("Courses|")


def test_a_macro_imported_without_context_is_translated_too(app):
    from flask import render_template_string
    from flask_babel import force_locale

    class Form(dict):
        errors = {"": ["!"]}

    with app.test_request_context("/"), force_locale("en"):
        page = render_template_string('{% from "macros/forms.html" import error_summary %}'
                                      "{{ error_summary(form) }}", form=Form())
    assert find(page, "h2", text="There is a problem")


def test_template_strings_escape_their_variables_but_not_themselves(app):
    """`_()` in templates (learnhub.web._gettext_newstyle) behaves as Jinja's newstyle
    gettext: the translation is trusted markup, the values put into it are escaped."""
    from flask import render_template_string

    with app.test_request_context("/"):
        zh = render_template_string('{{ _("搜索“%(q)s”", q=q) }}', q="<b>党建</b>")
        static = render_template_string("{{ static_url('css/app.css') }}")
    assert zh == "搜索“&lt;b&gt;党建&lt;/b&gt;”"
    assert static == "/static/css/app.css"

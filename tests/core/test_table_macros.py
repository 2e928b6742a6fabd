"""The list-page macros: data_table shows the table, or the empty sentence when there are no rows."""

from __future__ import annotations

from flask import render_template_string

from tests.html import find, one

TABLE = """{% from "macros/tables.html" import data_table %}
{% call data_table("本页的行", rows=rows, empty="没有行。") %}<tbody><tr><td>一行</td></tr></tbody>{% endcall %}"""


def test_data_table_with_rows_shows_the_table_and_its_caption(app):
    with app.test_request_context():
        html = render_template_string(TABLE, rows=[1])
    assert one(html, "table").one("caption", class_="visually-hidden").text == "本页的行"
    assert one(html, "td").text == "一行"
    assert "没有行。" not in html


def test_data_table_without_rows_shows_only_the_empty_sentence(app):
    with app.test_request_context():
        html = render_template_string(TABLE, rows=[])
    assert one(html, "p", class_="empty").text == "没有行。"
    assert find(html, "table") is None

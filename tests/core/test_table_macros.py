"""The list-page macros: data_table shows the table, or the empty sentence when there are no rows."""

from __future__ import annotations

from flask import render_template_string

TABLE = """{% from "macros/tables.html" import data_table %}
{% call data_table("本页的行", rows=rows, empty="没有行。") %}<tbody><tr><td>一行</td></tr></tbody>{% endcall %}"""


def test_data_table_with_rows_shows_the_table_and_its_caption(app):
    with app.test_request_context():
        html = render_template_string(TABLE, rows=[1])
    assert '<caption class="visually-hidden">本页的行</caption>' in html
    assert "<td>一行</td>" in html
    assert "没有行。" not in html


def test_data_table_without_rows_shows_only_the_empty_sentence(app):
    with app.test_request_context():
        html = render_template_string(TABLE, rows=[])
    assert '<p class="empty">没有行。</p>' in html
    assert "<table" not in html

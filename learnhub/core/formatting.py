"""Jinja filters for dates, times and credit hours in the reader's language and zone."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import Flask
from flask_babel import format_date, format_datetime, get_locale

from learnhub.core.timeutil import to_local

WEEKDAYS_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def local_datetime(value: datetime | None) -> str:
    """`2026年3月5日 星期四 14:30` in zh-CN, the Babel medium format otherwise."""
    if value is None:
        return ""
    from flask_babel import get_timezone

    local = to_local(value, get_timezone())
    if str(get_locale()).startswith("zh"):
        return f"{local.year}年{local.month}月{local.day}日 {WEEKDAYS_ZH[local.weekday()]} " \
               f"{local:%H:%M}"
    return format_datetime(value, "EEE d MMM y HH:mm")


def local_date(value: date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        from flask_babel import get_timezone

        value = to_local(value, get_timezone()).date()
    if str(get_locale()).startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    return format_date(value, "d MMM y")


def credit_hours(value: Decimal | int | float | None) -> str:
    """Credit hours without trailing zeros: 2 → '2', 1.50 → '1.5'."""
    if value is None:
        return "0"
    number = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
    text = format(number, "f")
    return text


def role_label(role: str) -> str:
    from flask_babel import gettext

    labels = {"trainer": gettext("培训管理员"), "manager": gettext("组织管理员"),
              "admin": gettext("系统管理员"), "learner": gettext("学员")}
    return labels.get(role, role)


def ledger_kind_label(kind: str) -> str:
    """The name of a ledger entry's kind, as the feature that writes it registered it."""
    from flask_babel import gettext

    from learnhub.core.feature import registry

    for source in registry().ledger_sources:
        if source.kind == kind:
            return gettext(source.label)
    return kind


def register_filters(app: Flask) -> None:
    from learnhub.core.icons import icon

    app.jinja_env.globals["icon"] = icon
    app.jinja_env.globals["ledger_kind_label"] = ledger_kind_label
    app.jinja_env.globals["role_label"] = role_label
    app.jinja_env.filters["datetime"] = local_datetime
    app.jinja_env.filters["date"] = local_date
    app.jinja_env.filters["hours"] = credit_hours

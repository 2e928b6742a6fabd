"""Time in one place: store UTC, show in the site zone (or the member's)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context


def now_utc() -> datetime:
    return datetime.now(UTC)


def site_zone() -> ZoneInfo:
    name = current_app.config["TIMEZONE"] if has_app_context() else "Asia/Shanghai"
    return ZoneInfo(name)


def to_local(dt: datetime, tz: str | ZoneInfo | None = None) -> datetime:
    zone = ZoneInfo(tz) if isinstance(tz, str) else (tz or site_zone())
    return dt.astimezone(zone)


def local_today(tz: str | ZoneInfo | None = None) -> date:
    return to_local(now_utc(), tz).date()

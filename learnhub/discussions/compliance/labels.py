"""The words of a cell's status, the same on the page and in the exports (never colour
alone: the page adds a colour to these words)."""

from __future__ import annotations

from flask_babel import gettext

from learnhub.discussions.compliance.report import Tally


def status_text(tally: Tally) -> str:
    """已完成 / 缺 N / 待补记录 N / 未到期 / 不作要求, by the worst slot of the cell."""
    status = tally.status
    if status == "missing":
        return gettext("缺 %(n)s", n=tally.missing)
    if status == "pending":
        return gettext("待补记录 %(n)s", n=tally.pending)
    if status == "upcoming":
        return gettext("未到期")
    if status == "done":
        return gettext("已完成")
    return gettext("不作要求")


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"

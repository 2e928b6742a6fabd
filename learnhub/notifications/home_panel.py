"""The home page's card of unread notifications."""

from __future__ import annotations

from dataclasses import dataclass

from flask import g, has_request_context

from learnhub.notifications import services
from learnhub.notifications.models import Notification
from learnhub.org.models import Member

INBOX_ENDPOINT = "notifications.inbox"


@dataclass(frozen=True)
class UnreadPanel:
    template = "notifications/_home_panel.html"
    notifications: list[Notification]
    total: int


def unread_panel(member: Member) -> UnreadPanel | None:
    """Nothing when all is read. The menu badge already counted the unread ones with the
    member's own statement, so a home page with none costs no query here."""
    counted = g.get("nav_badges", {}).get(INBOX_ENDPOINT) if has_request_context() else None
    if counted == 0:
        return None
    shown = services.unread(member)
    if not shown:
        return None
    return UnreadPanel(notifications=shown, total=counted or len(shown))

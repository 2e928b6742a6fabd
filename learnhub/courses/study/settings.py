"""The study settings of the running app, read from its config in this one place and handed
to the rules (`study.rules`)."""

from __future__ import annotations

from flask import current_app

from learnhub.courses.study import rules


def share_permille() -> int:
    """STUDY_SHARE_REQUIRED as an integer per mille."""
    return rules.share_permille(current_app.config["STUDY_SHARE_REQUIRED"])


def heartbeat_interval() -> int:
    return int(current_app.config["HEARTBEAT_SECONDS"])


def credit_cap() -> int:
    return rules.credit_cap(heartbeat_interval(),
                            int(current_app.config["HEARTBEAT_SLACK_SECONDS"]))

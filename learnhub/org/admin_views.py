"""Routes: org tree, members, grants, audit log (admin only)."""

from __future__ import annotations

from learnhub.org.views import bp  # noqa: F401

"""The quizzes blueprint (`quizzes.*` endpoints, under /quizzes). Each room's views.py
adds its routes; quizzes/feature.py imports them."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")

# First path segments of pages under /quizzes/ that are not a quiz: no quiz or bank may
# take one of these as its slug, or its page /quizzes/<slug> would be unreachable.
# tests/quizzes/test_reserved_slugs.py checks the list against the routes.
RESERVED_SLUGS = frozenset({
    "banks", "contests", "daily", "import", "manage", "marking", "mine", "new", "practice",
})

"""The quizzes blueprint (`quizzes.*` endpoints, under /quizzes). Each room's views.py
adds its routes; quizzes/feature.py imports them."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("quizzes", __name__, url_prefix="/quizzes")

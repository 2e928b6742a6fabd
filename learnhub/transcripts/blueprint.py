"""The transcripts blueprint (`transcripts.*` endpoints). Each room's views.py adds its
routes; transcripts/feature.py imports them."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("transcripts", __name__)

"""The discussions blueprint (`discussions.*` endpoints, under /meetings). Each room's
views.py adds its routes; discussions/feature.py imports them."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("discussions", __name__, url_prefix="/meetings")

"""The reports blueprint (`reports.*` endpoints); views.py adds its routes."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reports", __name__)

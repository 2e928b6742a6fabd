"""The org blueprint: the admin pages of every org room (units, members, grants, audit,
importing) under /admin. Each room's views module adds its routes; feature.py imports them."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("org", __name__, url_prefix="/admin")

"""Admin pages for the org tree, members, role grants, imports and the audit log.

One blueprint; its routes live in small modules by topic, imported at the bottom.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("org", __name__, url_prefix="/admin")

from learnhub.org import (  # noqa: E402,F401  (route modules register on `bp`)
    admin_views,
    grant_views,
    import_views,
    member_views,
)

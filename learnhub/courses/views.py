"""Course pages: the catalogue, course pages, the lesson reader and its heartbeats,
assets, "我的课程", assignments and the trainers' progress view (and the editor).

One blueprint; its routes live in small modules by topic, imported at the bottom.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("courses", __name__)

from learnhub.courses import (  # noqa: E402,F401  (route modules register on `bp`)
    assignment_views,
    catalogue_views,
    editor_lesson_views,
    editor_views,
    reader_views,
    version_views,
    zip_views,
)

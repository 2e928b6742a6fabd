"""The courses blueprint: every course page, learner's and trainer's, has its endpoint here
(`courses.catalogue`, `courses.lesson`, `courses.edit_course`...). Each room's views.py adds
its routes; courses/feature.py imports them."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("courses", __name__)

"""Trainers, units and courses for the editor, version and zip tests."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from learnhub.courses.models import Course, CourseVersion
from learnhub.courses.publishing.services import course_by_slug, sync
from learnhub.extensions import db
from learnhub.org.models import Member, Role, Unit
from tests.courses.builders import COURSE_MD, write_course
from tests.factories import make_member, make_unit
from tests.html import find


@dataclass
class Org:
    root: Unit
    branch: Unit
    other_branch: Unit
    trainer: Member  # trainer on `branch`
    other_trainer: Member  # trainer on `other_branch`
    learner: Member  # in `branch`, no role


def make_org() -> Org:
    root = make_unit(code="ROOT", name="测试党委")
    branch = make_unit(root, name="第一党支部")
    other = make_unit(root, name="第二党支部")
    return Org(root, branch, other,
               trainer=make_member(branch, roles=(Role.TRAINER,), name="李培训"),
               other_trainer=make_member(other, roles=(Role.TRAINER,), name="王培训"),
               learner=make_member(branch, name="张学员"))


def file_course(tmp_path: Path, unit: Unit, slug: str = "party-rules",
                files: dict | None = None) -> Course:
    """The builders' sample course, owned by `unit`, published as version 1 by a file sync."""
    course_md = COURSE_MD.replace("lessons:\n", f"owner_unit: {unit.code}\nlessons:\n")
    write_course(tmp_path / "src", slug, {"course.md": course_md, **(files or {})})
    report = sync(tmp_path / "src")
    assert not report.problems, report.problems
    db.session.flush()
    course = course_by_slug(slug)
    assert course is not None
    return course


def drafts_of(course: Course) -> list[CourseVersion]:
    return list(db.session.scalars(select(CourseVersion).where(
        CourseVersion.course_id == course.id, CourseVersion.is_draft.is_(True))))


def version_count(course: Course) -> int:
    return db.session.scalar(select(func.count()).select_from(CourseVersion).where(
        CourseVersion.course_id == course.id, CourseVersion.is_draft.is_(False))) or 0


def page_token(html: str) -> str:
    """The value of the hidden `token` field (draft or form guard) on a page."""
    field = find(html, "input", name="token")
    assert field, "no token field on the page"
    return field.get("value") or ""


def zip_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def make_zip(files: dict[str, bytes | str], *, symlinks: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (0o120777 << 16)
            archive.writestr(info, target)
    return buffer.getvalue()

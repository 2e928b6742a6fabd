"""What many course tests start from: `org` (units, trainers, a learner), `course` (the
sample course published from files, owned by org.branch), and `reader` / `open_lesson`
(a learner logged in with a lesson page open, sending heartbeats over HTTP)."""

from __future__ import annotations

import pytest

from learnhub.courses.models import Course
from tests.courses.editor_support import Org, file_course, make_org
from tests.courses.learning_support import OpenLesson, make_course
from tests.factories import make_member


@pytest.fixture
def org() -> Org:
    """A 党委 with two branches, a trainer on each and a learner in the first."""
    return make_org()


@pytest.fixture
def course(org: Org, tmp_path) -> Course:
    """A published course: the builders' sample (party-rules), owned by `org.branch`,
    published as version 1 by a sync of tmp_path / "src" (editor_support.file_course)."""
    return file_course(tmp_path, org.branch)


@pytest.fixture
def open_lesson(login_as):
    """`open_lesson(course, key, member=None)`: the lesson page open in a client logged in
    as `member` (a new learner if none)."""

    def _open(course: Course, key: str, member=None) -> OpenLesson:
        member = member or make_member()
        return OpenLesson(login_as(member), member, course, key)

    return _open


@pytest.fixture
def reader(open_lesson) -> OpenLesson:
    """A learner with the first lesson (intro, 10 minutes) of a published course open."""
    return open_lesson(make_course(), "intro")

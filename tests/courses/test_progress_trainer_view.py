"""The trainers' view of a course: learners in their scope, progress, the version each
completed and when; scoped in SQL, paginated, a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from learnhub.core.timeutil import now_utc
from learnhub.org.models import Role
from tests.courses.learning_support import Reader, make_course, publish, required_seconds
from tests.factories import make_member, make_unit

TWO = (("one", "第一课", 1, "内容"), ("two", "第二课", 1, "内容"))


def tree():
    root = make_unit(name="党委")
    return root, make_unit(root, name="一支部"), make_unit(root, name="二支部")


def test_a_trainer_sees_learners_in_scope_with_progress_and_the_version_completed(
        client, login_as):
    root, mine, theirs = tree()
    trainer = make_member(mine, roles=(Role.TRAINER,), name="培训员")
    finished = make_member(mine, name="完成者")
    halfway = make_member(mine, name="学一半")
    make_member(mine, name="未开始者")
    stranger = make_member(theirs, name="外支部成员")
    course = make_course(lessons=TWO)
    at = now_utc()
    for key in ("one", "two"):
        Reader(finished, course, key, at=at).read(required_seconds(1))
        at += timedelta(minutes=5)
    Reader(halfway, course, "one", at=at).read(required_seconds(1))
    Reader(stranger, course, "one", at=at).read(required_seconds(1))
    publish(course, lessons=(*TWO, ("three", "第三课", 1, "新")))
    page = login_as(trainer).get(f"/courses/{course.slug}/learners").get_data(as_text=True)
    assert "外支部成员" not in page
    rows = {name: page[page.index(name):page.index("</tr>", page.index(name))]
            for name in ("完成者", "学一半", "未开始者")}
    assert "第 1 版" in rows["完成者"] and "2 / 3" in rows["完成者"]
    assert "1 / 3" in rows["学一半"] and "第 1 版" not in rows["学一半"]
    assert "未开始" in rows["未开始者"]
    assert "4 名成员，已开始 2 名，已完成 1 名" in page

    done_only = login_as(trainer).get(f"/courses/{course.slug}/learners?status=completed")
    text = done_only.get_data(as_text=True)
    assert "完成者" in text and "学一半" not in text


def test_learners_cannot_see_the_progress_view(client, login_as):
    course = make_course()
    assert login_as(make_member()).get(f"/courses/{course.slug}/learners").status_code == 403


def test_the_progress_view_paginates_with_a_fixed_number_of_queries(client, login_as, app,
                                                                   count_queries):
    root, mine, _ = tree()
    trainer = make_member(mine, roles=(Role.MANAGER,))
    course = make_course(lessons=TWO)
    client = login_as(trainer)

    def count() -> int:
        client.get(f"/courses/{course.slug}/learners?per_page=5")
        with count_queries() as queries:
            page = client.get(f"/courses/{course.slug}/learners?per_page=5")
        assert page.status_code == 200
        return len(queries)

    for _ in range(3):
        Reader(make_member(mine), course, "one").beat(15)
    few = count()
    for _ in range(12):
        Reader(make_member(mine), course, "one").beat(15)
    assert count() == few
    page = client.get(f"/courses/{course.slug}/learners?per_page=5&page=2").get_data(as_text=True)
    assert "第 2 / 4 页" in page and f"/courses/{course.slug}/learners?" in page


def test_each_learner_is_counted_against_the_lessons_required_for_them(client, login_as):
    from learnhub.courses.format.content import LessonContent

    root, mine, _ = tree()
    trainer = make_member(mine, roles=(Role.TRAINER,), name="培训员")
    cadre = make_member(mine, name="中层干部", cadre_level="中层正职")
    make_member(mine, name="普通党员")
    course = make_course(lessons=(
        LessonContent("one.md", "one", "第一课", 1, "党建第一课。"),
        LessonContent("two.md", "two", "第二课（干部）", 1, "党建第二课。",
                      audience={"required": {"cadre_level": ["中层正职"]}}),
        LessonContent("three.md", "three", "第三课（选学）", 1, "党建第三课。", optional=True),
    ))
    Reader(cadre, course, "one").read(required_seconds(1))
    page = login_as(trainer).get(f"/courses/{course.slug}/learners").get_data(as_text=True)
    rows = {name: page[page.index(name):page.index("</tr>", page.index(name))]
            for name in ("中层干部", "普通党员")}
    assert "1 / 2" in rows["中层干部"]  # 第一课 and 第二课 are required for them
    assert "0 / 1" in rows["普通党员"]  # only 第一课 is

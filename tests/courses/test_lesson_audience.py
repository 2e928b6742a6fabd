"""选学 and audiences per lesson (issue 10): the format, the editor, completion, the course
page and the reader count the lessons required for each member."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import select

from learnhub.core.timeutil import local_today, now_utc
from learnhub.courses.editor.services import working_content
from learnhub.courses.format.content import LessonContent, content_hash
from learnhub.courses.format.packaging import write_markdown_files
from learnhub.courses.format.parsing import parse_path
from learnhub.courses.publishing.diffing import diff_contents
from learnhub.courses.study.completion import StudyContext, requirement_statuses
from learnhub.courses.study.course_page import course_page
from learnhub.courses.study.models import CourseCompletion
from learnhub.courses.study.my_courses import my_courses
from learnhub.extensions import db
from tests.courses.builders import write_course
from tests.courses.learning_support import (
    Reader,
    content,
    current,
    make_course,
    required_seconds,
)
from tests.factories import make_member
from tests.html import find_all

CADRES = {"required": {"cadre_level": ["中层正职"]}}


def lessons_with_marks():
    """One lesson for everyone, one for 中层正职 only, one 选学 for everyone."""
    return (
        LessonContent("one.md", "one", "第一课", 1, "党建第一课。"),
        LessonContent("two.md", "two", "第二课（干部）", 1, "党建第二课。", audience=CADRES),
        LessonContent("three.md", "three", "第三课（选学）", 1, "党建第三课。", optional=True),
    )


def study(member, course, *keys):
    reader = None
    for key in keys:
        reader = Reader(member, course, key, at=reader.now if reader else None)
        reader.read(required_seconds(1) + 15)


def completed(member, course) -> bool:
    return db.session.scalar(select(CourseCompletion).where(
        CourseCompletion.member_id == member.id,
        CourseCompletion.course_id == course.id)) is not None


def test_completion_counts_the_lessons_required_for_each_member():
    course = make_course(lessons=lessons_with_marks())
    cadre = make_member(cadre_level="中层正职")
    staff = make_member(cadre_level=None)
    study(cadre, course, "one")
    study(staff, course, "one")
    assert completed(staff, course)  # 第二课 and 第三课 are 选学 for them
    assert not completed(cadre, course)  # 第二课 is required for a 中层正职
    [status] = requirement_statuses(StudyContext(cadre, course, current(course)))
    assert (status.done, status.total, status.remaining) == (1, 2, ("第二课（干部）",))
    assert status.label == "学完必学的 2 课"
    study(cadre, course, "two")
    assert completed(cadre, course)


def test_a_course_whose_lessons_are_all_optional_completes_with_one_lesson_studied():
    course = make_course(lessons=(
        LessonContent("one.md", "one", "第一课", 1, "文字", optional=True),
        LessonContent("two.md", "two", "第二课", 1, "文字", audience=CADRES)))
    member = make_member(cadre_level=None)
    [status] = requirement_statuses(StudyContext(member, course, current(course)))
    assert (status.met, status.done, status.total) == (False, 0, 1)
    study(member, course, "two")
    assert completed(member, course)


def test_plain_courses_keep_the_old_label():
    course = make_course()
    [status] = requirement_statuses(StudyContext(make_member(), course, current(course)))
    assert status.label == "学完全部 2 课"


def test_the_course_page_says_which_lessons_are_optional_for_the_member(client, login_as):
    course = make_course(lessons=lessons_with_marks())
    cadre = make_member(cadre_level="中层正职")
    staff = make_member(cadre_level=None)

    def optional_titles(member) -> tuple[list[str], str]:
        page = login_as(member).get(f"/courses/{course.slug}").get_data(as_text=True)
        items = find_all(page, "li", class_="lesson-list__item")
        marked = [item.find("a").text for item in items
                  if any(badge.text == "选学" for badge in item.find_all("span", class_="badge"))]
        split = find_all(page, "p", class_="course-progress__split")
        return marked, split[0].text if split else ""

    assert optional_titles(cadre) == (["第三课（选学）"], "必学 2 课，选学 1 课")
    assert optional_titles(staff) == (["第二课（干部）", "第三课（选学）"], "必学 1 课，选学 2 课")
    page = course_page(staff, course, current(course), today=local_today(), now=now_utc())
    assert [lesson.key for lesson in page.required_lessons] == ["one"]


def test_the_reader_marks_an_optional_lesson(client, login_as):
    course = make_course(lessons=lessons_with_marks())
    staff = make_member(cadre_level=None)
    cadre = make_member(cadre_level="中层正职")
    page = login_as(staff).get(f"/courses/{course.slug}/lessons/two").get_data(as_text=True)
    [kicker] = find_all(page, "p", class_="reader__kicker")
    assert kicker.text.endswith("· 选学")
    assert [s.text for s in find_all(page, "span", class_="reader__optional")] == ["选学", "选学"]
    page = login_as(cadre).get(f"/courses/{course.slug}/lessons/two").get_data(as_text=True)
    assert "选学" not in find_all(page, "p", class_="reader__kicker")[0].text
    assert len(find_all(page, "span", class_="reader__optional")) == 1


def test_my_courses_counts_required_lessons(app):
    course = make_course(lessons=lessons_with_marks())
    staff = make_member(cadre_level=None)
    Reader(staff, course, "three").read(30)  # enrolled, nothing studied
    [entry] = my_courses(staff, today=local_today()).in_progress
    assert (entry.studied, entry.lesson_count) == (0, 1)


# -- the format ----------------------------------------------------------------------------

def lesson_file(front: str) -> str:
    return f"---\ntitle: 党员的权利\nminutes: 1\nkey: rights\n{front}---\n## 八项权利\n\n党员享有八项权利。\n"


def test_lesson_front_matter_optional_and_audience_are_read(tmp_path):
    write_course(tmp_path, files={
        "01-intro.md": lesson_file("optional: true\n").replace("key: rights\n", ""),
        "02-rights.md": lesson_file("audience:\n  cadre_level: [中层正职]\n  roles: trainer\n")})
    [course] = parse_path(tmp_path).courses
    assert course.problems == []
    intro, rights = course.content.lessons
    assert (intro.optional, intro.audience) == (True, {})
    assert (rights.optional, rights.audience) == (
        False, {"required": {"cadre_level": ["中层正职"], "roles": ["trainer"]}})


def test_lesson_front_matter_problems_are_reported_on_their_line(tmp_path):
    folder = write_course(tmp_path, files={
        "01-intro.md": lesson_file("optional: 是\n").replace("key: rights\n", ""),
        "02-rights.md": lesson_file("optional: true\naudience:\n  cadre_level: [中层正职]\n"
                                    "  party_level: [书记]\n")})
    [course] = parse_path(folder).courses
    found = [(Path(p.path).name, p.line, p.message) for p in course.problems]
    assert ("01-intro.md", 4, "optional 只能是 true（选学）或 false。") in found
    assert any(name == "02-rights.md" and line == 5 and "optional: true 与 audience" in message
               for name, line, message in found)
    assert any(name == "02-rights.md" and line == 8 and "party_level" in message
               for name, line, message in found)


def test_a_lesson_audience_that_is_not_a_mapping_is_a_problem(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": lesson_file("audience: [书记]\n")})
    [course] = parse_path(folder).courses
    assert [(p.line, "audience" in p.message) for p in course.problems] == [(5, True)], \
        course.problems


def test_optional_and_audience_round_trip_through_the_files(tmp_path):
    original = content("party-rules", lessons=lessons_with_marks())
    write_markdown_files(original, tmp_path / "party-rules")
    text = (tmp_path / "party-rules" / "two.md").read_text(encoding="utf-8")
    assert "audience:\n  cadre_level: [中层正职]\n" in text and "required" not in text
    assert "optional: true" in (tmp_path / "party-rules" / "three.md").read_text(encoding="utf-8")
    [parsed] = parse_path(tmp_path / "party-rules").courses
    assert parsed.problems == []
    assert [(lesson.optional, lesson.audience) for lesson in parsed.content.lessons] == [
        (False, {}), (False, CADRES), (True, {})]


def test_the_marks_change_the_content_hash_and_show_in_the_diff():
    old = content("party-rules", lessons=lessons_with_marks())
    lessons = list(old.lessons)
    lessons[2] = replace(lessons[2], optional=False)
    lessons[0] = replace(lessons[0], audience=CADRES)
    new = replace(old, lessons=lessons)
    assert content_hash(old) != content_hash(new)
    changes = {change.key: change.fields for change in diff_contents(old, new).lessons}
    assert [(f.label, f.old, f.new) for f in changes["three"]] == [("必学/选学", "选学", "必学")]
    assert [(f.label, f.old, f.new) for f in changes["one"]] == [
        ("必学/选学", "必学", "必学：干部级别：中层正职；其他人选学")]


def test_a_plain_lesson_hashes_as_before_the_marks_existed():
    plain = content("party-rules")
    marked = replace(plain, lessons=[replace(lesson, optional=False, audience={})
                                     for lesson in plain.lessons])
    assert content_hash(plain) == content_hash(marked)
    assert plain.lessons[0].marks == []


# -- the editor ----------------------------------------------------------------------------

def edit(**overrides):
    data = {"title": "党员的权利", "minutes": "1", "markdown": "正文", "video": "",
            "token": "", "audience_cadre_level": "", "audience_units": ""}
    data.update(overrides)
    return data


def test_the_editor_saves_optional_and_audience(client, login_as, post, org, course):
    login_as(org.trainer)
    url = f"/manage/courses/{course.slug}/lessons/rights/edit"
    response = post(url, edit(optional="y"))
    assert response.status_code == 302
    assert working_content(course).lessons[1].optional
    listing = client.get(f"/manage/courses/{course.slug}/lessons").get_data(as_text=True)
    assert [b.text for b in find_all(listing, "span", class_="badge") if "学" in b.text] == ["选学"]
    response = post(url, edit(audience_cadre_level="中层正职、中层副职",
                              audience_roles=["trainer"]))
    assert response.status_code == 302
    saved = working_content(course).lessons[1]
    assert not saved.optional
    assert saved.audience == {"required": {"cadre_level": ["中层正职", "中层副职"],
                                           "roles": ["trainer"]}}
    page = client.get(url).get_data(as_text=True)
    assert 'value="中层正职、中层副职"' in page


def test_the_editor_refuses_optional_with_an_audience(client, login_as, post, org, course):
    login_as(org.trainer)
    response = post(f"/manage/courses/{course.slug}/lessons/rights/edit",
                    edit(optional="y", audience_cadre_level="中层正职"))
    assert response.status_code == 422
    assert "不能再指定必学对象" in response.get_data(as_text=True)
    assert not working_content(course).lessons[1].optional

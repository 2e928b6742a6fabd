"""The catalogue: published courses, Chinese search over lesson text, filters, required
courses first with their due dates, and a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from learnhub.core.timeutil import local_today, now_utc
from learnhub.courses.assignments.models import CourseAssignment
from learnhub.courses.models import CourseStatus
from learnhub.extensions import db
from learnhub.org.models import PoliticalStatus
from tests.courses.learning_support import Reader, make_course, publish, required_seconds
from tests.factories import make_member, make_unit
from tests.html import find_all

PARTY_BUILDING = (
    ("basics", "支部工作基础", 10, "## 组织生活\n\n支部要按时开展组织生活。"),
    ("online", "互联网+党建", 10, "## 线上学习\n\n用好互联网+党建平台，推动党建工作上线。"),
)


def titles_in_order(page: str) -> list[str]:
    return [title.one("a").text for title in find_all(page, class_="course-card__title")]


def test_search_for_a_two_character_chinese_word_finds_lessons_that_contain_it(client, login_as):
    member = make_member()
    make_course(title="党员教育", lessons=PARTY_BUILDING, summary="支部工作方法。", tags=("支部",))
    make_course(title="廉洁从业", lessons=(("rules", "廉洁规定", 5, "遵守廉洁纪律。"),),
                summary="廉洁从业。", tags=("廉洁",), category="纪律")
    page = login_as(member).get("/courses?q=党建").get_data(as_text=True)
    assert titles_in_order(page) == ["党员教育"]
    assert "找到 1 门包含“党建”的课程" in page
    assert "互联网+党建" in page  # the lesson that matched, linked
    assert "/lessons/online" in page
    assert "用好互联网+<mark>党建</mark>平台" in page
    assert "/lessons/basics" not in page


def test_search_with_two_words_finds_courses_containing_both_anywhere(client, login_as):
    member = make_member()
    make_course(title="党员教育", lessons=PARTY_BUILDING, summary="支部工作方法。")
    make_course(title="廉洁从业", lessons=(("rules", "廉洁规定", 5, "遵守廉洁纪律。"),),
                summary="支部廉洁。")
    page = login_as(member).get("/courses?q=党建  组织生活").get_data(as_text=True)
    assert titles_in_order(page) == ["党员教育"]
    assert "找到 1 门包含“党建 组织生活”的课程" in page
    assert "<mark>组织生活</mark> 支部要按时开展组织生活" in page  # each lesson with either word
    assert "用好互联网+<mark>党建</mark>平台" in page


def test_search_treats_percent_and_underscore_literally(client, login_as):
    member = make_member()
    make_course(title="百分之百", lessons=(("a", "一课", 5, "完成率 100% 的支部。"),))
    make_course(title="另一门课", lessons=(("b", "一课", 5, "没有特殊字符。"),))
    client = login_as(member)
    assert titles_in_order(client.get("/courses?q=%25").get_data(as_text=True)) == ["百分之百"]
    assert titles_in_order(client.get("/courses?q=_").get_data(as_text=True)) == []


def one_lesson(text: str) -> tuple:
    return (("only", "唯一一课", 5, text),)


def test_a_longer_word_must_occur_as_written_not_just_its_character_pairs(client, login_as):
    """The bigram index narrows; the text confirms (党建 and 建党 are both in the first
    course, 党建党 is not)."""
    make_course(title="成对出现", lessons=one_lesson("抓党建工作，纪念建党百年。"))
    make_course(title="连续出现", lessons=one_lesson("以党建党，从严治党。"))
    page = login_as(make_member()).get("/courses?q=党建党").get_data(as_text=True)
    assert titles_in_order(page) == ["连续出现"]


def test_a_new_version_replaces_what_search_finds(client, login_as):
    course = make_course(title="考核办法", lessons=one_lesson("年度考核看实绩。"))
    publish(course, title="考核办法", lessons=one_lesson("述职评议看群众满意度。"))
    client = login_as(make_member())
    assert titles_in_order(client.get("/courses?q=实绩").get_data(as_text=True)) == []
    assert titles_in_order(client.get("/courses?q=满意").get_data(as_text=True)) == ["考核办法"]


def test_one_character_and_mixed_queries(client, login_as):
    make_course(title="廉洁从业", lessons=one_lesson("遵守廉洁纪律。"), summary="从业要求。", category="纪律",
                tags=("廉洁",))
    make_course(title="党员教育", lessons=one_lesson("学习党章，遵守纪律。"), summary="教育。", category="教育",
                tags=("教育",))
    client = login_as(make_member())
    assert titles_in_order(client.get("/courses?q=廉").get_data(as_text=True)) == ["廉洁从业"]
    assert titles_in_order(client.get("/courses?q=章 纪律").get_data(as_text=True)) == ["党员教育"]


def test_latin_words_match_in_any_case_with_their_lesson(client, login_as):
    make_course(title="质量管理", lessons=(("pdca", "PDCA 循环", 5, "按 PDCA 循环推进整改。"),))
    page = login_as(make_member()).get("/courses?q=pdca").get_data(as_text=True)
    assert titles_in_order(page) == ["质量管理"]
    assert "/lessons/pdca" in page and "按 <mark>PDCA</mark> 循环" in page


def test_unpublished_courses_are_not_listed(client, login_as):
    member = make_member()
    make_course(title="已发布课程")
    archived = make_course(title="已归档课程")
    archived.status = CourseStatus.ARCHIVED
    from learnhub.courses.publishing.services import create_course

    create_course("never-published", actor=None)
    db.session.flush()
    page = login_as(member).get("/courses").get_data(as_text=True)
    assert titles_in_order(page) == ["已发布课程"]


def test_filter_by_category_and_tag(client, login_as):
    member = make_member()
    make_course(title="党章课", category="党章党规", tags=("党章",))
    make_course(title="纪律课", category="纪律", tags=("廉洁", "党章"))
    client = login_as(member)
    assert titles_in_order(client.get("/courses?category=纪律").get_data(as_text=True)) == ["纪律课"]
    assert sorted(titles_in_order(client.get("/courses?tag=党章").get_data(as_text=True))) == [
        "党章课", "纪律课"]
    assert titles_in_order(client.get("/courses?tag=廉洁&category=党章党规")
                           .get_data(as_text=True)) == []


def test_required_courses_come_first_soonest_due_first_with_status_words(client, login_as):
    branch = make_unit(make_unit())
    member = make_member(branch, political_status=PoliticalStatus.MASSES.value)
    today = local_today()
    make_course(title="A 选修课")
    later = make_course(title="B 晚些到期")
    soon = make_course(title="C 即将到期")
    overdue = make_course(title="D 已逾期")
    for course, days in ((later, 30), (soon, 3), (overdue, -1)):
        db.session.add(CourseAssignment(course_id=course.id, unit_id=branch.parent_id,
                                        due_on=today + timedelta(days=days)))
    make_course(title="E 党员必修", audience={"required": {"political_status": ["群众"]}})
    db.session.flush()
    page = login_as(member).get("/courses").get_data(as_text=True)
    assert titles_in_order(page) == ["D 已逾期", "C 即将到期", "B 晚些到期", "E 党员必修", "A 选修课"]
    assert len(find_all(page, "span", text="必修")) == 4
    assert "已逾期" in page and "即将到期" in page
    assert "选修" in page


def test_the_catalogue_shows_my_progress_and_completion(client, login_as):
    member = make_member()
    started = make_course(title="学了一半", lessons=(("a", "一", 1, "x"), ("b", "二", 1, "y")))
    done = make_course(title="已学完", lessons=(("a", "一", 1, "x"),))
    Reader(member, started, "a").read(required_seconds(1))
    Reader(member, done, "a", at=now_utc() + timedelta(minutes=5)).read(required_seconds(1))
    page = login_as(member).get("/courses").get_data(as_text=True)
    assert "1 / 2 课" in page
    assert "完成（第 1 版）" in page


def _count_catalogue_queries(client, count_queries, n_courses: int) -> int:
    for i in range(n_courses):
        course = make_course(title=f"课程{i:02d}", tags=("党章", f"标签{i}"),
                             audience={"required": {"units": ["NOPE"]}} if i % 2 else None)
        db.session.add(CourseAssignment(course_id=course.id, unit_id=course.owner_unit_id or
                                        make_unit().id, due_on=local_today()))
    db.session.flush()
    client.get("/courses?q=党")  # warm up (grants cache, templates)
    with count_queries() as queries:
        assert client.get("/courses?q=党").status_code == 200
    return len(queries)


def test_catalogue_query_count_does_not_grow_with_the_number_of_courses(client, login_as, app,
                                                                        count_queries):
    member = make_member()
    client = login_as(member)
    few = _count_catalogue_queries(client, count_queries, 5)
    many = _count_catalogue_queries(client, count_queries, 15)
    assert few == many
    assert few <= 12  # 14 with the test's SAVEPOINT and ROLLBACK, which the old count included

"""The course page and the lesson reader: what the learner sees, resume, heartbeats over
HTTP, access to unpublished courses, and a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import func, select

from learnhub.courses.models import CourseStatus
from learnhub.courses.study.models import ActiveStudy, CourseCompletion, LessonProgress
from learnhub.extensions import db
from learnhub.org.models import Role
from learnhub.records.models import LedgerEntry
from tests.conftest import csrf_token
from tests.courses.learning_support import (
    Reader,
    make_course,
    publish,
    reader_data,
    required_seconds,
)
from tests.factories import make_member
from tests.html import find, find_all, one

LESSONS = (
    ("intro", "导言", 10, "## 为什么学\n\n基层党建是企业的根基。\n\n## 怎么学\n\n逐课阅读。"),
    ("rights", "党员的权利", 5, "## 八项权利\n\n党员享有八项权利。"),
    ("duties", "党员的义务", 5, "## 八项义务\n\n党员必须履行八项义务。"),
)


def test_course_page_shows_lessons_progress_and_what_remains(client, login_as):
    member = make_member()
    course = make_course(title="党章学习", lessons=LESSONS)
    Reader(member, course, "rights").read(required_seconds(5))
    page = login_as(member).get(f"/courses/{course.slug}").get_data(as_text=True)
    assert one(page, "h1").text == "党章学习"
    assert "1 / 3 课" in page
    assert "还需学习：导言、党员的义务" in page
    assert page.count("已学完") == 1
    assert "10 分钟" in page
    assert one(page, "a", text="继续学习")["href"] == f"/courses/{course.slug}/lessons/rights"


def test_lesson_page_serves_the_stored_html_with_contents_and_neighbours(client, login_as):
    member = make_member()
    course = make_course(title="党章学习", lessons=LESSONS)
    response = login_as(member).get(f"/courses/{course.slug}/lessons/rights")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert one(page, "h1").text == "党员的权利"
    assert "党员享有八项权利。" in page
    # the lesson's table of contents
    assert find(page, "a", href="#_1") or find(page, "a", text="八项权利")
    assert one(page, "a", rel="prev")["href"] == f"/courses/{course.slug}/lessons/intro"
    assert one(page, "a", rel="next")["href"] == f"/courses/{course.slug}/lessons/duties"
    assert "已学习 0 / 5 分钟" in page
    assert not find_all(page, "script", src=False) and not find_all(page, style=True)
    assert "js/reader.js" in page
    data = reader_data(page)
    assert data["heartbeat-url"] == "/study/heartbeat"
    assert data["required"] == str(required_seconds(5)) and data["video"] == "false"
    assert len(data["token"]) >= 32


def test_reading_over_http_counts_time_and_resumes_after_a_reload(open_lesson):
    course = make_course(lessons=LESSONS)
    lesson = open_lesson(course, "rights")
    response = lesson.beat(1, resume=True)
    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"
    db.session.execute(select(ActiveStudy))  # rewind the last beat by 20 s, as if time passed
    active = db.session.get(ActiveStudy, lesson.member.id)
    from datetime import timedelta

    active.last_beat_at -= timedelta(seconds=20)
    db.session.flush()
    body = lesson.beat(2).get_json()
    assert body["status"] == "ok" and body["credited"] in (20, 21) and body["seconds"] >= 20
    page = lesson.client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert one(page, "a", text="继续学习")["href"] == f"/courses/{course.slug}/lessons/rights"
    again = open_lesson(course, "rights", lesson.member)
    assert int(again.data["seconds"]) == body["seconds"]


def test_a_heartbeat_from_a_tab_that_lost_the_lesson_says_elsewhere(open_lesson):
    course = make_course(lessons=LESSONS)
    first = open_lesson(course, "intro")
    assert first.beat(1, resume=True).get_json()["status"] == "ok"
    second = open_lesson(course, "rights", first.member)
    assert second.beat(1, resume=True).get_json()["status"] == "ok"
    assert first.beat(2).get_json() == {"status": "elsewhere"}


def test_the_lesson_page_reads_with_two_statements_whatever_the_course(client, login_as,
                                                                       count_queries):
    """The member with their grants; the course, its current version and every lesson
    with the member's time on it (learnhub.courses.study.lesson_page; docs/performance.md)."""
    member = make_member(roles=(Role.TRAINER,))
    client = login_as(member)
    counts = []
    more = LESSONS + tuple((f"extra-{n}", f"补充 {n}", 5, "补充内容。") for n in range(6))
    for lessons in (LESSONS, more):
        course = make_course(lessons=lessons)
        with count_queries() as queries:
            page = client.get(f"/courses/{course.slug}/lessons/rights")
        assert page.status_code == 200 and "reader__article" in page.get_data(as_text=True)
        counts.append(len(queries.selects))
    assert counts == [2, 2]


def test_a_heartbeat_does_not_wait_for_the_disk_on_postgresql(open_lesson, count_queries):
    """synchronous_commit off for the beat's transaction only (core.transactions)."""
    lesson = open_lesson(make_course(lessons=LESSONS), "rights")
    with count_queries() as queries:
        body = lesson.beat(1, resume=True).get_json()
    assert body["status"] == "ok"
    relaxed = [s for s in queries.statements if "synchronous_commit" in s]
    if db.session.get_bind().dialect.name == "postgresql":
        assert relaxed == ["SET LOCAL synchronous_commit TO OFF"]
    else:
        assert relaxed == []


def test_viewing_a_lesson_page_writes_nothing_until_its_first_heartbeat(open_lesson,
                                                                        count_queries):
    member = make_member()
    course = make_course(lessons=LESSONS)
    with count_queries() as queries:
        lesson = open_lesson(course, "rights", member)
    assert not queries.writes
    assert db.session.get(ActiveStudy, member.id) is None
    body = lesson.beat(1, resume=True).get_json()
    assert body["status"] == "ok" and body["credited"] == 0
    assert db.session.get(ActiveStudy, member.id).lesson_key == "rights"
    course_page = lesson.client.get(f"/courses/{course.slug}").get_data(as_text=True)
    assert one(course_page, "a", text="继续学习")["href"] == \
        f"/courses/{course.slug}/lessons/rights"


def test_heartbeat_without_csrf_token_is_refused(reader):
    response = reader.beat(1, headers={})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "csrf_failed"


def test_a_malformed_heartbeat_is_a_400_with_a_json_error(client, login_as):
    client = login_as(make_member())
    headers = {"X-CSRFToken": csrf_token(client), "Accept": "application/json"}
    for body in ({"token": "x", "seq": "1"}, {"token": "x", "seq": 0}, {"seq": 1},
                 {"token": "x", "seq": True}, [1, 2]):
        response = client.post("/study/heartbeat", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.get_json()["error"]["code"] == "bad_heartbeat"


def test_the_final_heartbeat_posted_twice_credits_the_course_once(open_lesson):
    course = make_course(lessons=(("only", "唯一一课", 1, "内容"),), credit_hours="1")
    lesson = open_lesson(course, "only")
    lesson.beat(1, resume=True)  # the page's first beat makes it the active one
    progress = db.session.scalar(select(LessonProgress))
    progress.seconds_studied = required_seconds(1) - 5
    active = db.session.get(ActiveStudy, lesson.member.id)
    from datetime import timedelta

    active.last_beat_at -= timedelta(seconds=10)
    db.session.flush()
    first = lesson.beat(7).get_json()
    second = lesson.beat(7).get_json()
    assert first["studied"] and first["course_completed"]
    assert second == {"status": "ignored"}
    assert db.session.scalar(select(func.count()).select_from(CourseCompletion)) == 1
    assert db.session.scalar(select(func.count()).select_from(LedgerEntry)) == 1
    credits = lesson.client.get("/me/credits").get_data(as_text=True)
    assert course.title in credits


def test_draft_archived_and_unknown_courses_and_lessons_are_404(client, login_as):
    from learnhub.courses.publishing.services import create_course

    member = make_member()
    draft = create_course("draft-only", actor=None)
    archived = make_course(lessons=LESSONS)
    archived.status = CourseStatus.ARCHIVED
    published = make_course(lessons=LESSONS)
    db.session.flush()
    client = login_as(member)
    for url in (f"/courses/{draft.slug}", f"/courses/{archived.slug}",
                f"/courses/{archived.slug}/lessons/intro", "/courses/nope",
                f"/courses/{published.slug}/lessons/nope"):
        assert client.get(url).status_code == 404, url


def test_a_lesson_removed_in_a_new_version_is_404_but_its_progress_stays(client, login_as):
    member = make_member()
    course = make_course(lessons=LESSONS)
    Reader(member, course, "duties").read(60)
    publish(course, lessons=LESSONS[:2])
    client = login_as(member)
    assert client.get(f"/courses/{course.slug}/lessons/duties").status_code == 404
    assert db.session.scalar(select(LessonProgress.seconds_studied).where(
        LessonProgress.lesson_key == "duties")) == 60


def test_lesson_page_and_heartbeat_use_a_fixed_small_number_of_queries(client, login_as,
                                                                       count_queries):
    member = make_member()
    small = make_course(lessons=LESSONS[:1])
    large = make_course(lessons=LESSONS + tuple((f"k{i}", f"课{i}", 5, "文字") for i in range(20)))
    warm = make_course(lessons=LESSONS[:1])
    client = login_as(member)
    client.get(f"/courses/{warm.slug}/lessons/intro")
    counts = []
    for slug in (small.slug, small.slug, large.slug, large.slug):
        with count_queries() as queries:
            page = client.get(f"/courses/{slug}/lessons/intro").get_data(as_text=True)
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2] == counts[3] <= 4  # reads
    token = reader_data(page)["token"]
    headers = {"X-CSRFToken": csrf_token(client), "Accept": "application/json"}
    client.post("/study/heartbeat", json={"token": token, "seq": 1, "resume": True},
                headers=headers)  # the first beat makes the page the active one
    with count_queries() as queries:
        client.post("/study/heartbeat", json={"token": token, "seq": 2}, headers=headers)
    assert len(queries) <= 4  # member, active+progress, two updates


def test_a_heartbeat_that_credits_time_runs_the_usual_statements_only(reader, count_queries):
    """The usual beat: the member, the active study with its progress and its course's
    status (one statement), the compare-and-set on the active row, the progress update."""
    reader.beat(1, resume=True)
    from datetime import timedelta

    active = db.session.get(ActiveStudy, reader.member.id)
    active.last_beat_at -= timedelta(seconds=15.6)
    db.session.flush()
    headers = {"X-CSRFToken": csrf_token(reader.client)}
    with count_queries() as queries:
        body = reader.beat(2, headers=headers).get_json()
    assert body["status"] == "ok" and body["credited"] == 15
    sent = [verb for verb in queries.verbs if verb != "SET"]  # SET: PostgreSQL's durability
    assert sent == ["SELECT", "SELECT", "UPDATE", "UPDATE"], queries.sent

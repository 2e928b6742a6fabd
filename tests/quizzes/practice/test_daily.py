"""每日一练: a stored set per member and day from the banks of required courses, the same
all day, made once even by two first requests at once, and the streak."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from learnhub.extensions import db
from learnhub.quizzes.models import Question
from learnhub.quizzes.practice import daily, services
from learnhub.quizzes.practice.models import DailySet, PracticeItem
from tests.courses.learning_support import make_course
from tests.factories import make_member
from tests.html import find_all
from tests.quizzes.builders import judge, make_quiz, single
from tests.racing import held_before_insert, logged_in, race

NOON_SHANGHAI = datetime(2026, 5, 4, 4, 0, tzinfo=UTC)  # 12:00 in Asia/Shanghai


SHORT = (("one", "第一课", 1, "党建第一课。"),)


def course_with_quiz(slug: str, count: int = 5, **course):
    made = make_course(slug, lessons=SHORT, **course)
    make_quiz(f"{slug}-quiz", [single(f"{slug}{i}") for i in range(count)], course=made)
    return made


def keys_of(day_set: DailySet) -> set[str]:
    return set(db.session.scalars(select(Question.key).where(
        Question.id.in_([item.question_id for item in day_set.items]))))


def answer_all(member, day_set: DailySet, now: datetime) -> None:
    for item in day_set.items:
        right = item.question_version.spec().choices
        index = next(i for i, c in enumerate(right) if c.correct)
        services.answer(item, [str(item.choice_order.index(index))], now=now,
                        today=day_set.day)


def test_the_set_is_made_once_and_is_the_same_all_day(app):
    member = make_member()
    course_with_quiz("party-a")
    first = daily.todays_set(member, now=NOON_SHANGHAI)
    again = daily.todays_set(member, now=NOON_SHANGHAI + timedelta(hours=10))  # 22:00
    assert first is not None and again is not None and first.id == again.id
    assert [i.question_id for i in first.items] == [i.question_id for i in again.items]
    assert first.size == len(first.items) == 3  # LEARNHUB_DAILY_PRACTICE_QUESTIONS default
    tomorrow = daily.todays_set(member, now=NOON_SHANGHAI + timedelta(days=1))
    assert tomorrow is not None and tomorrow.id != first.id


def test_questions_come_from_the_required_courses_banks(app):
    member = make_member()
    course_with_quiz("elective")
    course_with_quiz("required", audience={"required": {"political_status": ["中共党员"]}})
    day_set = daily.todays_set(member, now=NOON_SHANGHAI)
    keys = keys_of(day_set)
    assert keys and all(key.startswith("required") for key in keys), keys


def test_without_required_courses_every_course_quiz_bank_counts(app):
    member = make_member()
    course_with_quiz("elective", count=2)
    make_quiz("no-course", [judge("j1"), judge("j2")])
    day_set = daily.todays_set(member, now=NOON_SHANGHAI)
    assert keys_of(day_set) == {"elective0", "elective1"}


def test_the_day_is_the_members_own(app):
    """04:30 UTC is the 4th in Shanghai and still the 3rd in New York."""
    shanghai = make_member()
    new_york = make_member(timezone="America/New_York")
    course_with_quiz("party-a")
    moment = datetime(2026, 5, 4, 3, 30, tzinfo=UTC)
    assert daily.todays_set(shanghai, now=moment).day == date(2026, 5, 4)
    assert daily.todays_set(new_york, now=moment).day == date(2026, 5, 3)


def test_streak_counts_consecutive_complete_days_in_the_members_zone(app):
    member = make_member(timezone="America/New_York")
    course_with_quiz("party-a")
    start = datetime(2026, 5, 1, 14, 0, tzinfo=UTC)  # 10:00 in New York
    for offset in range(3):  # the 1st, 2nd and 3rd, all answered
        now = start + timedelta(days=offset)
        answer_all(member, daily.todays_set(member, now=now), now)
    assert daily.streak(member.id, date(2026, 5, 3)) == 3
    # The 4th not yet answered: the day isn't over, the streak holds.
    assert daily.streak(member.id, date(2026, 5, 4)) == 3
    # The 4th passed without answers: on the 5th the streak is gone.
    assert daily.streak(member.id, date(2026, 5, 5)) == 0
    # Late on the 3rd in New York is already the 4th in UTC: it still counts the 3rd.
    late = datetime(2026, 5, 4, 3, 0, tzinfo=UTC)
    assert daily.member_day(member, late) == date(2026, 5, 3)


def test_a_partly_answered_day_breaks_the_streak(app):
    member = make_member()
    course_with_quiz("party-a")
    day1 = NOON_SHANGHAI
    answer_all(member, daily.todays_set(member, now=day1), day1)
    day2 = daily.todays_set(member, now=day1 + timedelta(days=1))
    first = day2.items[0]
    services.answer(first, [str(first.choice_order[0])], now=day1 + timedelta(days=1),
                    today=day2.day)
    day3 = day1 + timedelta(days=2)
    answer_all(member, daily.todays_set(member, now=day3), day3)
    assert daily.streak(member.id, day3.date()) == 1


def test_yesterdays_questions_cannot_be_answered_today(app):
    member = make_member()
    course_with_quiz("party-a")
    day_set = daily.todays_set(member, now=NOON_SHANGHAI)
    item = day_set.items[0]
    try:
        services.answer(item, ["0"], now=NOON_SHANGHAI + timedelta(days=1),
                        today=day_set.day + timedelta(days=1))
    except services.ItemExpired:
        pass
    else:
        raise AssertionError("an old day's question was answered")


def test_daily_page_answers_one_by_one_without_the_answer_before(client, login_as, post):
    member = make_member()
    course_with_quiz("party-a")
    login_as(member)
    page = client.get("/quizzes/daily").get_data(as_text=True)
    assert "第 1 / 3 题" in page and "正确答案" not in page and "回答正确" not in page
    [form] = find_all(page, "form", class_="practice-question")
    answered = post(form["action"], {"answer": "0"})
    assert answered.status_code == 303
    result = client.get(answered.headers["Location"]).get_data(as_text=True)
    assert "继续每日一练" in result and ("回答正确" in result or "回答错误" in result)
    assert "第 2 / 3 题" in client.get("/quizzes/daily").get_data(as_text=True)


def test_home_panel_shows_the_streak_and_todays_state(client, login_as, count_queries):
    member = make_member()
    course_with_quiz("party-a")
    login_as(member)
    home = client.get("/").get_data(as_text=True)
    assert "每日一练 · 连续 0 天" in home and "今日未开始" in home
    assert find_all(home, "a", href="/quizzes/daily")
    client.get("/quizzes/daily")
    home = client.get("/").get_data(as_text=True)
    assert "今日进行中" in home and "0 / 3 题" in home
    db.session.refresh(member)
    with count_queries() as queries:
        daily.daily_panel(member, now=NOON_SHANGHAI)
    assert len(queries) == 2


def test_the_daily_page_costs_the_same_with_more_courses(client, login_as, count_queries):
    member = make_member()
    course_with_quiz("party-a")
    login_as(member)
    client.get("/quizzes/daily")
    with count_queries() as few:
        client.get("/quizzes/daily")
    for n in range(3):
        course_with_quiz(f"more-{n}")
    with count_queries() as many:
        client.get("/quizzes/daily")
    assert len(few) == len(many)


def test_two_first_requests_at_once_make_one_set(racing_app):
    with racing_app.app_context():
        member = make_member()
        course_with_quiz("race-course")
        db.session.commit()
        member_id, login = member.id, member.get_id()
    clients = [logged_in(racing_app, login) for _ in range(2)]
    with held_before_insert(DailySet):
        pages = race(*(lambda c=c: c.get("/quizzes/daily") for c in clients))
    assert [p.status_code for p in pages] == [200, 200]
    with racing_app.app_context():
        [day_set] = db.session.scalars(select(DailySet).where(DailySet.member_id == member_id))
        items = db.session.scalars(select(PracticeItem).where(
            PracticeItem.daily_set_id == day_set.id)).all()
        assert len(items) == 3
    forms = [find_all(p.get_data(as_text=True), "form", class_="practice-question")[0]["action"]
             for p in pages]
    assert forms[0] == forms[1]

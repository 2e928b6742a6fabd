from datetime import date

import pytest

from learnhub.core.timeutil import local_today
from learnhub.org.models import Role
from learnhub.records.services import credit, reverse
from tests.factories import make_credit, make_member, make_unit
from tests.html import one
from tests.transcripts.builders import close_year, make_rule

THIS_YEAR = local_today().year


def _credit(member, title, hours, *, kind="course", occurred_on=None):
    return credit(member, kind=kind, source_type="test", source_id=title, credit_hours=hours,
                  occurred_on=occurred_on or date(THIS_YEAR, 3, 1), note=title)


def test_my_page_shows_my_entries_by_source_against_the_requirement(client, login_as):
    make_rule(THIS_YEAR, total="10", online="3", name="党员学时要求")
    member, other = make_member(), make_member()
    _credit(member, "党章学习", "1.5")
    _credit(member, "支部党员大会", "2", kind="meeting")
    _credit(other, "别人的记录", "7")
    login_as(member)
    page = client.get("/me/credits").get_data(as_text=True)
    assert "党章学习" in page and "支部党员大会" in page and "别人的记录" not in page
    assert one(page, data_testid="year-total").text == "已完成 3.5 / 要求 10 学时"
    assert "未达标" in one(page, data_testid="standing").text
    assert "还需 6.5 学时" in page and "网络学习还需 1.5 学时" in page
    assert "党员学时要求" in page
    assert one(page, data_testid="grand-total").text == "3.5"
    from tests.html import find_all
    assert [h.text for h in find_all(page, "h3", data_testid="source-heading")] == [
        "课程学习：1.5 学时", "组织生活：2 学时"]


def test_a_correction_is_shown_with_its_reason(client, login_as):
    member, admin = make_member(), make_member()
    wrong = _credit(member, "重复的培训", "4", kind="manual")
    reverse(wrong, actor=admin, reason="重复登记", occurred_on=date(THIS_YEAR, 4, 1))
    login_as(member)
    page = client.get("/me/credits").get_data(as_text=True)
    row = one(page, data_testid="correction")
    assert "更正" in row.text and "重复登记" in row.text and "-4" in row.text
    assert one(page, data_testid="grand-total").text == "0"


def test_all_years_and_the_empty_state(client, login_as):
    member = make_member()
    _credit(member, "去年的课", "2", occurred_on=date(THIS_YEAR - 1, 5, 1))
    login_as(member)
    assert "还没有学时记录" in client.get("/me/credits").get_data(as_text=True)
    everything = client.get("/me/credits?year=all").get_data(as_text=True)
    assert "去年的课" in everything and one(everything, data_testid="grand-total").text == "2"


@pytest.mark.parametrize("year", ["99999999999999999999", "-1", "12345", "x"])
def test_an_odd_year_shows_this_year(client, login_as, year):
    login_as(make_member())
    response = client.get(f"/me/credits?year={year}")
    assert response.status_code == 200
    assert f"{THIS_YEAR} 年还没有学时记录" in response.get_data(as_text=True)


def test_a_manager_opens_transcripts_in_their_subtree_only(client, login_as):
    root = make_unit()
    mine, theirs = make_unit(root), make_unit(root)
    manager = make_member(mine, roles=(Role.MANAGER,))
    inside, outside = make_member(mine), make_member(theirs)
    retired = make_member(mine, active=False)
    _credit(retired, "停用前的学习", "3")
    login_as(manager)
    assert client.get(f"/members/{inside.id}/transcript").status_code == 200
    assert client.get(f"/members/{outside.id}/transcript").status_code == 404
    kept = client.get(f"/members/{retired.id}/transcript").get_data(as_text=True)
    assert "停用前的学习" in kept and "已停用" in kept


def test_a_learner_cannot_open_another_members_transcript(client, login_as):
    unit = make_unit()
    learner, colleague = make_member(unit), make_member(unit)
    login_as(learner)
    assert client.get(f"/members/{colleague.id}/transcript").status_code == 404
    assert client.get(f"/members/{learner.id}/transcript").status_code == 200
    assert client.get("/members/999999/transcript").status_code == 404


def test_the_year_list_offers_last_year_and_the_year_shown(client, login_as):
    login_as(make_member())
    page = client.get("/me/credits").get_data(as_text=True)
    options = [o.get("value") for o in one(page, id="year").find_all("option")]
    assert options == [str(THIS_YEAR), str(THIS_YEAR - 1), "all"]
    page = client.get(f"/me/credits?year={THIS_YEAR - 5}").get_data(as_text=True)
    chosen = one(page, id="year").find("option", selected=True)
    assert chosen is not None and chosen.get("value") == str(THIS_YEAR - 5)


def test_a_closed_year_says_so(client, login_as):
    close_year(THIS_YEAR - 1)
    login_as(make_member())
    page = client.get(f"/me/credits?year={THIS_YEAR - 1}").get_data(as_text=True)
    assert one(page, data_testid="year-closed") is not None


def test_the_home_page_summarises_the_year(client, login_as):
    make_rule(THIS_YEAR, total="32")
    member = make_member()
    make_credit(member, "4.5", kind="course", occurred_on=date(THIS_YEAR, 2, 1))
    login_as(member)
    page = client.get("/").get_data(as_text=True)
    assert one(page, data_testid="home-standing").text == "本年度已完成 4.5 / 要求 32 学时"


def test_required_courses_of_the_rules_show_done_and_pending(client, login_as):
    from learnhub.courses.study.models import CourseCompletion
    from learnhub.extensions import db
    from tests.courses.learning_support import current, make_course

    done, pending = make_course(title="党章学习"), make_course(title="条例学习")
    make_rule(THIS_YEAR, total="1", course_ids=[done.id, pending.id])
    member = make_member()
    db.session.add(CourseCompletion(member_id=member.id, course_id=done.id,
                                    version_id=current(done).id))
    db.session.flush()
    login_as(member)
    page = client.get("/me/credits").get_data(as_text=True)
    rows = [row.text for row in one(page, "table").find_all("tr")[1:]]
    assert "条例学习" in rows[0] and "未完成" in rows[0] and f"{THIS_YEAR}年12月31日" in rows[0]
    assert "党章学习" in rows[1] and "已完成" in rows[1]
    next_steps = one(page, "section", aria_labelledby="next-heading").text
    assert "完成必修课程 条例学习" in next_steps and "党章学习" not in next_steps


def test_the_page_downloads_what_it_shows(client, login_as):
    import json

    from tests.html import find_all

    member = make_member()
    _credit(member, "=危险的标题", "2.5")
    _credit(member, "去年的课", "1", occurred_on=date(THIS_YEAR - 1, 5, 1))
    login_as(member)
    page = client.get(f"/me/credits?year={THIS_YEAR}").get_data(as_text=True)
    links = [a["href"] for a in find_all(one(page, data_testid="downloads"), "a")]
    assert links == [f"/me/transcript.pdf?year={THIS_YEAR}", f"/me/transcript.csv?year={THIS_YEAR}",
                     f"/me/transcript.json?year={THIS_YEAR}"]
    csv_file = client.get(links[1])
    text = csv_file.get_data().decode("utf-8")
    assert text.startswith("\ufeff") and "'=危险的标题" in text and "去年的课" not in text
    assert "attachment" in csv_file.headers["Content-Disposition"]
    data = json.loads(client.get(links[2]).get_data())
    assert data["total"] == "2.50" and data["year"] == THIS_YEAR
    everything = json.loads(client.get("/me/transcript.json?year=all").get_data())
    assert everything["total"] == "3.50" and everything["year"] is None


def test_a_manager_downloads_only_in_scope(client, login_as):
    root = make_unit()
    mine, theirs = make_unit(root), make_unit(root)
    manager = make_member(mine, roles=(Role.MANAGER,))
    inside, outside = make_member(mine), make_member(theirs)
    login_as(manager)
    assert client.get(f"/members/{inside.id}/transcript.csv").status_code == 200
    assert client.get(f"/members/{outside.id}/transcript.json").status_code == 404
    page = client.get(f"/members/{inside.id}/transcript").get_data(as_text=True)
    assert f"/members/{inside.id}/transcript.pdf?year={THIS_YEAR}" in page


def test_the_member_page_of_the_org_links_to_the_transcript(client, login_as):
    unit = make_unit()
    manager, member = make_member(unit, roles=(Role.MANAGER,)), make_member(unit)
    login_as(manager)
    page = client.get(f"/admin/members/{member.id}").get_data(as_text=True)
    assert f'href="/members/{member.id}/transcript"' in page

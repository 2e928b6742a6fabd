"""必修 rules reach only inside the course's owner unit: a branch trainer's rule by political
status, cadre level or role never makes a course required in another branch."""

from __future__ import annotations

from learnhub.core.timeutil import local_today, now_utc
from learnhub.courses.publishing.services import course_by_slug, sync
from learnhub.courses.study.course_page import course_page, published_course
from learnhub.courses.study.my_courses import my_courses
from learnhub.org.models import PoliticalStatus, Role
from tests.courses.builders import COURSE_MD, write_course
from tests.courses.editor_support import make_org
from tests.courses.test_editor_drafts import details
from tests.factories import make_member, make_unit

SLUG = "branch-rule"
PARTY = PoliticalStatus.MEMBER.value
MASSES = PoliticalStatus.MASSES.value


def required_for(member, slug: str = SLUG) -> bool:
    """Whether the course is 必修 for the member, asked of both the course page and the
    lists (我的课程, the catalogue and the home panel read the same rows)."""
    course, version = published_course(slug)
    on_page = course_page(member, course, version, today=local_today(),
                          now=now_utc()).obligation is not None
    listed = any(entry.slug == slug and entry.obligation is not None
                 for entry in my_courses(member, today=local_today()).required_not_started)
    assert on_page == listed
    return on_page


def branch_trainer_publishes(login_as, post, org, **audience) -> None:
    """The branch trainer makes a course whose 必修对象 is `audience`, and publishes it."""
    login_as(org.trainer)
    assert post("/manage/courses/new", {"slug": SLUG, "title": "支部课程",
                                        "owner_unit": org.branch.code}).status_code == 302
    assert post(f"/manage/courses/{SLUG}/edit",
                details(org.branch, title="支部课程", **audience)).status_code == 302
    assert post(f"/manage/courses/{SLUG}/lessons", {"title": "一", "minutes": "5"}).status_code == 302
    assert post(f"/manage/courses/{SLUG}/lessons/lesson-1/edit",
                {"title": "一", "minutes": "5", "markdown": "正文", "video": "",
                 "token": ""}).status_code == 302
    response = post(f"/manage/courses/{SLUG}/publish", {})
    assert response.headers["Location"].endswith(f"/manage/courses/{SLUG}/versions")


def test_a_branch_trainers_political_status_rule_stays_inside_the_branch(client, login_as, post):
    org = make_org()
    inside = make_member(org.branch, political_status=PARTY)
    outside = make_member(org.other_branch, political_status=PARTY)
    elsewhere = make_member(make_unit(make_unit(org.root)), political_status=PARTY)
    branch_trainer_publishes(login_as, post, org, audience_political_status=[PARTY])
    assert required_for(inside)
    assert not required_for(outside)
    assert not required_for(elsewhere)


def test_a_branch_trainers_cadre_level_and_role_rules_stay_inside_the_branch(
        client, login_as, post):
    org = make_org()
    branch_trainer_publishes(login_as, post, org, audience_political_status=[],
                             audience_cadre_level="中层正职", audience_roles=["manager"])
    cadre_in = make_member(org.branch, political_status=MASSES, cadre_level="中层正职")
    cadre_out = make_member(org.other_branch, political_status=MASSES, cadre_level="中层正职")
    manager_out = make_member(org.other_branch, political_status=MASSES,
                              roles=(Role.MANAGER,))
    manager_in = make_member(org.branch, political_status=MASSES, roles=(Role.MANAGER,))
    assert required_for(cadre_in) and required_for(manager_in)
    assert not required_for(cadre_out) and not required_for(manager_out)


def test_a_rule_follows_the_owner_unit_when_a_trainer_above_moves_the_course(
        client, login_as, post):
    org = make_org()
    branch_trainer_publishes(login_as, post, org, audience_political_status=[PARTY])
    inside, outside = (make_member(org.branch, political_status=PARTY),
                       make_member(org.other_branch, political_status=PARTY))
    login_as(make_member(org.root, roles=(Role.TRAINER,)))
    assert post(f"/manage/courses/{SLUG}/edit",
                details(org.root, title="支部课程", audience_political_status=[PARTY])
                ).status_code == 302
    assert post(f"/manage/courses/{SLUG}/publish", {}).status_code == 302
    assert required_for(inside) and required_for(outside)


def test_the_editor_refuses_required_units_outside_the_owner_unit(client, login_as, post):
    root = make_unit(code="ROOT")
    general = make_unit(root, name="第一党总支")
    first, second = make_unit(general, name="第一党支部"), make_unit(general, name="第二党支部")
    trainer = make_member(general, roles=(Role.TRAINER,))
    login_as(trainer)
    assert post("/manage/courses/new", {"slug": SLUG, "title": "总支课程",
                                        "owner_unit": first.code}).status_code == 302
    response = post(f"/manage/courses/{SLUG}/edit",
                    details(first, audience_political_status=[], audience_units=second.code))
    assert response.status_code == 422
    assert f"组织 {second.code} 不在课程的归属组织 {first.code} 之内" in response.get_data(as_text=True)
    response = post(f"/manage/courses/{SLUG}/edit",
                    details(general, audience_political_status=[], audience_units=second.code))
    assert response.status_code == 302


def test_a_synced_course_owned_by_a_branch_is_required_only_inside_it(tmp_path):
    root = make_unit(code="ROOT")
    branch, other = make_unit(root, code="GB01-B01"), make_unit(root, code="GB01-B02")
    write_course(tmp_path, "by-root")
    write_course(tmp_path, "by-branch", files={"course.md": COURSE_MD.replace(
        "credit_hours: 1.5\n", "credit_hours: 1.5\nowner_unit: GB01-B01\n")})
    assert not sync(tmp_path).problems
    inside, outside = (make_member(branch, political_status=PARTY),
                       make_member(other, political_status=PARTY))
    assert required_for(inside, "by-root") and required_for(outside, "by-root")
    assert required_for(inside, "by-branch") and not required_for(outside, "by-branch")


def test_content_check_reports_required_units_outside_the_owner_unit(tmp_path):
    root = make_unit(code="ROOT")
    make_unit(root, code="GB01-B01")
    make_unit(root, code="GB01-B02")
    write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "credit_hours: 1.5\n", "credit_hours: 1.5\nowner_unit: GB01-B01\n").replace(
        "    political_status: [中共党员, 中共预备党员]", "    units: [GB01-B01, GB01-B02]")})
    report = sync(tmp_path)
    assert report.results[0].status == "invalid" and course_by_slug("party-rules") is None
    assert [(p.line, p.message) for p in report.problems] == [
        (10, "组织 GB01-B02 不在课程的归属组织 GB01-B01 之内：必修范围只能在归属组织之内。")]

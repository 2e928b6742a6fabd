"""`audience.required.party_post`: a course required for the holders of a 党内职务 (书记, 委员...),
in course files, in obligations, in the editor, and only inside the owner unit."""

from __future__ import annotations

from learnhub.courses.assignments.audience import normalise
from learnhub.courses.format.packaging import course_md
from learnhub.courses.format.parsing import parse_path
from learnhub.courses.publishing.diffing import audience_text
from learnhub.courses.publishing.services import sync
from learnhub.org.models import PoliticalStatus, Role
from tests.courses.builders import COURSE_MD, write_course
from tests.courses.editor_support import make_org
from tests.courses.test_audience_scope import SLUG, branch_trainer_publishes, required_for
from tests.courses.test_editor_drafts import details
from tests.courses.test_parsing import assert_problem
from tests.factories import make_member, make_unit
from tests.html import find, find_all

PARTY = PoliticalStatus.MEMBER.value
MASSES = PoliticalStatus.MASSES.value
SECRETARIES_AND_MEMBERS = "    party_post: [书记, 委员]"


def _course_md(rule: str = SECRETARIES_AND_MEMBERS, owner: str | None = None) -> str:
    text = COURSE_MD.replace("    political_status: [中共党员, 中共预备党员]", rule)
    if owner:
        text = text.replace("credit_hours: 1.5\n", f"credit_hours: 1.5\nowner_unit: {owner}\n")
    return text


def test_party_post_is_kept_from_a_course_file(tmp_path):
    folder = write_course(tmp_path, files={"course.md": _course_md()})
    result = parse_path(folder)
    assert result.all_problems == []
    assert result.courses[0].content.audience == {"required": {"party_post": ["书记", "委员"]}}


def test_party_post_written_without_brackets_is_split():
    assert normalise({"required": {"party_post": "书记、副书记, 委员"}}) == (
        {"required": {"party_post": ["书记", "副书记", "委员"]}}, [])


def test_an_unknown_party_post_in_a_course_file_is_a_problem_at_its_line(tmp_path):
    folder = write_course(tmp_path, files={"course.md": _course_md(
        "    political_status: [中共党员]\n    party_post: [书记, 支委]")})
    assert_problem(folder, "course.md", 10, "未知的党内职务 支委（可用：书记、副书记、委员、党小组组长）")


def test_content_check_prints_the_unknown_party_post_as_path_line(app, tmp_path):
    folder = write_course(tmp_path, files={"course.md": _course_md("    party_post: [组织管理员]")})
    result = app.test_cli_runner().invoke(args=["content", "check", str(folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{folder / 'course.md'}:9: 未知的党内职务 组织管理员（可用：书记、副书记、委员、党小组组长）。"]


def test_a_secretary_and_a_committee_member_have_the_course_as_required(tmp_path):
    root = make_unit(code="ROOT")
    branch = make_unit(root, code="GB01-B01")
    write_course(tmp_path, files={"course.md": _course_md()})
    assert not sync(tmp_path).problems
    secretary = make_member(branch, party_post="书记")
    committee_member = make_member(branch, party_post="委员")
    deputy = make_member(branch, party_post="副书记")
    no_post = make_member(branch, party_post="")
    assert required_for(secretary, "party-rules")
    assert required_for(committee_member, "party-rules")
    assert not required_for(deputy, "party-rules")
    assert not required_for(no_post, "party-rules")


def test_the_platform_role_manager_is_not_a_party_post(tmp_path):
    root = make_unit(code="ROOT")
    write_course(tmp_path, files={"course.md": _course_md()})
    assert not sync(tmp_path).problems
    manager = make_member(root, roles=(Role.MANAGER,), party_post="")
    assert not required_for(manager, "party-rules")


def test_a_party_post_rule_reaches_only_inside_the_owner_unit(tmp_path):
    root = make_unit(code="ROOT")
    branch, other = make_unit(root, code="GB01-B01"), make_unit(root, code="GB01-B02")
    write_course(tmp_path, files={"course.md": _course_md(owner="GB01-B01")})
    assert not sync(tmp_path).problems
    assert required_for(make_member(branch, party_post="书记"), "party-rules")
    assert not required_for(make_member(other, party_post="书记"), "party-rules")


def test_the_course_file_written_back_keeps_the_party_post(tmp_path):
    folder = write_course(tmp_path, files={"course.md": _course_md(
        "    political_status: [中共党员]\n    party_post: [书记, 委员]")})
    content = parse_path(folder).courses[0].content
    text = course_md(content)
    assert "party_post:" in text and "书记" in text
    write_course(tmp_path / "again", files={"course.md": text})
    again = parse_path(tmp_path / "again" / "party-rules").courses[0].content
    assert again.audience == content.audience


def test_the_version_diff_names_the_criterion():
    assert audience_text({"required": {"party_post": ["书记", "委员"]}}) == "党内职务：书记、委员"


# -- the editor ----------------------------------------------------------------------------

def test_the_editor_offers_party_posts_and_a_branch_trainers_rule_stays_in_the_branch(
        client, login_as, post):
    org = make_org()
    login_as(org.trainer)
    branch_trainer_publishes(login_as, post, org, audience_political_status=[],
                             audience_party_post=["书记", "委员"])
    page = client.get(f"/manage/courses/{SLUG}/edit").get_data(as_text=True)
    boxes = find_all(page, "input", type="checkbox", name="audience_party_post")
    assert [b["value"] for b in boxes] == ["书记", "副书记", "委员", "党小组组长"]
    assert [b["value"] for b in boxes if "checked" in b.attrs] == ["书记", "委员"]
    secretary_in = make_member(org.branch, political_status=MASSES, party_post="书记")
    member_in = make_member(org.branch, political_status=PARTY, party_post="委员")
    plain_in = make_member(org.branch, political_status=PARTY)
    secretary_out = make_member(org.other_branch, party_post="书记")
    assert required_for(secretary_in) and required_for(member_in)
    assert not required_for(plain_in) and not required_for(secretary_out)


def test_the_editor_refuses_an_unknown_party_post(client, login_as, post):
    org = make_org()
    login_as(org.trainer)
    assert post("/manage/courses/new", {"slug": SLUG, "title": "支部课程",
                                        "owner_unit": org.branch.code}).status_code == 302
    response = post(f"/manage/courses/{SLUG}/edit",
                    details(org.branch, audience_party_post=["总书记"]))
    assert response.status_code == 422
    group = find(response.get_data(as_text=True), "fieldset", class_="field--error")
    assert group is not None and "党内职务" in group.text

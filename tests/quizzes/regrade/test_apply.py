"""Applying a corrected key: a new current version, past items re-scored in place (they
keep the version they showed), results, outcomes and the ledger corrected both ways with
exact Decimals, one audit entry; a stale or repeated apply refused; access and CSRF."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Role
from learnhub.quizzes.attempts.models import Attempt, AttemptItem, QuizOutcome
from learnhub.quizzes.models import Question, QuestionVersion
from learnhub.quizzes.regrade.applying import AUDIT_ACTION, CREDIT_REVERSED
from learnhub.records.models import LedgerEntry
from tests.factories import make_member
from tests.html import one
from tests.quizzes.regrade.conftest import HOURS, RIGHT, corrected, take


def _preview(post, org, data: dict | None = None) -> dict:
    """The apply form's fields from a preview."""
    page = post(org.url(), data or corrected(0)).get_data(as_text=True)
    return {name: one(page, "input", name=name)["value"]
            for name in ("key", "preview_digest")}


def _ledger(member) -> list[LedgerEntry]:
    return list(db.session.scalars(select(LedgerEntry).where(LedgerEntry.member_id == member.id)
                                   .order_by(LedgerEntry.id)))


def _total(member) -> Decimal:
    return sum((e.credit_hours for e in _ledger(member)), Decimal("0.00"))


def _outcome(org, member) -> QuizOutcome:
    return db.session.scalar(select(QuizOutcome).where(QuizOutcome.quiz_id == org.quiz.id,
                                                       QuizOutcome.member_id == member.id))


def _attempt(org, member) -> Attempt:
    return db.session.scalar(select(Attempt).where(Attempt.quiz_id == org.quiz.id,
                                                   Attempt.member_id == member.id))


def test_apply_corrects_scores_outcomes_and_the_ledger(client, login_as, post, org):
    old = org.s1
    assert _total(org.keyed) == HOURS and _total(org.truthful) == 0
    login_as(org.trainer)
    response = post(org.url(old, "/apply"), _preview(post, org))
    assert response.status_code == 302 and response.location.endswith(
        f"/quizzes/wrong-key/analysis#version-{old.id}")

    keyed, truthful, weak = (_attempt(org, m) for m in (org.keyed, org.truthful, org.weak))
    assert (keyed.score, keyed.percent, keyed.passed) == (Decimal(3), Decimal(75), False)
    assert (truthful.score, truthful.percent, truthful.passed) == (Decimal(4), Decimal(100), True)
    assert (weak.score, weak.passed) == (Decimal(3), False)
    assert not _outcome(org, org.keyed).passed and _outcome(org, org.truthful).passed
    assert _outcome(org, org.keyed).note == CREDIT_REVERSED

    original, reversal = _ledger(org.keyed)
    assert reversal.reverses_id == original.id and reversal.credit_hours == Decimal("-1.50")
    assert reversal.occurred_on == original.occurred_on and reversal.recorded_by_id == org.trainer.id
    assert "s1" in reversal.note
    assert _total(org.keyed) == Decimal("0.00")
    [credit] = _ledger(org.truthful)
    assert credit.credit_hours == Decimal("1.50") and credit.reverses_id is None
    assert _total(org.weak) == Decimal("0.00")


def test_apply_makes_a_new_current_version_and_past_items_keep_theirs(client, login_as, post,
                                                                       org):
    old = org.s1
    login_as(org.trainer)
    post(org.url(old, "/apply"), _preview(post, org, corrected(0, points="2")))
    question = db.session.get(Question, old.question_id)
    new = question.current_version
    assert new.id != old.id and new.number == old.number + 1
    assert [c["correct"] for c in new.data["choices"]] == [True, False, False]
    assert new.points == Decimal(2) and new.prompt_html == old.prompt_html
    assert new.created_by_id == org.trainer.id
    assert [c["correct"] for c in db.session.get(QuestionVersion, old.id).data["choices"]] \
        == [False, True, False]  # the version shown stays as it was
    items = db.session.execute(select(AttemptItem.question_version_id, AttemptItem.score)
                               .where(AttemptItem.question_version_id.in_([old.id, new.id]))
                               ).all()
    assert {version for version, _ in items} == {old.id}  # out of its old points, 1
    assert sorted(score for _, score in items) == [Decimal(0), Decimal(1), Decimal(1)]


def test_apply_writes_one_audit_entry_with_the_keys_and_counts(client, login_as, post, org):
    old = org.s1
    login_as(org.trainer)
    post(org.url(old, "/apply"), _preview(post, org))
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == AUDIT_ACTION))
    assert event.actor_id == org.trainer.id and event.object_id == str(old.id)
    details = event.details
    assert details["question"] == "s1" and details["quiz"] == "wrong-key"
    assert [c["correct"] for c in details["before"]["choices"]] == [False, True, False]
    assert [c["correct"] for c in details["after"]["choices"]] == [True, False, False]
    assert details["items_rescored"] == 3 and details["attempts_changed"] == 3
    assert details["turned_to_fail"] == 1 and details["turned_to_pass"] == 1
    assert len(details["ledger_reversed"]) == 1 and details["from_file"] is True


def test_a_stale_preview_is_refused_and_nothing_is_written(client, login_as, post, org):
    login_as(org.trainer)
    fields = _preview(post, org)
    take(make_member(org.branch), org.quiz, {"s1": 1, **RIGHT})  # submitted meanwhile
    versions = db.session.scalar(select(func.count()).select_from(QuestionVersion))
    response = post(org.url(tail="/apply"), fields)
    assert response.status_code == 409 and "请重新预览" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(QuestionVersion)) == versions
    assert _attempt(org, org.keyed).passed and _total(org.keyed) == HOURS


def test_a_second_apply_of_the_same_preview_is_refused(client, login_as, post, org):
    old = org.s1
    login_as(org.trainer)
    fields = _preview(post, org)
    assert post(org.url(old, "/apply"), fields).status_code == 302
    again = post(org.url(old, "/apply"), fields)
    assert again.status_code == 409 and "请重新预览" in again.get_data(as_text=True)
    assert len(_ledger(org.keyed)) == 2 and len(_ledger(org.truthful)) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == AUDIT_ACTION)) == 1


def test_a_tampered_key_is_refused_as_stale(client, login_as, post, org):
    login_as(org.trainer)
    fields = _preview(post, org)
    fields["key"] = fields["key"].replace("[0]", "[2]")
    assert post(org.url(tail="/apply"), fields).status_code == 409
    assert _total(org.keyed) == HOURS


def test_correcting_back_credits_a_reversed_pass_again(client, login_as, post, org):
    """A pass whose credit a regrade reversed is credited anew when it passes again (the
    ledger's once-per-source rule would otherwise return the reversed entry)."""
    login_as(org.trainer)
    post(org.url(tail="/apply"), _preview(post, org))
    first = org.s1  # the new current version; the old one's items are regraded again
    old_id = db.session.scalar(select(AttemptItem.question_version_id).where(
        AttemptItem.attempt_id == _attempt(org, org.keyed).id,
        AttemptItem.question_version_id != first.id).order_by(AttemptItem.position).limit(1))
    url = f"/quizzes/wrong-key/questions/{old_id}/regrade"
    page = post(url, corrected(1)).get_data(as_text=True)
    fields = {name: one(page, "input", name=name)["value"]
              for name in ("key", "preview_digest")}
    assert post(url + "/apply", fields).status_code == 302
    assert _outcome(org, org.keyed).passed and _total(org.keyed) == Decimal("1.50")
    assert [e.credit_hours for e in _ledger(org.keyed)] == [HOURS, -HOURS, HOURS]
    assert _total(org.truthful) == Decimal("0.00")  # credited, then reversed
    assert org.s1.number == 3


def test_other_units_get_404_and_learners_403(client, login_as, post, org):
    login_as(org.other_trainer)
    assert client.get(org.url()).status_code == 404
    assert post(org.url(), corrected(0)).status_code == 404
    login_as(org.keyed)
    assert client.get(org.url()).status_code == 403
    assert post(org.url(tail="/apply"), {"key": "{}", "preview_digest": "x"}).status_code == 403
    admin = make_member(org.other, roles=(Role.ADMIN,))
    assert login_as(admin).get(org.url()).status_code == 200


def test_a_version_of_another_quiz_is_not_found(client, login_as, org):
    from tests.quizzes.builders import make_quiz, single
    other = make_quiz("unrelated", [single("x")], owner_unit_id=org.branch.id)
    version = db.session.scalar(select(Question).where(Question.bank_id == other.bank_id)
                                ).current_version
    response = login_as(org.trainer).get(f"/quizzes/wrong-key/questions/{version.id}/regrade")
    assert response.status_code == 404


def test_preview_and_apply_need_the_csrf_token(client, login_as, post, org):
    login_as(org.trainer)
    fields = _preview(post, org)
    assert client.post(org.url(), data=corrected(0)).status_code == 400
    assert client.post(org.url(tail="/apply"), data=fields).status_code == 400
    assert _total(org.keyed) == HOURS

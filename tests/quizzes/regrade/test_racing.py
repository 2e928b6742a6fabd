"""Two trainers apply the same preview at once, on real connections: the regrades take
turns, the second measures again after the first's commit and is refused as stale."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select

from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.models import AuditEvent, Member
from learnhub.quizzes.models import Question, QuestionVersion, Quiz
from learnhub.quizzes.regrade.applying import AUDIT_ACTION, apply_regrade
from learnhub.quizzes.regrade.failures import StalePreview
from learnhub.quizzes.regrade.impact import measure
from learnhub.quizzes.regrade.keys import read_key
from learnhub.quizzes.regrade.target import regrade_target
from tests.quizzes.regrade.conftest import answered, make_org
from tests.racing import HOLD_SECONDS, race


def test_two_applies_at_once_apply_once(racing_app):
    slug = f"race-{uuid.uuid4().hex[:8]}"
    with racing_app.app_context():
        org = answered(make_org(slug))
        trainer_id, quiz_id, version_id = org.trainer.id, org.quiz.id, org.s1.id
        target = regrade_target(org.trainer, org.quiz, version_id)
        key = read_key(target.spec(), points="1", correct=[0])
        digest = measure(org.trainer, target, key).digest
        db.session.commit()
    loaded = threading.Barrier(2, timeout=HOLD_SECONDS)

    def apply() -> str:
        with racing_app.test_request_context(method="POST"):
            actor, quiz = db.session.get(Member, trainer_id), db.session.get(Quiz, quiz_id)
            loaded.wait()
            try:
                apply_regrade(actor, quiz, version_id, key_json=key.to_json(), digest=digest,
                              now=now_utc())
            except StalePreview:
                db.session.rollback()
                return "refused"
            db.session.commit()
            return "applied"

    assert sorted(race(apply, apply)) == ["applied", "refused"]
    with racing_app.app_context():
        question_id = db.session.get(QuestionVersion, version_id).question_id
        assert db.session.scalar(select(func.count()).select_from(QuestionVersion).where(
            QuestionVersion.question_id == question_id)) == 2
        assert db.session.get(Question, question_id).current_version.number == 2
        assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == AUDIT_ACTION, AuditEvent.object_id == str(version_id))) == 1

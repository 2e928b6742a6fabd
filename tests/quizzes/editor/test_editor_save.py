"""保存并发布: a new QuizVersion (source web) through the same path as file sync; questions
with attempts get new versions while attempts keep theirs; a stale page is refused with the
text kept; text with problems saves nothing; a later sync of an unchanged file leaves the
web edit current."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from learnhub.courses.models import ContentSource
from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from learnhub.quizzes.attempts.models import AttemptItem
from learnhub.quizzes.attempts.starting import start
from learnhub.quizzes.models import Question, QuestionVersion, Quiz, QuizStatus, QuizVersion
from learnhub.quizzes.publishing.services import sync
from tests.html import one
from tests.quizzes.attempts.support import NOW
from tests.quizzes.editor.support import editor_token, make_org, quiz_text, save


@pytest.fixture
def org():
    return make_org()


def _synced(tmp_path, org, text: str | None = None) -> Quiz:
    (tmp_path / "party-quiz.md").write_text(text or quiz_text(org.branch.code), encoding="utf-8")
    assert not sync([tmp_path]).problems
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == "party-quiz"))
    assert quiz is not None
    return quiz


def _versions(quiz: Quiz) -> list[QuizVersion]:
    db.session.expire_all()
    return list(db.session.scalars(select(QuizVersion).where(QuizVersion.quiz_id == quiz.id)
                                   .order_by(QuizVersion.number)))


def _question_versions(quiz: Quiz, key: str) -> list[QuestionVersion]:
    return list(db.session.scalars(
        select(QuestionVersion).join(Question, Question.id == QuestionVersion.question_id)
        .where(Question.bank_id == quiz.bank_id, Question.key == key)
        .order_by(QuestionVersion.number)))


def test_save_publishes_the_text_as_a_new_web_version(client, login_as, org, tmp_path):
    quiz = _synced(tmp_path, org)
    file_digest = quiz.last_file_hash
    login_as(org.trainer)
    edited = quiz_text(org.branch.code, title="党章测验（修订）", prompt="党员义务共有几项？")
    response = save(client, "party-quiz", edited)
    assert response.status_code == 302 and response.location.endswith("/quizzes/party-quiz/edit")
    versions = _versions(quiz)
    assert [(v.number, v.source) for v in versions] == [(1, ContentSource.FILE),
                                                       (2, ContentSource.WEB)]
    assert versions[1].markdown == edited and versions[1].title == "党章测验（修订）"
    assert versions[1].created_by_id == org.trainer.id
    db.session.refresh(quiz)
    assert quiz.current_version_id == versions[1].id and quiz.last_file_hash == file_digest
    assert _question_versions(quiz, "duties")[-1].prompt_markdown == "党员义务共有几项？"
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "quiz.publish")
                               .order_by(AuditEvent.id.desc())).first()
    assert audit.actor_id == org.trainer.id and audit.details["source"] == "web"
    page = client.get("/quizzes/party-quiz/edit").get_data(as_text=True)
    assert "已保存并发布第 2 版" in page and "当前版本：第 2 版" in page


def test_saving_the_same_text_makes_no_version(client, login_as, org, tmp_path):
    quiz = _synced(tmp_path, org)
    login_as(org.trainer)
    save(client, "party-quiz", quiz_text(org.branch.code))
    assert len(_versions(quiz)) == 1
    assert "没有生成新版本" in client.get("/quizzes/party-quiz/edit").get_data(as_text=True)


def test_questions_with_attempts_get_new_versions_and_attempts_keep_theirs(client, login_as,
                                                                         org, tmp_path):
    quiz = _synced(tmp_path, org)
    attempt = start(org.learner, quiz, quiz.current_version, NOW)
    shown = {item.question_version_id for item in db.session.scalars(
        select(AttemptItem).where(AttemptItem.attempt_id == attempt.id))}
    old_duties = _question_versions(quiz, "duties")[0]
    login_as(org.trainer)
    page = client.get("/quizzes/party-quiz/edit").get_data(as_text=True)
    assert "已有 1 次作答：修改过的题目将生成新版本，已提交的作答不受影响" in page
    assert save(client, "party-quiz", quiz_text(org.branch.code, prompt="改过的题干？")
                ).status_code == 302
    duties = _question_versions(quiz, "duties")
    assert [v.number for v in duties] == [1, 2] and duties[0].id == old_duties.id
    assert duties[0].prompt_markdown == "党员义务有几项？"
    assert duties[1].prompt_markdown == "改过的题干？"
    assert len(_question_versions(quiz, "probation")) == 1  # unchanged: same version
    assert {item.question_version_id for item in db.session.scalars(
        select(AttemptItem).where(AttemptItem.attempt_id == attempt.id))} == shown


def test_a_stale_page_is_refused_and_keeps_the_text(client, login_as, org, tmp_path):
    quiz = _synced(tmp_path, org)
    login_as(org.trainer)
    old_token = editor_token(client, "party-quiz")
    assert save(client, "party-quiz", quiz_text(org.branch.code, prompt="另一个窗口？")
                ).status_code == 302
    mine = quiz_text(org.branch.code, prompt="我的修改？")
    response = save(client, "party-quiz", mine, token=old_token)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "已被保存过" in one(page, "div", class_="error-summary").text
    assert "我的修改？" in one(page, "textarea", name="markdown").text
    assert [v.number for v in _versions(quiz)] == [1, 2]
    assert _question_versions(quiz, "duties")[-1].prompt_markdown == "另一个窗口？"


def test_a_sync_that_changed_the_quiz_makes_the_page_stale(client, login_as, org, tmp_path):
    quiz = _synced(tmp_path, org)
    login_as(org.trainer)
    token = editor_token(client, "party-quiz")
    _synced(tmp_path, org, quiz_text(org.branch.code, prompt="文件里改的？"))
    assert save(client, "party-quiz", quiz_text(org.branch.code, prompt="网页改的？"),
                token=token).status_code == 409
    assert _versions(quiz)[-1].source == ContentSource.FILE


def test_text_with_problems_saves_nothing_and_stays(client, login_as, org, tmp_path):
    quiz = _synced(tmp_path, org)
    login_as(org.trainer)
    typed = quiz_text(org.branch.code, prompt="新题干？").replace("- [x] 八项", "- [ ] 八项")
    response = save(client, "party-quiz", typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "没有保存" in page and re.search(r"第 \d+ 行：", page)
    assert "新题干？" in one(page, "textarea", name="markdown").text
    assert len(_versions(quiz)) == 1
    assert _question_versions(quiz, "duties")[-1].prompt_markdown == "党员义务有几项？"


def test_an_unchanged_file_does_not_overwrite_a_web_edit_a_changed_one_does(client, login_as,
                                                                          org, tmp_path):
    quiz = _synced(tmp_path, org)
    login_as(org.trainer)
    save(client, "party-quiz", quiz_text(org.branch.code, prompt="网页改的？"))
    report = sync([tmp_path])
    assert [(r.slug, r.status) for r in report.results] == [("party-quiz", "unchanged")]
    assert _versions(quiz)[-1].source == ContentSource.WEB
    assert _question_versions(quiz, "duties")[-1].prompt_markdown == "网页改的？"
    (tmp_path / "party-quiz.md").write_text(quiz_text(org.branch.code, prompt="文件改的？"),
                                            encoding="utf-8")
    assert [r.status for r in sync([tmp_path]).results] == ["updated"]
    assert _versions(quiz)[-1].source == ContentSource.FILE
    assert _question_versions(quiz, "duties")[-1].prompt_markdown == "文件改的？"


def test_a_trainer_cannot_give_the_quiz_to_a_unit_outside_their_scope(client, login_as, org,
                                                                      tmp_path):
    quiz = _synced(tmp_path, org)
    login_as(org.trainer)
    response = save(client, "party-quiz", quiz_text(org.other_branch.code))
    assert response.status_code == 422
    assert f"你没有组织 {org.other_branch.code} 的培训管理权限" in response.get_data(as_text=True)
    db.session.refresh(quiz)
    assert quiz.owner_unit_id == org.branch.id and quiz.status == QuizStatus.PUBLISHED


def test_exporting_a_web_edit_into_the_file_syncs_as_unchanged(client, login_as, org,
                                                               tmp_path):
    from learnhub.quizzes.publishing.exporting import export_bank

    quiz = _synced(tmp_path, org)
    login_as(org.trainer)
    save(client, "party-quiz", quiz_text(org.branch.code, prompt="网页改的？"))
    (tmp_path / "party-quiz.md").write_text(export_bank("party-quiz"), encoding="utf-8")
    assert [r.status for r in sync([tmp_path]).results] == ["unchanged"]
    assert [v.source for v in _versions(quiz)] == [ContentSource.FILE, ContentSource.WEB]

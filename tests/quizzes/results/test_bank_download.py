"""测验管理's 下载 Markdown: a bank in our quiz format, for those who manage it only."""

from learnhub.quizzes.format.parsing import parse_quiz


def test_a_trainer_downloads_a_bank_of_their_subtree_as_a_quiz_file(client, login_as, org):
    client = login_as(org.trainer)
    page = client.get("/quizzes/manage").get_data(as_text=True)
    assert 'href="/quizzes/banks/branch-quiz/export.md"' in page
    response = client.get("/quizzes/banks/branch-quiz/export.md")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="branch-quiz.md"'
    parsed = parse_quiz(response.get_data(as_text=True), path="branch-quiz.md", slug="branch-quiz")
    assert parsed.problems == [] and len(parsed.specs) == 4


def test_other_units_banks_and_learners_are_refused(client, login_as, org):
    assert login_as(org.trainer).get("/quizzes/banks/other-quiz/export.md").status_code == 404
    assert login_as(org.trainer).get("/quizzes/banks/nothing/export.md").status_code == 404
    assert login_as(org.learner).get("/quizzes/banks/branch-quiz/export.md").status_code == 403

from learnhub.quizzes.attempts.grading import submit
from learnhub.quizzes.attempts.saving import save_answer
from learnhub.quizzes.attempts.starting import start
from tests.factories import make_member
from tests.quizzes.attempts.support import NOW, items_of, right_answer
from tests.quizzes.builders import make_quiz


def test_flow():
    member = make_member()
    quiz = make_quiz()
    attempt = start(member, quiz, quiz.current_version, NOW)
    for item in items_of(attempt):
        save_answer(member, attempt.id, item.position, right_answer(item), NOW)
    submit(attempt, NOW)
    assert attempt.state == "graded"
    assert attempt.percent == 100

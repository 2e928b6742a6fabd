"""/quizzes/import: trainers only, CSRF, all or nothing with every problem on the page,
and a result page listing each imported question."""

import io

import pytest
from sqlalchemy import func, select

from learnhub.extensions import db
from learnhub.org.models import Role
from learnhub.quizzes.models import QuestionBank, Quiz
from tests.factories import make_member, make_unit
from tests.html import find, find_all, one
from tests.quizzes.importing.files import BAD_GIFT, GIFT

URL = "/quizzes/import"


@pytest.fixture
def trainer(login_as):
    unit = make_unit()
    member = make_member(unit, roles=(Role.TRAINER,))
    login_as(member)
    return member


def _upload(post, data, filename="party-rules.gift", file_format="gift", bank=""):
    data = data.encode() if isinstance(data, str) else data
    return post(URL, {"file": (io.BytesIO(data), filename), "file_format": file_format,
                      "bank": bank}, content_type="multipart/form-data")


def _banks():
    return db.session.scalar(select(func.count(QuestionBank.id)))


def test_learner_gets_403(client, login_as, post):
    login_as(make_member())
    assert client.get(URL).status_code == 403
    assert _upload(post, GIFT).status_code == 403
    assert _banks() == 0


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_post_without_csrf_token_is_refused(client, trainer):
    response = client.post(URL, data={"file": (io.BytesIO(GIFT.encode()), "a.gift"),
                                      "file_format": "gift"},
                           content_type="multipart/form-data")
    assert response.status_code == 400 and _banks() == 0


def test_form_lists_the_formats_that_can_be_imported(client, trainer, count_queries):
    with count_queries() as queries:
        page = client.get(URL)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert [o["value"] for o in find_all(html, "option")] == ["md", "gift", "aiken"]
    assert one(html, "input", type="file", name="file")
    assert len(queries) <= 3, queries.statements


def test_problems_are_listed_with_lines_and_nothing_is_written(trainer, post):
    response = _upload(post, BAD_GIFT, file_format="gift", bank="my-bank")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    items = [li.text for li in find_all(one(html, "ul", class_="problem-list"), "li")]
    assert len(items) == 2 and items[0].startswith("第 3 行：配对题")
    assert items[1].startswith("第 5 行：")
    assert find(html, "option", value="gift", selected=True)
    assert one(html, "input", name="bank")["value"] == "my-bank"
    assert _banks() == 0 and db.session.scalar(select(func.count(Quiz.id))) == 0


def test_success_lists_each_question_with_type_category_and_status(trainer, post):
    response = _upload(post, GIFT)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rows = [[cell.text for cell in find_all(row, "td") + find_all(row, "th")]
            for row in find_all(one(html, "tbody"), "tr")]
    assert rows[0] == ["4", "义务项数", "单选", "党员义务", "新增", "义务项数"]
    assert [row[2] for row in rows] == ["单选", "判断", "填空"]
    assert "文件编码：UTF-8" in html and "测验草稿 party-rules" in html
    bank = db.session.scalar(select(QuestionBank))
    assert bank.owner_unit_id == trainer.unit_id and bank.created_by_id == trainer.id
    again = _upload(post, GIFT).get_data(as_text=True)
    assert [td.text for td in find_all(one(again, "tbody"), "td")][4] == "未变"
    assert "没有任何改动" in again


def test_gb18030_upload_says_which_encoding(trainer, post):
    html = _upload(post, GIFT.encode("gb18030")).get_data(as_text=True)
    assert "文件编码：GB18030" in html


def test_undecodable_and_control_characters_are_problems(trainer, post):
    html = _upload(post, b"\x80\xff\x80\xff").get_data(as_text=True)
    assert "无法识别文件编码" in html
    response = _upload(post, "一{T}\n\n二\x00{T}")
    assert response.status_code == 422
    assert "第 3 行：含有不允许的控制字符（U+0000）" in response.get_data(as_text=True)
    assert _banks() == 0


def test_missing_file_is_a_form_error(trainer, post):
    response = post(URL, {"file_format": "gift"}, content_type="multipart/form-data")
    assert response.status_code == 422 and "请选择要导入的文件。" in response.get_data(as_text=True)


def test_trainer_cannot_replace_a_bank_outside_their_subtree(trainer, post, client, login_as):
    other = make_member(make_unit(), roles=(Role.TRAINER,))
    login_as(other)
    assert _upload(post, GIFT, bank="theirs").status_code == 200
    login_as(trainer)
    response = _upload(post, GIFT, bank="theirs")
    assert response.status_code == 422
    assert "没有题库 theirs 的管理权限" in response.get_data(as_text=True)

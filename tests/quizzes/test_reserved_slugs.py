"""A quiz's page is /quizzes/<slug>: no slug may be a page of its own."""

from learnhub.quizzes.blueprint import RESERVED_SLUGS
from learnhub.quizzes.format.parsing import parse_quiz
from learnhub.quizzes.importing.services import ImportInvalid, import_file


def test_every_fixed_page_under_quizzes_is_reserved(app):
    segments = {rule.rule.split("/")[2] for rule in app.url_map.iter_rules()
                if rule.rule.startswith("/quizzes/") and not rule.rule.startswith("/quizzes/<")}
    assert segments <= RESERVED_SLUGS, segments - RESERVED_SLUGS


def test_a_quiz_file_may_not_take_a_reserved_name():
    text = "---\ntitle: t\n---\n## 判断 {#a}\n\n对吗？\n\n答案：正确\n"
    problems = [str(p) for p in parse_quiz(text, path="quizzes/manage.md", slug="manage").problems]
    assert problems == ["quizzes/manage.md:1: 文件名 manage 是系统页面的地址，不能用作测验标识：请换一个文件名。"]


def test_an_import_may_not_take_a_reserved_bank_slug():
    try:
        import_file("mine.txt", b"Q?\nA. a\nB. b\nANSWER: A\n", file_format="aiken",
                    bank_slug=None, actor=None, owner_unit=None)
    except ImportInvalid as invalid:
        assert [str(p) for p in invalid.problems] == [
            "mine.txt:1: mine 是系统页面的地址，不能用作题库标识：请换一个题库标识。"]
    else:
        raise AssertionError("imported into a reserved slug")

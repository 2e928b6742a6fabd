"""Reading course folders: the parsed content, and every problem as path:line: message."""

from decimal import Decimal
from pathlib import Path

import pytest

from learnhub.courses.format.parsing import parse_path
from tests.courses.builders import COURSE_MD, INTRO_MD, PNG, RIGHTS_MD, write_course, write_files


def problems_in(folder: Path) -> list[tuple[str, int, str]]:
    """(file relative to the course folder, line, message) for every problem."""
    result = parse_path(folder)
    return [(str(Path(p.path).relative_to(folder)) if Path(p.path).is_relative_to(folder)
             else p.path, p.line, p.message) for p in result.all_problems]


def assert_problem(folder: Path, file: str, line: int, words: str) -> None:
    found = problems_in(folder)
    assert any(f == file and n == line and words in m for f, n, m in found), found


def test_valid_course_parses_into_content(tmp_path):
    folder = write_course(tmp_path)
    result = parse_path(folder)
    assert result.all_problems == []
    content = result.courses[0].content
    assert content.slug == "party-rules"
    assert content.title == "党章学习" and content.category == "党章党规"
    assert content.tags == ["党章", "党员权利"]
    assert content.credit_hours == Decimal("1.50")
    assert content.audience == {"required": {"political_status": ["中共党员", "中共预备党员"]}}
    assert content.owner_unit is None
    assert content.intro_markdown.startswith("本课程共两节")
    assert [(lesson.key, lesson.title, lesson.minutes) for lesson in content.lessons] == [
        ("01-intro", "导言", 2), ("rights", "党员的权利", 1)]
    assert sorted(content.assets) == ["files/guide.pdf", "images/chart.png"]
    assert content.assets["images/chart.png"].media_type == "image/png"


def test_a_folder_of_courses_parses_each_course(tmp_path):
    write_course(tmp_path, "course-a")
    write_course(tmp_path, "course-b")
    (tmp_path / "notes.md").write_text("not a course", encoding="utf-8")
    result = parse_path(tmp_path)
    assert [course.slug for course in result.courses] == ["course-a", "course-b"]
    assert result.lesson_count == 4 and result.all_problems == []


def test_unreferenced_files_are_not_assets(tmp_path):
    folder = write_course(tmp_path, files={"images/unused.png": b"x", "draft.md": "# 草稿"})
    content = parse_path(folder).courses[0].content
    assert "images/unused.png" not in content.assets


def test_lesson_video_is_an_asset(tmp_path):
    lesson = INTRO_MD.replace("minutes: 2\n", "minutes: 2\nvideo: media/talk.mp4\n")
    folder = write_course(tmp_path, files={"01-intro.md": lesson, "media/talk.mp4": b"\0\0mp4"})
    content = parse_path(folder).courses[0].content
    assert content.lessons[0].video == "media/talk.mp4"
    assert content.assets["media/talk.mp4"].media_type == "video/mp4"


def test_bad_yaml_is_reported_at_its_line(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "category: 党章党规", "category: [党章党规")})
    found = problems_in(folder)
    assert found and found[0][0] == "course.md" and "YAML" in found[0][2]
    assert 4 <= found[0][1] <= 6


@pytest.mark.parametrize("header,line,words", [
    ("title: 党员的权利\nminutes：15", 3, "键 minutes 后面是全角冒号“：”"),  # Chinese input method
    ("title：党员的权利\nminutes: 1", 2, "键 title 后面是全角冒号“：”"),
    ("title: 党员的权利\n\tminutes: 1", 3, "用了制表符（Tab）"),
    ("title: 专题讲座: 党员的权利\nminutes: 1", 2, "这一行的值需要加引号"),
    ("title: [草稿] 党员的权利\nminutes: 1", 2, "这一行的值需要加引号"),
])
def test_usual_yaml_mistakes_are_explained_at_their_line(tmp_path, header, line, words):
    folder = write_course(tmp_path, files={"02-rights.md": f"---\n{header}\n---\n正文\n"})
    found = problems_in(folder)
    assert [(f, n) for f, n, _m in found] == [("02-rights.md", line)] and words in found[0][2]


def test_missing_front_matter_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": "## 没有头信息\n"})
    assert_problem(folder, "02-rights.md", 1, "---")


def test_unknown_key_is_reported_at_the_key(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "credit_hours: 1.5\n", "credit_hours: 1.5\nteacher: 张三\n")})
    assert_problem(folder, "course.md", 7, "未知的键 teacher")


def test_unknown_key_in_a_lesson_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD.replace(
        "key: rights\n", "key: rights\nauthor: 李四\n")})
    assert_problem(folder, "02-rights.md", 5, "未知的键 author")


def test_missing_required_key_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "summary: 学习党章的基本内容和党员的权利义务。\n", "")})
    assert_problem(folder, "course.md", 1, "缺少必填的键 summary")


def test_duplicate_yaml_key_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "category: 党章党规\n", "category: 党章党规\ncategory: 其他\n")})
    assert_problem(folder, "course.md", 5, "重复的键 category")


def test_missing_lesson_file_is_reported_at_its_list_item(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": None})
    assert_problem(folder, "course.md", 12, "找不到文件 02-rights.md")


def test_lesson_listed_twice_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "  - 02-rights.md\n", "  - 02-rights.md\n  - 01-intro.md\n")})
    assert_problem(folder, "course.md", 13, "重复列出")


def test_lesson_that_is_not_markdown_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "02-rights.md", "files/guide.pdf")})
    assert_problem(folder, "course.md", 12, "不是课程文件夹内的 .md 课节文件")


def test_duplicate_lesson_keys_are_reported(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD.replace(
        "key: rights", "key: 01-intro")})
    assert_problem(folder, "02-rights.md", 4, "课节标识 01-intro 与 01-intro.md 重复")


@pytest.mark.parametrize("minutes", ["0", "-5", "2.5", "十", "true"])
def test_minutes_must_be_a_positive_whole_number(tmp_path, minutes):
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD.replace(
        "minutes: 1", f"minutes: {minutes}")})
    assert_problem(folder, "02-rights.md", 3, "minutes 必须是 1 到")


@pytest.mark.parametrize("hours,words", [
    ("两", "必须是数字"), ("-1", "0 到 9999.99"), ("1.555", "最多两位小数"), ("yes", "必须是数字"),
])
def test_credit_hours_must_be_a_number_not_below_zero(tmp_path, hours, words):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "credit_hours: 1.5", f"credit_hours: {hours}")})
    assert_problem(folder, "course.md", 6, words)


def test_credit_hours_may_be_zero_or_quoted(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "credit_hours: 1.5", 'credit_hours: "0"')})
    assert parse_path(folder).courses[0].content.credit_hours == Decimal("0.00")


@pytest.mark.parametrize("line,words", [
    ("    political_status: [中共党员, 党员]", "未知的政治面貌 党员"),
    ("    roles: [teacher]", "未知的角色 teacher"),
    ("    grade: [A]", "未知的条件 grade"),
])
def test_bad_audience_values_are_reported(tmp_path, line, words):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "    political_status: [中共党员, 中共预备党员]", line)})
    assert_problem(folder, "course.md", 9, words)


def test_audience_with_every_criterion_is_kept(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "    political_status: [中共党员, 中共预备党员]",
        "    political_status: [中共党员]\n    cadre_level: [中层正职]\n"
        "    roles: [trainer, manager]\n    units: [GB01]")})
    content = parse_path(folder).courses[0].content
    assert content.audience == {"required": {
        "political_status": ["中共党员"], "cadre_level": ["中层正职"],
        "roles": ["trainer", "manager"], "units": ["GB01"]}}


def test_tags_and_audience_written_without_brackets_are_split_like_the_editor_does(tmp_path):
    folder = write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "tags: [党章, 党员权利]", "tags: 党章, 党员权利、组织生活").replace(
        "    political_status: [中共党员, 中共预备党员]",
        "    political_status: 中共党员，中共预备党员\n    cadre_level: 中层正职, 中层副职\n"
        "    roles: manager")})
    content = parse_path(folder).courses[0].content
    assert content.tags == ["党章", "党员权利", "组织生活"]
    assert content.audience == {"required": {
        "political_status": ["中共党员", "中共预备党员"], "cadre_level": ["中层正职", "中层副职"],
        "roles": ["manager"]}}


def test_missing_image_is_reported_at_its_line(tmp_path):
    folder = write_course(tmp_path, files={"images/chart.png": None})
    assert_problem(folder, "01-intro.md", 7, "找不到文件 images/chart.png")


def test_an_image_from_another_site_is_reported_because_the_page_cannot_show_it(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD + (
        "\n![截图](https://mmbiz.qpic.cn/a/640.png)\n\n<video src=\"http://v.example/a.mp4\">"
        "</video>\n\n[外部链接](https://www.12371.cn/)\n")})
    problems = [(name, line, message.split("：")[0]) for name, line, message in problems_in(folder)]
    assert problems == [
        ("02-rights.md", 12, "外部图片或视频 https://mmbiz.qpic.cn/a/640.png 在页面上无法显示"),
        ("02-rights.md", 14, "外部图片或视频 http://v.example/a.mp4 在页面上无法显示"),
    ]


def test_missing_attachment_is_reported_at_its_line(tmp_path):
    folder = write_course(tmp_path, files={"files/guide.pdf": None})
    assert_problem(folder, "01-intro.md", 9, "找不到文件 files/guide.pdf")


@pytest.mark.parametrize("name", ["files/run.exe", "images/logo.svg", "page.html"])
def test_file_types_outside_the_allow_list_are_reported(tmp_path, name):
    folder = write_course(tmp_path, files={
        name: b"x", "02-rights.md": RIGHTS_MD + f"\n[附件]({name})\n"})
    assert_problem(folder, "02-rights.md", 12, "不支持的文件类型")


def test_missing_video_is_reported_at_the_key(tmp_path):
    folder = write_course(tmp_path, files={"01-intro.md": INTRO_MD.replace(
        "minutes: 2\n", "minutes: 2\nvideo: media/none.mp4\n")})
    assert_problem(folder, "01-intro.md", 4, "找不到文件 media/none.mp4")


def test_video_must_be_mp4_or_webm(tmp_path):
    folder = write_course(tmp_path, files={"media/talk.avi": b"x", "01-intro.md": INTRO_MD.replace(
        "minutes: 2\n", "minutes: 2\nvideo: media/talk.avi\n")})
    assert_problem(folder, "01-intro.md", 4, ".mp4 或 .webm")


def test_link_to_a_lesson_file_that_does_not_exist_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD + "\n见[下一课](03-next.md)。\n"})
    assert_problem(folder, "02-rights.md", 12, "03-next.md 指向的文件不是本课程的课节")


def test_link_to_a_missing_anchor_in_another_lesson_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"01-intro.md": INTRO_MD.replace("#八项权利", "#九项权利")})
    assert_problem(folder, "01-intro.md", 9, "没有锚点 #九项权利")


def test_in_page_link_to_a_missing_heading_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD + "\n回到[开头](#开头)。\n"})
    assert_problem(folder, "02-rights.md", 12, "#开头")


def test_unsafe_html_is_reported_at_its_line(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD.replace(
        "党员享有八项权利。", '党员享有<span onclick="x()">八项</span>权利。<script>x()</script>')})
    assert_problem(folder, "02-rights.md", 8, "onclick")
    assert_problem(folder, "02-rights.md", 8, "<script>")


def test_file_that_is_not_utf8_is_reported(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": RIGHTS_MD.encode("gbk")})
    assert_problem(folder, "02-rights.md", 1, "UTF-8")


def test_folder_name_that_cannot_be_a_slug_is_reported(tmp_path):
    folder = write_course(tmp_path, "Party Rules")
    assert_problem(folder, "course.md", 1, "不能用作课程标识")


def test_duplicate_slugs_across_the_path_are_reported(tmp_path):
    write_course(tmp_path, "rules")
    write_course(tmp_path, "RULES")
    messages = [p.message for p in parse_path(tmp_path).all_problems]
    if not (tmp_path / "rules").samefile(tmp_path / "RULES"):  # case-sensitive file system
        assert any("重复" in m for m in messages), messages


def test_a_subfolder_without_course_md_is_reported(tmp_path):
    write_course(tmp_path, "good")
    (tmp_path / "half-written").mkdir()
    problems = parse_path(tmp_path).all_problems
    assert [(Path(p.path).name, p.line) for p in problems] == [("half-written", 1)]


def test_every_problem_is_collected_not_just_the_first(tmp_path):
    folder = write_course(tmp_path, files={"images/chart.png": None, "files/guide.pdf": None,
                                           "02-rights.md": RIGHTS_MD.replace("minutes: 1\n", "minutes: 0\n")})
    assert len(problems_in(folder)) == 3


def test_lessons_in_subfolders_link_relative_to_themselves(tmp_path):
    folder = write_course(tmp_path, files={
        "course.md": COURSE_MD.replace("02-rights.md", "part2/02-rights.md"),
        "01-intro.md": INTRO_MD.replace("02-rights.md#", "part2/02-rights.md#"),
        "part2/02-rights.md": RIGHTS_MD + "\n![图](../images/chart.png) [导言](../01-intro.md)\n",
        "02-rights.md": None})
    assert problems_in(folder) == []


def test_problems_print_as_path_line_message(tmp_path):
    folder = write_course(tmp_path, files={"02-rights.md": None})
    problem = parse_path(folder).all_problems[0]
    assert str(problem) == f"{folder / 'course.md'}:12: 找不到文件 02-rights.md。"


def test_front_matter_may_start_with_a_byte_order_mark(tmp_path):
    write_files(tmp_path / "bom", {})
    folder = write_course(tmp_path, files={"course.md": "\ufeff" + COURSE_MD})
    assert problems_in(folder) == []


def test_paths_too_long_for_the_database_are_reported(tmp_path):
    long_name = "长" * 80 + ".png"
    folder = write_course(tmp_path, files={f"images/{long_name}": PNG, "02-rights.md":
                                           RIGHTS_MD + f"\n![x](images/{long_name})\n"})
    assert parse_path(folder).courses[0].content is not None
    deeper = "dir/" * 110 + long_name
    folder = write_course(tmp_path, "other", files={deeper: PNG, "02-rights.md":
                                                     RIGHTS_MD + f"\n![x]({deeper})\n"})
    assert_problem(folder, "02-rights.md", 12, "太长")


LESSON_HEAD = "---\ntitle: 党员的权利\nminutes: 1\nkey: rights\n---\n"


def test_an_entity_encoded_url_in_raw_html_is_reported_on_its_own_line(tmp_path):
    body = "## 八项权利\n\n" + "党员享有八项权利。\n\n" * 3 + '<IMG SRC="jav&#x09;ascript:alert(1);">\n'
    folder = write_course(tmp_path, files={"02-rights.md": LESSON_HEAD + body})
    line = (LESSON_HEAD + body).splitlines().index('<IMG SRC="jav&#x09;ascript:alert(1);">') + 1
    assert line == 14
    assert_problem(folder, "02-rights.md", line, "不允许的链接地址")


def test_a_url_that_occurs_twice_is_reported_at_each_place(tmp_path):
    body = ("## 八项权利\n\n[一](javascript:alert(1))\n\n正文。\n\n"
            "[二](javascript:alert(1))\n")
    folder = write_course(tmp_path, files={"02-rights.md": LESSON_HEAD + body})
    lines = sorted(n for f, n, m in problems_in(folder)
                   if f == "02-rights.md" and "不允许的链接地址" in m)
    assert lines == [8, 12]

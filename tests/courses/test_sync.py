"""content sync: versions only when files change, idempotent, keys stable, nothing erased."""

from sqlalchemy import func, select

from learnhub.authoring.models import AssetBlob
from learnhub.courses.format.parsing import parse_path
from learnhub.courses.models import (
    ContentSource,
    Course,
    CourseAsset,
    CourseStatus,
    CourseTag,
    CourseVersion,
    Lesson,
)
from learnhub.courses.publishing.services import (
    course_by_slug,
    publish_version,
    sync,
    version_lessons,
)
from learnhub.extensions import db
from learnhub.org.models import AuditEvent
from tests.courses.builders import COURSE_MD, INTRO_MD, PNG, RIGHTS_MD, write_course
from tests.factories import make_member, make_unit


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def versions_of(course):
    return list(db.session.scalars(select(CourseVersion).where(CourseVersion.course_id == course.id)
                                   .order_by(CourseVersion.number)))


def test_first_sync_creates_the_course_and_version_one(tmp_path):
    write_course(tmp_path)
    report = sync(tmp_path)
    assert [(r.slug, r.status, r.version_number) for r in report.results] == [
        ("party-rules", "created", 1)]
    course = course_by_slug("party-rules")
    assert course.status == CourseStatus.PUBLISHED and course.title == "党章学习"
    assert course.tags == ["党章", "党员权利"] and course.category == "党章党规"
    version = course.current_version
    assert version.number == 1 and version.source == ContentSource.FILE
    assert str(version.credit_hours) == "1.50" and version.lesson_count == 2
    assert version.total_minutes == 3 and version.published_at is not None
    assert [(lesson.position, lesson.key) for lesson in version_lessons(version)] == [
        (1, "01-intro"), (2, "rights")]
    assert sorted(db.session.scalars(select(CourseTag.tag))) == ["党员权利", "党章"]


def test_sync_stores_sanitised_html_with_page_urls(tmp_path):
    write_course(tmp_path)
    sync(tmp_path)
    intro = version_lessons(course_by_slug("party-rules").current_version)[0]
    blob = db.session.scalar(select(AssetBlob).join(CourseAsset).where(
        CourseAsset.path == "images/chart.png"))
    assert f'src="/courses/party-rules/assets/{blob.sha256}/chart.png"' in intro.html
    assert 'href="/courses/party-rules/lessons/rights#%E5%85%AB%E9%A1%B9%E6%9D%83%E5%88%A9"' \
        in intro.html
    assert '<h2 id="党建-工作">' in intro.html and 'href="#党建-工作"' in intro.toc_html
    assert "基层党建是企业的根基" in intro.plain_text


def test_sync_stores_each_referenced_file_once(tmp_path):
    write_course(tmp_path, "course-a")
    write_course(tmp_path, "course-b")
    sync(tmp_path)
    assert count(CourseAsset) == 4
    assert count(AssetBlob) == 2


def test_second_sync_changes_nothing(tmp_path):
    write_course(tmp_path)
    sync(tmp_path)
    before = (count(CourseVersion), count(Lesson), count(AssetBlob), count(AuditEvent))
    report = sync(tmp_path)
    assert [(r.status, r.version_number) for r in report.results] == [("unchanged", 1)]
    assert (count(CourseVersion), count(Lesson), count(AssetBlob), count(AuditEvent)) == before


def test_editing_one_lesson_publishes_a_new_version_with_the_same_keys(tmp_path):
    folder = write_course(tmp_path)
    sync(tmp_path)
    first = version_lessons(course_by_slug("party-rules").current_version)
    (folder / "02-rights.md").write_text(RIGHTS_MD + "\n补充一段。\n", encoding="utf-8")
    report = sync(tmp_path)
    assert [(r.status, r.version_number) for r in report.results] == [("updated", 2)]
    course = course_by_slug("party-rules")
    second = version_lessons(course.current_version)
    assert [lesson.key for lesson in second] == [lesson.key for lesson in first]
    assert second[0].content_hash == first[0].content_hash
    assert second[1].content_hash != first[1].content_hash
    assert [v.number for v in versions_of(course)] == [1, 2]
    assert len(version_lessons(versions_of(course)[0])) == 2  # the old version is untouched


def test_changing_an_image_publishes_a_new_version(tmp_path):
    folder = write_course(tmp_path)
    sync(tmp_path)
    (folder / "images" / "chart.png").write_bytes(PNG + b"changed")
    assert sync(tmp_path).results[0].status == "updated"


def test_renaming_a_lesson_file_keeps_its_key_when_key_is_set(tmp_path):
    folder = write_course(tmp_path)
    sync(tmp_path)
    (folder / "02-rights.md").rename(folder / "02-party-rights.md")
    (folder / "course.md").write_text(COURSE_MD.replace("02-rights.md", "02-party-rights.md"),
                                      encoding="utf-8")
    (folder / "01-intro.md").write_text(INTRO_MD.replace("02-rights.md", "02-party-rights.md"),
                                        encoding="utf-8")
    sync(tmp_path)
    lessons = version_lessons(course_by_slug("party-rules").current_version)
    assert [(lesson.key, lesson.file_name) for lesson in lessons] == [
        ("01-intro", "01-intro.md"), ("rights", "02-party-rights.md")]


def test_dry_run_reports_but_writes_nothing(tmp_path):
    write_course(tmp_path)
    report = sync(tmp_path, dry_run=True)
    assert report.dry_run and [(r.slug, r.status) for r in report.results] == [
        ("party-rules", "created")]
    assert (count(Course), count(CourseVersion), count(AssetBlob), count(AuditEvent)) == (0, 0, 0, 0)


def test_dry_run_after_an_edit_says_updated_and_keeps_the_old_version(tmp_path):
    folder = write_course(tmp_path)
    sync(tmp_path)
    (folder / "02-rights.md").write_text(RIGHTS_MD + "\n新内容\n", encoding="utf-8")
    assert sync(tmp_path, dry_run=True).results[0].status == "updated"
    assert count(CourseVersion) == 1


def test_a_broken_course_is_skipped_and_the_others_are_published(tmp_path):
    write_course(tmp_path, "good")
    write_course(tmp_path, "broken", files={"02-rights.md": None})
    report = sync(tmp_path)
    assert {(r.slug, r.status) for r in report.results} == {("good", "created"),
                                                           ("broken", "invalid")}
    assert any("02-rights.md" in str(p) for p in report.problems)
    assert course_by_slug("broken") is None


def test_unknown_unit_codes_are_reported_at_their_lines(tmp_path):
    write_course(tmp_path, files={"course.md": COURSE_MD.replace(
        "credit_hours: 1.5\n", "credit_hours: 1.5\nowner_unit: NOPE\n").replace(
        "    political_status: [中共党员, 中共预备党员]", "    units: [NOPE2]")})
    report = sync(tmp_path)
    assert report.results[0].status == "invalid"
    assert sorted((p.line, p.message) for p in report.problems) == [
        (7, "未知的组织编码 NOPE。"), (10, "未知的组织编码 NOPE2。")]


def test_owner_unit_defaults_to_root_and_can_be_named(tmp_path):
    root = make_unit(code="ROOT")
    branch = make_unit(root, code="GB01-B01")
    write_course(tmp_path, "by-default")
    write_course(tmp_path, "by-branch", files={"course.md": COURSE_MD.replace(
        "credit_hours: 1.5\n", "credit_hours: 1.5\nowner_unit: GB01-B01\n")})
    sync(tmp_path)
    assert course_by_slug("by-default").owner_unit_id == root.id
    assert course_by_slug("by-branch").owner_unit_id == branch.id


def test_sync_records_who_published_in_the_audit_log(tmp_path):
    trainer = make_member()
    write_course(tmp_path)
    sync(tmp_path, actor=trainer)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "course.publish"))
    assert event.actor_id == trainer.id and event.details["version"] == 1
    assert course_by_slug("party-rules").current_version.created_by_id == trainer.id


def test_a_web_edit_wins_until_the_files_change(tmp_path):
    folder = write_course(tmp_path)
    sync(tmp_path)
    course = course_by_slug("party-rules")
    edited = parse_path(folder).courses[0].content
    edited.title = "党章学习（网页修订）"
    publish_version(course, edited, actor=None, source=ContentSource.WEB)
    assert sync(tmp_path).results[0].status == "unchanged"
    assert course.current_version.title == "党章学习（网页修订）"
    (folder / "02-rights.md").write_text(RIGHTS_MD + "\n文件更新\n", encoding="utf-8")
    report = sync(tmp_path)
    assert [(r.status, r.version_number) for r in report.results] == [("updated", 3)]
    assert course.current_version.title == "党章学习"


def test_files_that_match_the_current_web_version_publish_nothing(tmp_path):
    folder = write_course(tmp_path)
    sync(tmp_path)
    course = course_by_slug("party-rules")
    edited = parse_path(folder).courses[0].content
    edited.title = "新标题"
    publish_version(course, edited, actor=None, source=ContentSource.WEB)
    (folder / "course.md").write_text(COURSE_MD.replace("title: 党章学习", "title: 新标题"),
                                      encoding="utf-8")
    assert sync(tmp_path).results[0].status == "unchanged"
    assert count(CourseVersion) == 2


def test_an_archived_course_stays_archived_when_its_files_change(tmp_path):
    folder = write_course(tmp_path)
    sync(tmp_path)
    course = course_by_slug("party-rules")
    course.status = CourseStatus.ARCHIVED
    (folder / "02-rights.md").write_text(RIGHTS_MD + "\n更新\n", encoding="utf-8")
    sync(tmp_path)
    assert course.status == CourseStatus.ARCHIVED and course.current_version.number == 2


def test_video_lesson_gets_its_video_url(tmp_path):
    write_course(tmp_path, files={"media/talk.webm": b"webm-bytes", "01-intro.md": INTRO_MD.replace(
        "minutes: 2\n", "minutes: 2\nvideo: media/talk.webm\n")})
    sync(tmp_path)
    lesson = version_lessons(course_by_slug("party-rules").current_version)[0]
    assert lesson.is_video and lesson.video_path == "media/talk.webm"
    assert lesson.video_url.startswith("/courses/party-rules/assets/")
    assert lesson.video_url.endswith("/talk.webm")


def test_search_text_finds_a_two_character_chinese_query(tmp_path):
    write_course(tmp_path)
    sync(tmp_path)
    hits = db.session.scalars(select(CourseVersion.title).where(
        CourseVersion.search_text.contains("党建"))).all()
    assert hits == ["党章学习"]
    lessons = db.session.scalars(select(Lesson.key).where(Lesson.plain_text.contains("党建"))).all()
    assert lessons == ["01-intro"]


def test_sync_of_an_empty_folder_reports_nothing(tmp_path):
    report = sync(tmp_path)
    assert report.results == [] and report.problems == []


def test_html_published_through_the_editor_path_is_inert(tmp_path):
    from tests.courses.test_xss import CORPUS, assert_inert

    folder = write_course(tmp_path)
    sync(tmp_path)
    content = parse_path(folder).courses[0].content
    content.lessons[1].markdown = "\n\n".join(CORPUS)
    content.intro_markdown = "<script>alert(1)</script>[x](javascript:alert(1))"
    version = publish_version(course_by_slug("party-rules"), content, actor=None,
                              source=ContentSource.WEB)
    assert_inert(version.intro_html)
    for lesson in version_lessons(version):
        assert_inert(lesson.html)
        assert_inert(lesson.toc_html)


def test_windows_line_endings_and_a_byte_order_mark_publish_nothing_new(tmp_path):
    folder = write_course(tmp_path)
    sync(tmp_path)
    for path in folder.glob("*.md"):  # a Windows checkout: CRLF, and Notepad's BOM
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    report = sync(tmp_path)
    assert [(r.status, r.version_number) for r in report.results] == [("unchanged", 1)]
    assert "\r" not in parse_path(folder).courses[0].content.lessons[0].markdown

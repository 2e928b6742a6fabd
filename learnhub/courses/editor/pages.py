"""What the editor's pages share: the header every one of them shows (the draft, the
current version) and Markdown previews rendered as publishing renders them."""

from __future__ import annotations

from flask import render_template
from flask_wtf import FlaskForm

from learnhub.core.forms import attach_errors
from learnhub.core.markdown import MarkdownRefused, RenderResult
from learnhub.courses.editor.edits import FieldErrors
from learnhub.courses.format.content import CourseContent
from learnhub.courses.format.rendering import assets_lookup, render_course_markdown
from learnhub.courses.models import Course
from learnhub.courses.publishing.services import draft_of


def editor_page(template: str, course: Course, *, status: int = 200, **context):
    """Render an editor page with what every one of them shows in its header."""
    draft = draft_of(course)
    context.setdefault("tab", "")
    return render_template(template, course=course, draft=draft,
                           current=course.current_version, **context), status


def preview_render(course: Course, content: CourseContent, text: str,
                   source_file: str) -> RenderResult:
    """The Markdown through the same renderer and sanitiser as publishing."""
    result, _references = render_course_markdown(
        text, slug=course.slug, source_file=source_file, lesson_files=content.lesson_files,
        lookup_asset=assets_lookup(content.assets))
    return result


def preview_into(form: FlaskForm, field: str, course: Course, content: CourseContent,
                 source_file: str) -> RenderResult | None:
    """The preview of a form's Markdown field, or, if it is refused, why under the field."""
    try:
        return preview_render(course, content, form[field].data or "", source_file)
    except MarkdownRefused as error:
        attach_errors(form, FieldErrors({field: error.translated()}))
        return None

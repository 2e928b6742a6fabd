"""The quiz editor's pages: a new quiz, the editor (preview, save and publish), and
publishing a draft, archiving, unarchiving. Every page loads the quiz through
`access.get_editable_quiz` (404 outside the trainer's scope); learners get 403."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learnhub.core.errors import DomainError, NotFound
from learnhub.core.timeutil import now_utc
from learnhub.extensions import db
from learnhub.org.access import role_required
from learnhub.org.forms import choices
from learnhub.org.models import Role
from learnhub.org.units.queries import active_units_in_scope
from learnhub.quizzes.blueprint import bp
from learnhub.quizzes.editor import editing
from learnhub.quizzes.editor import status as quiz_status
from learnhub.quizzes.editor.access import attachable_courses, get_editable_quiz, quiz_by_slug
from learnhub.quizzes.editor.forms import ConfirmForm, EditorForm, NewQuizForm
from learnhub.quizzes.editor.preview import preview_items, starter_text
from learnhub.quizzes.format.settings import SLUG
from learnhub.quizzes.models import Quiz, QuizStatus

trainer_page = role_required(Role.TRAINER, section="quiz_admin")
STATUS_LABELS = {QuizStatus.DRAFT: _l("草稿"), QuizStatus.PUBLISHED: _l("已发布"),
                 QuizStatus.ARCHIVED: _l("已归档")}
ACTION_LABELS = {"publish": _l("发布"), "archive": _l("归档"), "unarchive": _l("恢复")}


def _render(template: str, **context) -> str:
    """A page of the editor, with the labels and the link to 测验管理 (once that page
    exists in the app) its macros use."""
    manage = "quizzes.manage" in current_app.view_functions
    return render_template(template, status_labels=STATUS_LABELS, action_labels=ACTION_LABELS,
                           manage_url=url_for("quizzes.manage") if manage else None,
                           **context)


def _new_quiz_form() -> NewQuizForm:
    form = NewQuizForm()
    courses = attachable_courses(current_user)
    form.course.choices = choices([("", gettext("（不属于课程）"))] + [
        (course.slug, f"{course.title}（{course.slug}）") for course in courses])
    units = active_units_in_scope(current_user, Role.TRAINER, limit=1000)
    form.owner_unit.choices = choices([(unit.code, f"{unit.name}（{unit.code}）")
                                       for unit in units])
    if request.method == "GET" and units:
        own = [unit.code for unit in units if unit.id == current_user.unit_id]
        form.owner_unit.data = own[0] if own else units[0].code
    return form


@bp.route("/new", methods=["GET", "POST"])
@trainer_page
def new_quiz():
    """Slug, title, mode, course, unit; then the editor with a starter text (nothing is
    stored until 保存并发布)."""
    form = _new_quiz_form()
    if form.validate_on_submit():
        if editing.slug_taken(form.slug.data):
            form.slug.errors = [*form.slug.errors,
                                editing.SlugTaken(slug=form.slug.data).translated()]
        else:
            text = starter_text(title=form.title.data, mode=form.mode.data,
                                course=form.course.data or None,
                                owner_unit=form.owner_unit.data)
            editor = EditorForm(formdata=None, data={"markdown": text, "token": editing.NEW})
            return _editor_page(None, form.slug.data, editor, preview=None, problems=[])
    return _render("quizzes/editor/new.html", form=form), \
        422 if form.errors else 200


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@trainer_page
def edit_quiz(slug: str):
    quiz = _quiz_or_new(slug)
    if request.method == "GET":
        assert quiz is not None
        form = EditorForm(formdata=None, data={"markdown": editing.quiz_source(quiz),
                                               "token": editing.edit_token(quiz)})
        return _editor_page(quiz, slug, form, preview=None, problems=[])
    form = EditorForm()
    text = form.markdown.data or ""
    if not form.validate_on_submit():
        return _editor_page(quiz, slug, form, preview=None, problems=[], status=422)
    if request.form.get("action") != "save":
        parsed = editing.check_text(current_user, slug, text, quiz)
        return _editor_page(quiz, slug, form, preview=preview_items(parsed),
                            problems=parsed.problems, status=422 if parsed.problems else 200)
    try:
        saved = editing.save_text(current_user, slug, text, quiz=quiz, token=form.token.data,
                                  now=now_utc())
    except editing.QuizTextInvalid as error:
        db.session.rollback()
        form.form_errors.append(error.translated())
        return _editor_page(quiz, slug, form, preview=None, problems=error.problems,
                            status=422)
    except DomainError as error:  # edited elsewhere, slug taken: the text stays
        db.session.rollback()
        form.form_errors.append(error.translated())
        return _editor_page(quiz, slug, form, preview=None, problems=[], status=error.status)
    db.session.commit()
    if saved.version is None:
        flash(gettext("内容与当前版本相同，没有生成新版本。"), "success")
    else:
        flash(gettext("已保存并发布第 %(n)s 版。", n=saved.version.number), "success")
    return redirect(url_for(".edit_quiz", slug=slug))


def _quiz_or_new(slug: str) -> Quiz | None:
    """The quiz to edit; None for a new quiz's first preview or save (its token says so)."""
    quiz = quiz_by_slug(slug)
    if quiz is None and request.method == "POST" and request.form.get(
            "token") == editing.NEW and SLUG.match(slug):
        return None
    return get_editable_quiz(current_user, slug)


def _editor_page(quiz: Quiz | None, slug: str, form: EditorForm, *, preview, problems,
                 status: int = 200):
    body = _render(
        "quizzes/editor/edit.html", quiz=quiz, slug=slug, form=form, preview=preview,
        problems=problems, attempts=editing.attempt_count(quiz) if quiz else 0,
        current=quiz.current_version if quiz else None,
        actions=[action for action in quiz_status.ACTIONS if quiz and quiz_status.allowed(quiz, action)])
    return body, status


# -- publish, archive, unarchive -----------------------------------------------------------

def _status_page(slug: str, action: str):
    quiz = get_editable_quiz(current_user, slug)
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            quiz_status.change_status(quiz, action, actor=current_user)
        except DomainError as error:
            db.session.rollback()
            flash(error.translated(), "error")
        else:
            db.session.commit()
            flash(str(DONE[action]()), "success")
        return redirect(url_for(".edit_quiz", slug=slug))
    if not quiz_status.allowed(quiz, action):
        raise NotFound()
    return _render("quizzes/editor/confirm.html", quiz=quiz, action=action, form=form,
                           current=quiz.current_version,
                           attempts=editing.attempt_count(quiz)), \
        400 if request.method == "POST" else 200


DONE = {"publish": lambda: gettext("测验已发布，学员可以看到它了。"),
        "archive": lambda: gettext("测验已归档：学员的测验列表中不再显示，作答记录都保留。"),
        "unarchive": lambda: gettext("测验已恢复。")}


@bp.route("/<slug>/publish", methods=["GET", "POST"])
@trainer_page
def publish_quiz(slug: str):
    return _status_page(slug, "publish")


@bp.route("/<slug>/archive", methods=["GET", "POST"])
@trainer_page
def archive_quiz(slug: str):
    return _status_page(slug, "archive")


@bp.route("/<slug>/unarchive", methods=["GET", "POST"])
@trainer_page
def unarchive_quiz(slug: str):
    return _status_page(slug, "unarchive")

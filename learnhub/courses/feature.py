"""Markdown courses: files and the web editor, versions, the catalogue, reading and honest
progress, 必修 assignments.

One blueprint (`blueprint.bp`); each room's views module adds its routes to it when it is
imported here.
"""

from learnhub.core.feature import Feature, HomePanel, LedgerSource, NavItem
from learnhub.core.messages import N_
from learnhub.courses import models
from learnhub.courses.assignments import models as assignment_models
from learnhub.courses.assignments import views as assignment_views
from learnhub.courses.blueprint import bp
from learnhub.courses.catalogue import search_index
from learnhub.courses.catalogue import views as catalogue_views
from learnhub.courses.editor import lesson_views as editor_lesson_views
from learnhub.courses.editor import views as editor_views
from learnhub.courses.publishing import views as publishing_views
from learnhub.courses.publishing.commands import COURSE_KIND
from learnhub.courses.study import models as study_models
from learnhub.courses.study import views as study_views
from learnhub.courses.study.completion import lessons_studied
from learnhub.courses.study.my_courses import required_panel

PAGES = (assignment_views, catalogue_views, editor_lesson_views, editor_views, study_views,
         publishing_views)

FEATURE = Feature(
    name="courses",
    blueprints=(bp,),
    navigation=(
        NavItem(N_("课程"), "courses.catalogue", section="courses"),
        NavItem(N_("我的课程"), "courses.mine", section="my_courses"),
        NavItem(N_("课程管理"), "courses.manage", role="trainer", section="course_admin"),
    ),
    home_panels=(HomePanel("required", lambda member, today: required_panel(member,
                                                                           today=today)),),
    model_modules=(models, assignment_models, study_models, search_index),
    content_kinds=(COURSE_KIND,),
    requirement_kinds=(lessons_studied,),
    ledger_sources=(LedgerSource("course", N_("课程学习"), online=True),),
)

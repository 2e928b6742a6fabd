"""Notifications (通知): an inbox for every member, the menu badge of unread ones, a home
card, and the email job of `learnhub jobs run`. Features make notifications with
`learnhub.notifications.services.notify`."""

from learnhub.core.feature import Feature, HomePanel, Job, NavItem
from learnhub.core.messages import N_
from learnhub.notifications import models
from learnhub.notifications import views as inbox_views
from learnhub.notifications.blueprint import bp
from learnhub.notifications.emailing import email_job
from learnhub.notifications.home_panel import INBOX_ENDPOINT, unread_panel
from learnhub.notifications.services import unread_count_expression

PAGES = (inbox_views,)  # adds its routes to `bp` as it is imported

FEATURE = Feature(
    name="notifications",
    blueprints=(bp,),
    navigation=(NavItem(N_("通知"), INBOX_ENDPOINT, section="notifications",
                        badge=unread_count_expression, badge_label=N_("（%(count)s 条未读）")),),
    home_panels=(HomePanel("notifications", lambda member, today: unread_panel(member)),),
    model_modules=(models,),
    jobs=(Job("email-notifications", email_job),),
)

"""The discussion's forms: a post (or reply), an edit, and the host's reason to hide."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from learnhub.core.forms import Form
from learnhub.discussions.threads.services import POST_MAX_CHARS

BODY_HINT = _l("支持 Markdown（列表、加粗、链接等），最多 %(max)s 个字符。", max=POST_MAX_CHARS)


class PostForm(Form):
    body = TextAreaField(_l("发言内容"), description=BODY_HINT, validators=[
        DataRequired(message=_l("请填写发言内容。")),
        Length(max=POST_MAX_CHARS, message=_l("发言最多 %(max)s 个字符。", max=POST_MAX_CHARS))])
    reflection = BooleanField(_l("这是我的心得体会"))


class ReplyForm(Form):
    body = TextAreaField(_l("回复内容"), description=BODY_HINT, validators=[
        DataRequired(message=_l("请填写回复内容。")),
        Length(max=POST_MAX_CHARS, message=_l("发言最多 %(max)s 个字符。", max=POST_MAX_CHARS))])


class HideForm(Form):
    reason = StringField(_l("隐藏原因"), description=_l("其他成员会看到这个原因。"), validators=[
        DataRequired(message=_l("请填写隐藏原因。")),
        Length(max=500, message=_l("原因最多 500 个字符。"))])

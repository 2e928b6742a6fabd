"""Login and password forms (shape only; the rules live in services)."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo

from learnhub.core.forms import Form


class LoginForm(Form):
    # Not held to the 工号 rule: a member imported before the rule existed must still be
    # able to sign in; a 工号 no member has fails like a wrong password.
    employee_no = StringField(_l("工号"), validators=[DataRequired(_l("请输入工号。"))],
                              render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("密码"), validators=[DataRequired(_l("请输入密码。"))],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("当前密码"),
                                     validators=[DataRequired(_l("请输入当前密码。"))],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(
        _l("新密码"), validators=[DataRequired(_l("请输入新密码。"))],
        description=_l("至少 10 个字符，不能与工号相同，不能是常见密码。"),
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("再次输入新密码"),
        validators=[DataRequired(_l("请再次输入新密码。")),
                    EqualTo("new_password", _l("两次输入的新密码不一致。"))],
        render_kw={"autocomplete": "new-password"},
    )

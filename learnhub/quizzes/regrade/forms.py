"""The regrade forms: the corrected key (previewed), and the apply button carrying the
previewed key and the preview's digest. Shape only; `keys.read_key` checks the key."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from learnhub.core.forms import Form
from learnhub.org.forms import choices
from learnhub.quizzes.questions.spec import QuestionSpec, QuestionType
from learnhub.quizzes.regrade.keys import CorrectedKey


class KeyForm(Form):
    correct = SelectMultipleField(_l("正确答案"), coerce=int, validate_choice=False)
    scoring = RadioField(_l("计分方式"), default="all", choices=choices([
        ("all", _l("全部选对才得分")), ("partial", _l("按选项分别计分（选对加分、选错扣分）"))]))
    answers = TextAreaField(_l("可接受的答案"), validators=[Length(max=5000)], description=_l(
        "每行一个。比较时忽略全角半角、大小写、空格和标点。数值答案可写容差，如“3.14 ± 0.01”。"))
    points = StringField(_l("分值"), validators=[DataRequired(message=_l("请填写分值。"))],
                         description=_l("分值的更改只对今后的作答生效；已有作答仍按原分值计算。"))

    def offer(self, spec: QuestionSpec) -> None:
        self.correct.choices = [SelectChoice(i, c.text) for i, c in enumerate(spec.choices)]

    def start_from(self, spec: QuestionSpec, key: CorrectedKey) -> None:
        """Fill a fresh form with the key the question has now."""
        self.correct.data = list(key.correct)
        self.scoring.data = "partial" if key.partial else "all"
        self.answers.data = "\n".join(a.line() for a in key.accepted)
        self.points.data = f"{key.points.normalize():f}"
        if spec.type != QuestionType.MULTIPLE:
            self.scoring.data = "all"


class ApplyForm(Form):
    key = HiddenField()
    preview_digest = HiddenField(validators=[DataRequired()])

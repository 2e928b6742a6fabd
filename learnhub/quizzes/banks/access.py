"""Who may manage a question bank: a trainer of its owner unit's subtree, or an admin.
A bank without an owner unit is the admins' alone."""

from __future__ import annotations

from learnhub.org.models import Member
from learnhub.org.permissions import can_train_for, is_admin
from learnhub.quizzes.models import QuestionBank


def can_manage_bank(actor: Member, bank: QuestionBank) -> bool:
    return is_admin(actor) or (bank.owner_unit is not None
                               and can_train_for(actor, bank.owner_unit))

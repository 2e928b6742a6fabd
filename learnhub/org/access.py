"""Who may open a page: the role checks every feature's views put in front of them.
Object-level checks (this member, this course) stay in the services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g
from flask_login import current_user, login_required

from learnhub.core.errors import Forbidden
from learnhub.org.models import Role
from learnhub.org.permissions import has_role, is_admin


def role_required(role: Role, *, section: str | None = None) -> Callable[[Callable], Callable]:
    """Logged in and holding `role` on some unit (admin implies every role); anyone else
    gets 403. `section` marks the menu entry the page belongs to."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            allowed = is_admin(current_user) if role is Role.ADMIN else has_role(current_user,
                                                                                  role)
            if not allowed:
                raise Forbidden()
            if section is not None:
                g.section = section
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = role_required(Role.ADMIN)
manager_required = role_required(Role.MANAGER)
trainer_required = role_required(Role.TRAINER, section="course_admin")


def is_site_admin() -> bool:
    """A template global: whether to show the current member the admin-only links."""
    return is_admin(current_user)

"""Who a course is required (必修) for; everyone else may take it as an elective (选修).

`audience: {required: {political_status: [...], cadre_level: [...], party_post: [...],
roles: [...], units: [...]}}`: a member matching ANY listed value is required to take the
course. `party_post` is the member's 党内职务 (书记, 副书记, 委员, 党小组组长), not a
platform role. Units are codes and cover their whole subtree.

Every rule applies only inside the subtree of the course's owner unit: the trainers who
may publish a course are those of its owner unit, so a branch trainer's "every 中共党员"
means every 中共党员 of that branch. A course owned by the root (the default for files)
applies everywhere; so does one without an owner unit (no ROOT unit when it was synced).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, NamedTuple

from flask_babel import gettext
from sqlalchemy import select

from learnhub.authoring.fields import split_scalar
from learnhub.extensions import db
from learnhub.org.models import (
    PARTY_POST_VALUES,
    Member,
    PoliticalStatus,
    Role,
    Unit,
    unit_code_key,
)

CRITERIA = ("political_status", "cadre_level", "party_post", "roles", "units")
ROLE_NAMES = tuple(role.value for role in Role)


def normalise(value: Any) -> tuple[dict, list[tuple[tuple[str | int, ...], str]]]:
    """The stored form of an `audience` value, and problems as (key path, message)."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    if value is None:
        return {}, problems
    if not isinstance(value, dict):
        return {}, [((), gettext("audience 必须是映射，例如 required: {political_status: [中共党员]}。"))]
    for key in value:
        if key != "required":
            problems.append(((str(key),), gettext("audience 下未知的键 %(key)s（只能是 required）。",
                                                  key=key)))
    required = value.get("required")
    if required is None:
        return {}, problems
    if not isinstance(required, dict):
        return {}, [*problems, (("required",), gettext("audience.required 必须是映射。"))]
    result: dict[str, list[str]] = {}
    for criterion, values in required.items():
        where: tuple[str | int, ...] = ("required", str(criterion))
        if criterion not in CRITERIA:
            problems.append((where, gettext("audience.required 下未知的条件 %(key)s（可用：%(keys)s）。",
                                            key=criterion, keys=", ".join(CRITERIA))))
            continue
        if isinstance(values, str):
            values = split_scalar(values) or [values]  # `cadre_level: 中层正职, 中层副职`
        elif isinstance(values, int) and not isinstance(values, bool):
            values = [values]
        if not isinstance(values, list) or not values:
            problems.append((where, gettext("audience.required.%(key)s 必须是非空列表。",
                                            key=criterion)))
            continue
        cleaned = []
        for index, item in enumerate(values):
            text = str(item).strip() if isinstance(item, str | int) and not isinstance(
                item, bool) else ""
            message = _value_problem(criterion, text)
            if message:
                problems.append(((*where, index), message))
            elif text not in cleaned:
                cleaned.append(text)
        if cleaned:
            result[criterion] = cleaned
    return ({"required": result} if result else {}), problems


def _value_problem(criterion: str, text: str) -> str | None:
    if not text:
        return gettext("audience.required.%(key)s 中有空值。", key=criterion)
    if criterion == "political_status" and text not in {s.value for s in PoliticalStatus}:
        return gettext("未知的政治面貌 %(value)s（可用：%(values)s）。", value=text,
                       values="、".join(s.value for s in PoliticalStatus))
    if criterion == "party_post" and text not in PARTY_POST_VALUES:
        return gettext("未知的党内职务 %(value)s（可用：%(values)s）。", value=text,
                       values="、".join(PARTY_POST_VALUES))
    if criterion == "roles" and text not in ROLE_NAMES:
        return gettext("未知的角色 %(value)s（可用：%(values)s）。", value=text,
                       values=", ".join(ROLE_NAMES))
    return None


def unit_codes(audience: Mapping) -> list[str]:
    return list(audience.get("required", {}).get("units", []))


def unit_paths(codes: Collection[str]) -> dict[str, str]:
    """Unit code as given → materialized path, for the codes that exist in any case (one
    query)."""
    if not codes:
        return {}
    keys = {code: unit_code_key(code) for code in codes}
    rows = db.session.execute(select(Unit.code_key, Unit.path)
                              .where(Unit.code_key.in_(set(keys.values()))))
    paths: dict[str, str] = {key: path for key, path in rows}
    return {code: paths[key] for code, key in keys.items() if key in paths}


class CourseAudience(NamedTuple):
    """A course's 必修 rules (its current version's `audience`) and where they reach."""

    rules: Mapping
    owner_path: str | None  # the owner unit's path; None: no owner unit, no bound


def within_owner(unit_path: str, owner_path: str | None) -> bool:
    """True if a unit (by path) lies in the owner unit's subtree, where the rules reach."""
    return owner_path is None or unit_path.startswith(owner_path)


def outside_owner_problem(code: str, owner_code: str) -> str:
    return gettext("组织 %(code)s 不在课程的归属组织 %(owner)s 之内：必修范围只能在归属组织之内。",
                   code=code, owner=owner_code)


def is_required(audience: Mapping, member: Member, *, roles: Collection[str],
                paths_by_code: Mapping[str, str], owner_path: str | None) -> bool:
    """True if the member is inside the owner unit's subtree (`owner_path`) and matches
    any criterion. `roles` are the member's role names (org.permissions.role_names);
    `paths_by_code` resolves unit codes (see `unit_paths`)."""
    return required_for(audience, unit_path=member.unit.path,
                        political_status=member.political_status,
                        cadre_level=member.cadre_level, party_post=member.party_post,
                        roles=roles, paths_by_code=paths_by_code, owner_path=owner_path)


def required_for(audience: Mapping, *, unit_path: str, political_status: str, cadre_level: str,
                 party_post: str, roles: Collection[str], paths_by_code: Mapping[str, str],
                 owner_path: str | None) -> bool:
    """`is_required` on a member's columns rather than a loaded member, for reports that
    read thousands of members as plain rows."""
    if not within_owner(unit_path, owner_path):
        return False
    required = audience.get("required") or {}
    if political_status in required.get("political_status", ()):
        return True
    if cadre_level and cadre_level in required.get("cadre_level", ()):
        return True
    if party_post and party_post in required.get("party_post", ()):
        return True
    if set(roles) & set(required.get("roles", ())):
        return True
    return any(code in paths_by_code and unit_path.startswith(paths_by_code[code])
               for code in required.get("units", ()))

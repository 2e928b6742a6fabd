"""Who a requirement rule is for. Every criterion a rule gives must match (a rule "中共党员
in 机关党委" is both); within a criterion any listed value does. `cadre_level: ["*"]`
matches every member with a cadre level (干部), whatever it is."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from learnhub.org.models import PARTY_POST_VALUES, PoliticalStatus, Role

CRITERIA = ("political_status", "cadre_level", "party_post", "roles")
ANY_CADRE = "*"
CHOICES: dict[str, tuple[str, ...]] = {
    "political_status": tuple(status.value for status in PoliticalStatus),
    "party_post": PARTY_POST_VALUES,
    "roles": tuple(role.value for role in Role),
}


def audience_matches(audience: Mapping[str, Collection[str]], *, political_status: str,
                     cadre_level: str, party_post: str, roles: Collection[str]) -> bool:
    """True if a member with these attributes is in the audience (the unit is checked by
    the caller, from the rule's unit path)."""
    statuses = audience.get("political_status")
    if statuses and political_status not in statuses:
        return False
    levels = audience.get("cadre_level")
    if levels and not (cadre_level and (ANY_CADRE in levels or cadre_level in levels)):
        return False
    posts = audience.get("party_post")
    if posts and party_post not in posts:
        return False
    wanted_roles = audience.get("roles")
    return not wanted_roles or bool(set(wanted_roles) & set(roles))


def uses_roles(audiences: Collection[Mapping]) -> bool:
    return any(audience.get("roles") for audience in audiences)

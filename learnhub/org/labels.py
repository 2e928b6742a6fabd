"""How org values are named on pages: unit kinds, political statuses and party posts, in
the reader's language. The stored values stay as they are (political statuses and party
posts are stored in Chinese, which is also their msgid)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from learnhub.org.models import PartyPost, PoliticalStatus, UnitKind

UNIT_KIND_LABELS = {
    UnitKind.COMMITTEE: _l("党委"),
    UnitKind.GENERAL_BRANCH: _l("党总支"),
    UnitKind.BRANCH: _l("党支部"),
    UnitKind.GROUP: _l("党小组"),
    UnitKind.DEPARTMENT: _l("部门"),
}
# Literal msgids so the catalogue extractor sees them; the stored value is the Chinese text.
POLITICAL_STATUS_LABELS = {
    PoliticalStatus.MEMBER.value: _l("中共党员"),
    PoliticalStatus.PROBATIONARY.value: _l("中共预备党员"),
    PoliticalStatus.LEAGUE.value: _l("共青团员"),
    PoliticalStatus.REVOLUTIONARY_COMMITTEE.value: _l("民革党员"),
    PoliticalStatus.DEMOCRATIC_LEAGUE.value: _l("民盟盟员"),
    PoliticalStatus.NATIONAL_CONSTRUCTION.value: _l("民建会员"),
    PoliticalStatus.PROMOTING_DEMOCRACY.value: _l("民进会员"),
    PoliticalStatus.PEASANTS_AND_WORKERS.value: _l("农工党党员"),
    PoliticalStatus.ZHI_GONG.value: _l("致公党党员"),
    PoliticalStatus.JIUSAN.value: _l("九三学社社员"),
    PoliticalStatus.TAIWAN_LEAGUE.value: _l("台盟盟员"),
    PoliticalStatus.NONPARTISAN.value: _l("无党派民主人士"),
    PoliticalStatus.MASSES.value: _l("群众"),
}

PARTY_POST_LABELS = {
    PartyPost.SECRETARY.value: _l("书记"),
    PartyPost.DEPUTY_SECRETARY.value: _l("副书记"),
    PartyPost.COMMITTEE_MEMBER.value: _l("委员"),
    PartyPost.GROUP_LEADER.value: _l("党小组组长"),
}


def political_status_label(value: str) -> str:
    """A template global: the stored political status in the reader's language."""
    return str(POLITICAL_STATUS_LABELS.get(value, value))


def party_post_label(value: str) -> str:
    """A template global: the stored party post in the reader's language ('' for none)."""
    return str(PARTY_POST_LABELS.get(value, value))

"""Org units (a materialized-path tree), members and role grants."""

from __future__ import annotations

import enum
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from learnhub.core.db import Base, TimestampMixin, UTCDateTime, _now


class UnitKind(enum.StrEnum):
    COMMITTEE = "committee"  # 党委
    GENERAL_BRANCH = "general_branch"  # 党总支
    BRANCH = "branch"  # 党支部
    GROUP = "group"  # 党小组
    DEPARTMENT = "department"  # 部门


class PoliticalStatus(enum.StrEnum):
    """政治面貌 as GB/T 4762 names them, stored in Chinese (the import files use these words);
    shown through gettext."""

    MEMBER = "中共党员"
    PROBATIONARY = "中共预备党员"
    LEAGUE = "共青团员"
    # The eight democratic parties, each by name (GB/T 4762 政治面貌代码 04–11).
    REVOLUTIONARY_COMMITTEE = "民革党员"
    DEMOCRATIC_LEAGUE = "民盟盟员"
    NATIONAL_CONSTRUCTION = "民建会员"
    PROMOTING_DEMOCRACY = "民进会员"
    PEASANTS_AND_WORKERS = "农工党党员"
    ZHI_GONG = "致公党党员"
    JIUSAN = "九三学社社员"
    TAIWAN_LEAGUE = "台盟盟员"
    NONPARTISAN = "无党派民主人士"
    MASSES = "群众"


class PartyPost(enum.StrEnum):
    """党内职务: the post a member holds in their party organisation (书记 of a 党支部 or
    党总支, its 委员...), stored in Chinese like PoliticalStatus; empty for none. Not a
    platform role (Role) and not the job title (Member.position)."""

    SECRETARY = "书记"
    DEPUTY_SECRETARY = "副书记"
    COMMITTEE_MEMBER = "委员"
    GROUP_LEADER = "党小组组长"


PARTY_POST_VALUES = tuple(post.value for post in PartyPost)


class Role(enum.StrEnum):
    TRAINER = "trainer"
    MANAGER = "manager"
    ADMIN = "admin"


def unit_code_key(code: str) -> str:
    """How unit codes compare: without regard to case (an HR sheet's gb01-b01 is GB01-B01)."""
    return code.strip().casefold()


class Unit(TimestampMixin, Base):
    """An org unit. `path` is '/1/5/23/' so a subtree is one `LIKE '/1/5/%'` query."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)  # the spelling shown
    # unit_code_key(code), set with the code: units are looked up by it, and it is unique, so
    # no two codes differ only by case. A column rather than an index on lower(code): Python
    # folds case the same way on both databases, and SQLite can reflect (and so compare and
    # rebuild) a plain index. casefold may lengthen non-ASCII text, hence the room.
    code_key: Mapped[str] = mapped_column(String(192), index=True, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[UnitKind] = mapped_column(
        Enum(UnitKind, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])
    )
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    path: Mapped[str] = mapped_column(String(1000), index=True, default="")
    depth: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", lazy="raise")

    @validates("code")
    def _keep_code_key(self, _key: str, code: str) -> str:
        self.code_key = unit_code_key(code)
        return code

    def is_within(self, other: Unit) -> bool:
        """True when this unit is `other` or lies in its subtree."""
        return self.path.startswith(other.path)

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"


class Member(TimestampMixin, UserMixin, Base):
    """A person: staff member or party member, identified by 工号 (employee number)."""

    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint("session_version >= 1", name="session_version_positive"),
        CheckConstraint("party_post IN ('', " + ", ".join(f"'{v}'" for v in PARTY_POST_VALUES)
                        + ")", name="party_post_known"),
        Index("ix_member_unit_active", "unit_id", "active"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_no: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    political_status: Mapped[str] = mapped_column(String(32), default=PoliticalStatus.MASSES.value)
    position: Mapped[str] = mapped_column(String(100), default="")
    cadre_level: Mapped[str] = mapped_column(String(50), default="")
    party_post: Mapped[str] = mapped_column(String(16), default="")  # PartyPost or ""
    joined_party_on: Mapped[date | None] = mapped_column(Date)
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")

    password_hash: Mapped[str | None] = mapped_column(String(256))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locale: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    unit: Mapped[Unit] = relationship(lazy="joined", innerjoin=True)
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="member", lazy="raise", foreign_keys="RoleGrant.member_id"
    )

    def get_id(self) -> str:
        # Flask-Login stores this in the session; the version makes old cookies useless.
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    def __repr__(self) -> str:
        return f"<Member {self.employee_no}>"


class RoleGrant(Base):
    """A role on a unit, covering the unit's whole subtree."""

    __tablename__ = "role_grant"
    __table_args__ = (UniqueConstraint("member_id", "role", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), index=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)

    member: Mapped[Member] = relationship(back_populates="grants", foreign_keys=[member_id],
                                          lazy="raise")
    unit: Mapped[Unit] = relationship(lazy="joined", innerjoin=True)


class AuditEvent(Base):
    """Who changed what and when: grants, members, imports, unlocks, ledger reversals."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[Member | None] = relationship(lazy="joined")

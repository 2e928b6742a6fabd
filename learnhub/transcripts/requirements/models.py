"""学时要求: yearly requirement rules, each kept as versions with an effective date, so a
change never rewrites what was in force before it."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.core.db import Base, UTCDateTime, _now
from learnhub.courses.models import Course
from learnhub.org.models import Member, Unit


class RequirementRule(Base):
    """One rule of a year (e.g. 党员每年不少于 32 学时); what it asks lives in its versions."""

    __tablename__ = "requirement_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))

    versions: Mapped[list[RequirementRuleVersion]] = relationship(
        back_populates="rule", lazy="raise", order_by="RequirementRuleVersion.number")


class RequirementRuleVersion(Base):
    """What a rule asks from `effective_from` on, until a later version. `active` False
    retires the rule from that date. The audience: every criterion given must match (AND);
    within one, any listed value (OR). `cadre_level` ["*"] means any cadre level."""

    __tablename__ = "requirement_rule_version"
    __table_args__ = (UniqueConstraint("rule_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("requirement_rule.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    name: Mapped[str] = mapped_column(String(200))
    # {"political_status": [...], "cadre_level": [...], "party_post": [...], "roles": [...]}
    audience: Mapped[dict] = mapped_column(JSON, default=dict)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))  # its subtree; None: all
    total_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    online_hours: Mapped[Decimal] = mapped_column(Numeric(6, 2), default=Decimal("0"))
    source: Mapped[str] = mapped_column(String(500), default="")  # the regulation it carries
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id"))

    rule: Mapped[RequirementRule] = relationship(back_populates="versions", lazy="raise")
    unit: Mapped[Unit | None] = relationship(lazy="raise")
    created_by: Mapped[Member | None] = relationship(lazy="raise")
    courses: Mapped[list[RequirementCourse]] = relationship(
        back_populates="version", lazy="raise", cascade="all, delete-orphan")


class RequirementCourse(Base):
    """A course a rule version requires (必修), completed by the end of the year."""

    __tablename__ = "requirement_course"
    __table_args__ = (UniqueConstraint("version_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("requirement_rule_version.id"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)

    version: Mapped[RequirementRuleVersion] = relationship(back_populates="courses", lazy="raise")
    course: Mapped[Course] = relationship(lazy="raise")

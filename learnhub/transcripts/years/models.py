"""What each member stood at when a year was closed, so later rule changes and
corrections show against the figures of record."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, Numeric
from sqlalchemy.orm import Mapped, mapped_column

from learnhub.core.db import Base


class YearStanding(Base):
    __tablename__ = "year_standing"

    year: Mapped[int] = mapped_column(ForeignKey("closed_year.year"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id"), primary_key=True)
    earned_hours: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    online_hours: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    required_hours: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    required_online_hours: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    required_course_ids: Mapped[list] = mapped_column(JSON, default=list)
    courses_done: Mapped[int] = mapped_column(Integer, default=0)
    met: Mapped[bool] = mapped_column(Boolean)
    # The names of the rules that applied and the required courses done by the year's end.
    rule_names: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    done_course_ids: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

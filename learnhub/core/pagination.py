"""One page of a list: the numbers the `pagination` macro needs, and `paginate(query)`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import lazyload

from learnhub.extensions import db

MAX_PER_PAGE = 200


class PageNumbers:
    """Derived page numbers for anything with `total`, `page` and `per_page`."""

    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page)) if self.per_page else 1

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass(frozen=True)
class Page(PageNumbers):
    """One page of rows and the total, shaped for the `pagination` macro."""

    items: Sequence[Any]
    total: int
    page: int
    per_page: int


def clamp_per_page(value: int | None, default: int) -> int:
    if not value or value < 1:
        return default
    return min(value, MAX_PER_PAGE)


def paginate(query: Select, *, page: int, per_page: int, scalars: bool = True) -> Page:
    """Two queries: the count (without eager joins or ordering) and the page's rows.
    A page past the end shows the last page (and a crafted ?page=10**20 no overflow)."""
    counted = query.options(lazyload("*")).order_by(None).subquery()
    total = db.session.scalar(select(func.count()).select_from(counted)) or 0
    page = max(1, min(page, ceil(total / per_page)))
    result = db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).unique()
    items = result.scalars().all() if scalars else result.all()
    return Page(items=items, total=total, page=page, per_page=per_page)

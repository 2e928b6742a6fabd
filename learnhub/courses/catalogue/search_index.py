"""A character-bigram index of each course's current search text, so that catalogue
search reads the index instead of every course's text.

Chinese has no spaces to split words on, and a two-character query such as 党建 must find
every course that contains it. Word indexes need a tokenizer, and PostgreSQL's pg_trgm
cannot serve a query shorter than three characters; every pair of adjacent characters
can. A course matches a word when it holds all of the word's bigrams; that is exact for a
two-character word, and longer words are then confirmed by a substring match on the few
candidates. Words of one character cannot use the index and are matched by scanning.

One row per distinct bigram per course, rebuilt whenever a course gets a new current
version.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ForeignKey, Select, String, delete, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from learnhub.core.db import Base
from learnhub.extensions import db


class CourseSearchGram(Base):
    """Course `course_id`'s current version contains the two characters `gram`."""

    __tablename__ = "course_search_gram"

    gram: Mapped[str] = mapped_column(String(2), primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"),
                                           primary_key=True, index=True)


def bigrams(text: str) -> set[str]:
    """Every pair of adjacent characters without whitespace (the search text joins its
    parts with newlines, and query words never contain a space)."""
    pairs = {text[i:i + 2] for i in range(len(text) - 1)}
    return {pair for pair in pairs if not (pair[0].isspace() or pair[1].isspace())}


def reindex_course(course_id: int, search_text: str) -> None:
    """Replace the course's rows with the bigrams of its new current version's text."""
    db.session.execute(delete(CourseSearchGram).where(CourseSearchGram.course_id == course_id))
    rows = [{"gram": gram, "course_id": course_id} for gram in sorted(bigrams(search_text))]
    if rows:
        db.session.execute(insert(CourseSearchGram), rows)


def indexed_words(words: Iterable[str]) -> list[str]:
    """The words the index can narrow by (two characters or more)."""
    return [word for word in words if len(word) >= 2]


def needs_substring_check(word: str) -> bool:
    """Holding a word's bigrams proves a two-character word only."""
    return len(word) != 2


def candidate_course_ids(words: Iterable[str]) -> Select | None:
    """Ids of courses holding every bigram of every indexable word; None when no word
    can use the index (then every course is a candidate)."""
    grams = set().union(*(bigrams(word) for word in indexed_words(words)))
    if not grams:
        return None
    return (select(CourseSearchGram.course_id)
            .where(CourseSearchGram.gram.in_(sorted(grams)))
            .group_by(CourseSearchGram.course_id)
            .having(func.count() == len(grams)))

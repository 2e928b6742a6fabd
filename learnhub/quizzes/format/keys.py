"""Question keys for imported files, and the text clean-up every text format shares.

A key keeps a question the same question across imports (attempts keep the version they
saw), so it comes from something the author wrote, the title, when there is one, and
from the position (q1, q2…) only when there is nothing else.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

MAX_KEY = 100
_NOT_WORD = re.compile(r"[\W_]+")


def slug_key(title: str) -> str:
    """`::Grant's tomb::` → `grant-s-tomb`; `::入党誓词::` → `入党誓词` (letters of any
    script are kept, as `{#key}` allows); '' when the title has no letter or digit."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    slug = _NOT_WORD.sub("-", folded).strip("-")
    return slug[:MAX_KEY - 10].rstrip("-")


def ascii_slug(text: str, *, limit: int = 100) -> str:
    """A slug of lowercase ASCII letters, digits and `-` (a bank's slug, as in URLs)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:limit].rstrip("-")


def unique_keys(wanted: Iterable[str | None]) -> list[str]:
    """One key per question: its wanted key, or `q<position>` when it has none; a key
    already taken gets `-2`, `-3`… in file order, so the same file gives the same keys."""
    wanted = list(wanted)
    taken: set[str] = set()
    keys: list[str] = []
    for position, key in enumerate(wanted, start=1):
        base = key or f"q{position}"
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        keys.append(candidate)
    return keys


def normalise_newlines(text: str) -> str:
    """Windows (CRLF) and old Mac (CR) line ends as LF, and no UTF-8 byte order mark."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def hard_breaks(text: str) -> str:
    """Plain text whose line breaks must stay line breaks in Markdown."""
    return "  \n".join(line.rstrip() for line in text.split("\n"))

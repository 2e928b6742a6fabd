"""A small icon set drawn inline (24px grid, currentColor), always paired with a text label.

A Jinja global rather than a macro: the page header draws six on every page, and a macro
call costs about 25 µs where a cached string costs nothing.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

SHAPES = {
    "menu": '<path d="M4 6h16M4 12h16M4 18h16"/>',
    "user": '<circle cx="12" cy="8" r="4"/><path d="M4 21c0-4 3.6-7 8-7s8 3 8 7"/>',
    "chevron-down": '<path d="M6 9l6 6 6-6"/>',
    "key": '<circle cx="8" cy="15" r="4"/><path d="M11 12l9-9M16 7l3 3"/>',
    "globe": '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 '
             '6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z"/>',
    "logout": '<path d="M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10"/>',
}


@functools.cache
def icon(name: str, size: int = 20) -> Markup:
    """The SVG for `name` (an unknown name draws an empty square: the label still reads)."""
    return Markup(
        f'<svg class="icon" width="{int(size)}" height="{int(size)}" viewBox="0 0 24 24" '
        'aria-hidden="true" focusable="false" fill="none" stroke="currentColor" '
        'stroke-width="2" stroke-linecap="round" stroke-linejoin="round">'
        f'{SHAPES.get(name, "")}</svg>')

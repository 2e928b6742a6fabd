"""`N_` marks a msgid for extraction where the text is translated later, at display time."""


def N_(msgid: str) -> str:  # noqa: N802 (the gettext convention)
    return msgid

"""Rendering time of hostile Markdown, kind by kind (issue 8: Markdown must not stall a
worker). Each kind is rendered at two sizes; linear work doubles with the size.

    python -m bench.markdown_render [--chars 100000] [--no-limits] [--only links ...]

`--chars` is the larger size (default: the character limit, so every text is one that
the limits allow); `--no-limits` renders texts beyond the limits too (what the limits
are there for). Timings depend on the machine: compare the two columns, not machines.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

NESTED = "<div><span>"


def kinds() -> dict[str, Callable[[int], str]]:
    """Text of about n characters for each kind that was superlinear somewhere."""
    return {
        "nested tags": lambda n: NESTED * (n // len(NESTED)),
        "nested tags, one a line": lambda n: (NESTED + "\n") * (n // 12),
        "nested quotes": lambda n: "> " * (n // 2),
        "links in one paragraph": lambda n: "[链接](a.md) " * (n // 11),
        "links and open brackets": lambda n: "[a](b.md) [" * (n // 11),
        "emphasis in one paragraph": lambda n: "*a* " * (n // 4),
        "footnotes": lambda n: "".join(f"a[^{i}] " for i in range(n // 26)) + "\n\n" + "".join(
            f"[^{i}]: n{i}\n" for i in range(n // 26)),
        "one footnote cited often": lambda n: "注[^1] " * ((n - 20) // 6) + "\n\n[^1]: 注\n",
        "headings": lambda n: "".join(f"## h{i}\n\n" for i in range(n // 12)),
        "same heading": lambda n: "## 同名\n\n" * (n // 8),
        "toc markers": lambda n: "## 标题\n\n[TOC]\n\n" * (n // 14),
        "table rows": lambda n: "|a|b|\n|-|-|\n" + "|x|y|\n" * ((n - 20) // 6),
        "abbreviations among tags": lambda n: "*[SOE]: 国有企业\n\n" + "SOE <b>b</b> " * (
            (n - 20) // 13),
        "definition lists": lambda n: "t\n: d\n\n" * (n // 7),
        "plain paragraphs": lambda n: "基层党建是企业的根基。\n\n" * (n // 13),
    }


def measure(app, text: str, max_chars: int | None) -> tuple[float, str]:
    from learnhub.core.markdown import MarkdownLimits, MarkdownRefused, render

    limits = MarkdownLimits(max_chars=max_chars) if max_chars else MarkdownLimits.configured()
    with app.test_request_context():
        started = time.perf_counter()
        try:
            render(text, link_rewriter=lambda url: url, limits=limits)
            outcome = "rendered"
        except MarkdownRefused as refusal:
            outcome = f"refused ({refusal.code})"
        return time.perf_counter() - started, outcome


def main() -> None:
    from config import TestConfig
    from learnhub import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=None)
    parser.add_argument("--no-limits", action="store_true")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    app = create_app(TestConfig)
    large = args.chars or app.config["MARKDOWN_MAX_CHARS"]
    max_chars = 10 * large if args.no_limits else None
    measure(app, "warm up [a](b.md)", max_chars)
    print(f"{'kind':28} {'n/2':>8} {'n':>8}  outcome at n={large:,}")
    for name, make in kinds().items():
        if args.only and not any(word in name for word in args.only):
            continue
        half, _ = measure(app, make(large // 2), max_chars)
        full, outcome = measure(app, make(large), max_chars)
        print(f"{name:28} {half:7.2f}s {full:7.2f}s  {outcome}")
    text = NESTED * (300_000 // len(NESTED))
    seconds, outcome = measure(app, text, None)
    print(f"{'300,000 chars of nested tags':28} {'':8} {seconds:7.2f}s  {outcome} (the limits)")


if __name__ == "__main__":
    main()

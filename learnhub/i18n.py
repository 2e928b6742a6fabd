"""Message catalogues: Chinese is the source language, English is the translation.

The `.po` files are under version control; the `.mo` files are built from them
(`make translations`, and the test suite before it starts), never committed.
`python -m learnhub.i18n extract` refreshes `messages.pot` and the English catalogue.
"""

from __future__ import annotations

import ast
import pkgutil
import sys
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent
TRANSLATIONS = PACKAGE / "translations"
ENGLISH_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
BASE_KEYWORDS: dict[str, object] = {
    "_": None, "gettext": None, "lazy_gettext": None, "_l": None, "N_": None,
    "ngettext": (1, 2), "lazy_ngettext": (1, 2),
}
METHOD_MAP = [("learnhub/**.py", "python"), ("learnhub/templates/**.html", "jinja2")]


def compile_catalogues(root: Path = TRANSLATIONS) -> list[Path]:
    """Compile every messages.po whose .mo is missing or older; return what was built."""
    built = []
    for po_path in sorted(root.glob("*/LC_MESSAGES/messages.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as po_file:
            catalogue = read_po(po_file)
        with mo_path.open("wb") as mo_file:
            write_mo(mo_file, catalogue, use_fuzzy=False)
        built.append(mo_path)
    return built


def error_classes() -> list[type]:
    """Every DomainError subclass: its `message` and `raise SomeError("消息")` are msgids."""
    from config import TestConfig
    from learnhub import create_app
    from learnhub.core.errors import DomainError

    create_app(TestConfig)  # imports every feature that the app wires up
    for module in pkgutil.walk_packages([str(PACKAGE)], prefix="learnhub."):
        if "translations" not in module.name and module.name not in sys.modules:
            import_module(module.name)
    classes: list[type] = []
    todo: list[type] = [DomainError]
    while todo:
        cls = todo.pop()
        classes.append(cls)
        todo.extend(cls.__subclasses__())
    return classes


def error_call_messages(names: set[str]) -> Iterator[tuple[str, int, str]]:
    """`SomeError("消息", ...)` anywhere in the package: (file, line, msgid).

    Babel's extractor would join every string inside the call, so that
    `SomeError(fields={"due_on": "past"})` became the msgid "due_onpast"; only a literal
    first argument (or `message=`) is a message.
    """
    root = PACKAGE.parent
    for path in sorted(PACKAGE.rglob("*.py")):
        if "translations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in names:
                continue
            candidates = node.args[:1] + [k.value for k in node.keywords if k.arg == "message"]
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    yield str(path.relative_to(root)), arg.lineno, arg.value


def source_messages() -> dict[str, list[tuple[str, int]]]:
    """msgid → where it is used, from Python and Jinja sources."""
    classes = error_classes()
    found: dict[str, list[tuple[str, int]]] = {}
    for cls in classes:
        found.setdefault(cls.message, []).append((cls.__module__, 0))  # type: ignore[attr-defined]
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE.parent), METHOD_MAP, keywords=BASE_KEYWORDS,  # type: ignore[arg-type]
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, []).append((filename, lineno))
    for filename, lineno, msgid in error_call_messages({cls.__name__ for cls in classes}):
        found.setdefault(msgid, []).append((filename, lineno))
    return found


def extract() -> tuple[int, list[str]]:
    """Rewrite messages.pot and merge it into the English catalogue; return untranslated."""
    messages = source_messages()
    template = Catalog(project="LearnHub", fuzzy=False)
    for msgid in sorted(messages):
        template.add(msgid, locations=[])
    with (TRANSLATIONS / "messages.pot").open("wb") as pot:
        write_po(pot, template, omit_header=False, sort_output=True)
    with ENGLISH_PO.open("rb") as po_file:
        english = read_po(po_file, locale="en")
    english.update(template, no_fuzzy_matching=True)
    english.obsolete.clear()
    with ENGLISH_PO.open("wb") as po_file:
        write_po(po_file, english, sort_output=True, width=100)
    missing = [m.id for m in english if m.id and not m.string]
    return len(messages), missing  # type: ignore[return-value]


def main(argv: list[str]) -> None:
    if argv[:1] == ["extract"]:
        total, missing = extract()
        print(f"{total} messages; {len(missing)} without English")
        for msgid in missing:
            print(f"  untranslated: {msgid}")
        return
    for path in compile_catalogues():
        print(f"compiled {path}")


if __name__ == "__main__":
    main(sys.argv[1:])

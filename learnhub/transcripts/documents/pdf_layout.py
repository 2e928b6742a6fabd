"""What transcript and certificate PDFs share: fonts, text runs, page numbers, the QR code.

Chinese is set in DroidSansFallbackFull (Apache-2.0, learnhub/static/fonts/), Latin letters
and digits, which that fallback font lacks, in Bitstream Vera shipped inside reportlab.
Both are TrueType and embedded as subsets (only the glyphs used), never read from the
system, so a PDF looks the same on every machine and a one-page transcript stays small.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
import segno
from flask_babel import gettext
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

CJK = "LearnHubCJK"
LATIN = "LearnHubLatin"
LATIN_BOLD = "LearnHubLatinBold"
FONT_FILE = Path(__file__).resolve().parents[2] / "static" / "fonts" / "DroidSansFallbackFull.ttf"


@cache
def register_fonts() -> frozenset[int]:
    """Load the fonts once per process (the CJK file takes ~0.4 s to parse); returns the
    code points the CJK font covers."""
    vera = Path(os.path.dirname(reportlab.__file__)) / "fonts"
    cjk = TTFont(CJK, str(FONT_FILE))
    pdfmetrics.registerFont(cjk)
    pdfmetrics.registerFont(TTFont(LATIN, str(vera / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(LATIN_BOLD, str(vera / "VeraBd.ttf")))
    return frozenset(cjk.face.charToGlyph)


def runs(text: str, *, bold: bool = False) -> Iterator[tuple[str, str]]:
    """(font name, text) pieces: CJK where the CJK font has the glyph, Latin elsewhere."""
    covered = register_fonts()
    latin = LATIN_BOLD if bold else LATIN
    current, piece = "", ""
    for char in text:
        font = CJK if ord(char) in covered and ord(char) > 0x2000 else latin
        if font != current and piece:
            yield current, piece
            piece = ""
        current = font
        piece += char
    if piece:
        yield current, piece


def markup(text: str, *, bold: bool = False) -> str:
    """Paragraph markup for `text` with each run in its font (escaped)."""
    return "".join(f'<font name="{font}">{escape(piece)}</font>'
                   for font, piece in runs(text, bold=bold))


def text_width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in runs(text))


def draw_text(canvas: Canvas, x: float, y: float, text: str, size: float, *,
              align: str = "left") -> None:
    if align == "right":
        x -= text_width(text, size)
    elif align == "centre":
        x -= text_width(text, size) / 2
    for font, piece in runs(text):
        canvas.setFont(font, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, font, size)


class QRCode(Flowable):
    """The verification URL as a QR code, drawn as vector squares (no image to embed)."""

    def __init__(self, url: str, size: float = 28 * mm) -> None:
        super().__init__()
        self.qr = segno.make(url, error="m")
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        matrix = list(self.qr.matrix_iter(scale=1, border=0))
        cell = self.size / len(matrix)
        self.canv.setFillColorRGB(0, 0, 0)
        path = self.canv.beginPath()
        for row_index, row in enumerate(matrix):
            y = self.size - (row_index + 1) * cell
            for col_index, dark in enumerate(row):
                if dark:
                    path.rect(col_index * cell, y, cell, cell)
        self.canv.drawPath(path, stroke=0, fill=1)


def numbered_canvas(footer: str):
    """A canvas class that writes "第 X 页 / 共 Y 页" and `footer` on every page, once
    the total is known (pages are kept until save)."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                width, _height = self._pagesize
                self.setFillColorRGB(0.35, 0.35, 0.35)
                draw_text(self, 18 * mm, 10 * mm, footer, 8)
                numbering = gettext("第 %(page)s 页 / 共 %(pages)s 页", page=number,
                                    pages=total)
                draw_text(self, width - 18 * mm, 10 * mm, numbering, 8, align="right")
                super().showPage()
            super().save()

    return NumberedCanvas

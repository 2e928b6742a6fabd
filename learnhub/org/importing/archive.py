"""An .xlsx is a zip of XML parts: what unpacking it may cost is checked before openpyxl
reads it.

A few hundred KB of deflate can hold hundreds of MB of XML, and what openpyxl builds from
it costs more again (it keeps every shared string in memory); a roster is bounded by its
size on disk only if its parts are bounded too. The parts' sizes as the zip directory
declares them are summed first (nothing is inflated for a file that admits being too
large), then every part is inflated once, counting the bytes that actually come out, so a
directory that understates them is caught as well. The same pass refuses what no
spreadsheet program writes: a DTD (OOXML forbids them in package parts; defusedxml, which
openpyxl uses when installed, refuses the entity tricks, this refuses the rest), an XML
text or tag longer than any cell could be (Excel's cell limit is 32,767 characters), and
more shared strings than a roster could use, which openpyxl would otherwise build in
memory before a single row is read.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any

from learnhub.core.messages import N_

CHUNK = 1024 * 1024
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# Each character is at most 3 bytes of UTF-8, or 6 written as a reference (`&quot;`).
MAX_XML_RUN = MAX_CELL_CHARS * 6
# Twenty distinct texts for each of the 50,000 rows a roster may have; about 150 MB and
# ten seconds of openpyxl at worst (a million tiny strings), as much as a full roster.
MAX_SHARED_STRINGS = 1_000_000
_XML_PART = re.compile(r"\.(xml|rels|vml)$", re.IGNORECASE)
DOCTYPE = b"<!DOCTYPE"
SHARED_STRING = (b"<si>", b"<si ")  # an item of the shared string table (SpreadsheetML)

UNREADABLE = N_("无法读取这个 Excel 工作簿（文件已损坏或不是 Excel 保存的），"
                "请在 Excel/WPS 中打开后另存为 .xlsx 再导入。")

Problem = tuple[str, dict[str, Any]]


def archive_problem(data: bytes, max_unpacked_bytes: int) -> Problem | None:
    """Why the workbook `data` must not be unpacked, as (msgid, params); None if it may."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return _unreadable()
    with archive:
        infos = archive.infolist()
        declared = sum(info.file_size for info in infos)
        if declared > max_unpacked_bytes:
            return _too_large(declared, max_unpacked_bytes)
        scan = _Scan(max_unpacked_bytes)
        for info in infos:
            try:
                with archive.open(info) as part:
                    problem = scan.part(part, is_xml=_XML_PART.search(info.filename) is not None)
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
                    RuntimeError):  # damaged, a CRC that doesn't match, encrypted, deflate64
                return _unreadable()
            if problem is not None:
                return problem
    return None


class _Scan:
    """Totals over the parts of one workbook, read in chunks."""

    def __init__(self, max_unpacked_bytes: int) -> None:
        self.limit = max_unpacked_bytes
        self.unpacked = 0
        self.shared_strings = 0

    def part(self, part: Any, *, is_xml: bool) -> Problem | None:
        run = 0  # bytes since the last `<` or `>`: the text or tag still open
        tail = b""  # the last bytes of the previous chunk
        while chunk := part.read(CHUNK):
            self.unpacked += len(chunk)
            if self.unpacked > self.limit:
                return _too_large(self.unpacked, self.limit)
            if not is_xml:
                continue
            stream = tail + chunk  # a marker cut in two by the chunking is found whole
            if DOCTYPE in stream:
                return (N_("工作簿中含有 DTD 声明（<!DOCTYPE>），这不是 Excel 或 WPS 保存的文件，"
                           "已拒绝。请在 Excel/WPS 中打开后另存为 .xlsx 再导入。"), {})
            self.shared_strings += sum(stream.count(item) - tail.count(item)
                                       for item in SHARED_STRING)
            if self.shared_strings > MAX_SHARED_STRINGS:
                return (N_("工作簿中的不同文字太多（超过 %(limit)s 个），这不是一份成员名单，已拒绝。"),
                        {"limit": MAX_SHARED_STRINGS})
            tail = chunk[-(len(DOCTYPE) - 1):]
            run = _longest_run(chunk, run)
            if run < 0:
                return (N_("工作簿中有一个单元格或标记太长（超过 %(limit)s 个字符），"
                           "这不是 Excel 或 WPS 能保存的内容，已拒绝。"),
                        {"limit": MAX_CELL_CHARS})
        return None


def _delimiter(chunk: bytes, start: int, end: int, *, last: bool = False) -> int:
    """The first (or last) `<` or `>` in chunk[start:end], or -1."""
    if last:
        return max(chunk.rfind(b"<", start, end), chunk.rfind(b">", start, end))
    found = [i for i in (chunk.find(b"<", start, end), chunk.find(b">", start, end)) if i >= 0]
    return min(found, default=-1)


def _longest_run(chunk: bytes, run: int) -> int:
    """The open run after `chunk`, given the one before it; -1 if some run exceeds
    MAX_XML_RUN. Only blocks of half that length without any delimiter are measured
    exactly (any longer run holds a whole one), so a normal part costs a few finds."""
    first = _delimiter(chunk, 0, len(chunk))
    if first < 0:
        run += len(chunk)
        return -1 if run > MAX_XML_RUN else run
    if run + first > MAX_XML_RUN:
        return -1
    last = _delimiter(chunk, 0, len(chunk), last=True)
    block = MAX_XML_RUN // 2
    for start in range(first, last, block):
        end = min(start + block, last)
        if _delimiter(chunk, start + 1, end) < 0:
            before = _delimiter(chunk, first, start + 1, last=True)
            after = _delimiter(chunk, end, last + 1)
            if after - before - 1 > MAX_XML_RUN:
                return -1
    run = len(chunk) - last - 1
    return -1 if run > MAX_XML_RUN else run


def _too_large(size: int, limit: int) -> Problem:
    return (N_("Excel 工作簿解压后太大（%(size)s MB，上限 %(limit)s MB），请删去不需要的工作表和列后再导入。"),
            {"size": -(-size // (1024 * 1024)), "limit": limit // (1024 * 1024)})


def _unreadable() -> Problem:
    return UNREADABLE, {}

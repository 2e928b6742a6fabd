"""Course folders on disk for the tests: a valid course, with any file replaced or removed."""

from __future__ import annotations

from pathlib import Path

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

COURSE_MD = """\
---
title: 党章学习
summary: 学习党章的基本内容和党员的权利义务。
category: 党章党规
tags: [党章, 党员权利]
credit_hours: 1.5
audience:
  required:
    political_status: [中共党员, 中共预备党员]
lessons:
  - 01-intro.md
  - 02-rights.md
---
本课程共两节，先读[导言](01-intro.md)。
"""

INTRO_MD = """\
---
title: 导言
minutes: 2
---
## 党建 工作

基层党建是企业的根基。![示意图](images/chart.png)

请下载[学习指南](files/guide.pdf)，并参见[第二课](02-rights.md#八项权利)。
"""

RIGHTS_MD = """\
---
title: 党员的权利
minutes: 1
key: rights
---
## 八项权利

党员享有八项权利。[^1]

[^1]: 见《中国共产党章程》第四条。
"""


def course_files() -> dict[str, str | bytes]:
    return {"course.md": COURSE_MD, "01-intro.md": INTRO_MD, "02-rights.md": RIGHTS_MD,
            "images/chart.png": PNG, "files/guide.pdf": PDF}


def write_course(root: Path, slug: str = "party-rules",
                 files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write the valid sample course under `root`; `files` replaces (None removes) files."""
    folder = root / slug
    write_files(folder, {**course_files(), **(files or {})})
    return folder


def write_files(folder: Path, files: dict[str, str | bytes | None]) -> None:
    for relative, content in files.items():
        path = folder / relative
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

"""An organisation with trainers in two branches, and quiz text for the editor tests."""

from __future__ import annotations

import html
import re

from tests.conftest import csrf_token
from tests.courses.editor_support import Org, make_org
from tests.html import find

__all__ = ["Org", "make_org", "quiz_text", "editor_token", "save", "preview", "textarea_text"]


def quiz_text(unit_code: str, *, title: str = "党章测验", prompt: str = "党员义务有几项？",
              course: str | None = None, extra: str = "") -> str:
    course_line = f"course: {course}\n" if course else ""
    return f"""---
title: {title}
owner_unit: {unit_code}
{course_line}pass_percent: 80
---

开始前请先学完课程。

## 单选 {{#duties category=义务 points=2}}

{prompt}

- [ ] 六项
- [x] 八项
  反馈：党章第三条。
- [ ] 十项

解析：《中国共产党章程》第三条。

## 判断 {{#probation}}

预备期为一年。

答案：正确
{extra}"""


def editor_token(client, slug: str) -> str:
    page = client.get(f"/quizzes/{slug}/edit").get_data(as_text=True)
    field = find(page, "input", name="token")
    assert field is not None, page
    return field.get("value") or ""


def save(client, slug: str, text: str, token: str | None = None, action: str = "save"):
    token = editor_token(client, slug) if token is None else token
    return client.post(f"/quizzes/{slug}/edit", data={
        "markdown": text, "token": token, "action": action, "csrf_token": csrf_token(client)})


def preview(client, slug: str, text: str, token: str | None = None):
    return save(client, slug, text, token, action="preview")


def textarea_text(page: str) -> str:
    """The editor textarea's content as a browser reads it (entities decoded, the line
    break right after the opening tag dropped)."""
    found = re.search(r'<textarea[^>]*name="markdown"[^>]*>(.*?)</textarea>', page, re.S)
    assert found, page
    text = html.unescape(found.group(1))
    return text.removeprefix("\r\n") if text.startswith("\r\n") else text.removeprefix("\n")

"""Published courses built in code for the learner tests, and heartbeat helpers: `Reader`
calls the study service, `OpenLesson` goes through the lesson page and HTTP heartbeats."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count

from learnhub.authoring.asset_store import AssetSource
from learnhub.core.timeutil import now_utc
from learnhub.courses.format.content import CourseContent, LessonContent
from learnhub.courses.models import ContentSource, Course, CourseVersion
from learnhub.courses.publishing import services
from learnhub.courses.study import heartbeats, rules
from learnhub.courses.study.settings import share_permille
from learnhub.extensions import db
from tests.conftest import csrf_token
from tests.html import find

_serial = count(1)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

DEFAULT_LESSONS = (
    ("intro", "导言", 10, "## 为什么学\n\n基层党建是企业的根基。\n\n## 怎么学\n\n逐课阅读。"),
    ("rights", "党员的权利", 5, "## 八项权利\n\n党员享有八项权利。"),
)


def lesson(key: str, title: str, minutes: int, markdown: str, video: str | None = None
           ) -> LessonContent:
    return LessonContent(file_name=f"{key}.md", key=key, title=title, minutes=minutes,
                         markdown=markdown, video=video)


def content(slug: str, *, lessons=DEFAULT_LESSONS, title: str | None = None,
            summary: str = "学习党章的基本内容。", category: str = "党章党规",
            tags: tuple[str, ...] = ("党章",), credit_hours: str = "1.5",
            audience: dict | None = None, assets: dict[str, AssetSource] | None = None,
            intro: str = "本课程共两节。") -> CourseContent:
    return CourseContent(
        slug=slug, title=title or f"测试课程{slug}", summary=summary, category=category,
        credit_hours=Decimal(credit_hours),
        lessons=[item if isinstance(item, LessonContent) else lesson(*item) for item in lessons],
        tags=list(tags), audience=audience or {}, intro_markdown=intro, assets=assets or {})


def required_seconds(minutes: int) -> int:
    """The time that makes a lesson of `minutes` studied, at the test app's share."""
    return rules.required_seconds(minutes, share_permille())


def make_course(slug: str | None = None, **overrides) -> Course:
    """A published course (version 1) with the default two lessons unless overridden."""
    slug = slug or f"course-{next(_serial)}"
    course = services.create_course(slug, actor=None)
    services.publish_version(course, content(slug, **overrides), actor=None,
                             source=ContentSource.FILE)
    db.session.flush()
    return course


def publish(course: Course, **overrides) -> CourseVersion:
    """A new published version of the course."""
    version = services.publish_version(course, content(course.slug, **overrides), actor=None,
                                       source=ContentSource.FILE)
    db.session.flush()
    return version


def current(course: Course) -> CourseVersion:
    version = db.session.get(CourseVersion, course.current_version_id)
    assert version is not None
    return version


class Reader:
    """A member reading one lesson: opens its page (a study token) and sends beats on a
    clock the test moves. The first beat (a resume, as reader.js sends) is sent at once,
    so the page is the member's active lesson; `session` is that beat's result."""

    def __init__(self, member, course: Course, key: str, *, at: datetime | None = None):
        self.member, self.course, self.key = member, course, key
        self.now = at or now_utc()
        self.seq = 0
        self.token = heartbeats.issue_token(member.id, course.id, current(course).id, key,
                                            now=self.now)
        self.session = self.beat(0, resume=True)

    def beat(self, after_seconds: float = 15, *, resume: bool = False, seq: int | None = None,
             token: str | None = None) -> heartbeats.BeatResult:
        self.now += timedelta(seconds=after_seconds)
        if seq is None:
            self.seq += 1
            seq = self.seq
        return heartbeats.heartbeat(self.member, token=token or self.token, seq=seq, resume=resume,
                                    now=self.now)

    def read(self, seconds: int, step: int = 15) -> heartbeats.BeatResult:
        """Beat every `step` seconds (and once for the rest) until `seconds` have passed."""
        result = None
        full, rest = divmod(seconds, step)
        for length in [step] * full + ([rest] if rest else []):
            result = self.beat(length)
        assert result is not None
        return result


def reader_data(page: str) -> dict[str, str]:
    """The lesson page's data attributes for reader.js (token, seconds, heartbeat-url...)."""
    article = find(page, "article", class_="reader__article", id="lh-reader")
    assert article, "no reader article"
    return {name[5:]: value for name, value in article.attrs.items() if name.startswith("data-")}


class OpenLesson:
    """A lesson page open in a test client logged in as `member`: what the page gives
    reader.js (`data`, `token`), and heartbeats over HTTP as reader.js sends them."""

    def __init__(self, client, member, course: Course, key: str) -> None:
        self.client, self.member, self.course, self.key = client, member, course, key
        response = client.get(f"/courses/{course.slug}/lessons/{key}")
        assert response.status_code == 200, response.status_code
        self.page = response.get_data(as_text=True)
        self.data = reader_data(self.page)

    @property
    def token(self) -> str:
        return self.data["token"]

    def beat(self, seq: int, *, resume: bool = False, headers: dict | None = None):
        """POST one heartbeat; `headers` replaces the CSRF header ({} sends none)."""
        headers = {"X-CSRFToken": csrf_token(self.client)} if headers is None else headers
        return self.client.post("/study/heartbeat",
                                json={"token": self.token, "seq": seq, "resume": resume},
                                headers={**headers, "Accept": "application/json"})

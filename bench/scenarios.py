"""One function per budget. Each prints its measurement."""

from __future__ import annotations

import itertools
import re
import statistics
import time
from datetime import UTC, datetime, timedelta

from bench.harness import Measurement, logged_in_client, measure


def password_hash_cost(app, runs: int) -> Measurement:
    """Logging in costs one password hash: time one verification with the configured
    method (PASSWORD_HASH_METHOD, Werkzeug's scrypt N=2^15, r=8, p=1)."""
    from learnhub.auth.passwords import hash_password, verify_password

    with app.app_context():
        hashed = hash_password("a-benchmark-password")
        timings, cpu_times = [], []
        for _ in range(max(5, runs // 5)):
            start, cpu_start = time.perf_counter(), time.process_time()
            assert verify_password(hashed, "a-benchmark-password")
            timings.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu_start) * 1000)
    timings.sort()
    result = Measurement(f"password verify ({app.config['PASSWORD_HASH_METHOD']})",
                         statistics.median(timings), timings[-1], 0, len(timings),
                         cpu_p50_ms=statistics.median(cpu_times))
    print(result.line() + "   (p95 column: the slowest)", flush=True)
    return result


def login_request(app, runs: int) -> Measurement:
    """A full login POST as `learner`: one hash and a few queries, then the redirect."""
    client = app.test_client()

    def log_out() -> None:
        with client.session_transaction() as session:
            session.clear()

    def logged_in(response) -> None:
        assert "/login" not in response.headers.get("Location", "/login"), "login failed"

    return measure("login POST (learner)", app,
                   lambda: client.post("/login", data={"employee_no": "learner",
                                                       "password": "learnhub-demo"}),
                   runs=max(5, runs // 5), warmup=2, before=log_out, check=logged_in,
                   status=302)


def home_page(app, runs: int) -> Measurement:
    client = logged_in_client(app, "learner")
    return measure("home page (learner)", app, lambda: client.get("/"), runs=runs)


def admin_member_list(app, runs: int) -> list[Measurement]:
    """Budget (issue 3): root-unit member list, constant queries, p50 < 30 ms at scale 100."""
    if "org.members" not in app.view_functions:
        print("admin member list: not built yet")
        return []
    client = logged_in_client(app, "admin")
    results = []
    for per_page in (50, 200):
        results.append(measure(f"admin member list, root, per_page={per_page}", app,
                               lambda pp=per_page: client.get(f"/admin/members?per_page={pp}"),
                               runs=runs))
    results.append(measure("admin member list, filtered (name 王, 中共党员)", app,
                           lambda: client.get("/admin/members?name=王&political_status=中共党员"),
                           runs=runs))
    results.append(measure("admin member list, filtered (unit GB01 subtree, 工号 E1)", app,
                           lambda: client.get("/admin/members?unit=GB01&employee_no=E1"),
                           runs=runs))
    return results


# Courses (issue 4), on the 200 bench courses of bench/courses_data.py -----------------------

LESSON_SLUG, LESSON_KEY = "bench-001", "02-lesson"
LESSON_URL = f"/courses/{LESSON_SLUG}/lessons/{LESSON_KEY}"
TOKEN = re.compile(r'data-token="([^"]+)"')


def _courses_built(app, endpoint: str, what: str) -> bool:
    if endpoint not in app.view_functions:
        print(f"{what}: not built yet")
        return False
    return True


def _is_lesson_page(response) -> None:
    assert TOKEN.search(response.get_data(as_text=True)), "no study token on the lesson page"


def lesson_page(app, runs: int) -> Measurement | None:
    """Budget: the lesson page with a constant, small number of queries, p50 < 15 ms.

    The page is read-only: it carries a signed study token, and the page's first
    heartbeat (not timed here) makes the lesson the member's active one.
    """
    if not _courses_built(app, "courses.lesson", "lesson page"):
        return None
    client = logged_in_client(app, "learner")
    return measure(f"lesson page (learner, {LESSON_SLUG}/{LESSON_KEY})", app,
                   lambda: client.get(LESSON_URL), runs=runs, check=_is_lesson_page)


def catalogue_search(app, runs: int) -> list[Measurement]:
    """Budget: catalogue search p50 < 50 ms with 200 courses (40 of them mention 党建)."""
    if not _courses_built(app, "courses.catalogue", "catalogue"):
        return []
    client = logged_in_client(app, "learner")

    def finds_party_building(response) -> None:
        assert "/courses/bench-005" in response.get_data(as_text=True), "党建 not found"

    return [
        measure("catalogue search ?q=党建 (learner)", app,
                lambda: client.get("/courses?q=党建"), runs=runs, check=finds_party_building),
        measure("catalogue, no filter (learner)", app, lambda: client.get("/courses"),
                runs=runs),
    ]


def heartbeat(app, runs: int) -> Measurement | None:
    """Budget: heartbeat p50 < 5 ms, each call a real credit.

    As reader.js does: open the lesson page for its study token, send the first (resume)
    beat that makes the page the active one (untimed), then POST {token, seq} with a
    growing seq. Before each call (untimed) the active study's last beat is moved
    one heartbeat interval into the past, so every measured beat credits time and
    updates the lesson progress, as in a real reading session.
    """
    if not _courses_built(app, "courses.heartbeat", "heartbeat"):
        return None
    from sqlalchemy import update

    from learnhub.courses.study.models import ActiveStudy
    from learnhub.extensions import db
    from learnhub.org.models import Member

    client = logged_in_client(app, "learner")
    page = client.get(LESSON_URL)
    match = TOKEN.search(page.get_data(as_text=True))
    assert page.status_code == 200 and match, "could not open the lesson"
    token = match.group(1)
    with app.app_context():
        member_id = db.session.query(Member.id).filter_by(employee_no="learner").scalar()
        interval = timedelta(seconds=int(app.config["HEARTBEAT_SECONDS"]))
    first = client.post("/study/heartbeat", json={"token": token, "seq": 1, "resume": True})
    assert first.status_code == 200 and first.get_json()["status"] == "ok", "no first beat"
    seq = itertools.count(2)

    def rewind() -> None:
        with app.app_context():
            db.session.execute(update(ActiveStudy).where(ActiveStudy.member_id == member_id)
                               .values(last_beat_at=datetime.now(UTC) - interval))
            db.session.commit()

    def credited(response) -> None:
        body = response.get_json()
        assert body["status"] == "ok" and body["credited"] > 0, body

    return measure("heartbeat (learner, credits one interval)", app,
                   lambda: client.post("/study/heartbeat",
                                       json={"token": token, "seq": next(seq)}),
                   runs=runs, before=rewind, check=credited)


ALL = [password_hash_cost, login_request, home_page, admin_member_list, lesson_page,
       catalogue_search, heartbeat]

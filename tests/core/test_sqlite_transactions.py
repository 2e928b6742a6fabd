"""SQLite under concurrent requests: a request holds SQLite's one write lock only from its
first write to its commit, so slow work (password hashing, Markdown, zips) never blocks
other writers; a write that finds the lock taken waits, is retried once, then gets a 503.

The request tests run the real app on a migrated file database (WAL) with real threads.
Requests are held right after their first statement (an engine event, nothing replaced):
that is where a request used to take the write lock, and where its slow work starts.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask, g, has_request_context, request
from sqlalchemy import event, func, select
from werkzeug.security import generate_password_hash

from config import TestConfig
from learnhub import create_app
from learnhub.core.timeutil import now_utc
from learnhub.courses.editor import services as editor_services
from learnhub.courses.models import CourseVersion
from learnhub.courses.study import heartbeats
from learnhub.extensions import db as _db
from learnhub.org.models import Member, Role
from tests.conftest import csrf_token
from tests.courses.learning_support import content, current, make_course
from tests.factories import PASSWORD, make_member

SLOW_HASH = "pbkdf2:sha256:400000"  # about 0.1 s per hash here: real slow work
FAST_HASH = "pbkdf2:sha256:1000"
HOLD_SECONDS = 30  # only reached when a held request is never released (a failing test)


@pytest.fixture(autouse=True)
def db():
    """Overrides the transaction-per-test fixture: these requests commit to a file."""
    yield _db


def file_app_for(database: Path, **overrides) -> Flask:
    return create_app(type("FileDatabase", (TestConfig,), {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "TESTING": False,
        "PASSWORD_HASH_METHOD": SLOW_HASH, **overrides}))


@pytest.fixture(scope="module")
def database(tmp_path_factory) -> Iterator[Path]:
    from flask_migrate import upgrade

    from learnhub.i18n import compile_catalogues

    compile_catalogues()
    path = tmp_path_factory.mktemp("sqlite-locks") / "learnhub.db"
    app = file_app_for(path)
    with app.app_context():
        upgrade()
        _db.engine.dispose()
    yield path


@pytest.fixture
def file_app(database) -> Iterator[Flask]:
    app = file_app_for(database)
    yield app
    with app.app_context():
        _db.engine.dispose()


class Worker(threading.Thread):
    """Runs `work` in its own thread with its own test client; keeps the result or error."""

    def __init__(self, name: str, work: Callable[[], object]) -> None:
        super().__init__(name=name, daemon=True)
        self.work, self.result, self.error = work, None, None

    def run(self) -> None:
        try:
            self.result = self.work()
        except BaseException as error:  # reported by outcome() in the test's thread
            self.error = error

    def outcome(self):
        self.join(timeout=2 * HOLD_SECONDS)
        assert not self.is_alive(), f"{self.name} never finished"
        if self.error is not None:
            raise self.error
        return self.result


def after_first_statement(app: Flask, action: Callable[[], None]) -> None:
    """From now on, in threads named `held-*`, call `action` once per POST request, right
    after the request's first statement. (Never removed: each test has its own engine.)"""
    with app.app_context():
        engine = _db.engine

    def hook(conn, cursor, statement, parameters, context, executemany) -> None:
        if (threading.current_thread().name.startswith("held-") and has_request_context()
                and request.method == "POST" and "held" not in g):
            g.held = True
            action()

    event.listen(engine, "after_cursor_execute", hook)


def wait_at(barrier: threading.Barrier) -> Callable[[], None]:
    def action() -> None:
        # Broken when another request failed before reaching it: the test reports that.
        with suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=HOLD_SECONDS)

    return action


def logged_in(app: Flask, member_id: str):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = member_id
        session["_fresh"] = True
    return client


def log_in(client, employee_no: str, password: str):
    return client.post("/login", data={"employee_no": employee_no, "password": password,
                                       "csrf_token": csrf_token(client)})


class Beats:
    """A learner's lesson page sending heartbeats over HTTP, as reader.js does."""

    def __init__(self, app: Flask) -> None:
        with app.app_context():
            member, course = make_member(), make_course()
            self.token = heartbeats.issue_token(member.id, course.id, current(course).id, "intro",
                                                now=now_utc())
            member_id = member.get_id()
            _db.session.commit()
        self.client = logged_in(app, member_id)
        self.headers = {"X-CSRFToken": csrf_token(self.client), "Accept": "application/json"}
        self.seq = 0
        assert self.send(resume=True) == 200  # the first beat makes the page the active one

    def send(self, *, resume: bool = False) -> int:
        self.seq += 1
        response = self.client.post("/study/heartbeat", headers=self.headers, json={
            "token": self.token, "seq": self.seq, "resume": resume})
        assert response.status_code != 200 or response.get_json()["status"] == "ok"
        return response.status_code


def beats_while(beats: Beats, worker: Worker, inside: threading.Event,
                release: threading.Event) -> list[int]:
    """Beats while `worker`'s request is held after its first statement, then while its
    slow work runs."""
    try:
        assert inside.wait(timeout=HOLD_SECONDS), "the slow request never started"
        statuses = [beats.send() for _ in range(3)]
        release.set()
        while worker.is_alive() and len(statuses) < 10:
            statuses.append(beats.send())
    finally:
        release.set()
    return statuses


def holding() -> tuple[threading.Event, threading.Event, Callable[[], None]]:
    inside, release = threading.Event(), threading.Event()

    def hold() -> None:
        inside.set()
        release.wait(timeout=HOLD_SECONDS)

    return inside, release, hold


def test_heartbeats_keep_succeeding_while_a_login_checks_its_password(file_app):
    with file_app.app_context():
        slow = make_member(password_hash=generate_password_hash(PASSWORD, SLOW_HASH))
        employee_no = slow.employee_no
        _db.session.commit()
    beats = Beats(file_app)
    inside, release, hold = holding()

    def slow_login() -> int:
        return log_in(file_app.test_client(), employee_no, PASSWORD).status_code

    after_first_statement(file_app, hold)
    worker = Worker("held-login", slow_login)
    worker.start()
    statuses = beats_while(beats, worker, inside, release)
    # A login by someone else writes too (the failure count, the last login).
    other = log_in(file_app.test_client(), employee_no, "wrong-password")
    assert worker.outcome() == 302
    assert statuses == [200] * len(statuses)
    assert other.status_code == 401


def test_heartbeats_keep_succeeding_during_a_long_markdown_preview(file_app):
    with file_app.app_context():
        trainer = make_member(roles=(Role.TRAINER,))
        course = editor_services.start_course(trainer, slug="long-preview", title="长预览",
                                              owner_unit=trainer.unit.code, now=now_utc())
        trainer_id, slug = trainer.get_id(), course.slug
        _db.session.commit()
    beats = Beats(file_app)
    inside, release, hold = holding()
    markdown = "## 标题\n\n很长的一段文字，**加粗**、[链接](https://example.com)。\n\n- 一\n- 二\n\n" * 1000
    client = logged_in(file_app, trainer_id)
    form = {"markdown": markdown, "csrf_token": csrf_token(client)}

    def preview():
        return client.post(f"/manage/courses/{slug}/preview", data=form)

    after_first_statement(file_app, hold)
    worker = Worker("held-preview", preview)
    worker.start()
    statuses = beats_while(beats, worker, inside, release)
    response = worker.outcome()
    assert statuses == [200] * len(statuses)
    assert response.status_code == 200
    assert response.get_json()["html"].count("<h2") == 1000


def test_several_first_logins_at_once_all_succeed(file_app):
    people = 4
    with file_app.app_context():
        members = [make_member(must_change_password=True,
                               password_hash=generate_password_hash(PASSWORD, FAST_HASH))
                   for _ in range(people)]
        numbers = [member.employee_no for member in members]
        _db.session.commit()
    barrier = threading.Barrier(people)

    def first_login(employee_no: str) -> tuple[int, int]:
        client = file_app.test_client()
        login = log_in(client, employee_no, PASSWORD)
        change = client.post("/account/password", data={
            "current_password": PASSWORD, "new_password": f"new-passphrase-{employee_no}",
            "confirm": f"new-passphrase-{employee_no}", "csrf_token": csrf_token(client)})
        return login.status_code, change.status_code

    after_first_statement(file_app, wait_at(barrier))
    workers = [Worker(f"held-first-login-{n}", lambda n=n: first_login(n))
               for n in numbers]
    for worker in workers:
        worker.start()
    outcomes = [worker.outcome() for worker in workers]
    assert outcomes == [(302, 302)] * people
    with file_app.app_context():
        assert not _db.session.scalar(select(func.count()).select_from(Member).where(
            Member.employee_no.in_(numbers), Member.must_change_password.is_(True)))


def test_two_publishes_of_one_draft_at_once_publish_it_once(file_app):
    """SELECT ... FOR UPDATE takes SQLite's write lock (as it locks the row on PostgreSQL):
    the second publish waits, then finds no draft instead of failing with a 500."""
    with file_app.app_context():
        trainer = make_member(roles=(Role.TRAINER,))
        course = editor_services.start_course(trainer, slug="double-publish", title="双击",
                                              owner_unit=trainer.unit.code, now=now_utc())
        editor_services.save_draft(course, replace(content(course.slug),
                                                   owner_unit=trainer.unit.code),
                                   actor=trainer, now=now_utc())
        trainer_id, slug, course_id = trainer.get_id(), course.slug, course.id
        _db.session.commit()
    barrier = threading.Barrier(2)
    clients = [logged_in(file_app, trainer_id) for _ in range(2)]
    tokens = [csrf_token(client) for client in clients]

    def publish(n: int) -> int:
        return clients[n].post(f"/manage/courses/{slug}/publish",
                               data={"csrf_token": tokens[n]}).status_code

    after_first_statement(file_app, wait_at(barrier))
    workers = [Worker(f"held-publish-{n}", lambda n=n: publish(n)) for n in range(2)]
    for worker in workers:
        worker.start()
    statuses = [worker.outcome() for worker in workers]
    assert statuses == [302, 302]
    with file_app.app_context():
        versions = _db.session.scalars(select(CourseVersion.number).where(
            CourseVersion.course_id == course_id)).all()
    assert versions == [1]  # published once, and the draft is gone


@contextmanager
def write_lock_taken(database: Path) -> Iterator[None]:
    """Another process's write transaction, held while the block runs."""
    other = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_write_that_cannot_get_the_lock_is_answered_503_and_writes_nothing(database):
    app = file_app_for(database, DB_LOCK_TIMEOUT=0.05)
    try:
        beats = Beats(app)
        with app.app_context():
            member = make_member(password_hash=generate_password_hash(PASSWORD, FAST_HASH))
            member_id, primary_key, old_hash = member.get_id(), member.id, member.password_hash
            _db.session.commit()
        client = logged_in(app, member_id)
        form = {"current_password": PASSWORD, "new_password": "a-new-passphrase",
                "confirm": "a-new-passphrase", "csrf_token": csrf_token(client)}
        with write_lock_taken(database):
            page = client.post("/account/password", data=form)
            beat = beats.client.post("/study/heartbeat", headers=beats.headers, json={
                "token": beats.token, "seq": beats.seq + 1})
        assert page.status_code == 503
        assert page.headers["Retry-After"] == "5"
        assert "服务暂时不可用，请稍后再试。" in page.get_data(as_text=True)
        assert beat.status_code == 503
        assert beat.get_json()["error"]["message"] == "服务暂时不可用，请稍后再试。"
        with app.app_context():
            assert _db.session.get(Member, primary_key).password_hash == old_hash

        # Once the other writer is done, the same requests go through.
        assert client.post("/account/password", data=form).status_code == 302
        assert beats.send() == 200
        with app.app_context():
            assert _db.session.get(Member, primary_key).password_hash != old_hash
    finally:
        with app.app_context():
            _db.engine.dispose()


def test_immediate_writers_queue_instead_of_failing(tmp_path):
    """Why a request's write phase starts with BEGIN IMMEDIATE, in a new transaction: a
    deferred transaction that reads and then writes fails at once if another writer
    committed in between; BEGIN IMMEDIATE waits on the busy timeout instead."""
    path = tmp_path / "wal.db"
    setup = sqlite3.connect(path, isolation_level=None)
    setup.executescript("PRAGMA journal_mode=WAL; CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (0);")
    setup.close()

    def connect():
        conn = sqlite3.connect(path, isolation_level=None, timeout=5, check_same_thread=False)
        return conn

    # Deferred: A reads, B writes and commits, A's write fails without waiting.
    a, b = connect(), connect()
    a.execute("BEGIN")
    a.execute("SELECT n FROM t").fetchone()
    b.execute("BEGIN")
    b.execute("UPDATE t SET n = n + 1")
    b.execute("COMMIT")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        a.execute("UPDATE t SET n = n + 1")
    a.execute("ROLLBACK")

    # Immediate: the second writer waits for the first and then succeeds.
    first, second = connect(), connect()
    first.execute("BEGIN IMMEDIATE")
    first.execute("SELECT n FROM t").fetchone()
    done = []

    def second_writer():
        second.execute("BEGIN IMMEDIATE")
        second.execute("UPDATE t SET n = n + 1")
        second.execute("COMMIT")
        done.append(True)

    thread = threading.Thread(target=second_writer)
    thread.start()
    first.execute("UPDATE t SET n = n + 1")
    first.execute("COMMIT")
    thread.join(timeout=10)
    assert done == [True]
    assert connect().execute("SELECT n FROM t").fetchone()[0] == 3

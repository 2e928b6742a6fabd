"""`learnhub jobs run`: every registered job, one line each, and two runs at once sending
nothing twice (real connections: a SQLite file or a PostgreSQL schema)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from learnhub.core.feature import Job, registry
from learnhub.core.jobs import run_jobs
from learnhub.discussions.models import Invitation
from learnhub.extensions import db
from learnhub.notifications.models import Notification
from tests.discussions.builders import make_meeting
from tests.factories import make_member, make_unit
from tests.notifications.smtp_server import smtp_server
from tests.racing import race


def test_jobs_run_runs_every_registered_job_with_a_line_each(app):
    assert [job.name for job in registry(app).jobs] == [
        "close-expired-quizzes", "meeting-series", "meeting-notices", "email-notifications"]
    unit = make_unit()
    member = make_member(unit)
    make_meeting(unit, invitees=[member])
    result = app.test_cli_runner().invoke(args=["jobs", "run"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "close-expired-quizzes: graded 0 overdue attempt(s)",
        "meeting-series: 0 occurrence(s) made",
        "meeting-notices: 1 invitation(s), 0 change(s), 0 cancellation(s), 0 reminder(s)",
        "email-notifications: email off (LEARNHUB_SMTP_HOST not set)",
    ]


def test_a_failing_job_is_reported_and_the_others_still_run():
    member = make_member()
    lines: list[str] = []

    def broken(now):
        db.session.add(Notification(member_id=member.id, kind="x", title="rolled back",
                                    body="", link="/", created_at=now))
        db.session.flush()
        raise RuntimeError("boom")

    def fine(now):
        return "done"

    failed = run_jobs([Job("broken", broken), Job("fine", fine)], lines.append)
    assert failed == 1
    assert lines == ["broken: failed: RuntimeError: boom", "fine: done"]
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_two_runs_at_once_notify_and_email_each_invitee_once(racing_app):
    now = datetime.now(UTC)
    with smtp_server() as mailbox:
        racing_app.config.update(SMTP_HOST=mailbox.host, SMTP_PORT=mailbox.port)
        with racing_app.app_context():
            unit = make_unit()
            invitees = [make_member(unit, email=f"racer{i}@party.example.cn")
                        for i in range(30)]
            meeting = make_meeting(unit, invitees=invitees, starts_at=now + timedelta(hours=3))
            db.session.commit()
            meeting_id, member_ids = meeting.id, [m.id for m in invitees]

        def one_run() -> list[str]:
            lines: list[str] = []
            with racing_app.app_context():
                run_jobs(registry(racing_app).jobs, lines.append)
            return lines

        runs = race(one_run, one_run)
        with racing_app.app_context():
            kinds = db.session.execute(
                select(Notification.member_id, Notification.kind)
                .where(Notification.member_id.in_(member_ids))).all()
            told = db.session.scalars(select(Invitation.notified_sequence)
                                      .where(Invitation.meeting_id == meeting_id)).all()
            emailed = db.session.scalar(select(func.count(Notification.id)).where(
                Notification.member_id.in_(member_ids),
                Notification.email_sent_at.is_not(None)))
    assert sorted(kinds) == [(mid, "meeting.invitation") for mid in sorted(member_ids)], runs
    assert told == [0] * 30
    assert emailed == 30
    addresses = [r.recipients[0] for r in mailbox.received
                 if r.recipients[0].startswith("racer")]
    assert sorted(addresses) == sorted(f"racer{i}@party.example.cn" for i in range(30)), runs
    assert all(not line.partition(": ")[2].startswith("failed") for run in runs
               for line in run), runs

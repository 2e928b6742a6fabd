"""Meeting sign-in budget (issue 12): one sign-in POST (< 10 ms p50 server time), through
the app's test client; and, for the record, a repeat sign-in and the attendance page of a
meeting with 200 invitees.

    python -m bench.meeting_signin [--scale 1] [--runs 200] [--wait-idle 60]

Runs on the bench's demo database (bench/harness.py; LEARNHUB_BENCH_DATABASE_URL for
PostgreSQL). Each timed sign-in is a different member's first, with the code of the moment
(the session switch before it is untimed). CSRF is off in the bench app, as for every
bench; the token check is a signature check of microseconds.
"""

from __future__ import annotations

import argparse
import uuid
from datetime import UTC, datetime, timedelta

from bench.harness import build_app, calibration_ms, measure, wait_for_idle

INVITEES = 200


def _meeting(app, invitees: int) -> tuple[int, str, list[str], str]:
    """A meeting of the demo root unit starting in 5 minutes with sign-in open: its id, secret,
    the invitees' session ids, and the host's."""
    from learnhub.discussions.attendance.services import open_signin
    from learnhub.discussions.models import Invitation, Meeting, MeetingKind
    from learnhub.extensions import db
    from learnhub.org.models import Member, Unit

    tag = uuid.uuid4().hex[:8]
    now = datetime.now(UTC).replace(microsecond=0)
    with app.app_context():
        unit = db.session.query(Unit).filter_by(code="ROOT").one()
        members = [Member(employee_no=f"S{tag}{n:04d}", name=f"签到成员{n}", unit_id=unit.id,
                          must_change_password=False) for n in range(invitees + 1)]
        db.session.add_all(members)
        kind = db.session.query(MeetingKind).first() or MeetingKind(
            code=f"bench-{tag}", name="支部党员大会")
        db.session.add(kind)
        db.session.flush()
        host = members.pop()
        meeting = Meeting(uid=f"{tag}@bench", unit_id=unit.id, kind_id=kind.id,
                          title="签到压测", starts_at=now + timedelta(minutes=5),
                          ends_at=now + timedelta(minutes=95), timezone="Asia/Shanghai",
                          host_id=host.id, audience={"unit_id": unit.id})
        db.session.add(meeting)
        db.session.flush()
        db.session.add_all(Invitation(meeting_id=meeting.id, member_id=m.id) for m in members)
        signin = open_signin(host, meeting, now)
        result = meeting.id, signin.secret, [m.get_id() for m in members], host.get_id()
        db.session.commit()
    return result


def _as(client, user_id: str) -> None:
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = user_id
        session["_fresh"] = True


def main() -> None:
    from learnhub.discussions.attendance.codes import current_code

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--wait-idle", type=int, default=0, metavar="PERCENT",
                        help="first wait until the CPUs were this idle for 5 s (shared machines)")
    args = parser.parse_args()
    app = build_app(args.scale, courses=False)
    wait_for_idle(args.wait_idle)
    print(f"calibration {calibration_ms():.1f} ms (pure Python; see docs/performance.md)")
    warmup = 5
    meeting_id, secret, members, host = _meeting(app, max(INVITEES, args.runs + warmup + 1))
    client = app.test_client()
    url = f"/meetings/{meeting_id}/signin"
    queue = iter(members)

    def next_member() -> None:
        _as(client, next(queue))

    def sign_in():
        return client.post(url, data={"code": current_code(secret, datetime.now(UTC))})

    def signed(response) -> None:
        assert response.headers["Location"] == url, response.headers.get("Location")

    measure("meeting sign-in (POST, first)", app, sign_in, runs=args.runs, warmup=warmup,
            before=next_member, status=302, check=signed)
    _as(client, members[0])
    measure("meeting sign-in (POST, repeat)", app, sign_in, runs=args.runs, status=302,
            check=signed)
    _as(client, host)
    measure(f"attendance page ({len(members)} invitees)", app,
            lambda: client.get(f"/meetings/{meeting_id}/attendance"), runs=max(20, args.runs // 10))


if __name__ == "__main__":
    main()

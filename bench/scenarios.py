"""One function per budget. Each prints its measurement."""

from __future__ import annotations

import time

from bench.harness import Measurement, logged_in_client, measure


def password_hash_cost(app, runs: int) -> Measurement:
    """Logging in costs one password hash: time one scrypt verification."""
    from learnhub.auth.passwords import hash_password, verify_password

    with app.app_context():
        hashed = hash_password("a-benchmark-password")
        timings = []
        for _ in range(max(5, runs // 5)):
            start = time.perf_counter()
            verify_password(hashed, "a-benchmark-password")
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    result = Measurement(f"password verify ({app.config['PASSWORD_HASH_METHOD']})",
                         timings[len(timings) // 2], timings[-1], 0, len(timings))
    print(result.line(), flush=True)
    return result


def login_request(app, runs: int) -> Measurement:
    """A full login POST (one hash, a few queries)."""
    client = app.test_client()

    def request():
        client.post("/login", data={"employee_no": "learner", "password": "learnhub-demo"})
        with client.session_transaction() as session:
            session.clear()
        return client.get("/login")

    return measure("login POST + login page", app, request, runs=max(5, runs // 5))


def home_page(app, runs: int) -> Measurement:
    client = logged_in_client(app, "learner")
    return measure("home page (learner)", app, lambda: client.get("/"), runs=runs)


def admin_member_list(app, runs: int) -> list[Measurement]:
    """Budget: root-unit member list, constant queries, p50 < 30 ms at scale 100."""
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
    return results


ALL = [password_hash_cost, login_request, home_page, admin_member_list]

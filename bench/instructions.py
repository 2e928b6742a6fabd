"""Instructions executed per request, counted by valgrind's callgrind: the same number
whatever else the (shared) machine is doing, so it compares code where timings compare
neighbours. Counts the app's own process only (not the PostgreSQL server, not the kernel).

    python -m bench.instructions [PATH] [--member learner]

PATH defaults to the lesson page. The request runs 5 times to warm up, then N times, under
callgrind for N = 5 and N = 25 (two runs in parallel); the difference over 20 requests is
printed. LEARNHUB_BENCH_DATABASE_URL picks PostgreSQL, as for `bench.run`. About a minute.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.scenarios import LESSON_URL

COUNTS = (5, 25)


def serve(path: str, member: str, repeat: int) -> None:
    """The child: the app on the bench database, `repeat` requests after a warm-up."""
    from bench.harness import build_app, logged_in_client

    client = logged_in_client(build_app(100), member)
    for _ in range(5):
        assert client.get(path).status_code == 200, path
    for _ in range(repeat):
        client.get(path)


def collected(log: Path) -> int:
    match = re.search(r"Collected : (\d+)", log.read_text())
    assert match, log.read_text()[-2000:]
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=LESSON_URL)
    parser.add_argument("--member", default="learner")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        serve(args.path, args.member, args.child)
        return
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        logs = {n: Path(folder) / f"{n}.log" for n in COUNTS}
        env = {**os.environ, "PYTHONHASHSEED": "0"}
        children = [subprocess.Popen(
            [valgrind, "--tool=callgrind", f"--callgrind-out-file={folder}/{n}.out",
             sys.executable, "-m", "bench.instructions", args.path, "--member", args.member,
             "--child", str(n)], stdout=logs[n].open("w"), stderr=subprocess.STDOUT, env=env)
            for n in COUNTS]
        for child in children:
            if child.wait() != 0:
                sys.exit(f"a callgrind run failed: {logs[COUNTS[children.index(child)]]}")
        per_request = (collected(logs[COUNTS[1]]) - collected(logs[COUNTS[0]])) / (
            COUNTS[1] - COUNTS[0])
    print(f"{args.path} as {args.member}: {per_request / 1e6:.2f} M instructions per request")


if __name__ == "__main__":
    main()

"""Run a tradeviz write in this process and kill it with SIGKILL at its Nth step.

    python tests/killpoint.py N COUNT_FILE -- build --data DIR           # any `python -m tradeviz` command
    python tests/killpoint.py N COUNT_FILE --review-save DIR DECISIONS.json REVISION REVIEWER [NOW]

A step is one call that changes the file system: os.replace, os.rename, os.unlink, os.remove,
os.rmdir, os.mkdir, os.fsync (a file's bytes handed to the disk), os.link. At step N the process
sends itself SIGKILL before the call is made, so nothing after it runs (no `finally`, no atexit):
what a power cut or `kill -9` leaves. N = 0 never kills; the number of steps taken is written to
COUNT_FILE at exit, so a test first counts the steps, then stops the write at each of them.

Tests call `run(N, args)`, which does the same in a child forked from a server that has imported
tradeviz once (multiprocessing's forkserver), so a write stopped at each of sixty steps costs
the write's own time, not sixty interpreter starts.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

STEPS = ("replace", "rename", "unlink", "remove", "rmdir", "mkdir", "fsync", "link")


def run(stop_at: int, args: list[str]) -> tuple[int, int]:
    """Run `args` (as main's after COUNT_FILE) in a forked child stopped at step `stop_at`;
    returns (its exit code, -9 when killed; the steps it took, when it was not killed)."""
    import multiprocessing
    import tempfile

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["killpoint", "tradeviz.__main__", "tradeviz.review"])
    with tempfile.TemporaryDirectory() as folder:
        count_file = Path(folder) / "count"
        child = context.Process(target=_child, args=([str(stop_at), str(count_file), *args],))
        child.start()
        child.join(timeout=300)
        if child.exitcode is None:
            child.kill()
            raise TimeoutError(f"{args} did not finish within 300 s")
        return child.exitcode, int(count_file.read_text()) if count_file.exists() else -1


def _child(argv: list[str]) -> None:
    sys.exit(main(argv))


def main(argv: list[str]) -> int:
    stop_at, count_file, rest = int(argv[0]), Path(argv[1]), argv[2:]
    taken = 0

    def counted(real):
        def step(*args, **kwargs):
            nonlocal taken
            taken += 1
            if taken == stop_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return step

    for name in STEPS:
        setattr(os, name, counted(getattr(os, name)))
    try:
        if rest[0] == "--":
            from tradeviz.__main__ import main as tradeviz

            return tradeviz(rest[1:])
        if rest[0] == "--review-save":
            from tradeviz import review

            import datetime as dt

            folder, decisions, revision, reviewer = rest[1:5]
            now = dt.datetime.fromisoformat(rest[5]) if len(rest) > 5 else None
            try:
                review.save(Path(folder), json.loads(Path(decisions).read_text()), revision, reviewer, now)
            except (review.ReviewFailed, review.ReviewConflict) as refused:
                print(f"Not saved: {refused}", file=sys.stderr)
                return 1
            return 0
        raise SystemExit(f"unknown mode {rest[0]!r}")
    finally:
        count_file.write_text(str(taken))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""deploy/serve.py run as an operator runs it: a process of its own, ended by a signal."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from browser import healthy, wait_until_answering

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 120


def descendants(pid: int) -> list[int]:
    """Every process started below `pid` that is still alive (not a zombie), from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        found.append(child)
        todo.extend(children.get(child, []))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@contextmanager
def serve_py(port: int, log_dir: Path, replicas: int = 2, secrets: Path | None = None, env: dict | None = None):
    """Run `deploy/serve.py --replicas N --port PORT [--secrets FILE]` until it answers through
    nginx; yield (process, base URL, the folder of the replicas' logs). Ended by SIGTERM however
    the test ends (a test may end it first)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    out_path = log_dir / "serve.out"
    out = out_path.open("w")
    args = [sys.executable, str(ROOT / "deploy" / "serve.py"), "--replicas", str(replicas), "--port", str(port)]
    if secrets is not None:
        args += ["--secrets", str(secrets)]
    process = subprocess.Popen(args, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    def started():
        # serve.py names its log folder once nginx and every replica are up; then nginx must answer.
        said = re.search(r"behind nginx at \S+ \(logs in (\S+)\)", out_path.read_text())
        return said if said and healthy(base) else None

    try:
        said = wait_until_answering(process, started, "serve.py", STARTUP_SECONDS,
                                    lambda: out_path.read_text()[-3000:], pause=0.3)
        yield process, base, Path(said.group(1))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                for pid in descendants(process.pid):
                    os.kill(pid, signal.SIGKILL)
                process.kill()
                process.wait()
        out.close()

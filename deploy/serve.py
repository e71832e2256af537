"""Serve tradeviz as N `streamlit run` replicas behind nginx (Debian's package), on one machine.

    .venv/bin/python deploy/serve.py --replicas 2 --port 8080      # http://127.0.0.1:8080

Every replica reads the same dataset folder (TRADEVIZ_DATA, default the bundled data/), which
none of them writes: a build switches the dataset by replacing its manifest in one step, and
each replica picks the new set up on its next run. The replicas share one cookie secret, so a
viewer's XSRF cookie is valid whichever replica answers; nginx keeps each viewer on one replica
(deploy/nginx.conf.template says why). On more machines, run the replicas there and list them
in the upstream block; the dataset folder can be any shared read-only mount.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = "/usr/sbin/nginx"
STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base: str, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{base}: the process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{base} did not answer within {STARTUP_SECONDS} s")


def nginx_config(listen: str, upstreams: list[str], run_dir: Path) -> str:
    servers = "\n".join(f"        server {address};" for address in upstreams)
    return TEMPLATE.read_text(encoding="utf-8").format(listen=listen, servers=servers, run_dir=run_dir)


@contextmanager
def replicas(count: int, log_dir: Path, env: dict[str, str] | None = None):
    """Start `count` replicas on free localhost ports; yield their (process, base URL) pairs."""
    cookie_secret = secrets.token_hex(32)
    started = []
    try:
        for number in range(count):
            port = free_port()
            log = (log_dir / f"replica-{number}.log").open("w")
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                 "--server.address", "127.0.0.1", "--server.port", str(port)],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {}), "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret})
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base in started:
            wait_healthy(base, process)
        yield started
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def behind_nginx(upstreams: list[str], port: int, run_dir: Path):
    """nginx on 127.0.0.1:`port` in front of the upstream base URLs; yields its base URL."""
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "nginx.conf"
    config.write_text(nginx_config(f"127.0.0.1:{port}", [u.removeprefix("http://") for u in upstreams], run_dir))
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(run_dir), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=(run_dir / "nginx.out").open("w"))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    if not Path(NGINX).exists():
        print("nginx is missing: apt-get install nginx-light", file=sys.stderr)
        return 1
    run_dir = Path(tempfile.mkdtemp(prefix="tradeviz-serve-"))
    with replicas(args.replicas, run_dir) as started, \
            behind_nginx([base for _, base in started], args.port, run_dir) as base:
        print(f"{args.replicas} replicas behind nginx at {base} (logs in {run_dir}); Ctrl-C stops them")
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    return 0


if __name__ == "__main__":
    sys.exit(main())

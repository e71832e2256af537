"""Serve tradeviz as N `streamlit run` replicas behind nginx (Debian's package), on one machine.

    .venv/bin/python deploy/serve.py --replicas 2 --port 8080      # http://127.0.0.1:8080
    .venv/bin/python deploy/serve.py --secrets /etc/tradeviz/secrets.toml   # editing on (README)

Every replica reads the same dataset folder (TRADEVIZ_DATA, default the bundled data/): a build
or a save switches the dataset by replacing its manifest in one step, and each replica picks the
new set up on its next run. Without --secrets (or a secrets.toml Streamlit finds by itself) the
replicas are read-only; with sign-in configured there, the Review page of any replica lets the
editors it lists save, and their writes go through one lock and journal on the data folder
(tradeviz.writes), so the folder must be one on this machine (or a file system whose locks hold
across machines). The replicas share one cookie secret, so a viewer's XSRF cookie is valid
whichever replica answers; nginx keeps each viewer on one replica (deploy/nginx.conf.template
says why) and adds the security headers. On more machines, run the replicas there and list them
in the upstream block.

SIGTERM or SIGINT (Ctrl-C) ends the replicas and nginx, then this process; should this process
itself be killed, each child is sent SIGTERM by the kernel (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import argparse
import ctypes
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


class Stop(Exception):
    """SIGTERM or SIGINT arrived: unwind, ending every child on the way out."""


def _stop(signum, frame) -> None:
    # A second signal while the children are being ended must not cut that short.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise Stop(signal.Signals(signum).name)


PR_SET_PDEATHSIG = 1
# Looked up here, not in the child: between fork and exec only the call itself is safe.
_PRCTL = ctypes.CDLL(None, use_errno=True).prctl


def _end_with_parent() -> None:
    """In a child before exec: the kernel sends it SIGTERM when this process dies, even by SIGKILL."""
    _PRCTL(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)


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
def replicas(count: int, log_dir: Path, env: dict[str, str] | None = None, secrets_file: Path | None = None):
    """Start `count` replicas on free localhost ports; yield their (process, base URL) pairs.
    `secrets_file` is each replica's secrets.toml (sign-in and editors)."""
    cookie_secret = secrets.token_hex(32)
    started = []
    try:
        for number in range(count):
            port = free_port()
            log = (log_dir / f"replica-{number}.log").open("w")
            process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
                 "--server.address", "127.0.0.1", "--server.port", str(port),
                 *(["--secrets.files", str(secrets_file)] if secrets_file else [])],
                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, preexec_fn=_end_with_parent,
                env={**os.environ, **(env or {}), "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret})
            started.append((process, f"http://127.0.0.1:{port}"))
        for process, base in started:
            wait_healthy(base, process)
        yield started
    finally:
        _end([process for process, _ in started])


def _end(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to each, then wait; SIGKILL to any still running after 10 s."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def behind_nginx(upstreams: list[str], port: int, run_dir: Path):
    """nginx on 127.0.0.1:`port` in front of the upstream base URLs; yields its base URL."""
    run_dir.mkdir(parents=True, exist_ok=True)
    config = run_dir / "nginx.conf"
    config.write_text(nginx_config(f"127.0.0.1:{port}", [u.removeprefix("http://") for u in upstreams], run_dir))
    process = subprocess.Popen([NGINX, "-c", str(config), "-p", str(run_dir), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=(run_dir / "nginx.out").open("w"),
                               preexec_fn=_end_with_parent)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, process)
        yield base
    finally:
        _end([process])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--secrets", type=Path, default=None,
                        help="a secrets.toml with [auth] and [tradeviz] editors: turns editing on (README)")
    args = parser.parse_args(argv)
    if not Path(NGINX).exists():
        print("nginx is missing: apt-get install nginx-light", file=sys.stderr)
        return 1
    if args.secrets is not None and not args.secrets.is_file():
        print(f"{args.secrets}: no such file", file=sys.stderr)
        return 1
    # Installed before any child starts, so a signal during start-up also ends what has started.
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    run_dir = Path(tempfile.mkdtemp(prefix="tradeviz-serve-"))
    try:
        with replicas(args.replicas, run_dir, secrets_file=args.secrets) as started, \
                behind_nginx([base for _, base in started], args.port, run_dir) as base:
            print(f"{args.replicas} replicas behind nginx at {base} (logs in {run_dir}); Ctrl-C stops them", flush=True)
            while True:
                signal.pause()
    except Stop as stop:
        print(f"{stop}: the replicas and nginx are stopped", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

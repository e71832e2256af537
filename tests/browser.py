"""A real `streamlit run` server on a free localhost port, driven by Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from typing import Callable
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_SECONDS = 60
PHONE = {"width": 390, "height": 844}
# A phone visitor as Chromium can play one: an iPhone's Safari, its width, touch and mobile layout.
PHONE_AGENT = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
               "Version/17.0 Mobile/15E148 Safari/604.1")
PHONE_CONTEXT = {"viewport": PHONE, "user_agent": PHONE_AGENT, "is_mobile": True, "has_touch": True}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def streamlit_server(log_dir: Path, env: dict[str, str] | None = None, script: Path = ROOT / "dashboard.py",
                     args: tuple[str, ...] = (), port: int | None = None):
    """Yield the base URL of a running server (on `port`, or a free one; `args` are more options
    of `streamlit run`); terminate it by PID however the test ends."""
    port = port or free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    out = (log_dir / "server.out").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script),
         "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *args],
        cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(process, lambda: healthy(base), "streamlit", STARTUP_SECONDS, lambda: _log(out))
        yield base
    finally:
        stop(process)
        out.close()


def healthy(base: str) -> bool:
    """Whether the Streamlit server (or nginx before it) at `base` says it is ready."""
    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
        return response.read() == b"ok"


def wait_until_answering(process: subprocess.Popen, ready: Callable[[], object], what: str, seconds: float,
                         log: Callable[[], str], pause: float = 0.2):
    """Wait until `ready()` gives something true (a refused connection counts as not yet) and
    return it; raise with the end of `log()` when the process exits first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{log()}")
        try:
            answer = ready()
            if answer:
                return answer
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer within {seconds} s:\n{log()}")
        time.sleep(pause)


def stop(process: subprocess.Popen) -> None:
    """End a server the test started: politely, then by force after 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _log(handle) -> str:
    handle.flush()
    handle.seek(0)
    return handle.read()[-5000:]


def wait_until_idle(page) -> None:
    """Wait for the script run to finish. The status widget shows only while a run is going, and
    only after a short delay, so first give a run the chance to show it, then wait for it to go."""
    try:
        page.wait_for_selector('[data-testid="stStatusWidget"]', state="attached", timeout=1_500)
    except PlaywrightTimeout:
        pass  # the run ended before the widget appeared, or no run was triggered
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=30_000)
    page.wait_for_timeout(200)


def new_page(browser, viewport: dict | None = None):
    """A fresh context (no cookies, no session) and its page, as a first-time visitor sees it."""
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 1600}, accept_downloads=True)
    return context, context.new_page()


def download(page, name):
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    return info.value

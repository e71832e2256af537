"""A real `streamlit run` server on a free localhost port, driven by Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_SECONDS = 60


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
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {process.returncode}:\n{_log(out)}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer within {STARTUP_SECONDS}s:\n{_log(out)}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        out.close()


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

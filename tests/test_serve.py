"""deploy/serve.py: two replicas behind nginx, ended by SIGTERM or SIGINT with nothing left
running and the port closed; nginx sends the security headers on every response."""

import signal
import socket
import time
import urllib.request

import pytest

from browser import free_port
from deployed import alive, descendants, serve_py


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_the_replicas_and_nginx(tmp_path, stop):
    port = free_port()
    with serve_py(port, tmp_path) as (process, base, _):
        children = descendants(process.pid)
        commands = " ".join(open(f"/proc/{pid}/cmdline").read().replace("\0", " ") for pid in children)
        # Two replicas and nginx (its master and worker).
        assert commands.count("streamlit run") == 2 and "nginx: master" in commands, commands
        process.send_signal(stop)
        assert process.wait(timeout=60) == 0
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [pid for pid in children if alive(pid)] == []
        with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        assert f"{stop.name}: the replicas and nginx are stopped" in (tmp_path / "serve.out").read_text()


def test_a_killed_serve_py_takes_its_children_with_it(tmp_path):
    """Even SIGKILL, which no handler sees: the kernel sends each child SIGTERM (PR_SET_PDEATHSIG)."""
    port = free_port()
    with serve_py(port, tmp_path) as (process, base, _):
        children = descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert [pid for pid in children if alive(pid)] == []


def test_nginx_sends_the_security_headers(tmp_path):
    with serve_py(free_port(), tmp_path) as (_, base, _):
        for path in ("/", "/review", "/_stcore/health", "/no-such-file.js"):
            try:
                response = urllib.request.urlopen(base + path, timeout=30)
            except urllib.error.HTTPError as error:  # a 404 carries them too
                response = error
            headers = response.headers
            assert headers["X-Frame-Options"] == "DENY", path
            assert headers["Content-Security-Policy"] == "frame-ancestors 'none'", path
            assert headers["X-Content-Type-Options"] == "nosniff", path
            assert headers["Referrer-Policy"] == "same-origin", path

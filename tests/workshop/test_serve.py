"""`trainer serve` starts on a free loopback port, answers with its page, and stops cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from trainer.listening import is_loopback


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                assert response.status == 200
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_serve_answers_http_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "trainer", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        page = fetch(f"http://127.0.0.1:{port}/?fontsize=28", time.monotonic() + 30)
        assert "<html" in page.lower() and "trainer" in page
        assert "28" in page  # the projector font size reaches the page
    finally:
        server.send_signal(signal.SIGINT)
        try:
            out, err = server.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            pytest.fail("serve did not stop on Ctrl+C")
    assert server.returncode == 0, err
    assert f"http://127.0.0.1:{port}" in out
    assert "WARNING" not in err and "Traceback" not in err


def test_binding_beyond_this_machine_warns(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import textual_serve.server

    from trainer.cli import main

    served: list[tuple[str, str, int]] = []

    class FakeServer:
        def __init__(self, command: str, host: str, port: int, title: str) -> None:
            served.append((command, host, port))

        def serve(self) -> None:
            pass

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    assert main(["--pack", "/some/pack", "serve", "--host", "0.0.0.0", "--port", "8123"]) == 0
    err = capsys.readouterr().err
    assert "WARNING: binding to 0.0.0.0" in err and "no authentication" in err
    command, host, port = served[0]
    assert (host, port) == ("0.0.0.0", 8123)
    assert command.startswith(sys.executable) and "-m trainer --pack /some/pack" in command


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.4", False), ("example", False)])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_busy_port_is_one_line_naming_it_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "trainer", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "NO_COLOR": "1"},
        )
    assert done.returncode == 2
    assert done.stdout == ""  # no "Serving ..." first
    assert done.stderr.strip().splitlines() == [
        f"trainer serve: port {port} on 127.0.0.1 is already in use; choose another with --port, e.g. --port {port + 1}"
    ]

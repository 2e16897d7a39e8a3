"""A real Learning Record Store for the tests: Ralph (ralph-malph, the `lrs` extra) on a free
loopback port, with its file backend in a temporary folder and users made by `ralph auth`.
Without the extra installed, the tests that need it are skipped."""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HAS_RALPH = all(importlib.util.find_spec(name) is not None for name in ("ralph", "uvicorn", "fastapi", "bcrypt"))
needs_ralph = pytest.mark.skipif(not HAS_RALPH, reason="the lrs extra (ralph-malph[backend-fs,lrs,cli]) is not installed")

USERS = {  # user name: (password, scopes); the manager reads everything
    "alice": ("alice-pw", ["statements/write", "statements/read/mine"]),
    "bob": ("bob-pw", ["statements/write", "statements/read/mine"]),
    "carol": ("carol-pw", ["statements/write", "statements/read/mine"]),
    "manager": ("manager-pw", ["all"]),
}

_AUTH_SCRIPT = """
import sys, json
from ralph.cli import cli
for user, (password, scopes) in json.loads(sys.argv[1]).items():
    args = ["auth", "-u", user, "-p", password, "-M", f"mailto:{user}@example.com", "-w"]
    for scope in scopes:
        args += ["-s", scope]
    cli.main(args, standalone_mode=False)
"""


# Ralph 5.1's file backend writes each POST with operation "create", which refuses a file that
# exists: every POST after the first fails with a 500. The launcher makes it append instead (the
# rest, the API, its validation, deduplication and authentication, is Ralph's as installed).
_SERVER_SCRIPT = """
import sys
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
import uvicorn
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def make_auth_file(folder: Path) -> Path:
    """The credentials file, written by Ralph's own `ralph auth` command (one process for all users)."""
    auth = folder / "auth.json"
    env = {**os.environ, "RALPH_AUTH_FILE": str(auth), "RALPH_APP_DIR": str(folder / "app"), "RALPH_RUNSERVER_BACKEND": "fs"}
    subprocess.run([sys.executable, "-c", _AUTH_SCRIPT, json.dumps(USERS)], env=env, check=True, capture_output=True, timeout=120)
    assert {entry["username"] for entry in json.loads(auth.read_text())} == set(USERS)
    return auth


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RalphLrs:
    """One Ralph server; `start`/`stop` keep the same port and data folder."""

    auth: Path
    data: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> RalphLrs:
        self.data.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "RALPH_AUTH_FILE": str(self.auth),
            "RALPH_APP_DIR": str(self.data.parent / "ralph-app"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data),
            "RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": "100",
        }
        log = open(self.data.parent / "ralph.log", "ab")  # noqa: SIM115 - the server's, closed with it
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVER_SCRIPT, str(self.port)],
            env=env,
            stdout=log,
            stderr=log,
        )
        log.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"ralph exited: {(self.data.parent / 'ralph.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("ralph did not start within 60 s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
            self.process = None

    def stored(self) -> list[dict]:
        """Every statement in the file backend, as stored (duplicates included)."""
        found = []
        for path in sorted(self.data.rglob("*.jsonl")):
            found += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        return found

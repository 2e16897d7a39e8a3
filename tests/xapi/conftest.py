"""Fixtures of the xAPI tests: no LRS settings from the developer's environment; a real Ralph LRS."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .ralph import HAS_RALPH, RalphLrs, make_auth_file


@pytest.fixture(autouse=True)
def no_lrs_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TRAINER_LRS_URL", "TRAINER_LRS_USER", "TRAINER_LRS_PASSWORD"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def ralph_auth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ralph's credentials file (made once per test process: `ralph auth` hashes with bcrypt)."""
    if not HAS_RALPH:
        pytest.skip("the lrs extra (ralph-malph[backend-fs,lrs,cli]) is not installed")
    return make_auth_file(tmp_path_factory.mktemp("ralph-auth"))


@pytest.fixture
def ralph(ralph_auth: Path, tmp_path: Path) -> Iterator[RalphLrs]:
    """A Ralph LRS of the test's own, started on a free loopback port (stopped after the test)."""
    server = RalphLrs(ralph_auth, tmp_path / "lrs-data").start()
    try:
        yield server
    finally:
        server.stop()

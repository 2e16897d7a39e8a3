"""Shared fixtures: keep every test away from the developer's own saves, packs and crash reports."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed: on a shared 2-core machine running the suite in
# parallel, one example can take longer than Hypothesis's default 200 ms deadline.
settings.register_profile("trainer", deadline=None)
settings.load_profile("trainer")


@pytest.fixture(autouse=True)
def isolated_user_files(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("TRAINER_SAVES", str(home / "saves"))
    monkeypatch.setenv("TRAINER_PACKS", str(home / "packs"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    return home


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    """A saves folder of the test's own (not created: the game creates it when first needed)."""
    return tmp_path / "saves"

"""The game's saves folder for each test (the helpers come from tests/tui/conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def saves(tmp_path: Path) -> Path:
    return tmp_path / "saves"

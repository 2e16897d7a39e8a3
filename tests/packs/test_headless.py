"""The pack tools are headless: importing them never loads the terminal UI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MODULES = [
    "trainer.library",
    "trainer.packs",
    "trainer.schema",
    "trainer.scaffold",
    "trainer.playtest",
    "trainer.graph",
    "trainer.commands.packs",
    "trainer.commands.schema",
    "trainer.commands.new",
    "trainer.commands.playtest",
    "trainer.commands.graph",
]


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; sys.exit(1 if any(m == 'textual' or m.startswith('textual.') for m in sys.modules) else 0)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr or f"{module} imports textual"

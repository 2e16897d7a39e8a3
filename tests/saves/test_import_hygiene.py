"""Saves, habits, transcripts and the export command are headless: no Textual, no Rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

MODULES = ["trainer.saves", "trainer.habits", "trainer.transcript", "trainer.commands.export"]


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_the_ui(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('trainer.tui'))\n"
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} pulls in {done.stdout.strip()}"

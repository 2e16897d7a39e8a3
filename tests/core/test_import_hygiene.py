"""The headless core never imports Textual or Rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "trainer",
    "trainer.model",
    "trainer.loader",
    "trainer.validation",
    "trainer.rules",
    "trainer.conditions",
    "trainer.effects",
    "trainer.compiled",
    "trainer.engine",
    "trainer.solver",
    "trainer.debrief",
    "trainer.report",
    "trainer.library",
    "trainer.policies",
    "trainer.paths",
    "trainer.atomic",
    "trainer.cli",
    "trainer.commands.validate",
    "trainer.commands.play",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_the_ui(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('trainer.tui'))\n"
        "print(','.join(bad))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"{module} pulls in {done.stdout.strip()}"

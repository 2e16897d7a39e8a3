"""The headless core never imports Textual or Rich: every module outside `trainer/tui`, found on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "trainer"


def core_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
        for path in PACKAGE.rglob("*.py")
        if "tui" not in path.relative_to(PACKAGE).parts and path.name != "__main__.py"
    )


def test_the_core_is_found() -> None:
    modules = core_modules()
    assert {"trainer.engine", "trainer.solver", "trainer.saves.store"} <= set(modules)
    assert {"trainer.game.play", "trainer.game.workshop", "trainer.game.keeper", "trainer.game.words"} <= set(modules)
    assert not any(m.startswith("trainer.tui") for m in modules)


def test_no_core_module_imports_the_ui() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "    ui = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich') or m.startswith('trainer.tui.'))\n"
        "    if ui:\n"
        "        print(name, 'pulls in', ', '.join(ui[:5]))\n"
        "        break\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""

"""The settings and the UI's own headless helpers never import Textual or Rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

from trainer.game.words import meter_level, meter_word


@pytest.mark.parametrize("module", ["trainer.settings", "trainer.tui", "trainer.game.play", "trainer.game.words", "trainer.game.library_rows"])
def test_module_is_headless(module: str) -> None:
    code = f"import sys, {module}\nprint(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


@pytest.mark.parametrize(
    ("kind", "value", "word", "level"),
    [
        ("trust", 0, "wary", "bad"), ("trust", 34, "wary", "bad"), ("trust", 35, "open", "fair"),
        ("trust", 65, "trusting", "good"), ("trust", 100, "trusting", "good"),
        ("pressure", 0, "relaxed", "good"), ("pressure", 35, "tense", "fair"),
        ("pressure", 70, "cornered", "bad"), ("pressure", 100, "cornered", "bad"),
    ],
)
def test_meter_words(kind: str, value: int, word: str, level: str) -> None:
    assert meter_word(kind, value) == word  # type: ignore[arg-type]
    assert meter_level(kind, value) == level  # type: ignore[arg-type]

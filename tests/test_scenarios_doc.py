"""docs/scenarios.md lists the built-in library as it is."""

from __future__ import annotations

import runpy
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_scenarios_table_is_current() -> None:
    render = runpy.run_path(str(DOCS / "make_scenarios_table.py"))["render"]
    assert (DOCS / "scenarios.md").read_text(encoding="utf-8") == render(), (
        "docs/scenarios.md is out of date: run python docs/make_scenarios_table.py"
    )

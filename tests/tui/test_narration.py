"""The play screen shows what the author wrote on the way (an interrupt's `text`, then each check
node's text) and who speaks (a variant's `speaker`), never the condition behind them; the
debrief's step by step says the same."""

from __future__ import annotations

from pathlib import Path

import tomli_w

from tests.core.builders import two_worlds
from tests.tui.helpers import make_app, until, visible_text
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.play import PlayScreen


def scenario(tmp_path: Path) -> Path:
    doc = two_worlds()
    doc["interrupts"] = [{"when": "pressure >= 50", "next": "fit", "text": "Tam sighs and pulls up your slide."}]
    doc["nodes"]["opening"]["choices"][0]["pressure"] = 50  # asking, too hard: the interrupt fires
    doc["nodes"]["opening"]["variants"] = [{"when": "trust >= 50", "text": "Payroll? Go on.", "speaker": "Priya, the CFO"}]
    path = tmp_path / "narrated.toml"
    path.write_bytes(tomli_w.dumps(doc).encode())
    return path


async def test_an_interrupt_shows_its_text_then_the_check_nodes_text(tmp_path: Path) -> None:
    app = make_app(tmp_path / "saves", open_file=scenario(tmp_path), open_world="small")
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        assert "Priya, the CFO: Payroll? Go on." in visible_text(pilot)  # the variant's speaker
        await pilot.press("1")
        await until(pilot, lambda: "Tam looks at the slide." in visible_text(pilot))
        shown = visible_text(pilot)
        assert shown.index("Tam sighs and pulls up your slide.") < shown.index("Tam looks at the slide.")
        assert "pressure >=" not in shown and "fit" not in shown.split()
        await pilot.press("d")
        await until(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen))
        debrief = visible_text(pilot)
        assert "Step 1  Priya, the CFO: Payroll? Go on." in debrief
        assert debrief.index("Tam sighs and pulls up your slide.") < debrief.index("Tam looks at the slide.")

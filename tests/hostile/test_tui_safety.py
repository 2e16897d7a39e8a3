"""The game shows hostile file names, pack fields and typed names literally: no control codes, no markup."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import OptionList

from tests.tui.helpers import PACK, library_checked, toasts_shown, until
from trainer.saves import SaveStore
from trainer.tui.app import TrainerApp
from trainer.tui.widgets.scenario_list import ScenarioList


def hostile_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack\x1b]0;PWNED\x07"
    shutil.copytree(PACK, folder)
    (folder / "scenarios" / "bad\x1b[2J.toml").write_text(
        'format = 1\nid = "bad"\ntactic = "\\u001b]52;c;aGk=\\u0007"\n', encoding="utf-8"
    )
    return folder


async def test_library_shows_hostile_names_escaped(tmp_path: Path) -> None:
    app = TrainerApp([hostile_pack(tmp_path)], saves=tmp_path / "saves", builtin=False)  # type: ignore[arg-type]
    app.animation_level = "none"
    async with app.run_test(size=(120, 40), notifications=True) as pilot:  # toasts mounted, as on a terminal
        await library_checked(pilot)
        scenarios = pilot.app.screen.query_one(ScenarioList)
        shown = "\n".join(scenarios.render_line(y).text for y in range(scenarios.size.height))  # as drawn
        assert "bad\\x1b[2J.toml" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        pilot.app.notify("file \x1b]0;x\x07 here", title="pack \x1b[2J")
        await until(pilot, lambda: any(t.startswith("pack ") for t in toasts_shown(pilot)))
        shown = "\n".join(toasts_shown(pilot))
        assert "file \\x1b]0;x\\x07 here" in shown and "pack \\x1b[2J" in shown
        assert "\x1b" not in shown and "\x07" not in shown


async def test_a_player_name_that_looks_like_markup_is_shown_literally_in_the_palette(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    store = SaveStore(saves)
    store.use_profile(store.create_profile("[/]x").id)
    app = TrainerApp([PACK], saves=saves, builtin=False)  # type: ignore[arg-type]
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"switch player")
        await pilot.pause(0.5)
        assert isinstance(pilot.app.screen, CommandPalette)
        hits = pilot.app.screen.query_one(OptionList)
        shown = "\n".join(str(o.prompt) for o in hits.options)
        assert "Playing as [/]x" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.is_running

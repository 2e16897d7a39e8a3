"""Scenario text is shown literally, never as markup, and clicking it does nothing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.tui.helpers import choose, history, make_app, open_scenario, prompt_text, row_texts, texts
from trainer.settings import Settings, save_settings
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.widgets.row_list import RowList

CLICK = "[@click=app.quit]click me[/]"
BOLD = "[b]bold[/b]"


def option_texts(pilot, selector: str) -> str:  # type: ignore[no-untyped-def]
    options = pilot.app.screen.query_one(selector)
    if isinstance(options, RowList):
        return "\n".join(row_texts(options))
    assert isinstance(options, OptionList)
    return "\n".join(prompt_text(o.prompt) for o in options.options)


async def test_markup_in_scenario_text_is_shown_literally_everywhere(saves: Path) -> None:
    save_settings(saves, Settings(real_call="never"))  # an advanced scenario: shown with its tactics and meters
    async with make_app(saves).run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        library = option_texts(pilot, "#scenarios")
        assert f"{BOLD} title" in library and f"summary with {CLICK} in it" in library and "#[red]tag[/]" in library
        await open_scenario(pilot, "title")
        assert isinstance(pilot.app.screen, PlayScreen)
        assert texts(pilot, "#title-bar").startswith(f"{BOLD} title")
        assert texts(pilot, "#buyer") == f"{CLICK}\n{BOLD}, [i]Acme[/i]\nPersona {CLICK} here."
        assert texts(pilot, "#prompt") == f"{CLICK}: Say {BOLD} or {CLICK}."
        assert option_texts(pilot, "#choices") == f"1  {CLICK}\n2  {BOLD}"
        await choose(pilot, "1")
        assert f"You (ask): {CLICK}" in history(pilot)
        assert f"Ending {BOLD} and {CLICK}." in texts(pilot, "#prompt")
        await choose(pilot, "d")
        assert isinstance(pilot.app.screen, DebriefScreen)
        assert f"Ending {BOLD} and {CLICK}." in texts(pilot, "#ending")
        assert f"Coach: Feedback {BOLD}." in texts(pilot, ".step")
        assert f"Need {BOLD}" in texts(pilot, ".needs")
        assert f"Lesson {BOLD}." in texts(pilot, ".lesson")


async def test_clicking_markup_text_does_nothing(saves: Path) -> None:
    async with make_app(saves).run_test(size=(100, 40)) as pilot:
        await open_scenario(pilot, "title")
        for selector in ("#buyer", "#prompt"):
            for x in range(0, 30, 3):
                await pilot.click(selector, offset=(x, 0))
        await pilot.pause()
        assert pilot.app.is_running
        assert isinstance(pilot.app.screen, PlayScreen)
        assert pilot.app.screen.session.steps == []

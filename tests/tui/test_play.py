"""Playing by keys: a win, a walk-out and a qualified-out ending, with meters, history and debrief."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.stylesheet import Stylesheet
from textual.widgets import Button

from tests.tui.helpers import (
    SCENARIOS,
    choose,
    held,
    history,
    library_checked,
    make_app,
    open_scenario,
    row_texts,
    text_of,
    texts,
    until,
)
from trainer.game.game import Game
from trainer.saves import SaveStore
from trainer.tui.app import screen_style_sheets
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.debrief import DebriefScreen, RetryButton
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.profiles import ProfileScreen
from trainer.tui.widgets.meter import Meter
from trainer.tui.widgets.row_list import RowList


def meters(pilot) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    return screen.query_one("#trust", Meter).value, screen.query_one("#pressure", Meter).value


async def test_win_by_keys(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        assert isinstance(pilot.app.screen, PlayScreen)
        assert meters(pilot) == (35, 10)
        await choose(pilot, "2")
        assert meters(pilot) == (50, 5)
        assert "+15 trust, -5 pressure" in texts(pilot, "#event-note")
        await choose(pilot, "1", "1")
        assert meters(pilot) == (65, 5)
        said = history(pilot)
        assert "You (qualify): Yes. Before I tell you anything" in said
        assert "You (ask): What do the dentists grumble about?" in said
        assert "You (close): Would a small machine" in said
        assert said.rstrip().endswith("Sam thinks it over.")  # the check node's text, as narration
        assert "Sam Okafor: Sam thinks it over." not in said
        prompt = texts(pilot, "#prompt")
        assert "Sam books the trial for Monday" in prompt and "Won  ★★★" in prompt
        assert texts(pilot, "#event-note") == "Your choice: no change to the meters"  # no condition, no flag
        await choose(pilot, "1")
        assert isinstance(pilot.app.screen, DebriefScreen)
        assert "Won  ★★★  3 stars" in texts(pilot, "#ending")
        assert "No turning points" in texts(pilot, ".quiet")
        steps = texts(pilot, ".step")
        assert "Coach: The need is real and confirmed" in steps
        assert "Dentists lose ten minutes a day queueing for coffee" in texts(pilot, ".needs")
        assert "Find the pain before you offer the cure" in texts(pilot, ".lesson")


async def test_walk_out_shows_the_interrupt(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "1")
        assert meters(pilot) == (25, 55)
        assert "-10 trust, +45 pressure" in texts(pilot, "#event-note")
        await choose(pilot, "1")
        assert meters(pilot) == (25, 100)
        note = texts(pilot, "#event-note")
        assert note == "Your choice: +45 pressure" and "pressure >= 85" not in history(pilot)
        assert pilot.app.screen.query_one("#event-note").has_class("-interrupt")
        assert "Sam hangs up." in texts(pilot, "#prompt")
        await choose(pilot, "d")
        debrief = pilot.app.screen
        assert isinstance(debrief, DebriefScreen)
        assert "Lost  ☆☆☆  0 stars" in texts(pilot, "#ending")
        turning = texts(pilot, ".turning")
        assert "Point of no return: step 1. After it, 3 stars were out of reach." in turning
        assert 'Better: "Yes. Before I tell you anything: how does your team get its coffee today?" Asking how' in turning
        assert "Sam Okafor: " in turning and "The principle: " in turning  # what it did in the story; the principle
        assert len(debrief.query(".step.-turning")) == 2
        assert "Pressure past the point of trust ends the conversation." in texts(pilot, ".lesson")


async def test_qualified_out_then_try_again_from_the_turning_point(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2", "3", "1")
        assert "Qualified out  ★★☆" in texts(pilot, "#prompt")
        await choose(pilot, "enter")  # the one option left: see the debrief
        assert "Qualified out  ★★☆  2 stars" in texts(pilot, "#ending")
        assert "The best ending this scenario offers is worth 3 stars." in texts(pilot, "#ending")
        assert 'Better: "What do the dentists grumble about?" The grumbling is where the need is.' in texts(pilot, ".turning")
        buttons = [str(b.label) for b in pilot.app.screen.query(Button)]
        assert buttons == ["Try again from step 2"]
        await choose(pilot, "tab")
        focused = pilot.app.focused
        assert isinstance(focused, RetryButton) and focused.step == 2
        await choose(pilot, "enter")
        play = pilot.app.screen
        assert isinstance(play, PlayScreen)
        assert meters(pilot) == (50, 5)  # the same state as at step 2
        assert len(play.session.steps) == 1
        assert "There's a kettle and a jar of instant" in texts(pilot, "#prompt")
        await choose(pilot, "1")  # another branch this time
        assert "Ten minutes, every time." in texts(pilot, "#prompt")


async def test_t_tries_again_from_the_point_of_no_return(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "1", "1", "1")
        await choose(pilot, "t")
        assert isinstance(pilot.app.screen, PlayScreen)
        assert pilot.app.screen.session.steps == []
        assert meters(pilot) == (35, 10)
        assert "Sam here." in texts(pilot, "#prompt")


async def test_tactics_are_hidden_until_chosen(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        prompts = row_texts(pilot.app.screen.query_one("#choices", RowList))
        assert prompts[0].startswith("1  Our premium espresso line")
        assert not any(tactic in p for p in prompts for tactic in ("close", "qualify"))
        await choose(pilot, "2")
        assert "(qualify)" in history(pilot)


async def test_arrows_enter_and_mouse_pick_choices(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "down", "enter")
        assert "You (qualify)" in history(pilot)
        await pilot.click("#choices", offset=(4, 0))
        await pilot.pause()
        assert "You (ask): What do the dentists grumble about?" in history(pilot)


async def test_a_key_past_the_offered_choices_does_nothing(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "9")
        assert pilot.app.screen.session.steps == []
        assert meters(pilot) == (35, 10)


async def test_restart(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "1", "r")
        assert meters(pilot) == (35, 10)
        assert history(pilot) == ""


async def test_play_file_opens_straight_into_the_play(saves: Path) -> None:
    async with make_app(saves, open_file=SCENARIOS / "coffee.toml").run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        assert text_of(pilot.app.screen.query_one("#buyer")).startswith("Sam Okafor")


async def test_play_file_opens_before_the_packs_are_checked(saves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`play FILE` with no saved play: the play begins while every pack is still being checked
    (a second or more at a real launch), and the check's end opens nothing more."""
    release = held(monkeypatch, Game, "check_packs")
    try:
        async with make_app(saves, open_file=SCENARIOS / "coffee.toml").run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
            play = pilot.app.screen
            assert not pilot.app.game.checked
            release.set()
            await until(pilot, lambda: pilot.app.game.checked)
            await pilot.pause(0.2)
            assert pilot.app.screen is play and len(pilot.app.screen_stack) == 2  # the library, and this play
    finally:
        release.set()


async def test_play_file_with_its_own_saved_play_asks_first(saves: Path) -> None:
    """A saved play of the file: telling that it is the file's needs the packs checked; the
    question comes before the play, as when the file is picked in the library."""
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2", "1")
    async with make_app(saves, open_file=SCENARIOS / "coffee.toml").run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        assert "Continue where you left off (step 3)?" in texts(pilot, ".dialog-text")
        await pilot.press("y")
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        assert meters(pilot) == (65, 5)


async def test_play_file_keeps_the_saved_play_of_another_scenario(saves: Path) -> None:
    """A saved play of another scenario: the file opens once the packs are checked, without a
    question, and the other play stays saved for later."""
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2")
    async with make_app(saves, open_file=SCENARIOS / "markup.toml").run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        assert pilot.app.game.checked and not isinstance(pilot.app.screen, ConfirmScreen)
        assert pilot.app.screen.session.loaded.path.name == "markup.toml"
    saved = SaveStore(saves).current_play("default")
    assert saved is not None and [step.number for step in saved.steps] == [2]


async def test_no_screen_waits_for_its_style_sheet(saves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every screen's style sheet is read after the warm-up, all at once: Textual parses every
    sheet again and restyles every widget when a new one comes, which would make the player
    wait the first time a play, a debrief or a dialog is shown."""
    parses: list[object] = []
    reparse = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda sheet: parses.append(sheet) or reparse(sheet))
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await library_checked(pilot)
        assert len(parses) == 1
        read = {source for source, _ in pilot.app.stylesheet.source}
        assert {str(sheet) for sheet in screen_style_sheets()} <= read and len(screen_style_sheets()) >= 9
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2", "1", "1", "1")
        await until(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen))
        await pilot.press("l", "f6")  # the library, then the players' dialog
        await until(pilot, lambda: isinstance(pilot.app.screen, ProfileScreen))
        assert len(parses) == 1

"""A whole facilitated play on the projector screen: votes, a tie, hidden meters, notes, rewind, compare, summary."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.conftest import FIXTURES
from tests.tui.helpers import PACK, ToldApp, choose, make_app, open_scenario, text_of, texts, told, until
from trainer.game.workshop import VoteTally
from trainer.tui.screens.compare import CompareScreen
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.leave_workshop import LeaveWorkshopScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.rewind import RewindScreen
from trainer.tui.screens.tie_break import TieBreakScreen
from trainer.tui.screens.workshop import WorkshopScreen
from trainer.tui.widgets.big_meter import BigMeter
from trainer.tui.widgets.block_digits import BlockDigits

FIRST_CALL = FIXTURES / "first-call.toml"
WHEN = datetime(2026, 11, 22, 14, 30, 5)


def workshop_app(saves: Path, open_file: Path | None = FIRST_CALL) -> ToldApp:
    app = make_app(saves, workshop=True, open_file=open_file)
    app.animation_level = "none"
    return app


async def opened(pilot: Pilot[int]) -> WorkshopScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, WorkshopScreen) and texts(pilot, "#ws-line") != "")
    screen = pilot.app.screen
    assert isinstance(screen, WorkshopScreen)
    return screen


def meters(pilot: Pilot[int]) -> tuple[int | None, int | None]:
    screen = pilot.app.screen
    return screen.query_one("#ws-trust", BigMeter).value, screen.query_one("#ws-pressure", BigMeter).value


def options(pilot: Pilot[int], selector: str) -> str:
    return "\n".join(str(option.prompt) for option in pilot.app.screen.query_one(selector, OptionList).options)


def status(pilot: Pilot[int]) -> str:
    return texts(pilot, "#ws-status")


async def test_a_whole_facilitated_play(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        screen.clock = lambda: WHEN  # type: ignore[method-assign]
        assert pilot.app.theme == "trainer-projector"
        assert "You have five minutes. What is this about?" in texts(pilot, "#ws-line")
        assert meters(pilot) == (35, 10) and "open" in texts(pilot, ".big-meter-word")
        assert screen.query_one("#ws-trust BlockDigits", BlockDigits).value == "35"

        # Facilitator notes: never by default, on n, and hidden again by the next step.
        notes = screen.query_one("#ws-notes")
        assert not notes.display
        await choose(pilot, "n")
        assert notes.display and "Ask the room what Dana is worried about." in text_of(notes)
        await choose(pilot, "n")
        assert not notes.display
        await choose(pilot, "n")

        # Votes: 1 once, 2 four times, one taken back; enter plays the most voted.
        assert "Votes: press 1-2 per hand" in status(pilot)
        await choose(pilot, "1", "2", "2", "2", "2", "backspace")
        assert "Votes 1:1 2:3 — enter plays 2" in status(pilot)
        await choose(pilot, "enter")
        assert screen.session.current.steps[0].votes == VoteTally((1, 3))
        assert meters(pilot) == (48, 5)
        assert "The room chose 2 (qualify) · +13 trust, -5 pressure" in texts(pilot, "#ws-event")
        assert "Our carrier missed three pickups last month." in texts(pilot, "#ws-line")
        assert not notes.display  # a new node: the notes are hidden again

        # Hidden meters and a tie: the facilitator picks among the tied choices.
        await choose(pilot, "h", "1", "2", "1", "2", "9")  # 9 is not offered: ignored
        assert "tie: enter, then pick 1 or 2" in status(pilot)
        await choose(pilot, "enter")
        assert isinstance(pilot.app.screen, TieBreakScreen)
        assert "A tie: 1 and 2" in texts(pilot, ".dialog-title")
        await choose(pilot, "3")  # not among the tied
        assert isinstance(pilot.app.screen, TieBreakScreen)
        await choose(pilot, "2")
        assert pilot.app.screen is screen
        step = screen.session.current.steps[1]
        assert step.votes == VoteTally((2, 2)) and step.tie_broken and step.number == 2
        assert meters(pilot) == (None, None)  # the room predicts first
        assert screen.query_one("#ws-trust BlockDigits", BlockDigits).value == "--"
        assert "v reveals the effect" in texts(pilot, "#ws-event")
        assert "v reveals the meters" in status(pilot)  # at the end
        assert "Lost  ★☆☆  1 star" in texts(pilot, "#ws-ending")
        await choose(pilot, "v")
        assert meters(pilot) == (38, 15)
        assert "-10 trust, +10 pressure" in texts(pilot, "#ws-event")

        # Rewind to the decision of step 2 and take the other branch: path B.
        await choose(pilot, "b")
        assert isinstance(pilot.app.screen, RewindScreen)
        await choose(pilot, "enter")  # the last decision of the current path is highlighted
        assert pilot.app.screen is screen
        assert [p.label for p in screen.session.paths] == ["A", "B"]
        assert screen.session.current.label == "B" and screen.session.step_count == 1
        assert meters(pilot) == (48, 5)
        await choose(pilot, "1", "1", "1", "2", "enter")
        assert meters(pilot) == (None, None)
        await choose(pilot, "v", "1", "enter", "v")
        assert "Won  ★★★  3 stars" in texts(pilot, "#ws-ending")
        assert "path B" in texts(pilot, "#title-bar")

        # Compare: the two paths side by side, parted at step 2.
        await choose(pilot, "c")
        compare = pilot.app.screen
        assert isinstance(compare, CompareScreen)
        assert "Paths A and B parted at step 2." in texts(pilot, "#cmp-parted")
        endings = texts(pilot, ".cmp-ending")
        assert "Lost" in endings and "Won" in endings and "Dana signs" in endings
        parted = [text_of(cell) for cell in compare.query(".cmp-cell.-parted")]
        assert parted[0].startswith("2\nparted")
        assert "2. We have the best on-time record in the state. (pitch)" in parted[1]
        assert "1. What did those missed pickups cost you? (ask)" in parted[2]
        assert "tie, facilitator's pick" in parted[1]
        assert compare.comparison.meters_second[-1] == (63, 5)
        await choose(pilot, "escape")

        # The debrief of the current path, then back.
        await choose(pilot, "d")
        assert isinstance(pilot.app.screen, DebriefScreen)
        assert "Won  ★★★  3 stars" in texts(pilot, "#ending")
        await choose(pilot, "escape")
        assert pilot.app.screen is screen

        # The summary to hand out.
        await choose(pilot, "s")
        saved = saves / "workshops" / "first-call-20261122-143005.md"
        assert screen.last_saved == saved
        text = saved.read_text(encoding="utf-8")
        assert text.startswith("# Workshop summary: The First Call\n")
        assert "- Date: 2026-11-22 14:30" in text
        assert "- Headline path: none marked" in text and "## Path B (branched from path A after step 1)" in text
        assert "| 1 | You have five minutes. What is this about? | 1: 1, 2: 3 | 2. Before I say anything" in text
        assert "## Path A (the first path)" in text
        assert "1: 2, 2: 2 (tie; facilitator's pick)" in text
        assert "**Ending:** Won  ★★★  3 stars." in text and "**Ending:** Lost  ★☆☆  1 star." in text
        assert "## Lessons" in text


async def test_enter_without_votes_plays_nothing(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "enter")
        assert screen.session.step_count == 0
        await choose(pilot, "2", "x", "enter")  # x clears the votes
        assert screen.session.step_count == 0
        await choose(pilot, "2", "enter")
        assert screen.session.step_count == 1


async def test_tie_break_can_be_cancelled(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "1", "2", "enter", "escape")
        assert pilot.app.screen is screen and screen.session.step_count == 0
        await choose(pilot, "2", "enter")
        assert screen.session.current.steps[0].votes == VoteTally((1, 2))


async def test_rewind_to_the_start_and_continue_an_earlier_path(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "2", "enter", "1", "enter")
        await choose(pilot, "b", "up", "enter")  # the decision of step 1
        assert screen.session.current.label == "B" and screen.session.step_count == 0
        assert meters(pilot) == (35, 10)
        await choose(pilot, "1", "enter")
        assert "Ten percent off what?" in texts(pilot, "#ws-line")
        await choose(pilot, "b")
        rewind = pilot.app.screen
        assert isinstance(rewind, RewindScreen)
        shown = options(pilot, "#rewind-steps")
        assert "Path B (current, from the start)" in shown and "Continue path A where it stopped" in shown
        rewind.dismiss(("A", None))
        await pilot.pause()
        assert screen.session.current.label == "A" and screen.session.step_count == 2


async def test_compare_needs_two_paths_and_cycles_the_others(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "c")
        assert pilot.app.screen is screen  # one path: a notice, no screen
        await choose(pilot, "2", "enter", "b", "enter", "2", "enter")  # path B from the start
        await choose(pilot, "b", "enter", "1", "enter")  # path C from the start
        await choose(pilot, "c")
        compare = pilot.app.screen
        assert isinstance(compare, CompareScreen)
        assert (compare.comparison.first.label, compare.comparison.second.label) == ("B", "C")
        await choose(pilot, "o")  # the current path (C) stays, against each other path in turn
        assert (compare.comparison.first.label, compare.comparison.second.label) == ("A", "C")
        assert "Paths A and C parted at step 1." in texts(pilot, "#cmp-parted")
        await choose(pilot, "o")
        assert (compare.comparison.first.label, compare.comparison.second.label) == ("B", "C")


async def test_try_again_from_the_debrief_is_a_new_path(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "2", "enter", "2", "enter", "d")
        assert isinstance(pilot.app.screen, DebriefScreen)
        await choose(pilot, "t")  # try again from the point of no return (step 2)
        assert pilot.app.screen is screen
        assert [p.label for p in screen.session.paths] == ["A", "B"]
        assert screen.session.current.branched_at == 1 and screen.session.step_count == 1


async def test_the_library_opens_scenarios_in_the_workshop_and_f4_switches_layout(saves: Path) -> None:
    async with workshop_app(saves, open_file=None).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        screen = pilot.app.screen
        assert isinstance(screen, WorkshopScreen)
        await choose(pilot, "2", "enter")
        await choose(pilot, "f4")
        play = pilot.app.screen
        assert isinstance(play, PlayScreen) and len(play.session.steps) == 1
        await choose(pilot, "1", "f4")
        back = pilot.app.screen
        assert isinstance(back, WorkshopScreen) and back.session.step_count == 2
        assert "They queue at the cafe downstairs" in texts(pilot, "#ws-line")
        await choose(pilot, "escape")
        assert isinstance(pilot.app.screen, LeaveWorkshopScreen)  # save the summary first?
        await choose(pilot, "y")
        assert type(pilot.app.screen).__name__ == "LibraryScreen"


async def test_scenario_text_is_shown_literally(saves: Path) -> None:
    async with workshop_app(saves, open_file=PACK / "scenarios" / "markup.toml").run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        assert "Say [b]bold[/b] or [@click=app.quit]click me[/]." in texts(pilot, "#ws-line")
        assert "[@click=app.quit]click me[/]" in texts(pilot, ".choice-text")
        await choose(pilot, "1", "enter", "b")
        assert "Say [b]bold[/b]" in options(pilot, "#rewind-steps")


async def test_a_summary_that_cannot_be_written_is_reported(saves: Path) -> None:
    saves.mkdir(parents=True)
    (saves / "workshops").write_text("a file where the folder should be")
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "s")
        assert screen.last_saved is None
        assert "was not saved" in told(pilot)


@pytest.mark.parametrize("size", [(60, 20), (48, 16)], ids=["60x20", "48x16"])
async def test_small_grids_keep_the_line_choices_votes_and_meters_in_view(saves: Path, size: tuple[int, int]) -> None:
    async with workshop_app(saves, open_file=PACK / "scenarios" / "coffee.toml").run_test(size=size) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "2", "enter", "3", "3")  # the node with three choices
        visible = screen.region
        for selector in ("#ws-trust", "#ws-pressure", "#ws-line", "#ws-status"):
            region = screen.query_one(selector).region
            assert region.height > 0 and visible.contains_region(region), selector
        rows = list(screen.query(".choice-row"))
        assert len(rows) == 3
        choices = screen.query_one("#ws-choices").region
        assert choices.contains_region(rows[0].region)  # the first choice in full
        assert "Votes 1:0 2:0 3:2" in status(pilot)
        compact = size[1] < 30 or size[0] < 80
        assert screen.query_one("#ws-trust BlockDigits").display is not compact


async def test_a_check_node_passed_on_the_way_is_narrated_above_the_line(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await choose(pilot, "2", "enter")  # the room asks why Dana took the call
        assert "Dana looks at the proposal" not in texts(pilot, "#ws-line")
        await choose(pilot, "1", "enter")  # ...and what the missed pickups cost: through the check node
        line = texts(pilot, "#ws-line")
        assert line.startswith("Dana looks at the proposal for a long moment.\n")
        assert "So what would you suggest?" in line


async def test_a_large_room_types_its_counts(saves: Path) -> None:
    from trainer.tui.screens.vote_counts import VoteCountsScreen

    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "1")  # one hand already counted by key
        await choose(pilot, "e")
        assert isinstance(pilot.app.screen, VoteCountsScreen)
        await pilot.press("backspace", "1", "2", "tab", "x", "1", "7", "enter")  # "x" is refused: numbers only
        assert isinstance(pilot.app.screen, WorkshopScreen)
        assert screen.votes == [12, 17]
        assert "Votes 1:12 2:17 — enter plays 2" in status(pilot)
        await choose(pilot, "backspace")  # takes one back from the last choice with votes
        assert screen.votes == [12, 16]
        await choose(pilot, "e", "escape")  # cancel changes nothing
        assert screen.votes == [12, 16]
        await choose(pilot, "enter")
        assert screen.session.current.steps[0].votes == VoteTally((12, 16))
        assert screen.session.state.node == "why_now"


async def test_typed_counts_are_checked(saves: Path) -> None:
    from trainer.tui.screens.vote_counts import VoteCountsScreen

    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "e")
        await pilot.press("9", "9", "9", "9", "9", "tab", "-", "3", "enter")  # at most four digits; no negative counts
        assert isinstance(pilot.app.screen, VoteCountsScreen)  # refused: the dialog stays
        assert "Choice 2: a count from 0 to 9999" in told(pilot)
        await pilot.press("home", "delete", "enter")
        assert isinstance(pilot.app.screen, WorkshopScreen)
        assert screen.votes == [9999, 3]

"""What the room reads on the projector: block digits, bars proportional to the leader with
counts and percentages, the workshop keys in the footer at 60x20 and every action in the palette."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList
from textual.widgets import Footer

from tests.tui.helpers import choose
from tests.workshop.projector import screen_lines, text_in
from tests.workshop.test_workshop_tui import opened, workshop_app
from trainer.tui.screens.workshop import WorkshopScreen
from trainer.tui.widgets.block_digits import block_rows
from trainer.tui.widgets.votes import VotesCell, bar_width, pages_of, percent


def test_bars_are_proportional_to_the_leader() -> None:
    assert bar_width(23, 23, 10) == 10
    assert bar_width(12, 23, 10) == 5
    assert bar_width(1, 40, 10) == 1  # a single vote still shows
    assert bar_width(0, 23, 10) == 0
    assert percent(12, 35) == 34 and percent(0, 0) == 0


def test_pages_hold_whole_choices() -> None:
    assert pages_of([2, 3, 2], 7) == [[0, 1, 2]]
    assert pages_of([2, 3, 2, 4], 7) == [[0, 1, 2], [3]]
    assert pages_of([9, 2], 7) == [[0], [1]]  # too tall for a page: a page of its own


def test_block_digits_are_solid() -> None:
    rows = block_rows("35")
    assert len(rows) == 3 and all(len(row) == 7 for row in rows)
    assert all("█" in row or "▀" in row for row in rows)
    assert block_rows("8") != block_rows("0")


async def test_the_meters_are_block_digits_on_a_big_grid(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(120, 40)) as pilot:
        screen = await opened(pilot)
        region = screen.query_one("#ws-trust BlockDigits").region
        drawn = [line[region.x : region.right] for line in screen_lines(pilot)[region.y : region.bottom]]
        assert drawn == list(block_rows("35"))


async def test_twelve_and_twenty_three_votes_draw_different_bars(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        screen.set_votes([12, 23])
        await pilot.pause()
        lines = screen_lines(pilot)
        cells = list(screen.query(VotesCell))
        first, second = (text_in(lines, cell.region) for cell in cells)
        assert first.startswith("12 34%") and second.startswith("23 66%")
        width = cells[0].content_size.width
        assert first.count("█") == bar_width(12, 23, width) < second.count("█") == width


async def test_the_footer_shows_the_workshop_keys_at_60x20(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(60, 20)) as pilot:
        screen = await opened(pilot)
        await pilot.pause()
        footer = screen.query_one(Footer)
        drawn = text_in(screen_lines(pilot), footer.region)
        for key, description in [("v", "Reveal"), ("b", "Rewind"), ("c", "Compare"), ("r", "Room"), ("s", "Save"), ("^p", "palette")]:
            assert f"{key} {description}" in drawn, drawn
        assert "Votes: press 1-2 per hand · enter plays the most voted" in text_in(screen_lines(pilot), screen.query_one("#ws-status").region)


async def test_every_workshop_action_is_in_the_command_palette(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        titles = [title for title, _, _ in screen.commands()]
        listed = {command.title for command in pilot.app.get_system_commands(screen)}
        assert set(titles) <= listed
        actions = {binding.action.split("(")[0] for binding in WorkshopScreen.BINDINGS if not binding.action.startswith("app.")}
        helps = " ".join(help for _, help, _ in screen.commands())
        for binding in WorkshopScreen.BINDINGS:
            if binding.action.split("(")[0] in actions and binding.action != "vote(1)" and not binding.action.startswith("vote"):
                key = binding.key.split(",")[0]
                shown = {"enter": "enter", "backspace": "backspace", "pagedown": "pgdn", "pageup": "pgup"}.get(key, key)
                assert shown in helps, f"{binding.action} ({key}) is not in the palette"
        # Run one from the palette: the summary is saved.
        await choose(pilot, "2", "enter", "ctrl+p")
        await pilot.press(*"save the summary")
        await pilot.pause(0.3)
        assert "Workshop: save the summary" in str(pilot.app.screen.query_one(CommandList).get_option_at_index(0).prompt)
        await choose(pilot, "enter")
        assert screen.last_saved is not None and screen.last_saved.exists()

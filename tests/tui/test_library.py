"""The library: every scenario with its facts, broken ones dimmed with their first error, type to filter."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Footer, Input
from textual.widgets._footer import FooterKey

from tests.tui.helpers import (
    PACK,
    SCENARIOS,
    choose,
    held,
    library_checked,
    make_app,
    open_scenario,
    opened,
    texts,
    until,
)
from trainer.game.game import Game
from trainer.tui.app import TrainerApp
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.problems import ProblemsScreen
from trainer.tui.widgets.scenario_list import ScenarioList


def rows(pilot) -> list[tuple[str, bool]]:  # type: ignore[no-untyped-def]
    """(text, disabled) of every row of the list, separators left out."""
    scenarios = pilot.app.screen.query_one(ScenarioList)
    return [(row.content.plain, row.disabled) for row in scenarios.rows if row is not None]


async def test_lists_every_scenario_with_its_facts(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        first = rows(pilot)  # at once, as the files claim
        await until(pilot, lambda: rows(pilot)[0] == ("Test buyers  ·  2 scenarios", True), deadline=30)  # checked: 2 playable
        for listed in (first, rows(pilot)):
            coffee = next(text for text, _ in listed if text.startswith("The Coffee Machine"))
            assert "Sam Okafor, Office manager, Brightline Dental" in coffee
            assert "beginner  #qualifying  #asking" in coffee
            assert "A dental practice with a kettle" in coffee


async def test_a_broken_scenario_is_dimmed_with_its_first_error(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: any(text.startswith("broken.toml") for text, _ in rows(pilot)), deadline=30)  # once checked
        broken = [(text, disabled) for text, disabled in rows(pilot) if text.startswith("broken.toml")]
        assert broken == [("broken.toml\n⚠ cannot be played: broken.toml:11: trust must be from 0 to 100; got 150", True)]


async def test_a_missing_pack_is_listed_not_fatal(saves: Path, tmp_path: Path) -> None:
    app = TrainerApp([tmp_path / "no-such-pack", PACK], saves=saves, builtin=False)
    async with app.run_test(size=(80, 24)) as pilot:
        assert rows(pilot)[0][0].startswith("no-such-pack  ·  0 scenarios\n⚠ no-such-pack: pack.toml not found")  # at once
        await until(pilot, lambda: "file not found" in rows(pilot)[0][0], deadline=30)  # then as the check says
        listed = rows(pilot)
        assert listed[0][0].startswith("no-such-pack  ·  0 scenarios\n⚠ pack.toml: file not found")
        assert any(text.startswith("The Coffee Machine") for text, _ in listed)


async def test_typing_filters_and_enter_plays(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await library_checked(pilot)
        await pilot.press(*"dental")
        titles = [text.split("\n")[0] for text, disabled in rows(pilot) if not disabled]
        assert titles == ["The Coffee Machine"]
        assert "1 of 4 shown, 2 playable" in texts(pilot, "#count")
        await pilot.press("escape")
        assert len([1 for _, disabled in rows(pilot) if not disabled]) == 2  # coffee and markup; broken and stuck are not
        await open_scenario(pilot, "coffee")
        assert isinstance(pilot.app.screen, PlayScreen)


async def test_a_click_plays(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scenarios = pilot.app.screen.query_one(ScenarioList)
        await pilot.click(ScenarioList, offset=(5, 5))  # The Coffee Machine, under the heading and broken.toml
        await until(pilot, lambda: opened(pilot))
        assert isinstance(pilot.app.screen, PlayScreen), scenarios.highlighted


async def test_a_soft_lock_is_listed_dimmed_once_the_library_is_checked(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await library_checked(pilot)
        endless = [(text, disabled) for text, disabled in rows(pilot) if text.startswith("stuck.toml")]
        assert len(endless) == 1 and endless[0][1], endless
        assert "⚠ cannot be played: stuck.toml:" in endless[0][0] and "soft-lock: no ending can be reached" in endless[0][0]


async def test_a_soft_lock_found_on_opening_is_shown_and_not_played(saves: Path) -> None:
    # A scenario too large for the library's quick check is checked in full when opened.
    async with make_app(saves, library_check_states=0).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "endless")
        assert isinstance(pilot.app.screen, ProblemsScreen)
        assert "soft-lock: no ending can be reached" in texts(pilot, "Static")
        await choose(pilot, "escape")
        assert type(pilot.app.screen).__name__ == "LibraryScreen"


async def test_the_footer_takes_its_place_without_moving_the_list(saves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first frame shows the footer's empty bar; the footer is made in the next, in the same
    place and colour, and then shows its keys."""
    held: list[LibraryScreen] = []
    make_key_bar = LibraryScreen._make_key_bar

    def hold(screen: LibraryScreen) -> None:
        held.append(screen)

    monkeypatch.setattr(LibraryScreen, "_make_key_bar", hold)
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await library_checked(pilot)
        screen = pilot.app.screen
        scenarios, place = screen.query_one(ScenarioList), screen.query_one("#key-bar-place")
        listed, colour = scenarios.region, place.styles.background
        assert place.region == Region(0, 23, 80, 1) and not screen.query(Footer)
        make_key_bar(held[0])
        await until(pilot, lambda: [key.description for key in screen.query(FooterKey)][:2] == ["Filter", "Progress"])
        footer = screen.query_one(Footer)
        assert footer.region == Region(0, 23, 80, 1) and footer.styles.background == colour
        assert scenarios.region == listed and not screen.query("#key-bar-place")


async def test_keys_while_a_file_opens_neither_filter_nor_pick(saves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`play FILE`: the library waits under a loading indicator until the file opens. Letters and
    enter typed meanwhile were meant for the play: they neither open the highlighted scenario nor
    stay in the filter for when the player comes back."""
    release = held(monkeypatch, Game, "open")  # the file's check
    async with make_app(saves, open_file=SCENARIOS / "markup.toml").run_test(size=(80, 24)) as pilot:
        library = pilot.app.screen
        assert isinstance(library, LibraryScreen)
        scenarios = library.query_one(ScenarioList)
        await until(pilot, lambda: scenarios.loading)
        await pilot.press(*"cof", "enter")
        await pilot.pause(0.5)  # time enough to open another scenario, were enter taken
        assert pilot.app.screen is library and library.opening
        release.set()
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        play = pilot.app.screen
        assert isinstance(play, PlayScreen) and play.session.loaded.path.name == "markup.toml"
        await pilot.press("escape")
        await until(pilot, lambda: pilot.app.screen is library)
        assert not scenarios.loading and library.query_one("#filter", Input).value == ""
        assert "4 scenarios" in texts(pilot, "#count") and len(rows(pilot)) == 5  # the pack's heading and its 4


async def test_typing_fast_keeps_the_first_letter(saves: Path) -> None:
    """The first letter typed in the list moves the focus to the filter; the letters after it are
    added to it, not typed over it (the filter does not select its text when it gets the focus)."""
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await library_checked(pilot)
        await pilot.press(*"cof")
        assert pilot.app.screen.query_one("#filter", Input).value == "cof"
        titles = [text.split("\n")[0] for text, disabled in rows(pilot) if not disabled]
        assert titles == ["The Coffee Machine"]



def looks(app: TrainerApp) -> str:
    """The screen as drawn (an SVG screenshot), each style written out in place of the class
    name the export gives it (names follow the order styles are met in, not what they are)."""
    svg = re.sub(r"terminal-\d+", "terminal", app.export_screenshot())
    styles = dict(re.findall(r"\.(terminal-r\d+) \{ ([^}]*) \}", svg))
    svg = re.sub(r"\.terminal-r\d+ \{[^}]*\}\n", "", svg)
    return re.sub(r'class="(terminal-r\d+)"', lambda m: f'style="{styles[m.group(1)]}"', svg)


async def test_the_filter_takes_its_place_unseen_and_keeps_what_was_typed(saves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first frame shows the filter's look-alike; the filter is made in the next. Made later
    here (held back), letters typed in between filter the list at once and are the filter's text."""
    held: list[LibraryScreen] = []
    make_filter = LibraryScreen._make_filter

    async def hold(screen: LibraryScreen) -> None:
        held.append(screen)

    monkeypatch.setattr(LibraryScreen, "_make_filter", hold)
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await library_checked(pilot)
        before = looks(pilot.app)
        await pilot.press(*"cof")
        assert not pilot.app.screen.query(Input)
        titles = [text.split("\n")[0] for text, disabled in rows(pilot) if not disabled]
        assert titles == ["The Coffee Machine"]
        await pilot.press("escape")  # clears what was typed, as it clears the filter
        assert looks(pilot.app) == before
        await pilot.press(*"cof")
        await make_filter(held[0])
        await pilot.pause()
        made = pilot.app.screen.query_one("#filter", Input)
        assert made.value == "cof" and made.has_focus and made.cursor_position == 3
        await pilot.press("f")
        assert made.value == "coff"
        await pilot.press("escape")
        await pilot.pause()
        assert made.value == "" and looks(pilot.app) == before  # the filter looks as its look-alike did


def styles_of(screen: LibraryScreen) -> list[tuple[str, str, dict[str, str]]]:
    """Every node's styles (its rules and inline styles as CSS), with its parts' (component classes)."""
    return [
        (repr(node), node.styles.css, {name: styles.css for name, styles in node._component_styles.items()})
        for node in screen.walk_children(with_self=True)
    ]


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_the_first_frame_is_styled_as_a_full_restyle_would_style_it(
    saves: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual styles a screen's widgets again when it is first shown; the library skips that (its
    widgets were styled as they were mounted: see `LibraryScreen.on_screen_resume`). Its first
    frame styled again, nothing changes: a guard against a style that needs it (one that depends
    on a sibling mounted later, say)."""
    monkeypatch.setattr(LibraryScreen, "_make_filter", lambda screen: None)  # the first frame's widgets stay
    monkeypatch.setattr(LibraryScreen, "_make_key_bar", lambda screen: None)
    async with make_app(saves).run_test(size=size) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, LibraryScreen) and screen._shown
        before = styles_of(screen)
        screen.update_node_styles(animate=False)
        await pilot.pause()
        assert styles_of(screen) == before
        assert len(before) == 6 and any(parts for _, _, parts in before)  # the screen, its five widgets, the rows

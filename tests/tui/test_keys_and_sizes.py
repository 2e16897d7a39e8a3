"""No key sequence or terminal size crashes the game.

The crashes reported (issue 11) first, each as it was met; then a hypothesis-driven
Pilot run: random keys (some pressed at once, as a burst arrives from a terminal),
with resizes down to 1x1 between them, across the library, play, debrief, players,
progress, help, the command palette and (in workshop mode) the projector screen.
Any exception in the app fails the test (`run_test` raises it on the way out), and
so does a screen that, after a resize, is not drawn when it fits or does not show
"make the window larger" when it does not.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import events
from textual.app import App, ComposeResult
from textual.errors import NoWidget
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets.option_list import Option

from tests.tui.helpers import PACK, make_app, open_scenario, until
from trainer.tui.app import TrainerApp
from trainer.tui.screens.base import ScreenGuards, SizeNotice
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.help import HelpScreen
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.palette import GamePalette
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.profiles import ProfileScreen
from trainer.tui.screens.progress import ProgressScreen
from trainer.tui.widgets.paged_list import PagedOptionList

KEYS = [
    *"123456789", "enter", "escape", "tab", "shift+tab", "up", "down", "left", "right", "pageup", "pagedown",
    "home", "end", "space", "backspace", "ctrl+p", "f1", "f2", "f3", "f4", "f5", "f6", "question_mark", "slash",
    "minus", *"bcdehlnoprstvxyq", "ctrl+s",
]
SIZES = [(1, 1), (2, 5), (3, 2), (6, 10), (12, 4), (20, 6), (40, 12), (60, 20), (80, 24), (120, 40)]
CHARACTERS = {"enter": "\r", "tab": "\t", "space": " ", "escape": "\x1b", "backspace": "\x7f", "question_mark": "?",
              "slash": "/", "minus": "-"}


def burst(app: TrainerApp, keys: list[str]) -> None:
    """Keys arriving at once, as a terminal delivers them: no pause between them."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))


async def settled(pilot: Pilot[int]) -> None:
    """Until the background work (the packs' check, a scenario's check) is done and shown."""
    await until(pilot, lambda: not any(w.is_running and w.group in ("warm-up", "check") for w in pilot.app.workers))


# -- the reported crashes ----------------------------------------------------------------------


async def test_the_library_and_the_play_survive_tiny_terminals(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        for size in [(6, 10), (1, 1), (3, 2), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert isinstance(pilot.app.screen, LibraryScreen)
        await open_scenario(pilot, "coffee")
        assert isinstance(pilot.app.screen, PlayScreen)
        for size in [(2, 10), (1, 1), (60, 20)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("2")  # still playing at a usable size again
        await pilot.pause()
        assert len(pilot.app.screen.session.steps) == 1  # type: ignore[attr-defined]


async def test_palette_then_page_up_at_once(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        burst(pilot.app, ["ctrl+p", "pageup", "pagedown", "end", "home", "up"])
        await settled(pilot)
        burst(pilot.app, ["escape"])
        await settled(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen)


async def test_a_dialog_dismissed_twice_closes_once(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ProfileScreen)
        dialog = pilot.app.screen
        burst(pilot.app, ["enter", "enter"])
        await settled(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen) and len(pilot.app.screen_stack) == 1
        dialog.dismiss(None)  # already dismissed: nothing happens
        await settled(pilot)
        assert isinstance(pilot.app.screen, LibraryScreen) and len(pilot.app.screen_stack) == 1


async def test_page_keys_before_the_list_is_laid_out() -> None:
    """Options added and highlighted, then at once page keys: before the list has a size (Textual's
    own list raised `KeyError` here). Nothing moves until the list is laid out; then a page moves."""

    class Lists(App[None]):
        def compose(self) -> ComposeResult:
            yield PagedOptionList()

    async with Lists().run_test(size=(40, 10)) as pilot:
        options = pilot.app.query_one(PagedOptionList)
        options.add_options([Option(f"option {n}") for n in range(30)])
        options.highlighted = 5
        options.action_page_down()
        options.action_page_up()
        assert options.highlighted == 5
        await pilot.pause()  # laid out
        options.action_page_down()
        assert options.highlighted is not None and options.highlighted > 5


# -- below its minimum size, one sentence instead of the screen --------------------------------


def shown_by_notice(screen: Screen[object]) -> bool:
    """Every cell of the terminal belongs to the screen's size notice (not yet, while a resize
    is still being laid out and a cell has no widget)."""
    width, height = screen.app.size
    try:
        return all(isinstance(screen.get_widget_at(x, y)[0], SizeNotice) for y in range(height) for x in range(width))
    except NoWidget:
        return False


def drawn(screen: Screen[object]) -> bool:
    """The screen is drawn as itself: its notice nowhere (not yet, while a cell has no widget)."""
    try:
        return not any(notice.display for notice in screen.query(SizeNotice)) and not any(
            isinstance(screen.get_widget_at(x, 0)[0], SizeNotice) for x in range(screen.app.size.width)
        )
    except NoWidget:
        return False


WAYS_IN: list[tuple[list[str], type[Screen[object]]]] = [
    ([], LibraryScreen),
    (["enter"], PlayScreen),
    (["enter", "2", "1", "1", "enter"], DebriefScreen),
    (["f1"], HelpScreen),
    (["f5"], ProgressScreen),
    (["f6"], ProfileScreen),
    (["ctrl+p"], GamePalette),
]


@pytest.mark.parametrize(("keys", "kind"), WAYS_IN, ids=[kind.__name__ for _, kind in WAYS_IN])
async def test_below_its_minimum_a_screen_asks_for_a_larger_window(saves: Path, keys: list[str], kind: type[Screen[object]]) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press(*keys)
        await until(pilot, lambda: isinstance(pilot.app.screen, kind))
        screen = pilot.app.screen
        assert isinstance(screen, ScreenGuards)
        await until(pilot, lambda: drawn(screen))
        width, height = screen.MINIMUM_SIZE
        for size in [(width - 1, height), (width, height - 1), (1, 1), (12, 5)]:
            await pilot.resize_terminal(*size)
            await until(pilot, lambda: shown_by_notice(screen))
            notice = screen.query_one(SizeNotice)
            if size[0] * size[1] >= 40:
                assert "Make the window larger" in str(notice.render())
        await pilot.resize_terminal(width, height)  # just large enough: the screen again, as it was
        await until(pilot, lambda: drawn(screen))
        assert pilot.app.screen is screen


# -- random keys and sizes ---------------------------------------------------------------------

ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("keys"), st.lists(st.sampled_from(KEYS), min_size=1, max_size=4)),
        st.tuples(st.just("burst"), st.lists(st.sampled_from(KEYS), min_size=2, max_size=5)),
        st.tuples(st.just("size"), st.sampled_from(SIZES)),
    ),
    min_size=3,
    max_size=10,
)


async def fuzz(saves: Path, workshop: bool, start: list[str], actions: list[tuple[str, object]]) -> None:
    app = TrainerApp([PACK], saves=saves, builtin=False, workshop=workshop)
    app.animation_level = "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press(*start)  # towards a screen: a play, the players, progress, help, the palette
        await settled(pilot)
        for kind, value in actions:
            if app.return_code is not None or app._exit:  # quit asked and answered: the game ended cleanly
                break
            if kind == "size":
                await pilot.resize_terminal(*value)  # type: ignore[misc]
                await until(pilot, lambda: fits_or_says_so(app))
            elif kind == "burst":
                burst(app, value)  # type: ignore[arg-type]
            else:
                await pilot.press(*value)  # type: ignore[misc]
            await pilot.pause()
        await settled(pilot)


def fits_or_says_so(app: TrainerApp) -> bool:
    """The screen on top is one of the game's: drawn when the terminal fits it, its notice shown when not."""
    screen = app.screen
    assert isinstance(screen, ScreenGuards), f"{type(screen).__name__} has no size guard"
    width, height = screen.MINIMUM_SIZE
    shown = [notice.display for notice in screen.query_children(SizeNotice)]
    if app.size.width < width or app.size.height < height:
        return shown == [True]
    return shown in ([], [False])  # made the first time the screen was too small


STARTS = st.sampled_from([[], ["enter"], ["enter", "2", "1", "1"], ["enter", "1", "1", "enter"], ["f6"], ["f5"],
                          ["f1"], ["ctrl+p"], ["enter", "r"], ["enter", "2", "1", "1", "enter", "t"]])


@settings(max_examples=10, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(workshop=st.booleans(), start=STARTS, actions=ACTIONS)
def test_random_keys_and_sizes_never_crash(tmp_path: Path, workshop: bool, start: list[str], actions: list[tuple[str, object]]) -> None:
    saves = tmp_path / f"saves-{abs(hash((workshop, tuple(start), repr(actions))))}"
    asyncio.run(fuzz(saves, workshop, start, actions))

"""The scenario library: every pack's scenarios, type to filter, enter or click to play."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Key, ScreenResume
from textual.widgets import Input, Static

from trainer.game.game import Game
from trainer.game.library_rows import LibraryEntry, PackHeading
from trainer.tallies import drills_phrase, runs_waiting_line
from trainer.tui.messages import OpenScenario
from trainer.tui.screens.base import GameScreen
from trainer.tui.signals import GameSignals
from trainer.tui.widgets.row_list import RowList
from trainer.tui.widgets.scenario_list import ScenarioList

RESERVED_KEYS = frozenset({"q", "?", "/"})
"""Printable keys the list keeps for itself; any other typed character starts filtering."""
FILTER_HINT = "Type to filter by title, buyer, tag or difficulty"


class LibraryScreen(GameScreen[None]):
    AUTO_FOCUS = "#scenarios"  # the list, not the filter above it (focusing one then the other costs a restyle of each)
    BINDINGS = [
        Binding("enter", "play", "Play"),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("f5", "app.progress", "Progress"),
        Binding("f7", "app.drills", "Drills"),
        Binding("f6", "app.profiles", "Player"),
    ]

    def __init__(self, game: Game, signals: GameSignals, *, opening: bool = False) -> None:
        """`opening`: a scenario is being checked before it opens, from the start (see `set_loading`)."""
        super().__init__()
        self.game = game
        self.signals = signals
        self.entries = game.library_rows()
        self.player = game.player
        self._stale = False  # the game changed while another screen was on top
        self._filter: Input | None = None  # made after the first frame (see `_make_filter`)
        self._typed = ""  # typed before it was made
        self._filter_wanted = False  # focused, once made
        self.opening = opening
        self._shown = False  # resumed once: on screen

    def compose(self) -> ComposeResult:
        yield Static(self._title(), id="title-bar")
        yield Static(FILTER_HINT, id="filter-hint", markup=False)  # the filter's place, until it is made
        yield ScenarioList(id="scenarios")
        yield Static(id="count")
        yield Static(id="key-bar-place")  # the footer's place, until it is made

    def on_mount(self) -> None:
        self._show("")
        if self.opening:
            self.set_loading(True)
        for signal in (self.signals.packs_checked, self.signals.run_recorded, self.signals.player, self.signals.sync_changed):
            signal.subscribe(self, lambda _: self.game_changed(), immediate=True)
        self.call_after_refresh(self._make_filter)
        self.call_after_refresh(self._make_key_bar)

    # -- the footer: made after the first frame -------------------------------------------------
    # Textual's `Footer` shows its keys only after a frame (once the screen's bindings are known):
    # its first frame is an empty bar. That bar (`#key-bar-place`) is all the first frame needs;
    # the footer's module, styles and widget (~5 ms) come in the next, in its place.

    def _make_key_bar(self) -> None:
        if not self.is_attached:  # the game quit at once
            return
        from textual.widgets import Footer

        place = self.query_one("#key-bar-place", Static)
        with self.app.batch_update():  # never a frame with both, or neither
            self.mount(Footer(), before=place)
            place.remove()
        self.call_after_refresh(self.refresh_bindings)  # its keys: it missed the first news of them

    # -- the filter: made after the first frame -------------------------------------------------
    # An `Input` costs the first frame ~9 ms (its styles read and applied, its parts drawn): the
    # first frame shows its look-alike (`#filter-hint`: the same place and placeholder) and the
    # filter takes its place in the next. Letters typed in between are kept for it (`_typed`).

    async def _make_filter(self) -> None:
        if not self.is_attached:  # the game quit at once
            return
        # Not selected on focus: the first typed letter moves the focus here, and the next must not replace it.
        made = Input(value=self._typed, placeholder=FILTER_HINT, id="filter", select_on_focus=False)
        hint = self.query_one("#filter-hint", Static)
        await self.mount(made, before=hint)
        await hint.remove()
        self._filter = made
        if self._filter_wanted:
            made.focus()
            made.cursor_position = len(made.value)

    def _filter_text(self) -> str:
        return self._filter.value if self._filter is not None else self._typed

    def game_changed(self) -> None:
        """Shown again at once when on top; under a play, when it is back (a save during a play
        changes the runs waiting to sync: rebuilding the list then cost the play ~8 ms a time)."""
        if self.is_active:
            self.show_game()
        else:
            self._stale = True

    @on(ScreenResume)
    def _first_shown(self, event: ScreenResume) -> None:
        """Shown the first time: each widget was styled as it was mounted, and Textual's styling of
        them all again (a tenth of the launch's frame) is skipped."""
        if not self._shown:
            self._shown = True
            event.refresh_styles = False

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self._stale:
            self.show_game()

    def _title(self) -> Content:
        player = ("  ·  playing as " + self.player, "dim") if self.player else ""
        return Content.assemble(("trainer", "bold"), "  ·  choose a buyer to call", player)

    def show_game(self) -> None:
        """The packs checked again, new best stars (after a run) or another player: shown again."""
        self._stale = False
        self.entries, self.player = self.game.library_rows(), self.game.player
        self.query_one("#title-bar", Static).update(self._title())
        self._show(self._filter_text())

    def set_loading(self, loading: bool) -> None:
        """A scenario is being checked before it opens: the list shows it is busy, and neither
        picks another scenario nor takes letters for the filter (they were meant for the play,
        and would be left in the filter when the player comes back)."""
        self.opening = loading
        for scenarios in self.query(ScenarioList):  # none yet while the library composes
            scenarios.loading = loading

    def _show(self, query: str) -> None:
        shown = self.query_one(ScenarioList).show(self.entries, query)
        total = len(self.entries)
        playable = sum(1 for e in self.entries if e.playable)
        text = f"{shown} of {total} shown" if query else f"{total} scenarios"
        if playable < total:
            text += f", {playable} playable"
        drills = self.game.drills_due
        due = Content.assemble("  ·  ", (f"{drills_phrase(drills)} (f7)", "bold $warning")) if drills else Content("")
        waiting = self.game.runs_waiting_to_sync
        if waiting:  # said quietly; the palette's hint makes room for it (the footer shows ^p too)
            line = Content.assemble(text, due, ("  ·  " + runs_waiting_line(waiting), "dim"), "  ·  ? help")
        else:
            line = Content.assemble(text, due, "  ·  ? help  ·  ctrl+p commands")
        self.query_one("#count", Static).update(line)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#filter")
    def action_play(self) -> None:
        """Play the highlighted scenario (enter in the list or in the filter)."""
        scenarios = self.query_one(ScenarioList)
        scenarios.focus()
        if scenarios.highlighted is not None:
            scenarios.action_select()

    def on_key(self, event: Key) -> None:
        """Typing in the list goes to the filter; up and down in the filter move in the list."""
        scenarios = self.query_one(ScenarioList)
        filter_input = self._filter
        if self.focused is scenarios and event.is_printable and event.character not in RESERVED_KEYS:
            assert event.character is not None
            if self.opening:  # a scenario is opening: the letter was meant for it
                event.stop()
                event.prevent_default()
                return
            if filter_input is None:  # not made yet: kept for it, and the list filtered at once
                self._typed += event.character
                self._filter_wanted = True
                self._show(self._typed)
            else:
                filter_input.focus()
                filter_input.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()
        elif filter_input is not None and self.focused is filter_input and event.key in ("up", "down"):
            scenarios.focus()
            getattr(scenarios, f"action_cursor_{event.key}")()
            event.stop()
            event.prevent_default()

    def action_filter(self) -> None:
        if self._filter is None:
            self._filter_wanted = True
        else:
            self._filter.focus()

    def action_clear_filter(self) -> None:
        if self._filter is None:
            self._typed, self._filter_wanted = "", False
            self._show("")
        else:
            self._filter.value = ""
        self.query_one(ScenarioList).focus()

    @on(RowList.Picked, "#scenarios")
    def _open(self, event: RowList.Picked[LibraryEntry | PackHeading]) -> None:
        if isinstance(event.value, LibraryEntry) and event.value.playable and not self.opening:
            self.post_message(OpenScenario(event.value.path))

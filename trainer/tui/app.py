"""The game's Textual app: composes the screens and turns keys into calls on the core."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import Worker, WorkerState

from trainer.cards import read_listing
from trainer.game.library_rows import BestResults, describe, library_entries
from trainer.library_index import Listing, discover, listing_key, read_index, write_index
from trainer.settings import Settings, load_settings, save_settings
from trainer.text_safety import visible
from trainer.tui import textual_fixes
from trainer.tui.saves_mixin import SavesMixin
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.themes import DEFAULT, PROJECTOR, THEMES, next_theme
from trainer.tui.widgets.scenario_list import ScenarioList

# Only what the library needs is imported up front; the core, the saves and the other
# screens load pydantic models and are imported where used, or by `warm_up` in a thread.
if TYPE_CHECKING:
    from trainer.game.play import PlaySession
    from trainer.loader import LoadedScenario
    from trainer.tui.screens.play import PlayScreen
    from trainer.validation import LoadedPack


LIBRARY_CHECK_STATES = 20_000
"""States the background check of the library explores per scenario: enough for hand-written
scenarios (the built-in ones have under 7,000), small enough to stay quick. A larger scenario
is listed after the schema and rule checks, and checked in full when opened."""

textual_fixes.install()


@dataclass(frozen=True, slots=True)
class WarmUp:
    """What the background start-up found: every pack loaded, and the player's best stars."""

    packs: list[LoadedPack]
    listing: Listing
    best: BestResults


class TrainerApp(SavesMixin, App[int]):
    """`packs`: extra pack folders; `builtin`: also list the built-in pack (off in tests);
    `library_index`: where the library listing is kept between launches (None: not kept)."""

    CSS_PATH = ["app.tcss", "screens/library.tcss"]  # the library is the default screen: its styles load with the app
    TITLE = "trainer"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("f2", "toggle_coach", "Coach mode", show=False),
        Binding("f3", "switch_theme", "Switch theme", show=False),
        Binding("f4", "toggle_workshop", "Workshop mode", show=False),
    ]

    def __init__(
        self,
        packs: Sequence[Path] = (),
        *,
        saves: Path,
        builtin: bool = True,
        open_file: Path | None = None,
        workshop: bool = False,
        budget: int | None = None,
        best: BestResults | None = None,
        library_index: Path | None = None,
        library_check_states: int = LIBRARY_CHECK_STATES,
    ) -> None:
        super().__init__()
        self.pack_folders = list(packs)
        self.saves = saves
        self.builtin = builtin
        self.open_file = open_file
        self.workshop = workshop
        self.budget = budget  # None: the solver's default
        self.best = best
        self.library_index = library_index
        self.library_check_states = library_check_states
        self._kept_listing: Listing | None = None  # what the library index holds
        self.init_saves(saves, best)
        self.settings: Settings = load_settings(saves)
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self.settings.theme if self.settings.theme in self.available_themes else DEFAULT.name
        if workshop:
            self.theme = PROJECTOR.name  # for this session only: not saved in the settings

    def _fatal_error(self) -> None:
        """An unexpected error: leave the terminal clean, with no traceback on screen.
        `trainer.tui.launch.run_app` writes the report and tells the player in one line."""
        self.bell()
        self._close_messages_no_wait()

    def get_default_screen(self) -> LibraryScreen:
        """The library is the bottom screen, shown at once: from the listing kept by the last
        launch, else from the cards the files claim (read without validating them)."""
        key = listing_key(self.pack_folders, builtin=self.builtin)
        listing = read_index(self.library_index, key) if self.library_index is not None else None
        self._kept_listing = listing
        if listing is None:  # the first launch: the cards as the files say, checked by `warm_up`
            listing = read_listing(self.pack_folders, builtin=self.builtin)
        self.listing = listing
        return LibraryScreen(library_entries(listing, self._fixed_best), "")

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.call_after_refresh(self.warm_up)  # after the first frame: the library first

    @work(thread=True, exit_on_error=False, exclusive=True, group="warm-up")
    def warm_up(self) -> WarmUp:
        """In a thread: open the saves, check every pack afresh, soft-locks included (the kept
        listing may be stale, and the first listing skipped the state-space checks)."""
        packs, listing = discover(self.pack_folders, builtin=self.builtin, check_states=self.library_check_states)
        self.keeper  # noqa: B018 - opens the saves and the player's profile, off the main thread
        return WarmUp(packs, listing, self.best_results())

    def _warmed_up(self, result: WarmUp | None) -> None:
        """Refresh the library with what the warm-up found, then resume or open the file."""
        if result is not None:
            self.packs = result.packs
            self.listing = result.listing
            if result.listing != self._kept_listing:
                self._keep_listing(result.listing)
            for warning in result.listing.warnings:  # e.g. two packs with one id
                self.notify(warning, title="Packs", severity="warning", timeout=12, markup=False)
        self.refresh_library()
        if self.open_file is not None:
            self.open_scenario(self.open_file)
        else:
            self.offer_resume()

    def _keep_listing(self, listing: Listing) -> None:
        self._kept_listing = listing
        if self.library_index is not None:
            write_index(self.library_index, listing_key(self.pack_folders, builtin=self.builtin), listing)

    # -- opening and playing --
    def open_scenario(self, path: Path) -> None:
        """Check and analyse the scenario in a thread, then play it (or show why not)."""
        if self.ask_to_resume(path):
            return
        self._set_loading(True)
        self._load(path)

    @work(thread=True, exit_on_error=False, exclusive=True, group="open")
    def _load(self, path: Path) -> LoadedScenario:
        from trainer.validation import load_scenario

        return load_scenario(path) if self.budget is None else load_scenario(path, budget=self.budget)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        if worker.group == "warm-up":
            if event.state is WorkerState.ERROR:
                self.notify(f"Could not load everything: {worker.error}", severity="error", markup=False)
            self._warmed_up(worker.result if event.state is WorkerState.SUCCESS else None)
            return
        if worker.group != "open":
            return
        from trainer.tui.screens.problems import ProblemsScreen

        self._set_loading(False)
        if event.state is WorkerState.ERROR:
            self.push_screen(ProblemsScreen("This scenario could not be opened.", [str(worker.error)]))
            return
        loaded: LoadedScenario = worker.result  # type: ignore[assignment]
        if loaded.ok:
            session = self.session_for(loaded)
            if session is not None:
                self.play(session)
        else:
            errors = [describe(d) for d in loaded.diagnostics if d.is_error]
            self.push_screen(ProblemsScreen(f"{loaded.path.name} cannot be played:", errors))

    def _set_loading(self, loading: bool) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                for scenarios in screen.query(ScenarioList):  # none yet while the library composes
                    scenarios.loading = loading

    def play(self, session: PlaySession) -> None:
        """Leave whatever is open for a play screen on `session` (reusing the one of its scenario)."""
        from trainer.tui.screens.play import PlayScreen

        if self.workshop:
            self._workshop(session)
            return
        current = self._play_screen()
        if current is not None and current.session.engine is session.engine:
            while self.screen is not current:
                self.pop_screen()
            current.replace_session(session)
            return
        self._pop_to_library()
        self.push_screen(PlayScreen(session, coach=self.settings.coach_mode))

    def _workshop(self, session: PlaySession) -> None:
        """The projector screen on `session`; on the open one of its scenario, a new path from there."""
        from trainer.tui.screens.workshop import WorkshopScreen

        current = next((s for s in reversed(self.screen_stack) if isinstance(s, WorkshopScreen)), None)
        if current is not None and current.session.engine is session.engine:
            while self.screen is not current:
                self.pop_screen()
            current.continue_from(session)
            return
        self._pop_to_library()
        self.push_screen(WorkshopScreen(session))

    def show_debrief(self, session: PlaySession) -> None:
        from trainer.tui.screens.debrief import DebriefScreen

        self.push_screen(DebriefScreen(session))

    def _pop_to_library(self) -> None:
        while not isinstance(self.screen, LibraryScreen) and len(self.screen_stack) > 1:
            self.pop_screen()

    def _play_in_progress(self) -> bool:
        from trainer.tui.screens.play import PlayScreen
        from trainer.tui.screens.workshop import WorkshopScreen

        return any(isinstance(s, (PlayScreen, WorkshopScreen)) and s.in_progress for s in self.screen_stack)

    def _after_confirm(self, question: str, then: object) -> None:
        """Run `then` now, or after a yes when a play would be lost."""
        assert callable(then)
        if not self._play_in_progress():
            then()
            return
        self.push_screen(ConfirmScreen(question), lambda yes: then() if yes else None)

    # -- actions --
    async def action_quit(self) -> None:
        self._after_confirm("Quit in the middle of a play? " + ("This play will be lost." if self.workshop else "It is saved: you can continue it next time."), lambda: self.exit(0))

    def action_library(self) -> None:
        self._after_confirm("Leave this play for the library? " + ("It will be lost." if self.workshop else "It is saved: open the scenario again to continue."), self._pop_to_library)

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_coach(self) -> None:
        from trainer.tui.screens.play import PlayScreen

        self._update_settings(self.settings.with_changes(coach_mode=not self.settings.coach_mode))
        for screen in self.screen_stack:
            if isinstance(screen, PlayScreen):
                screen.set_coach(self.settings.coach_mode)
        state = "on: the coach comments right after each choice" if self.settings.coach_mode else "off: feedback waits for the debrief"
        self.notify(f"Coach mode {state}.", timeout=3)

    def action_toggle_workshop(self) -> None:
        """Workshop mode on or off; a scenario on screen moves to the other layout, where it is."""
        from trainer.tui.screens.play import PlayScreen
        from trainer.tui.screens.workshop import WorkshopScreen

        self.workshop = not self.workshop
        screen = next((s for s in reversed(self.screen_stack) if isinstance(s, (PlayScreen, WorkshopScreen))), None)
        if screen is not None:
            self.play(screen.session if isinstance(screen, PlayScreen) else screen.play_session())
        state = "on: the projector layout with room votes" if self.workshop else "off"
        self.notify(f"Workshop mode {state}.", timeout=3)

    def action_switch_theme(self) -> None:
        self.theme = next_theme(self.theme)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self._update_settings(self.settings.with_changes(theme=theme.name))

    def _update_settings(self, settings: Settings) -> None:
        self.settings = settings
        try:
            save_settings(self.saves, settings)
        except OSError as error:
            self.notify(f"Settings not saved: {error.strerror or error}", severity="warning", markup=False)

    def _play_screen(self) -> PlayScreen | None:
        from trainer.tui.screens.play import PlayScreen

        return next((s for s in reversed(self.screen_stack) if isinstance(s, PlayScreen)), None)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notice obeys the terminal-safety rule (`trainer.text_safety.visible`)."""
        super().notify(visible(message, lines=True), title=visible(title), severity=severity, timeout=timeout, markup=markup)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Choose scenario", "Back to the scenario library", self.action_library)
        play = self._play_screen()
        if play is not None:
            yield SystemCommand("Restart scenario", "Play this scenario again from the start", lambda: self.play(play.session.restarted()))
            yield SystemCommand("Debrief", "Review the play so far", lambda: self.show_debrief(play.session))
        yield SystemCommand("Switch theme", "Default, high contrast or projector", self.action_switch_theme)
        workshop = "off" if self.workshop else "on"
        yield SystemCommand(f"Workshop mode {workshop}", "Projector layout, room votes, reveal, rewind and compare", self.action_toggle_workshop)
        coach = "off" if self.settings.coach_mode else "on"
        yield SystemCommand(f"Coach mode {coach}", "Feedback right after each choice, or in the debrief", self.action_toggle_coach)
        yield from self.saves_commands(screen)
        yield SystemCommand("Help", "Every key", self.action_help)

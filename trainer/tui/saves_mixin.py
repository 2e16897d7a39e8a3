"""The app's side of saving: resume offers, saving after each choice, profiles, progress, export.

A mixin for `TrainerApp`, so the app module keeps its own shape: the app calls
`init_saves`, `offer_resume`, `ask_to_resume`, `session_for` and `keep`, and
the screens call the actions.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.markup import escape as escape_markup
from textual.message import Message
from textual.screen import Screen

from trainer.game.library_rows import BestResults, library_entries
from trainer.game.writer import SaveWriter
from trainer.library_index import Listing
from trainer.text_safety import visible
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.library import LibraryScreen

# The saves and the core load pydantic models: imported where first used (see `TrainerApp.warm_up`),
# so that the library shows at once.
if TYPE_CHECKING:
    from trainer.game.keeper import PlayKeeper
    from trainer.game.play import PlaySession
    from trainer.loader import LoadedScenario
    from trainer.saves import SavedPlay, SaveStore
    from trainer.validation import LoadedPack

    _AppBase = App[int]
else:
    _AppBase = object


class SaveFailed(Message):
    """A save could not be written (posted from the save writer's thread)."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class SavesMixin(_AppBase):
    packs: list[LoadedPack]
    listing: Listing
    _fixed_best: BestResults | None
    _resuming: SavedPlay | None
    workshop: bool

    def init_saves(self, saves: Path, best: BestResults | None) -> None:
        """`best`: fixed best stars for the library (tests); else they come from the saves.
        Nothing is read until the store is first used."""
        self._saves_folder = saves
        self._saves_lock = threading.RLock()
        self._store: SaveStore | None = None
        self._keeper: PlayKeeper | None = None
        self.packs = []
        self.listing = Listing(())
        self._fixed_best = best
        self._resuming = None
        self._save_failed = False
        self._writer = SaveWriter(on_failure=lambda error: self.post_message(SaveFailed(error)))
        self._written_when_failed = 0

    @property
    def store(self) -> SaveStore:
        """The saves; opened on first use, from any thread. Whatever is read or written
        here comes after the saves queued before (they are written first)."""
        with self._saves_lock:
            if self._store is None:
                from trainer.saves import SaveStore

                self._store = SaveStore(self._saves_folder)
            store = self._store
        self._writer.flush()
        return store

    @property
    def keeper(self) -> PlayKeeper:
        with self._saves_lock:
            if self._keeper is None:
                from trainer.game.keeper import PlayKeeper

                self._keeper = PlayKeeper(self.store, self.store.current_profile(), self._writer)
            return self._keeper

    @property
    def player(self) -> str:
        """The player's name as shown: literally, with any control character made visible."""
        return visible(self.keeper.profile.name)

    def best_results(self) -> BestResults:
        if self._fixed_best is not None:
            return self._fixed_best
        return self.store.best_stars(self.keeper.profile.id)

    def show_notices(self) -> None:
        for notice in self.store.take_notices():
            self.notify(notice, severity="warning", timeout=10, markup=False)

    # -- resuming ------------------------------------------------------------------------
    def offer_resume(self) -> None:
        """At start (or after switching player): offer to continue the saved play, if any."""
        play = self.store.current_play(self.keeper.profile.id)
        self.show_notices()
        if play is None or self.workshop:  # a facilitated session is not one player's play
            return
        question = f'Continue your play of "{play.scenario.label}" where you left off (step {len(play.steps) + 1})?'
        self.push_screen(ConfirmScreen(question), lambda yes: self._resume(play) if yes else self._drop(play))

    def ask_to_resume(self, path: Path) -> bool:
        """Opening a scenario that has a saved play: ask first (True: the question is up)."""
        if self._resuming is not None or self.workshop:
            return False
        play = self.store.current_play(self.keeper.profile.id)
        if play is None or self._path_of(play) != path.resolve():
            return False

        def answered(yes: bool | None) -> None:
            if yes:
                self._resuming = play
            else:
                self._drop(play)
            self.open_scenario(path)  # type: ignore[attr-defined]

        self.push_screen(ConfirmScreen(f"Continue where you left off (step {len(play.steps) + 1})? No starts afresh."), answered)
        return True

    def _path_of(self, play: SavedPlay) -> Path | None:
        from trainer.saves import locate_scenario

        found = locate_scenario(play.scenario, self.packs)
        return found.resolve() if found is not None else None

    def _resume(self, play: SavedPlay) -> None:
        path = self._path_of(play)
        if path is None:
            self._cannot_continue(play, "the scenario is no longer installed")
            return
        self._resuming = play
        self.open_scenario(path)  # type: ignore[attr-defined]

    def _drop(self, play: SavedPlay) -> None:
        self.store.discard_play(self.keeper.profile.id, play.play_id)

    def _cannot_continue(self, play: SavedPlay, reason: str) -> None:
        self._drop(play)
        self.notify(f'Your saved play of "{play.scenario.label}" cannot continue: {reason}.', severity="warning", timeout=10, markup=False)

    def session_for(self, loaded: LoadedScenario) -> PlaySession | None:
        """A new play of `loaded`, or the resumed one; None when a resume cannot continue."""
        from trainer.game.play import PlaySession
        from trainer.saves import CannotContinue, replay

        play, self._resuming = self._resuming, None
        session = PlaySession.begin(loaded)
        if play is None:
            return session
        try:
            replayed = replay(session.engine, play)
        except CannotContinue as error:
            self._cannot_continue(play, str(error))
            return None
        session = PlaySession(loaded, session.engine, replayed.start, replayed.steps)
        self.keeper.adopt(session, play)
        if session.ended:
            self.keep(session)
        return session

    # -- saving --------------------------------------------------------------------------
    def keep(self, session: PlaySession) -> None:
        """Save the play after a choice, a restart or a rewind; record the run at its ending.
        The writes are queued (see `trainer.game.writer`): the screen does not wait for them."""
        if self._writer.written > self._written_when_failed:
            self._save_failed = False  # a save was written since the last failure
        run = self.keeper.keep(session)
        if run is not None:
            self.call_after_refresh(self.refresh_library)  # its best stars, once the ending is on screen

    def on_save_failed(self, message: SaveFailed) -> None:
        """Tell the player once while saves keep failing; the next save tries again."""
        self._written_when_failed = self._writer.written
        error = message.error
        if not self._save_failed:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.notify(f"Your progress is not being saved: {visible(str(reason))}.", severity="error", markup=False)
        self._save_failed = True

    def close_saves(self) -> None:
        """Write every queued save, then stop the writer (on every way out of the game)."""
        self._writer.close()

    def on_unmount(self) -> None:
        self.close_saves()

    def refresh_library(self) -> None:
        entries = library_entries(self.listing, self.best_results())
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.update_entries(entries, self.player)

    # -- actions -------------------------------------------------------------------------
    def action_progress(self) -> None:
        from trainer.tui.screens.progress import ProgressScreen

        if isinstance(self.screen, ProgressScreen):
            return
        runs = self.store.summaries(self.keeper.profile.id)
        self.show_notices()
        self.push_screen(ProgressScreen(self.player, runs))

    def action_profiles(self) -> None:
        from trainer.tui.screens.profiles import ProfileScreen

        if not isinstance(self.screen, ProfileScreen):
            self.push_screen(ProfileScreen(self.store, self.keeper.profile.id), self._profile_chosen)

    def _profile_chosen(self, profile_id: str | None) -> None:
        current = self.keeper.profile.id
        if profile_id is None or profile_id == current:
            self.keeper.profile = self.store.profile(current) or self.keeper.profile  # perhaps renamed
            self.refresh_library()
            self._refresh_progress()
            return
        try:
            self.store.use_profile(profile_id)
        except OSError as error:
            self.notify(f"Could not switch player: {error.strerror or error}.", severity="error", markup=False)
            return
        profile = self.store.profile(profile_id)
        assert profile is not None
        from trainer.tui.screens.progress import ProgressScreen

        while not isinstance(self.screen, (LibraryScreen, ProgressScreen)) and len(self.screen_stack) > 1:
            self.pop_screen()
        self.keeper.switch(profile)
        self.refresh_library()
        self._refresh_progress()
        self.notify(f"Playing as {profile.name}.", timeout=3, markup=False)
        self.offer_resume()

    def _refresh_progress(self) -> None:
        from trainer.tui.screens.progress import ProgressScreen

        if isinstance(self.screen, ProgressScreen):
            self.pop_screen()
            self.action_progress()

    def export_run(self, session: PlaySession) -> None:
        """The debrief's export key: the finished run as Markdown in `<saves>/exports/`."""
        from trainer.game.keeper import ExportError

        try:
            path = self.keeper.export(session)
        except ExportError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        except OSError as error:
            self.notify(f"Not exported: {error.strerror or error}.", severity="error", markup=False)
            return
        self.notify(f"Transcript written to {path}", timeout=10, markup=False)

    def saves_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("Progress", "Your runs, best stars and habits across runs", self.action_progress)
        yield SystemCommand("Switch player", f"Playing as {escape_markup(self.player)}: switch, add or rename players", self.action_profiles)
        from trainer.tui.screens.debrief import DebriefScreen

        if isinstance(screen, DebriefScreen):
            session = screen.session
            export: Callable[[], None] = lambda: self.export_run(session)  # noqa: E731
            yield SystemCommand("Export transcript", "This run as Markdown with its debrief, for a coach", export)

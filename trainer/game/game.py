"""The game the app holds: the saves, the settings, the packs and the library listing, and what
each step of play does to them. Headless (no Textual here): the app calls it and shows the result.

A choice becomes a save here: `Game.keep` hands the play to the keeper, which saves the play in
progress and, at an ending, records the run. Opening a scenario, the resume offer, export,
switching player and where a workshop summary goes are here too.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from trainer.errors import TrainerError
from trainer.game.library_rows import BestResults, LibraryEntry, describe, library_entries
from trainer.library_index import Listing, analysed_path, discover, listing_key, read_index, write_index
from trainer.settings import Settings, load_settings, save_settings
from trainer.text_safety import visible

# The saves and the core load pydantic models: imported where first used (see `check_packs`),
# so that the library shows at once.
if TYPE_CHECKING:
    from trainer.game.keeper import PlayKeeper
    from trainer.game.play import PlaySession
    from trainer.game.practice import Plan, Practice
    from trainer.game.workshop import WorkshopSession
    from trainer.game.workshop_keeper import WorkshopKeeper
    from trainer.habits import Habits
    from trainer.loader import LoadedScenario
    from trainer.model import Scenario
    from trainer.room_server import RoomServer
    from trainer.saves import Profile, Run, SavedPlay, SaveStore
    from trainer.saves.models import SavedRoom, SavedWorkshop
    from trainer.start_at import StartAt
    from trainer.validation import LoadedPack

LIBRARY_CHECK_STATES = 20_000
"""States the background check of the library explores per scenario: enough for hand-written
scenarios (the built-in ones have under 7,000), small enough to stay quick. A larger scenario
is listed after the schema and rule checks, and checked in full when opened."""

WORKSHOPS_FOLDER = "workshops"

SAVE_SETTLE = 0.25
"""Seconds a save waits after a choice before it is written (at once when the game quits or
reads the saves): the screen draws the buyer's answer first, undisturbed by the writer's thread."""


class PackCheck(NamedTuple):
    """What the background check found: every pack loaded, and the player's best stars."""

    packs: list[LoadedPack]
    listing: Listing
    best: BestResults


class CannotPlay(NamedTuple):
    """Why a scenario cannot be played, in the player's words: a heading and the reasons."""

    heading: str
    reasons: list[str]


class CannotResume(TrainerError):
    """A saved play that cannot continue (it has been dropped); `str()` is for the player."""


class Game:
    """One player's game on one saves folder. `packs`: extra pack folders; `builtin`: also the
    built-in and installed packs; `best`: fixed best stars (tests), else read from the saves;
    `library_index`: where the listing is kept between launches (None: not kept)."""

    def __init__(
        self,
        saves: Path,
        *,
        packs: Sequence[Path] = (),
        builtin: bool = True,
        workshop: bool = False,
        budget: int | None = None,
        best: BestResults | None = None,
        library_index: Path | None = None,
        library_check_states: int = LIBRARY_CHECK_STATES,
        on_save_failure: Callable[[Exception], object] | None = None,
        on_sync_change: Callable[[], object] | None = None,
    ) -> None:
        """`on_save_failure`: called from the writer's thread when a queued save fails;
        `on_sync_change`: from the LRS sync's thread when the runs waiting to sync may have changed."""
        from trainer.game.lrs_sync import BackgroundSync
        from trainer.game.writer import SaveWriter

        self._writer = SaveWriter(on_failure=on_save_failure, settle=SAVE_SETTLE)
        self._written_when_failed = 0
        self.saves = saves
        self.pack_folders = list(packs)
        self.builtin = builtin
        self.workshop = workshop  # a facilitated session: no one player's play to save or resume
        self.budget = budget  # None: the solver's default
        self.library_index = library_index
        self.library_check_states = library_check_states
        self._closing = threading.Event()  # set by `close`: the background checks stop waiting
        self.settings: Settings = load_settings(saves)
        self.packs: list[LoadedPack] = []
        self.listing = Listing(())
        self._kept_listing: Listing | None = None  # what the library index holds
        self._fixed_best = best
        self.best: BestResults = best or {}
        self._lock = threading.RLock()
        self._store: SaveStore | None = None
        self._keeper: PlayKeeper | None = None
        self._workshop_keeper: WorkshopKeeper | None = None
        self.room_server: RoomServer | None = None  # the phones' voting room, while one is open
        self._save_failed = False
        self.checked = False  # the packs have been checked in the background (see `check_packs`)
        self.sync = BackgroundSync(saves, on_change=on_sync_change)  # runs to the player's LRS, if one is set
        self._practice: Practice | None = None
        self.drills_due = 0  # the current player's drills due today, once counted (see `count_drills`)

    # -- the saves and the player ----------------------------------------------------------
    @property
    def store(self) -> SaveStore:
        """The saves; opened on first use, from any thread."""
        with self._lock:
            if self._store is None:
                from trainer.saves import SaveStore

                self._store = SaveStore(self.saves)
            store = self._store
        self._writer.flush()  # what is read comes after the saves queued before
        return store

    @property
    def keeper(self) -> PlayKeeper:
        """Follows the play on screen and saves it (see `keep`)."""
        with self._lock:
            if self._keeper is None:
                from trainer.game.keeper import PlayKeeper

                self._keeper = PlayKeeper(self.store, self.store.current_profile(), self._writer)
            return self._keeper

    @property
    def profile(self) -> Profile:
        return self.keeper.profile

    @property
    def player(self) -> str:
        """Who is playing, once the saves are open ("" before: the first frame does not wait for them)."""
        return visible(self._keeper.profile.name) if self._keeper is not None else ""

    @property
    def runs_waiting_to_sync(self) -> int | None:
        """Runs of the player their LRS has not accepted yet; None without an LRS (or not known yet)."""
        return self.sync.waiting

    def take_notices(self) -> list[str]:
        """What the saves have to tell the player (a file moved aside), once."""
        return self.store.take_notices()

    def habits(self, profile_id: str) -> Habits:
        """What the progress screen shows of the player `profile_id` (slow with a long history:
        call it in a thread)."""
        from trainer.habits import habits

        return habits(self.store.summaries(profile_id))

    @property
    def practice(self) -> Practice:
        """Measures, drills and the next step (`trainer.game.practice`); made on first use."""
        with self._lock:
            if self._practice is None:
                from trainer.game.practice import Practice

                self._practice = Practice(lambda: self.store, lambda: self.packs, self.open)
            return self._practice

    def count_drills(self) -> int:
        """In a thread: make drills of the runs not yet drilled, and count those due today."""
        profile_id = self.profile.id
        with contextlib.suppress(OSError):  # the book cannot be written: the drills in it are still due
            self.practice.sync_drills(profile_id)
        self.drills_due = len(self.practice.drills_due(profile_id))
        return self.drills_due

    def plan(self, profile_id: str, habits: Habits) -> Plan:
        """The progress screen's next step for `profile_id` (slow: call it in a thread)."""
        library = [
            (pack_id, card.id, card.title, Path(card.path), card.difficulty)
            for pack in self.listing.packs
            for pack_id in [pack.id if pack.id is not None else pack.folder]
            for card in pack.scenarios
            if card.id is not None and card.playable and card.problem is None
        ]
        self.practice.sync_drills(profile_id)
        return self.practice.plan(profile_id, habits, library)

    def best_results(self) -> BestResults:
        if self._fixed_best is not None:
            return self._fixed_best
        return self.store.best_stars(self.profile.id)

    def switch_player(self, profile_id: str | None) -> Profile | None:
        """After the players dialog: play as `profile_id`; the new profile, or None when the
        player stays (read again: it may have been renamed). Raises `OSError`."""
        current = self.profile.id
        if profile_id is None or profile_id == current:
            self.keeper.profile = self.store.profile(current) or self.keeper.profile
            return None
        self.store.use_profile(profile_id)
        profile = self.store.profile(profile_id)
        assert profile is not None
        self.keeper.switch(profile)
        self.best = self.best_results()
        self.sync.refresh(self.keeper.store, profile, self.packs)
        return profile

    # -- settings --------------------------------------------------------------------------
    def change_settings(self, **changes: object) -> None:
        """Change the settings now and save them; raises `OSError` when they cannot be saved."""
        self.settings = self.settings.with_changes(**changes)
        save_settings(self.saves, self.settings)

    # -- the packs and the library ---------------------------------------------------------
    def first_listing(self) -> Listing:
        """The listing to show at once: the one kept by the last launch, else the cards the
        files claim (read without validating them; `check_packs` checks them)."""
        key = listing_key(self.pack_folders, builtin=self.builtin)
        listing = read_index(self.library_index, key) if self.library_index is not None else None
        self._kept_listing = listing
        if listing is None:  # a first launch: the card reader (and its TOML parser) loads only now
            from trainer.cards import read_listing

            listing = read_listing(self.pack_folders, builtin=self.builtin)
        self.listing = listing
        return listing

    def check_packs(self) -> PackCheck:
        """In a thread: open the saves, check every pack afresh, soft-locks included (the kept
        listing may be stale, and the first listing skipped the state-space checks); a scenario
        whose text passed the state-space checks at an earlier launch is not explored again
        (`trainer.analysed`, kept beside the listing)."""
        from trainer.analysed import AnalysedTexts

        kept = analysed_path(self.library_index) if self.library_index is not None else None
        analysed = AnalysedTexts(kept, self.library_check_states)
        packs, listing = discover(
            self.pack_folders,
            builtin=self.builtin,
            check_states=self.library_check_states,
            stop=self._closing,
            analysed=analysed,
        )
        if self._closing.is_set():  # the game is closing: the check will not be shown, nor the saves opened
            return PackCheck(packs, listing, {})
        analysed.save()
        self.keeper  # noqa: B018 - opens the saves and the player's profile, off the main thread
        return PackCheck(packs, listing, self.best_results())

    def take_check(self, check: PackCheck) -> list[str]:
        """Use what `check_packs` found; the warnings about the packs (e.g. two with one id)."""
        self.packs = check.packs
        self.best = check.best
        self.checked = True
        self.listing = check.listing
        if check.listing != self._kept_listing:
            self._keep_listing(check.listing)
        if not self.workshop:
            self.sync.refresh(self.keeper.store, self.keeper.profile, self.packs)
        return list(check.listing.warnings)

    def library_rows(self) -> list[LibraryEntry]:
        return library_entries(self.listing, self.best)

    def _keep_listing(self, listing: Listing) -> None:
        self._kept_listing = listing
        if self.library_index is not None:
            write_index(self.library_index, listing_key(self.pack_folders, builtin=self.builtin), listing)

    # -- opening and resuming --------------------------------------------------------------
    def open(self, path: Path, *, author: bool = False) -> LoadedScenario | CannotPlay:
        """Check and analyse a scenario file (slow: call it in a thread), or say why it cannot be
        played. For its `author` (`play FILE`), one whose only errors are the analysis's plays too."""
        from trainer.validation import load_scenario

        try:
            loaded = load_scenario(path) if self.budget is None else load_scenario(path, budget=self.budget)
        except Exception as error:  # noqa: BLE001 - whatever stops a file from opening is shown, and the game goes on
            return CannotPlay("This scenario could not be opened.", [str(error)])
        if not loaded.ok and not (author and loaded.replayable):
            return CannotPlay(f"{loaded.path.name} cannot be played:", [describe(d) for d in loaded.diagnostics if d.is_error])
        return loaded

    def recheck(self, path: Path) -> LoadedScenario:
        """Check and analyse a scenario file again (`play --watch`, slow: call it in a thread):
        whatever it holds, with its diagnostics (a file that cannot be read says so in them)."""
        from trainer.validation import load_scenario

        return load_scenario(path) if self.budget is None else load_scenario(path, budget=self.budget)

    def resume_offer(self) -> SavedPlay | None:
        """The play left unfinished, to offer at the start (none in a workshop: not one player's play)."""
        if self.workshop:
            return None
        return self.store.current_play(self.profile.id)

    def saved_play_at(self, path: Path) -> SavedPlay | None:
        """The unfinished play of the scenario at `path`, to offer when it is opened again."""
        play = self.resume_offer()
        if play is None or self.scenario_path(play) != path.resolve():
            return None
        return play

    def scenario_path(self, play: SavedPlay) -> Path | None:
        """Where the scenario of a saved play is now; None when it is no longer installed."""
        from trainer.saves import locate_scenario

        found = locate_scenario(play.scenario, self.packs)
        return found.resolve() if found is not None else None

    def drop(self, play: SavedPlay) -> None:
        """The player does not want to continue `play`: it is not offered again."""
        self.store.discard_play(self.profile.id, play.play_id)

    def cannot_resume(self, play: SavedPlay, reason: str) -> CannotResume:
        """Drop `play` and say why it cannot continue."""
        self.drop(play)
        return CannotResume(f'Your saved play of "{play.scenario.label}" cannot continue: {reason}.')

    def begin(
        self, loaded: LoadedScenario, resume: SavedPlay | None = None, *, world: str | None = None, at: StartAt | None = None
    ) -> PlaySession:
        """A new play of `loaded` (in `world` when given, else in a world drawn by weight; at `at`
        when an author starts anywhere), or `resume` played again on it, in its own world (raises
        `CannotResume`)."""
        from trainer.game.play import PlaySession
        from trainer.saves import CannotContinue, replay

        if at is not None and resume is None:
            return PlaySession.begin_at(loaded, at)
        session = PlaySession.begin(loaded, world if resume is None else None)
        session.real_call = self.real_call_for(session.scenario)
        if resume is None:
            return session
        try:
            replayed = replay(session.engine, resume)
        except CannotContinue as error:
            raise self.cannot_resume(resume, str(error)) from None
        real_call = session.real_call if resume.real_call is None else resume.real_call
        session = PlaySession(
            loaded, session.engine, replayed.start, replayed.steps, real_call=real_call,
            saw_meters=bool(replayed.steps) and not real_call,
        )
        self.keeper.adopt(session, resume)
        return session

    def real_call_for(self, scenario: Scenario) -> bool:
        """Whether a new play of `scenario` starts as a real call (the setting, by its difficulty).
        It takes the play's scenario, not the loaded file's: an author plays a file whose only
        errors come from the analysis, which has no validated model."""
        return self.settings.real_call_for(scenario.difficulty.value)

    # -- playing ---------------------------------------------------------------------------
    def keep(self, session: PlaySession) -> Run | None:
        """After a choice, a restart or a rewind: save the play; at an ending, record the run (once)
        and return it.
        The one place a play is written: the writes are queued, in order, on the save writer
        (`trainer.game.writer`); a failure comes back through `on_save_failure`.
        A play started from a state (`PlaySession.begin_at`: a drill, an author's playtest) is
        not a run of the scenario: it is neither saved nor recorded; nor is a play of a scenario
        played only for its author (its only errors the analysis's: `LoadedScenario.replayable`)."""
        if session.origin or session.loaded.replayable:
            return None
        if self._writer.written > self._written_when_failed:
            self._save_failed = False  # a save was written since the last failure
        run = self.keeper.keep(session)
        if run is not None and self._fixed_best is None:
            # in memory: reading the saves again would wait for this run's write on the player's key
            from trainer.saves.store import record_best

            best = dict(self.best)
            record_best(best, run.scenario.key, run.stars)
            self.best = best
        if run is not None and not self.workshop:
            self.sync.after_run(self.keeper.store, self.keeper.profile, run, session.debrief, self.packs)  # on its own thread
        return run

    def save_failed(self, error: Exception) -> str | None:
        """A queued save failed: what to tell the player (once while saves keep failing)."""
        self._written_when_failed = self._writer.written
        first, self._save_failed = not self._save_failed, True
        if not first:
            return None
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        return f"Your progress is not being saved: {visible(str(reason))}."

    def close(self) -> None:
        """Stop the voting room, write every queued save, then stop the writer (on every way out of the
        game). The LRS sync is not waited for: what it has not sent stays in the outbox; nor is
        the packs' background check (`check_packs`): its findings would not be shown."""
        self._closing.set()
        self.close_room()
        self.sync.close()
        self._writer.close()

    def export(self, session: PlaySession) -> Path:
        """The finished run of `session` as Markdown in `<saves>/exports/`; its path.
        Raises `ExportError` (why not, for the player) or `OSError`."""
        return self.keeper.export(session)

    # -- workshops ---------------------------------------------------------------------------
    @property
    def workshop_keeper(self) -> WorkshopKeeper:
        from trainer.game.workshop_keeper import WorkshopKeeper

        if self._workshop_keeper is None:
            self._workshop_keeper = WorkshopKeeper(self.store, self._writer)
        return self._workshop_keeper

    def keep_workshop(self, session: WorkshopSession) -> None:
        """After a vote, a step, a rewind or a reveal: queue the session's save (crash-safe)."""
        from trainer.game.workshop_keeper import saved_workshop

        if not any(path.steps for path in session.paths) and not any(session.keypad) and session.room is None:
            return  # nothing to lose yet
        self.workshop_keeper.keep(saved_workshop(session))

    def open_room(self, session: WorkshopSession, host: str, port: int, saved: SavedRoom | None = None) -> str:
        """Serve the phones' voting room for `session` on `host:port` (`saved`: the room of a
        resumed session, its code and phones); the URL phones open. Raises `OSError`."""
        from trainer.game.room import VotingRoom
        from trainer.room_server import RoomServer

        self.close_room()
        room = VotingRoom()
        if saved is not None:
            room.code = saved.code
        server = RoomServer(room, host, port)
        url = server.start()
        self.room_server = server
        session.open_room(room)
        if saved is not None:
            room.restore(saved.code, saved.tokens, saved.ballots)
        return url

    def close_room(self) -> None:
        """Stop the voting room, if one is open (its phones' page says so)."""
        server, self.room_server = self.room_server, None
        if server is not None:
            server.stop()

    def workshop_offer(self) -> SavedWorkshop | None:
        """The workshop session left by a quit or a crash, to offer back (only in a workshop)."""
        return self.workshop_keeper.offer() if self.workshop else None

    def drop_workshop(self, saved: SavedWorkshop) -> None:
        self.workshop_keeper.drop(saved.session_id)

    def workshop_scenario(self, saved: SavedWorkshop) -> Path | None:
        """Where the scenario of a saved workshop session is now; None when it is gone."""
        from trainer.saves import locate_scenario

        found = locate_scenario(saved.scenario, self.packs)
        return found.resolve() if found is not None else None

    def resume_workshop(self, loaded: LoadedScenario, saved: SavedWorkshop) -> WorkshopSession:
        """The saved session replayed on `loaded` (raises `CannotResume`, having dropped it)."""
        from trainer.engine import Engine
        from trainer.game.workshop_keeper import restore_workshop
        from trainer.saves import CannotContinue

        assert loaded.compiled is not None
        try:
            session = restore_workshop(Engine(loaded.compiled), loaded.analysis, saved)
        except CannotContinue as error:
            self.drop_workshop(saved)
            raise CannotResume(f"The workshop on {saved.scenario.label} cannot be resumed: {error}.") from None
        session.scenario_file = loaded.path
        return session

    @property
    def workshop_summaries(self) -> Path:
        """Where a facilitator's workshop summaries go: `<saves>/workshops/`."""
        return self.saves / WORKSHOPS_FOLDER

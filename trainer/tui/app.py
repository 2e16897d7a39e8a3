"""The game's Textual app: holds one `Game`, routes the screens' messages to it, shows the result.

A key press becomes a message (`trainer.tui.messages`) from a screen; the app hands it to the
`Game` (`trainer.game.game`), which plays and saves; app-wide changes go out as signals
(`trainer.tui.signals`) that the screens subscribe to.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.markup import escape as escape_markup
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.theme import Theme

from trainer.errors import TrainerError
from trainer.game.game import LIBRARY_CHECK_STATES, CannotPlay, CannotResume, Game
from trainer.game.library_rows import BestResults
from trainer.text_safety import visible
from trainer.tui.collector import resume_after_start
from trainer.tui.messages import (
    ChoiceMade,
    DrillsCounted,
    ExportRun,
    FilesChanged,
    OpenRoom,
    OpenScenario,
    PlayFrom,
    ProgressLoaded,
    SaveFailed,
    ScenarioLoaded,
    ScenarioRechecked,
    ShowDebrief,
    StartDrills,
    SyncChanged,
    WarmedUp,
    WorkshopChanged,
)
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.signals import GameSignals
from trainer.tui.themes import DEFAULT, PROJECTOR, THEMES, next_theme

# Only what the library needs is imported up front; the core, the saves and the other
# screens load pydantic models and are imported where used, or by `warm_up` in a thread.
if TYPE_CHECKING:
    from trainer.game.play import PlaySession
    from trainer.game.room import RoomPlace
    from trainer.loader import LoadedScenario
    from trainer.saves import SavedPlay
    from trainer.saves.models import SavedRoom, SavedWorkshop
    from trainer.start_at import StartAt
    from trainer.tui.screens.confirm import ConfirmScreen
    from trainer.tui.screens.play import PlayScreen
    from trainer.tui.screens.workshop import WorkshopScreen
    from trainer.tui.watch import Watcher


@cache
def screen_style_sheets() -> tuple[Path, ...]:
    """The screens' style sheets (`trainer/tui/screens/*.tcss`), as Textual names them (resolved);
    looked for once (each warm-up asks, and `--watch` warms up again on every pack change)."""
    return tuple(sorted(sheet.resolve() for sheet in (Path(__file__).parent / "screens").glob("*.tcss")))


class TrainerApp(App[int]):
    """`packs`: extra pack folders; `builtin`: also list the built-in pack (off in tests);
    `library_index`: where the library listing is kept between launches (None: not kept)."""

    _theme_chosen = False  # see `get_css_variables`
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
        open_world: str | None = None,
        workshop: bool = False,
        room: RoomPlace | None = None,
        budget: int | None = None,
        best: BestResults | None = None,
        library_index: Path | None = None,
        library_check_states: int = LIBRARY_CHECK_STATES,
        open_at: StartAt | None = None,
        author: bool = False,
        watch: bool = False,
    ) -> None:
        super().__init__()
        self.game = Game(
            saves,
            on_save_failure=lambda error: self.post_message(SaveFailed(error)),
            on_sync_change=lambda: self.post_message(SyncChanged()),
            packs=packs,
            builtin=builtin,
            workshop=workshop,
            budget=budget,
            best=best,
            library_index=library_index,
            library_check_states=library_check_states,
        )
        self.open_file = open_file
        self.open_world = open_world  # `play FILE --world ID`: the plays of that file face this buyer
        self.open_at = open_at  # `play FILE --at NODE ...`: where the plays of that file start
        self.author = author  # `play FILE --author`: the author view open
        self.watching = watch  # `--watch`: the file played (and the library's packs) checked again on every save
        self.watcher: Watcher | None = None
        self.room = room  # `--room`: every workshop session opens the phones' voting room (here)
        self.signals = GameSignals(self)
        self.library: LibraryScreen | None = None  # the bottom screen, once made
        self.stage: PlayScreen | WorkshopScreen | None = None  # the scenario on screen, if any
        for theme in THEMES:
            self.register_theme(theme)
        chosen = self.game.settings.theme if self.game.settings.theme in self.available_themes else DEFAULT.name
        self._start_with_theme(PROJECTOR.name if workshop else chosen)  # a workshop's is for this session only

    def _start_with_theme(self, name: str) -> None:
        """Use the theme `name` from the first frame. Assigning `theme` runs Textual's watcher,
        which parses every style sheet again once the app runs (measured: 10-20 ms before the
        first frame); before any style sheet is read, the watcher's work is this."""
        self.set_reactive(App.theme, name)
        self._theme_chosen = True
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.update_classes({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's style variables; none for the style sheet `App.__init__` makes before the
        game's theme is chosen (`_start_with_theme` sets them: made twice, they cost 2 ms of the start)."""
        return super().get_css_variables() if self._theme_chosen else {}

    def _fatal_error(self) -> None:
        """An unexpected error: leave the terminal clean, with no traceback on screen.
        `trainer.tui.launch.run_app` writes the report and tells the player in one line."""
        self.bell()
        self._close_messages_no_wait()

    def get_default_screen(self) -> LibraryScreen:
        """The library is the bottom screen, shown at once from the kept listing when there is one."""
        self.game.first_listing()
        self.library = LibraryScreen(self.game, self.signals, opening=self.open_file is not None)  # `play FILE`: it opens once the packs are checked
        return self.library

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        self.call_after_refresh(self._started)  # after the first frame: the library first

    # -- start-up --------------------------------------------------------------------------
    def _started(self) -> None:
        """After the first frame: the collector back on, then the warm-up (`play FILE` first)."""
        resume_after_start()
        self.warm_up(self.open_file if not self.game.workshop else None)

    @work(thread=True, exit_on_error=False, exclusive=True, group="warm-up")
    def warm_up(self, first: Path | None = None) -> None:
        """In a thread: open `first` (`play FILE`) when it can open at once (see `_opens_first`);
        then check every pack afresh and open the saves (see `Game.check_packs`)."""
        opened = False
        if first is not None and self._opens_first(first):
            self.post_message(ScenarioLoaded(first, self.game.open(first, author=True)))
            opened = True
        try:
            check = self.game.check_packs()
        except Exception as error:  # noqa: BLE001 - the library stays as it is, and says so
            self.post_message(WarmedUp(None, str(error), opened=opened))
            return
        self.post_message(WarmedUp(check, opened=opened))

    def _opens_first(self, path: Path) -> bool:
        """`play FILE` opens the file before the packs are checked (a second or more) unless a
        saved play might be its own: which scenario a saved play is needs the packs, and its
        question comes first. `--at` starts anew, whatever is saved."""
        if self.open_at is not None:
            return True
        try:
            return self.game.resume_offer() is None
        except Exception:  # noqa: BLE001 - the saves cannot be read: the usual way says why
            return False

    @on(WarmedUp)
    def _warmed_up(self, message: WarmedUp) -> None:
        """Refresh the library with what the warm-up found, then resume or open the file."""
        self._read_screen_styles()
        if message.check is not None:
            for warning in self.game.take_check(message.check):  # e.g. two packs with one id
                self.notify(warning, title="Packs", severity="warning", timeout=12, markup=False)
        else:
            self.notify(f"Could not load everything: {message.error}", severity="error", markup=False)
        self.signals.packs_checked.publish(None)
        if not self.game.workshop:
            self._count_drills()
        if self.watching and self.watcher is None:
            self._start_watching()
        if message.check is not None and self.watcher is not None and self.watcher.reloading:
            self.watcher.reloading = False  # a pack changed: the library is shown again, nothing opened
            return
        if message.opened:  # `play FILE`: its play began before the check
            return
        if self.open_file is not None:
            self.open_scenario(self.open_file)
        else:
            self.offer_resume()

    def _read_screen_styles(self) -> None:
        """Every screen's style sheet, read at once after the warm-up (while the player looks at
        the library). Textual reads a screen's sheet when the screen is first shown, then parses
        every sheet again and restyles every widget: 44-66 ms more for the first play, debrief or
        dialog. Read here together, that happens once, and before the player waits on it."""
        new = [sheet for sheet in screen_style_sheets() if not self.stylesheet.has_source(str(sheet), "")]
        if new:
            for sheet in new:
                self.stylesheet.read(sheet)
            self.stylesheet.reparse()
            self.stylesheet.update(self)

    def _show_notices(self, notices: Iterable[str] | None = None) -> None:
        for notice in self.game.take_notices() if notices is None else notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)

    # -- resuming and opening --------------------------------------------------------------
    @work(exclusive=True, group="open")
    async def offer_resume(self) -> None:
        """At start (or after switching player): offer to continue the saved play, if any (in a
        workshop: the workshop session left by a quit or a crash)."""
        if self.game.workshop:
            await self._offer_workshop()
            return
        play = self.game.resume_offer()
        self._show_notices()
        if play is None:
            return
        question = f'Continue your play of "{play.scenario.label}" where you left off (step {len(play.steps) + 1})?'
        if not await self._confirmed(question):
            self.game.drop(play)
            return
        path = self.game.scenario_path(play)
        if path is None:
            self._cannot_resume(self.game.cannot_resume(play, "the scenario is no longer installed"))
            return
        self._load(path, play)

    async def _offer_workshop(self, path: Path | None = None) -> bool:
        """Offer the workshop session left unfinished (only the one of `path`, when given); True
        when it is being resumed."""
        saved = self.game.workshop_offer()
        self._show_notices()
        if saved is None:
            return False
        where = self.game.workshop_scenario(saved)
        if path is not None and where != path.resolve():
            return False
        played = saved.steps_played
        question = (
            f'Resume the workshop on "{saved.scenario.label}" where the room left it '
            f"(path {saved.current}, {played} step{'' if played == 1 else 's'} played, {len(saved.paths)} "
            f"path{'' if len(saved.paths) == 1 else 's'})? No starts afresh."
        )
        if not await self._confirmed(question):
            self.game.drop_workshop(saved)
            return False
        if where is None:
            self.game.drop_workshop(saved)
            self.notify(f"The workshop on {saved.scenario.label} cannot be resumed: the scenario is no longer installed.", severity="warning", timeout=10)
            return False
        self._load(where, None, saved)
        return True

    @on(OpenScenario)
    def _open_picked(self, message: OpenScenario) -> None:
        self.open_scenario(message.path)

    @work(exclusive=True, group="open")
    async def open_scenario(self, path: Path) -> None:
        """Play the scenario at `path`; when it has a saved play (or, in a workshop, a saved session),
        ask first whether to continue it (not when the author starts it anywhere: `play --at`)."""
        if self.game.workshop and await self._offer_workshop(path):
            return
        play = self.game.saved_play_at(path) if not (self.open_at is not None and path == self.open_file) else None
        if play is not None:
            question = f"Continue where you left off (step {len(play.steps) + 1})? No starts afresh."
            if not await self._confirmed(question):
                self.game.drop(play)
                play = None
        self._load(path, play)

    def _load(self, path: Path, resume: SavedPlay | None, workshop: SavedWorkshop | None = None) -> None:
        if self.library is not None:
            self.library.set_loading(True)
        self._check_scenario(path, resume, workshop)

    @work(thread=True, exit_on_error=False, exclusive=True, group="check")
    def _check_scenario(self, path: Path, resume: SavedPlay | None, workshop: SavedWorkshop | None = None) -> None:
        """In a thread: check and analyse the scenario (see `Game.open`)."""
        self.post_message(ScenarioLoaded(path, self.game.open(path, author=path == self.open_file), resume, workshop))

    @on(ScenarioLoaded)
    def _loaded(self, message: ScenarioLoaded) -> None:
        from trainer.tui.screens.problems import ProblemsScreen

        if self.library is not None:
            self.library.set_loading(False)
        opened = message.opened
        if isinstance(opened, CannotPlay):
            self.push_screen(ProblemsScreen(opened.heading, opened.reasons))
            return
        if message.workshop is not None:
            self._resume_workshop(opened, message.workshop)
            return
        own = self.open_file is not None and message.path == self.open_file  # the author's file
        try:
            world = self.open_world if own else None
            session = self.game.begin(opened, message.resume, world=world, at=self.open_at if own else None)
        except CannotResume as reason:
            self._cannot_resume(reason)
            return
        except TrainerError as error:  # a start (--at, --world) this version does not have
            self.notify(str(error), severity="error", timeout=10, markup=False)
            session = self.game.begin(opened)
        if message.resume is not None and session.ended:
            self._keep(session)
        self.play(session)

    def _resume_workshop(self, loaded: LoadedScenario, saved: SavedWorkshop) -> None:
        from trainer.game.play import PlaySession
        from trainer.tui.screens.workshop import WorkshopScreen

        try:
            session = self.game.resume_workshop(loaded, saved)
        except CannotResume as reason:
            self._cannot_resume(reason)
            return
        play = PlaySession(loaded, session.engine, session.start)
        screen = WorkshopScreen(play, summaries=self.game.workshop_summaries, session=session)
        self._stage(screen)
        if saved.room is not None or self.room is not None:
            self.call_later(lambda: self._open_room(screen, saved.room))

    @on(OpenRoom)
    def _open_room_asked(self, message: OpenRoom) -> None:
        stage = self._workshop_stage()
        if stage is not None and stage.session is message.session:
            self._open_room(stage)

    def _open_room(self, screen: WorkshopScreen, saved: SavedRoom | None = None) -> None:
        """Start the phones' voting room for the workshop on `screen` (see `Game.open_room`)."""
        from trainer.game.room import RoomPlace
        from trainer.listening import in_use_message

        place = self.room or RoomPlace()
        try:
            url = self.game.open_room(screen.session, place.host, place.port, saved)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                problem = in_use_message("--room", place.host, place.port, "--room-port")
            else:
                problem = f"The voting room could not start on {place.host}:{place.port}: {error.strerror or error}"
            self.notify(problem, severity="error", timeout=12, markup=False)
            return
        screen.room_opened(url, place.host)

    @on(WorkshopChanged)
    def _workshop_changed(self, message: WorkshopChanged) -> None:
        self.game.keep_workshop(message.session)

    def _cannot_resume(self, reason: CannotResume) -> None:
        self.notify(str(reason), severity="warning", timeout=10, markup=False)

    # -- playing ---------------------------------------------------------------------------
    def play(self, session: PlaySession) -> None:
        """Leave whatever is open for a play screen on `session` (reusing the one of its scenario)."""
        from trainer.tui.screens.play import PlayScreen

        stage = self.stage
        if self.game.workshop:
            from trainer.tui.screens.workshop import WorkshopScreen

            if isinstance(stage, WorkshopScreen) and stage.session.engine is session.engine:
                stage.pop_until_active()
                stage.continue_from(session)
                return
            workshop = WorkshopScreen(session, summaries=self.game.workshop_summaries)
            self._stage(workshop)
            if self.room is not None:  # `--room`: the phones vote from the first decision
                self.call_later(lambda: self._open_room(workshop))
            return
        if isinstance(stage, PlayScreen) and stage.session.loaded is session.loaded:
            stage.pop_until_active()
            self._keep(session)
            stage.replace_session(session)
            return
        screen = PlayScreen(session, coach=self.game.settings.coach_mode, signals=self.signals, author=self.author)
        self._stage(screen)
        if session.loaded.replayable:
            screen.call_after_refresh(self._mark_analysis_errors, screen)

    def _stage(self, screen: PlayScreen | WorkshopScreen) -> None:
        """Show `screen` over the library (once what was over it has gone)."""
        self._to_library(then=lambda: self.push_screen(screen))
        self.stage = screen

    @on(PlayFrom)
    def _play_from(self, message: PlayFrom) -> None:
        self.play(message.session)

    @on(ChoiceMade)
    def _choice_made(self, message: ChoiceMade) -> None:
        self._keep(message.session)

    def _keep(self, session: PlaySession) -> None:
        """Save the play (see `Game.keep`: the writes are queued) and tell the screens of a run recorded."""
        run = self.game.keep(session)
        if run is not None:
            self.call_after_refresh(lambda: self.signals.run_recorded.publish(run))  # once the ending is on screen
            self.call_after_refresh(self._count_drills)  # its turning points become drills

    @on(SyncChanged)
    def _sync_changed(self, _: SyncChanged) -> None:
        self.signals.sync_changed.publish(None)

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        problem = self.game.save_failed(message.error)
        if problem is not None:
            self.notify(problem, severity="error", markup=False)

    def on_unmount(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()
        unkept = self._take_unkept()
        if unkept is not None:
            self.game.keep(unkept)  # a choice made just before the way out
        self.game.close()

    def _take_unkept(self) -> PlaySession | None:
        """The play on stage, if its last choice has not been passed on to be kept yet: the play
        screen passes it on after the frame with the buyer's line, which a play closed at once
        (a choice, then escape or quit in the same moment) never draws. Taken from the screen."""
        if "trainer.tui.screens.play" not in sys.modules:
            return None
        from trainer.tui.screens.play import PlayScreen

        stage = self.stage
        if not isinstance(stage, PlayScreen):
            return None
        session, stage.unkept = stage.unkept, None
        return session

    # -- for authors: play --watch ------------------------------------------------------------
    def _mark_analysis_errors(self, screen: PlayScreen) -> None:
        """A scenario played only because its author asked (`play FILE`): its errors stay on top."""
        from trainer.wording import ANALYSIS_ONLY

        errors = [d.render() for d in screen.session.loaded.diagnostics if d.is_error]
        screen.show_problems(ANALYSIS_ONLY[:1].upper() + ANALYSIS_ONLY[1:] + ":", errors, error=True)

    def _start_watching(self) -> None:
        """Watch the file played and every pack folder (see `trainer.tui.watch`)."""
        from trainer.tui.watch import Watcher

        files = [self.open_file] if self.open_file is not None else []
        self.watcher = Watcher(self, files, [pack.path for pack in self.game.packs])
        self.watcher.start()

    @on(FilesChanged)
    def _files_changed(self, message: FilesChanged) -> None:
        if self.open_file is not None and self.open_file.resolve() in message.paths:
            self._recheck(self.open_file)
        if any(path.suffix == ".toml" and path != (self.open_file and self.open_file.resolve()) for path in message.paths):
            assert self.watcher is not None
            self.watcher.reloading = True
            self.warm_up()  # the library checks its packs again and shows them

    @work(thread=True, exit_on_error=False, exclusive=True, group="recheck")
    def _recheck(self, path: Path) -> None:
        """In a thread: check the saved file again (see `Game.recheck`)."""
        self.post_message(ScenarioRechecked(path, self.game.recheck(path)))

    @on(ScenarioRechecked)
    def _rechecked(self, message: ScenarioRechecked) -> None:
        """A playable version replays the play on it; another shows why over the play, which goes on."""
        from trainer.game.live import replay_on
        from trainer.tui.screens.play import PlayScreen

        stage = self.stage
        if not isinstance(stage, PlayScreen):
            if not self.game.workshop:
                self.open_scenario(message.path)
            return
        loaded = message.loaded
        if not (loaded.ok or loaded.replayable):
            errors = [d.render() for d in loaded.diagnostics if d.is_error]
            stage.show_problems(
                f"{message.path.name} cannot be played as saved; you play the version before. Fix and save:",
                errors,
                error=True,
            )
            return
        replayed = replay_on(stage.session, loaded)
        stage.pop_until_active()
        stage.replace_session(replayed.session)
        self._keep(replayed.session)
        if loaded.replayable:
            self._mark_analysis_errors(stage)
        elif replayed.divergence is not None:
            stage.show_problems("Reloaded; the replay went another way:", [replayed.divergence], error=False)
        else:
            stage.clear_problems()
        done = f"{replayed.replayed} of {replayed.wanted} choices replayed" if replayed.wanted else "no choice to replay"
        self.notify(f"Reloaded {message.path.name}: {done}.", timeout=4, markup=False)

    @on(ShowDebrief)
    def _show_debrief(self, message: ShowDebrief) -> None:
        from trainer.tui.screens.debrief import DebriefScreen

        self.push_screen(DebriefScreen(message.session))

    @on(ExportRun)
    def _export_run(self, message: ExportRun) -> None:
        self.export_run(message.session)

    def export_run(self, session: PlaySession) -> None:
        """The finished run as Markdown in `<saves>/exports/`."""
        from trainer.game.keeper import ExportError

        try:
            path = self.game.export(session)
        except ExportError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        except OSError as error:
            self.notify(f"Not exported: {error.strerror or error}.", severity="error", markup=False)
            return
        self.notify(f"Transcript written to {path}", timeout=10, markup=False)

    def _to_library(self, then: Callable[[], object] | None = None) -> None:
        """Back to the library: whatever was on top of it is closed; then `then`. (The screens
        go after the current message, so anything pushed meanwhile would go with them.)"""
        unkept = self._take_unkept()
        if unkept is not None:
            self._keep(unkept)
        self.stage = None
        self.game.close_room()  # the session has ended: its phones' room with it
        if self.library is not None:
            self.library.pop_until_active()
        if then is not None:
            self.call_later(then)

    def _play_in_progress(self) -> bool:
        return self.stage is not None and self.stage.in_progress

    def _confirm_screen(self, question: str) -> ConfirmScreen:
        """A yes/no question (its screen is loaded when first asked, not before the first frame)."""
        from trainer.tui.screens.confirm import ConfirmScreen

        return ConfirmScreen(question)

    async def _confirmed(self, question: str) -> bool:
        return bool(await self.push_screen_wait(self._confirm_screen(question)))

    def _after_confirm(self, question: str, then: Callable[[], None]) -> None:
        """Run `then` now, or after a yes when a play would be lost."""
        if not self._play_in_progress():
            then()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.push_screen(self._confirm_screen(question), answered)

    # -- actions ---------------------------------------------------------------------------
    async def action_quit(self) -> None:
        if self._leaving_workshop("Quit the workshop?", lambda: self.exit(0)):
            return
        self._after_confirm("Quit in the middle of a play? It is saved: you can continue it next time.", lambda: self.exit(0))

    def action_library(self) -> None:
        if self._leaving_workshop("Leave the workshop for the library?", self._to_library):
            return
        self._after_confirm("Leave this play for the library? It is saved: open the scenario again to continue.", self._to_library)

    def _workshop_stage(self) -> WorkshopScreen | None:
        """The workshop screen on stage, if that is what is open. A workshop screen exists only
        once its module is loaded, so a game that never opened one does not load it to ask (`q`,
        escape, a play opened, the command palette)."""
        if "trainer.tui.screens.workshop" not in sys.modules:
            return None
        from trainer.tui.screens.workshop import WorkshopScreen

        return self.stage if isinstance(self.stage, WorkshopScreen) else None

    def _leaving_workshop(self, question: str, then: Callable[[], None]) -> bool:
        """In a workshop with something played: ask whether to save the summary first, leave, or
        stay (the session is kept either way); True when asked."""
        stage = self._workshop_stage()
        if stage is None or not stage.in_progress:
            return False
        from trainer.tui.screens.leave_workshop import LeaveWorkshopScreen, Leaving

        def answered(answer: Leaving | None) -> None:
            if answer == "save" and not stage.save_summary():
                return  # not saved (and said why): stay
            if answer is not None:
                then()

        self.push_screen(LeaveWorkshopScreen(question), answered)
        return True

    def action_help(self) -> None:
        from trainer.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_coach(self) -> None:
        coach = not self.game.settings.coach_mode
        self._change_settings(coach_mode=coach)
        self.signals.coach.publish(coach)
        state = "on: the coach comments right after each choice" if coach else "off: feedback waits for the debrief"
        self.notify(f"Coach mode {state}.", timeout=3)

    def action_toggle_workshop(self) -> None:
        """Workshop mode on or off; a scenario on screen moves to the other layout, where it is."""
        from trainer.tui.screens.play import PlayScreen

        self.game.workshop = not self.game.workshop
        stage = self.stage
        if stage is not None:
            self.play(stage.session if isinstance(stage, PlayScreen) else stage.play_session())
        state = "on: the projector layout with room votes" if self.game.workshop else "off"
        self.notify(f"Workshop mode {state}.", timeout=3)

    def action_switch_theme(self) -> None:
        self.theme = next_theme(self.theme)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.game.settings.theme:
            self._change_settings(theme=theme.name)

    def _change_settings(self, **changes: object) -> None:
        try:
            self.game.change_settings(**changes)
        except OSError as error:
            self.notify(f"Settings not saved: {error.strerror or error}", severity="warning", markup=False)

    def action_progress(self) -> None:
        from trainer.tui.screens.progress import ProgressScreen

        if isinstance(self.screen, ProgressScreen):
            return
        profile_id = self.game.profile.id
        self.push_screen(ProgressScreen(self.game.player, profile_id))
        self._load_progress(profile_id)

    @work(thread=True, exit_on_error=False, exclusive=True, group="progress")
    def _load_progress(self, profile_id: str) -> None:
        """In a thread: the player's habits across their history (see `Game.habits`)."""
        try:
            found = self.game.habits(profile_id)
        except Exception as error:  # noqa: BLE001 - the progress screen says so, the game goes on
            self.post_message(ProgressLoaded(profile_id, None, f"Your runs could not be read: {error}"))
            return
        try:
            plan = self.game.plan(profile_id, found)
        except Exception:  # noqa: BLE001 - the figures from the saves alone still show
            plan = None
        self.post_message(ProgressLoaded(profile_id, found, plan=plan))

    @on(ProgressLoaded)
    def _progress_loaded(self, message: ProgressLoaded) -> None:
        from trainer.tui.screens.progress import ProgressScreen

        self._show_notices()
        for screen in self.screen_stack:
            if isinstance(screen, ProgressScreen) and screen.profile_id == message.profile_id and screen.habits is None:
                screen.show(message.habits, visible(message.error or "", lines=True), plan=message.plan)

    @on(StartDrills)
    def _start_drills(self, message: StartDrills) -> None:
        self.action_drills()

    def action_drills(self) -> None:
        """The drills due today, one after another (none due: said so)."""
        self._count_drills(start=True)

    @work(thread=True, exit_on_error=False, exclusive=True, group="drills")
    def _count_drills(self, start: bool = False) -> None:
        """In a thread: make drills of new runs and count those due (see `Game.count_drills`)."""
        try:
            self.game.count_drills()
        except Exception:  # noqa: BLE001 - no count: the library shows none, the game goes on
            return
        self.post_message(DrillsCounted(start))

    @on(DrillsCounted)
    def _drills_counted(self, message: DrillsCounted) -> None:
        from trainer.tui.screens.drills import DrillScreen

        if self.library is not None:
            self.library.game_changed()
        if not message.start:
            return
        due = self.game.practice.drills_due(self.game.profile.id)
        if not due:
            self.notify("No drills due today: finish a run, and its turning points come back as drills.", markup=False)
            return
        if not isinstance(self.screen, DrillScreen):
            self.push_screen(DrillScreen(self.game.practice, self.game.profile.id, due), self._drills_closed)

    def _drills_closed(self, _: None) -> None:
        self._count_drills()

    def action_profiles(self) -> None:
        from trainer.tui.screens.profiles import ProfileScreen

        if not isinstance(self.screen, ProfileScreen):
            self.push_screen(ProfileScreen(self.game.store, self.game.profile.id), self._profile_chosen)

    def _profile_chosen(self, profile_id: str | None) -> None:
        from trainer.tui.screens.progress import ProgressScreen

        try:
            profile = self.game.switch_player(profile_id)
        except OSError as error:
            self.notify(f"Could not switch player: {error.strerror or error}.", severity="error", markup=False)
            return
        self.signals.player.publish(self.game.profile)
        if profile is not None:
            self.notify(f"Playing as {profile.name}.", timeout=3, markup=False)
        if isinstance(self.screen, ProgressScreen):  # shown again, for the player now playing
            self.pop_screen()
            self.action_progress()
            if profile is not None:
                self.offer_resume()
        elif profile is not None:
            self._to_library(then=self.offer_resume)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notice obeys the terminal-safety rule (`trainer.text_safety.visible`) and is
        plain text unless a caller asks for markup: notices carry file names, player names and
        scenario text."""
        super().notify(visible(message, lines=True), title=visible(title), severity=severity, timeout=timeout, markup=markup)

    # -- the command palette ---------------------------------------------------------------
    def action_command_palette(self) -> None:
        """Textual's palette, with the guards of the game's screens (`trainer.tui.screens.palette`)."""
        from trainer.tui.screens.palette import GamePalette

        if self.use_command_palette and not isinstance(self.screen, GamePalette):
            self.push_screen(GamePalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from trainer.tui.screens.debrief import DebriefScreen
        from trainer.tui.screens.play import PlayScreen

        yield from super().get_system_commands(screen)
        yield SystemCommand("Choose scenario", "Back to the scenario library", self.action_library)
        play = self.stage if isinstance(self.stage, PlayScreen) else None
        if play is not None:
            session = play.session
            yield SystemCommand("Restart scenario", "Play this scenario again from the start", lambda: self.play(session.restarted()))
            yield SystemCommand("Debrief", "Review the play so far", lambda: self.post_message(ShowDebrief(session)))
        workshop_stage = self._workshop_stage()
        if workshop_stage is not None:  # every workshop action
            for title, help, callback in workshop_stage.commands():
                yield SystemCommand(title, help, callback)
        yield SystemCommand("Switch theme", "Default, high contrast or projector", self.action_switch_theme)
        workshop = "off" if self.game.workshop else "on"
        yield SystemCommand(f"Workshop mode {workshop}", "Projector layout, room votes, reveal, rewind and compare", self.action_toggle_workshop)
        coach = "off" if self.game.settings.coach_mode else "on"
        yield SystemCommand(f"Coach mode {coach}", "Feedback right after each choice, or in the debrief", self.action_toggle_coach)
        yield SystemCommand("Progress", "Your runs, best stars and habits across runs", self.action_progress)
        yield SystemCommand("Switch player", f"Playing as {escape_markup(self.game.player)}: switch, add or rename players", self.action_profiles)
        if isinstance(screen, DebriefScreen):
            finished = screen.session
            yield SystemCommand("Export transcript", "This run as Markdown with its debrief, for a coach", lambda: self.export_run(finished))
        yield SystemCommand("Help", "Every key", self.action_help)

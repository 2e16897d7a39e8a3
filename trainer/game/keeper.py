"""The game's saving, as the screens see it: headless (no Textual here).

`PlayKeeper` follows the play on screen: after every choice it saves the play
in progress, and when the play reaches an ending it records the run (once).
A restart or a rewind is a new play with a new id; a resumed play keeps its id.

With a `SaveWriter`, the writes are queued in order on the writer's thread, so a
choice never waits for the disk: what the play is at that moment is copied, and
the writer builds and writes the save (`flush` waits for it; a failure goes to the
writer's `on_failure`). Without one, each write is done at once and raises `OSError`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from trainer.atomic import write_atomic
from trainer.errors import TrainerError
from trainer.game.play import PlaySession
from trainer.game.writer import Job, SaveWriter
from trainer.saves import Profile, Run, SavedPlay, SaveStore, ScenarioRef, finished_run, saved_play, scenario_ref
from trainer.saves.models import now
from trainer.saves.store import new_play_id
from trainer.transcript import RunDebrief, run_transcript

EXPORTS_FOLDER = "exports"


class ExportError(TrainerError):
    """Why a play cannot be exported (yet); `str()` is for the player."""


class PlayKeeper:
    def __init__(self, store: SaveStore, profile: Profile, writer: SaveWriter | None = None) -> None:
        self.store = store
        self.profile = profile
        self.writer = writer
        self._session: PlaySession | None = None
        self._ref: ScenarioRef | None = None
        self._play_id = ""
        self._started: datetime | None = None
        self.last_run: Run | None = None  # the run recorded for the session followed now

    def switch(self, profile: Profile) -> None:
        """Follow another player's saves (the play on screen is no longer followed)."""
        self.profile = profile
        self._session = None
        self.last_run = None

    def adopt(self, session: PlaySession, play: SavedPlay) -> None:
        """Follow a resumed play: the same play id, so its run is one record."""
        self._follow(session)
        self._play_id, self._started = play.play_id, play.started

    def keep(self, session: PlaySession) -> Run | None:
        """Save `session` as it is now; returns the run when it has just been recorded.
        Raises `OSError` when the saves folder cannot be written."""
        store, profile_id = self.store, self.profile.id
        if session is not self._session:
            previous = self._play_id if self._session is not None else None
            self._follow(session)
            if previous and not session.steps:
                self._write(lambda: store.discard_play(profile_id, previous))  # a restart: nothing to resume
        if session.ended:
            if self.last_run is not None:
                return None
            play = self._saved(session)
            analysis = session.loaded.analysis
            # the best of this play's world (with hidden worlds, another buyer may allow more)
            best = analysis.world(session.start.state.world).best_possible if analysis is not None and not analysis.too_large else None
            run = finished_run(play, session.engine, session.steps[-1], best_possible=best)
            self._write(lambda: store.record_run(profile_id, run))
            self.last_run = run
            return run
        play_id = self._play_id
        if not session.steps:
            self._write(lambda: store.discard_play(profile_id, play_id))
            return None
        if self._started is None:
            self._started = now()
        ref, engine, start, steps, started = self._ref, session.engine, session.start, tuple(session.steps), self._started
        assert ref is not None
        real_call = session.played_as_real_call
        self._write(
            lambda: store.save_play(
                profile_id, saved_play(ref, engine, start, steps, play_id=play_id, started=started, real_call=real_call)
            )
        )
        return None

    def flush(self) -> None:
        """Wait until every save queued so far is written (at once without a writer)."""
        if self.writer is not None:
            self.writer.flush()

    def _write(self, job: Job) -> None:
        if self.writer is None:
            job()
        else:
            self.writer.submit(job)

    def export(self, session: PlaySession) -> Path:
        """Write the finished run of `session` as Markdown into `<saves>/exports/`; its path."""
        if not session.ended:
            raise ExportError("Finish the play first: only finished runs are exported.")
        if session is not self._session or self.last_run is None:
            raise ExportError("This run was not saved, so it cannot be exported.")
        run = self.last_run
        text = run_transcript(run, RunDebrief(session.scenario, session.debrief()), player=self.profile.name)
        path = self.store.folder / EXPORTS_FOLDER / f"{run.id}.md"
        write_atomic(path, text.encode("utf-8"))
        return path

    def _follow(self, session: PlaySession) -> None:
        self._session = session
        self._ref = scenario_ref(session.scenario, session.loaded.path)
        self._play_id = new_play_id()
        self._started = None
        self.last_run = None

    def _saved(self, session: PlaySession) -> SavedPlay:
        assert self._ref is not None
        play = saved_play(
            self._ref, session.engine, session.start, session.steps,
            play_id=self._play_id, started=self._started, real_call=session.played_as_real_call,
        )
        self._started = play.started
        return play

"""The game's background sync: after each run, the player's runs go to their LRS from a thread
of its own, so play never waits for the network. Headless (no Textual here).

Only when the player has an LRS set (`trainer lrs`, or the `TRAINER_LRS_*` variables). The
run just finished is put in the outbox with the debrief the game already has; then, unless the
LRS failed recently (`Outbox.due`: the pause doubles after each failure in a row), the outbox
is sent (older runs not yet in it are added first). Nothing waits for this thread on the way
out: what is not sent stays in the outbox for the next time. `waiting` is what the library
shows ("3 runs waiting to sync").
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.debrief import Debrief
    from trainer.saves import Profile, Run, SaveStore
    from trainer.validation import LoadedPack
    from trainer.xapi.settings import LrsSettings

BACKGROUND_DELAYS = (2.0,)
"""Pauses before new tries within one background sync (then the outbox's backoff takes over)."""
BACKGROUND_TIMEOUT = 10.0
BACKGROUND_QUEUE_LIMIT = 20
"""Older runs put in the outbox per background sync: a long history played before the LRS was
set is replayed a few runs at a time, not all at once beside play (`trainer sync` takes them all)."""

Job = Callable[[], object]


class BackgroundSync:
    """Sends one saves folder's runs to the players' LRS, on one daemon thread, job after job.
    `on_change` is called (from that thread) when `waiting` may have changed."""

    def __init__(self, saves: Path, on_change: Callable[[], object] | None = None) -> None:
        self.saves = saves
        self.on_change = on_change
        self.waiting: int | None = None  # runs not yet accepted; None: no LRS set (or not known yet)
        self.last_problem: str | None = None
        self.synced = 0  # background syncs finished (tests wait on it)
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._pending = 0
        self._closed = False

    def after_run(self, store: SaveStore, profile: Profile, run: Run, debrief: Callable[[], Debrief], packs: Sequence[LoadedPack]) -> None:
        """A run was recorded: put it in the outbox (with `debrief()`, computed on the thread) and send."""
        self._submit(lambda: self._after_run(store, profile, run, debrief, packs))

    def refresh(self, store: SaveStore, profile: Profile, packs: Sequence[LoadedPack]) -> None:
        """At start or for another player: count the runs waiting, and send them when due."""
        self._submit(lambda: self._sync(store, profile, packs))

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every job submitted so far is done (for tests); False on timeout."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        """Stop taking jobs; the job under way is not waited for (the outbox keeps its runs)."""
        with self._lock:
            self._closed = True
        self._jobs.put(None)

    def _submit(self, job: Job) -> None:
        with self._lock:
            if self._closed:
                return
            self._pending += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="lrs-sync", daemon=True)
                self._thread.start()
        self._jobs.put(job)

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                if not self._closed:  # after `close`, the jobs left are dropped (their runs are in the saves)
                    job()
            except Exception as error:  # noqa: BLE001 - a failed sync never stops the game; the outbox keeps the runs
                self.last_problem = str(error)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()
                if self.on_change is not None:
                    with contextlib.suppress(Exception):
                        self.on_change()

    def _after_run(self, store: SaveStore, profile: Profile, run: Run, debrief: Callable[[], Debrief], packs: Sequence[LoadedPack]) -> None:
        from trainer.xapi.outbox import Outbox
        from trainer.xapi.profile import run_statements

        settings = self._settings(profile)
        if settings is None:
            return
        outbox = Outbox(self.saves, profile.id)
        if run.id not in outbox.known():
            outbox.put(run.id, run_statements(run, settings.actor(profile.name), debrief()))
        self._sync(store, profile, packs)

    def _sync(self, store: SaveStore, profile: Profile, packs: Sequence[LoadedPack]) -> None:
        from trainer.xapi.client import LrsClient
        from trainer.xapi.outbox import Outbox
        from trainer.xapi.sync import sync_profile, waiting_count

        settings = self._settings(profile)
        if settings is None:
            return
        self.waiting = waiting_count(store, profile.id)
        if self.on_change is not None:
            self.on_change()  # shown before the send, which may take a while
        if Outbox(self.saves, profile.id).due():
            result = sync_profile(
                store, profile.id, settings, packs,
                client=LrsClient(settings, timeout=BACKGROUND_TIMEOUT), delays=BACKGROUND_DELAYS, wait=False,
                queue_limit=BACKGROUND_QUEUE_LIMIT,
            )
            if result is not None:
                self.last_problem = result.problems[0] if result.problems else None
        self.waiting = waiting_count(store, profile.id)
        self.synced += 1

    def _settings(self, profile: Profile) -> LrsSettings | None:
        from trainer.xapi.settings import LrsSettingsError, load_lrs

        try:
            settings = load_lrs(self.saves, profile.id)
        except LrsSettingsError as error:
            self.last_problem = str(error)
            settings = None
        if settings is None:
            self.waiting = None
        return settings

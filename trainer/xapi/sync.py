"""Sending a player's finished runs to their LRS: every run not yet accepted, once.

`queue_runs` puts each finished run that the outbox does not hold yet into it, as statements
(`trainer.xapi.profile`, judged by the run's debrief when its scenario can still replay it).
`send_outbox` sends the waiting runs, oldest first, one batch per run: a run accepted moves to
`sent/`; the LRS down, slow or failing is tried again after a growing pause, then left for
later (the game waits longer after each failure in a row, see `Outbox.record_failure`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from trainer.debrief import Debrief
from trainer.saves import CannotContinue, Run, SaveStore
from trainer.tallies import runs_waiting_line
from trainer.validation import LoadedPack, load_scenario
from trainer.xapi.client import LrsClient, LrsConflict, LrsError, LrsRejected
from trainer.xapi.outbox import Outbox
from trainer.xapi.profile import Actor, run_statements
from trainer.xapi.settings import LrsSettings

RETRY_DELAYS = (1.0, 2.0, 4.0)
"""Pauses (seconds) before each new try of a run the LRS could not take for a passing reason."""


@dataclass(slots=True)
class SyncResult:
    """What one sync did."""

    runs_sent: int = 0  # runs the LRS accepted now
    statements_sent: int = 0  # statements sent (every try counted once per statement)
    statements_accepted: int = 0  # statements the LRS now holds from this sync (new or already there)
    statements_known: int = 0  # of those, the ones it already had (sent before, e.g. by a sync cut short)
    waiting: int = 0  # runs left in the outbox
    problems: list[str] = field(default_factory=list)
    stopped: bool = False  # the LRS could not be used: the rest was left for later

    @property
    def complete(self) -> bool:
        return self.waiting == 0 and not self.problems

    def summary(self) -> str:
        """One line for the player."""
        runs = "run" if self.runs_sent == 1 else "runs"
        line = f"Sent {self.statements_sent} statements; the LRS accepted {self.statements_accepted} ({self.runs_sent} {runs})"
        if self.statements_known:
            line += f", {self.statements_known} of them it already had"
        line += "."
        if self.waiting:
            line += f" {runs_waiting_line(self.waiting)}."
        return line


def run_debriefs(packs: Sequence[LoadedPack]) -> Callable[[Run], Debrief | None]:
    """The debrief of a run, replayed on its scenario (each scenario file loaded once); None
    when its scenario has changed or gone."""
    from trainer.transcript import run_debrief

    load = cache(load_scenario)

    def debrief(run: Run) -> Debrief | None:
        try:
            return run_debrief(run, packs, load=load).debrief
        except CannotContinue:
            return None

    return debrief


def queue_runs(
    store: SaveStore, profile_id: str, actor: Actor, debrief_of: Callable[[Run], Debrief | None], *, limit: int | None = None
) -> int:
    """Put every finished run of the player that the outbox does not hold into it (the oldest
    `limit` of them, when given); how many."""
    outbox = Outbox(store.folder, profile_id)
    known = outbox.known()
    added = 0
    for summary in store.summaries(profile_id):
        if limit is not None and added >= limit:
            break
        if summary.id in known or not outbox.accepts(summary.id):  # (an old save's odd file name: not sent)
            continue
        run = store.run(profile_id, summary.id)
        if run is None or run.id != summary.id:
            continue
        if outbox.put(run.id, run_statements(run, actor, debrief_of(run))):
            added += 1
    return added


def send_outbox(
    outbox: Outbox,
    client: LrsClient,
    *,
    delays: Sequence[float] = RETRY_DELAYS,
    sleep: Callable[[float], object] = time.sleep,
    on_sent: Callable[[str], object] | None = None,
) -> SyncResult:
    """Send every waiting run, oldest first; see the module's docstring. `on_sent(run id)`
    after each run accepted."""
    result = SyncResult()
    for run_id in outbox.waiting():
        statements = outbox.statements(run_id)
        if statements is None:
            result.problems.append(f"the statements of run {run_id} could not be read; they are built again at the next sync")
            continue
        for attempt in range(len(delays) + 1):
            try:
                result.statements_sent += len(statements)
                known = _send_run(client, statements)
            except LrsRejected as error:
                result.problems.append(f"run {run_id}: {error}")
                break
            except LrsError as error:
                if error.transient and attempt < len(delays):
                    sleep(delays[attempt])
                    continue
                result.problems.append(str(error))
                result.stopped = True
                if error.transient:
                    outbox.record_failure()
                break
            outbox.mark_sent(run_id)
            result.runs_sent += 1
            result.statements_accepted += len(statements)
            result.statements_known += known
            if on_sent is not None:
                on_sent(run_id)
            break
        if result.stopped:
            break
    if not result.stopped:
        outbox.record_success()
    result.waiting = len(outbox.waiting())
    return result


def _send_run(client: LrsClient, statements: list[dict]) -> int:
    """Send one run's statements; how many the LRS already had. A batch refused for a conflict
    (some id already held with other content) is sent one statement at a time: the ones held
    are left as they are (never stored twice), the others stored."""
    try:
        stored = client.post_statements(statements)
    except LrsConflict:
        known = 0
        for statement in statements:
            try:
                client.put_statement(statement)
            except LrsConflict:
                known += 1
        return known
    return len(statements) - len(stored)


def sync_profile(
    store: SaveStore,
    profile_id: str,
    settings: LrsSettings,
    packs: Sequence[LoadedPack],
    *,
    client: LrsClient | None = None,
    delays: Sequence[float] = RETRY_DELAYS,
    wait: bool = True,
    on_sent: Callable[[str], object] | None = None,
    queue_limit: int | None = None,
) -> SyncResult | None:
    """Queue the player's new runs (at most `queue_limit` of them) and send the outbox; None
    when another process is sending and `wait` is False."""
    outbox = Outbox(store.folder, profile_id)
    with outbox.sending(wait=wait) as mine:
        if not mine:
            return None
        profile = store.profile(profile_id)
        actor = settings.actor(profile.name if profile is not None else profile_id)
        queue_runs(store, profile_id, actor, run_debriefs(packs), limit=queue_limit)
        return send_outbox(outbox, client or LrsClient(settings), delays=delays, on_sent=on_sent)


def waiting_count(store: SaveStore, profile_id: str) -> int:
    """Finished runs of the player the LRS has not accepted yet (waiting or not yet queued)."""
    outbox = Outbox(store.folder, profile_id)
    finished = {s.id for s in store.summaries(profile_id) if outbox.accepts(s.id)} | set(outbox.waiting())  # a run just put in may not be saved yet
    return len(finished - outbox.sent())

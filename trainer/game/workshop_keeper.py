"""A workshop session kept crash-safe: after every vote and step its state is written to
`<saves>/workshops/current.toml` (through the game's ordered save writer and the store's atomic
writes), and a session left by a quit, a closed laptop or a crash is offered back next time.

Headless. A session is saved as the choice numbers of each path with their votes; resuming
replays them on the scenario as it is now (in the same hidden world), so a scenario that changed
since is refused with the reason, never half-restored.
"""

from __future__ import annotations

import threading

from trainer.engine import ChoiceNotOffered, Engine
from trainer.game.workshop import FacilitatedStep, PlayPath, VoteTally, WorkshopSession
from trainer.game.writer import SaveWriter
from trainer.saves import CannotContinue, SaveStore, scenario_ref
from trainer.saves.models import (
    SavedRoom,
    SavedWorkshop,
    SavedWorkshopPath,
    SavedWorkshopStep,
    now,
)
from trainer.secure import SecureAnalysis


def saved_workshop(session: WorkshopSession) -> SavedWorkshop:
    """What is written for `session` (and its phones' room, when one is open)."""
    room = None
    if session.room is not None:
        tokens, ballots = session.room.members()
        room = SavedRoom(code=session.room.code, tokens=tokens, ballots=ballots)
    return SavedWorkshop(
        session_id=session.session_id,
        scenario=scenario_ref(session.engine.scenario, session.scenario_file),
        started=session.started,
        updated=now(),
        world=session.start.state.world,
        hide_meters=session.hide_meters,
        awaiting_reveal=session.awaiting_reveal,
        current=session.current.label,
        headline=session.headline,
        paths=[
            SavedWorkshopPath(
                label=path.label,
                parent=path.parent,
                branched_at=path.branched_at,
                steps=[
                    SavedWorkshopStep(number=step.number, votes=list(step.votes.counts) if step.votes else None, tie_broken=step.tie_broken)
                    for step in path.steps
                ],
            )
            for path in session.paths
        ],
        keypad=list(session.keypad),
        room=room,
    )


def restore_workshop(engine: Engine, analysis: SecureAnalysis | None, saved: SavedWorkshop) -> WorkshopSession:
    """The session `saved` describes, replayed on `engine` in its world. Raises `CannotContinue`
    (for the facilitator) when the scenario no longer plays the saved choices."""
    try:
        start = engine.start(saved.world) if saved.world is not None or not engine.scenario.worlds else None
    except Exception as error:  # noqa: BLE001 - an unknown world: the scenario changed
        raise CannotContinue(f"the scenario has changed since: {error}") from None
    if start is None:
        raise CannotContinue("the scenario now has hidden buyers the session did not record")
    session = WorkshopSession(engine, analysis, hide_meters=saved.hide_meters, start=start)
    session.session_id = saved.session_id
    session.started = saved.started
    session.paths = []
    for kept in saved.paths:
        path = PlayPath(kept.label, parent=kept.parent, branched_at=kept.branched_at)
        state = start.state
        for n, step in enumerate(kept.steps, start=1):
            offered = len(engine.offered(state))
            if step.votes is not None and len(step.votes) != offered:
                raise CannotContinue(f"the scenario has changed since: path {kept.label}, step {n} now offers {offered} choices")
            try:
                transition = engine.choose(state, step.number)
            except ChoiceNotOffered:
                raise CannotContinue(f"the scenario has changed since: path {kept.label}, step {n} cannot be played again") from None
            path.steps.append(FacilitatedStep(transition, VoteTally(tuple(step.votes)) if step.votes else None, step.tie_broken))
            state = transition.state
        session.paths.append(path)
    try:
        session.switch_to(saved.current)  # its keypad fits the decision there, not the first one
        session.headline = saved.headline if saved.headline is None or session.path(saved.headline) else None
    except KeyError:
        raise CannotContinue("the saved session names a path it does not have") from None
    session.awaiting_reveal = saved.awaiting_reveal
    if len(saved.keypad) == len(session.keypad):
        session.keypad = list(saved.keypad)
    return session


class WorkshopKeeper:
    """Writes the latest state of the session on the save writer: a burst of votes queues one
    write, which takes the newest state when it runs (every vote is in it; none waits for the disk)."""

    def __init__(self, store: SaveStore, writer: SaveWriter) -> None:
        self.store = store
        self.writer = writer
        self._lock = threading.Lock()
        self._latest: SavedWorkshop | None = None
        self._queued = False

    def keep(self, saved: SavedWorkshop) -> None:
        with self._lock:
            self._latest = saved
            if self._queued:
                return
            self._queued = True
        self.writer.submit(self._write)

    def _write(self) -> None:
        with self._lock:
            saved, self._latest, self._queued = self._latest, None, False
        if saved is not None:
            self.store.save_workshop(saved)

    def offer(self) -> SavedWorkshop | None:
        """The session left unfinished, if any (after every queued write)."""
        self.writer.flush()
        return self.store.current_workshop()

    def drop(self, session_id: str) -> None:
        """The facilitator does not want `session_id` back: it is not offered again."""
        self.writer.flush()
        self.store.discard_workshop(session_id)


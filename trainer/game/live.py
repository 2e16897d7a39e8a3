"""Live preview for authors: a play carried over to a new version of its scenario. Headless.

`play FILE --watch` checks the file again on every save; a version that can be played gets
the choices made so far replayed on it (`replay_on`), by choice id where the choice has one
and by number otherwise, so the author goes on where they were. Where the new version takes
the play another way, `Replayed.divergence` says so in an author's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.engine import ChoiceNotOffered, picks_of
from trainer.game.play import PlaySession
from trainer.loader import LoadedScenario
from trainer.worlds import UnknownWorld, find_world


@dataclass(frozen=True, slots=True)
class Replayed:
    """A play replayed on a new version: the new session, and the first place (if any) where
    the new version went another way (`divergence`, for the author)."""

    session: PlaySession
    replayed: int  # choices taken again
    wanted: int  # choices the old play had
    divergence: str | None = None


def replay_on(old: PlaySession, loaded: LoadedScenario) -> Replayed:
    """Replay `old`'s choices on `loaded` (a version that can be played: `PlaySession.begin`
    accepts it) in the same world while it still exists; a play started anywhere replays its way
    there too, and stays started there when the way is the same."""
    world = old.start.state.world
    note: str | None = None
    compiled = loaded.compiled
    assert compiled is not None
    try:
        find_world(compiled.scenario, world)
    except UnknownWorld:
        note = f'the world "{world}" is gone: the play starts in a world drawn anew' if world else None
        world = None
    session = PlaySession.begin(loaded, world)
    session.world = old.world if note is None else None  # a restart draws the buyer as the old play did
    picks = picks_of(old.steps)
    engine = session.engine
    for position, (pick, before) in enumerate(zip(picks, old.steps, strict=True), start=1):
        state = session.state
        try:
            step = session.choose(engine.number_of(state, pick))  # the engine refuses one not offered
        except ChoiceNotOffered:
            where = "the play has ended" if state.ended else f'it is not offered at "{state.node}"'
            shown = f'"{pick}"' if isinstance(pick, str) else str(pick)
            stop = f"step {position}: choice {shown} cannot be taken again ({where}); the play goes on from there"
            return Replayed(session, position - 1, len(picks), note or stop)
        if note is None and step.state.node != before.state.node:
            note = f'step {position} went another way: to "{step.state.node}" (it went to "{before.state.node}")'
    if old.origin and note is None:
        session.origin = old.origin  # started anywhere: the way there is still not the player's
    return Replayed(session, len(picks), len(picks), note)

"""Facilitated play for a room: votes, hidden meters, rewinds and the paths explored.

Headless: the workshop screens render a `WorkshopSession` and turn the
facilitator's keys into its calls.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from trainer.debrief import Debrief, build_debrief
from trainer.engine import Engine, PlayState, Transition
from trainer.errors import TrainerError
from trainer.game.room import RoomDecision, VotingRoom
from trainer.secure import SecureAnalysis


@dataclass(frozen=True, slots=True)
class VoteTally:
    """How many people voted for each offered choice (index 0 is choice 1)."""

    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def leaders(self) -> tuple[int, ...]:
        """Choice numbers with the most votes."""
        top = max(self.counts, default=0)
        return tuple(i + 1 for i, n in enumerate(self.counts) if n == top)

    @property
    def winner(self) -> int | None:
        """The choice with most votes, or None on a tie (the facilitator picks)."""
        leaders = self.leaders
        return leaders[0] if len(leaders) == 1 and self.total > 0 else None


@dataclass(frozen=True, slots=True)
class FacilitatedStep:
    transition: Transition
    votes: VoteTally | None = None
    tie_broken: bool = False  # the facilitator picked among tied choices

    @property
    def number(self) -> int:
        assert self.transition.event is not None
        return self.transition.event.number


@dataclass(slots=True)
class PlayPath:
    """One line of play; a rewind starts a new path that shares a prefix with its parent."""

    label: str
    steps: list[FacilitatedStep] = field(default_factory=list)
    parent: str | None = None
    branched_at: int = 0  # steps shared with the parent


class VotingError(TrainerError, ValueError):
    """Votes that do not fit the offered choices."""


@dataclass(frozen=True, slots=True)
class PathComparison:
    """Two paths side by side."""

    first: PlayPath
    second: PlayPath
    parted_at: int | None  # 1-based step where the choices differ; None if one is a prefix of the other
    meters_first: tuple[tuple[int, int], ...]  # (trust, pressure) at the start and after each step
    meters_second: tuple[tuple[int, int], ...]
    debrief_first: Debrief
    debrief_second: Debrief


class WorkshopSession:
    """A room playing one scenario together, with everything they tried.

    The hidden world is drawn once, at `start` (or given by it): every path of the session,
    rewinds included, faces the same buyer."""

    def __init__(
        self, engine: Engine, analysis: SecureAnalysis | None, *, hide_meters: bool = False, start: Transition | None = None
    ) -> None:
        self.engine = engine
        self.analysis = analysis
        self.session_id = secrets.token_hex(6)  # names this session's save
        self.started = datetime.now(UTC)
        self.scenario_file: Path | None = None  # where the scenario was loaded from (for its save)
        self.start = start if start is not None else engine.start()
        self.paths: list[PlayPath] = [PlayPath("A")]
        self.current = self.paths[0]
        self.hide_meters = hide_meters
        self.awaiting_reveal = False
        self.headline: str | None = None  # the path the facilitator marked as the one to tell
        self.keypad: list[int] = self._no_votes()  # hands counted on the keys for the decision on screen
        self.room: VotingRoom | None = None  # the phones' voting room, once opened

    def open_room(self, room: VotingRoom) -> None:
        """Phones vote from now on (`trainer.room_server` serves `room`); the decision on screen is theirs."""
        self.room = room
        self._to_room()

    def _to_room(self) -> None:
        """Show the decision on screen to the phones (a new one clears their ballots)."""
        room = self.room
        if room is None:
            return
        room.set_keypad(self.keypad)
        if self.state.ended:
            room.show(None)
            return
        said = self.engine.speaker(self.state)
        last = self.current.steps[-1].transition if self.current.steps else self.start
        room.show(
            RoomDecision(
                number=room.next_number(),
                speaker=said,
                line=self.engine.text(self.state),
                narration=tuple(text for _, text in self.engine.narration(last)),
                choices=tuple(offer.choice.text for offer in self.engine.offered(self.state)),
            )
        )

    @property
    def votes_hidden(self) -> bool:
        """Phones are voting and the facilitator has not revealed the votes yet."""
        return self.room is not None and self.room.decision is not None and not self.room.revealed

    def _no_votes(self) -> list[int]:
        return [0] * len(self.engine.offered(self.state))

    # -- the room's votes at the decision on screen (the keypad's; phones add theirs, see `room`) --
    def count_hand(self, number: int) -> bool:
        """One more hand for choice `number`; False when no such choice is offered."""
        if not 1 <= number <= len(self.keypad):
            return False
        self.keypad[number - 1] += 1
        if self.room is not None:
            self.room.set_keypad(self.keypad)
        return True

    def counts(self) -> list[int]:
        """Every vote at the decision on screen, per offered choice: hands on the keypad and phones."""
        counts = list(self.keypad)
        if self.room is not None:
            phones = self.room.counts()
            if len(phones) == len(counts):
                counts = [a + b for a, b in zip(counts, phones, strict=True)]
        return counts

    def set_keypad(self, counts: Sequence[int]) -> None:
        """Replace the keypad's counts (typed for a large room, or one taken back)."""
        self.keypad = list(self.tally(counts).counts)
        if self.room is not None:
            self.room.set_keypad(self.keypad)

    def mark_headline(self, label: str | None) -> None:
        """Mark the path (by label) the summary leads with; None unmarks."""
        if label is not None:
            self.path(label)  # KeyError for no such path
        self.headline = label

    # -- the state of the current path --
    @property
    def state(self) -> PlayState:
        return self.current.steps[-1].transition.state if self.current.steps else self.start.state

    @property
    def step_count(self) -> int:
        return len(self.current.steps)

    def transitions(self, path: PlayPath | None = None) -> list[Transition]:
        return [s.transition for s in (path or self.current).steps]

    # -- deciding --
    def tally(self, counts: Sequence[int]) -> VoteTally:
        offered = len(self.engine.offered(self.state))
        if len(counts) != offered:
            raise VotingError(f"{len(counts)} vote counts for {offered} choices")
        if any(n < 0 for n in counts):
            raise VotingError("vote counts cannot be negative")
        return VoteTally(tuple(counts))

    def play(self, number: int, votes: VoteTally | None = None) -> Transition:
        """Play a choice: the room's winner, or the facilitator's pick on a tie or without votes."""
        if votes is not None and votes.winner is not None and votes.winner != number:
            raise VotingError(f"choice {votes.winner} has the most votes; it is the one played")
        if votes is not None and votes.total > 0 and number not in votes.leaders:
            raise VotingError(f"on a tie, pick one of the tied choices: {', '.join(map(str, votes.leaders))}")
        transition = self.engine.choose(self.state, number)
        tie_broken = votes is not None and votes.winner is None and votes.total > 0
        self.current.steps.append(FacilitatedStep(transition, votes, tie_broken))
        self.awaiting_reveal = self.hide_meters
        self.keypad = self._no_votes()
        self._to_room()
        return transition

    def play_each(self, numbers: Sequence[int]) -> None:
        """Play each choice number in turn on the current path, without votes (a restart or a
        try-again from the debrief, replayed in the room)."""
        for number in numbers:
            self.play(number)

    def reveal(self) -> None:
        self.awaiting_reveal = False

    @property
    def meters_visible(self) -> bool:
        return not self.awaiting_reveal

    # -- rewinding --
    def rewind(self, steps_kept: int) -> PlayPath:
        """Go back to the decision after `steps_kept` steps of the current path, as a new path."""
        if not 0 <= steps_kept < len(self.current.steps) + 1:
            raise ValueError(f"cannot rewind to step {steps_kept + 1}: the path has {len(self.current.steps)} steps")
        path = PlayPath(
            label=self._next_label(),
            steps=list(self.current.steps[:steps_kept]),
            parent=self.current.label,
            branched_at=steps_kept,
        )
        self.paths.append(path)
        self.current = path
        self.awaiting_reveal = False
        self.keypad = self._no_votes()
        self._to_room()
        return path

    def switch_to(self, label: str) -> PlayPath:
        self.current = self.path(label)
        self.awaiting_reveal = False
        self.keypad = self._no_votes()
        self._to_room()
        return self.current

    def path(self, label: str) -> PlayPath:
        for path in self.paths:
            if path.label == label:
                return path
        raise KeyError(label)

    def _next_label(self) -> str:
        n = len(self.paths)
        letters = string.ascii_uppercase
        return letters[n] if n < len(letters) else f"P{n + 1}"

    # -- debriefing --
    def debrief(self, path: PlayPath | None = None) -> Debrief:
        return build_debrief(self.engine, self.analysis, self.start, self.transitions(path))

    def meters(self, path: PlayPath | None = None) -> tuple[tuple[int, int], ...]:
        start = self.start.state
        return ((start.trust, start.pressure),) + tuple(
            (t.state.trust, t.state.pressure) for t in self.transitions(path)
        )

    def compare(self, first: PlayPath, second: PlayPath) -> PathComparison:
        parted_at = None
        for i, (a, b) in enumerate(zip(first.steps, second.steps, strict=False), start=1):
            if a.number != b.number:
                parted_at = i
                break
        else:
            if len(first.steps) != len(second.steps):
                parted_at = min(len(first.steps), len(second.steps)) + 1
        return PathComparison(
            first, second, parted_at, self.meters(first), self.meters(second), self.debrief(first), self.debrief(second)
        )

"""The phones' voting room of a workshop, headless: the room code, the phones that joined (one
token each), their ballots at the decision on screen, voting open or closed, the reveal, the
timer, and the limits that keep a room of 300 phones and a misbehaving one from hurting it.

The web server (`trainer.room_server`) turns requests into calls here; the projector screen reads
`joined`, `voted` and `counts`. Every call is thread-safe: the server runs on its own thread.
Nothing here decides the play: the facilitator does, on the projector (the web can only vote).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from trainer.errors import TrainerError

MAX_PARTICIPANTS = 300
MAX_CHOICES = 9
VOTE_BURST = 8
"""Votes (or vote changes) one phone may send at once..."""
VOTE_RATE = 2.0
"""...then this many a second: a flood from one device is refused (429), the rest vote on."""
JOIN_BURST = 400
JOIN_RATE = 20.0
"""Joins per second from one address after a burst (a room's phones have addresses of their own)."""
TIMER_CHOICES = (30, 60, 90, 0)
"""The timer cycles through these seconds (0: no timer)."""


class RoomError(TrainerError):
    """A request the room refuses: `status` is its HTTP status, `str()` the reason for the phone."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True, slots=True)
class RoomDecision:
    """What the phones are shown: the buyer's line (and narration before it) and the choices."""

    number: int  # counts decisions in this room: a vote names the one it is for
    speaker: str | None
    line: str
    narration: tuple[str, ...]
    choices: tuple[str, ...]


@dataclass(slots=True)
class Bucket:
    """A token bucket: `burst` at once, then `rate` a second."""

    burst: float
    rate: float
    level: float = 0.0
    at: float = 0.0

    def take(self, now: float) -> bool:
        self.level = min(self.burst, self.level + (now - self.at) * self.rate) if self.at else self.burst
        self.at = now
        if self.level < 1:
            return False
        self.level -= 1
        return True


@dataclass(slots=True)
class RoomLimits:
    participants: int = MAX_PARTICIPANTS
    vote_burst: float = VOTE_BURST
    vote_rate: float = VOTE_RATE
    join_burst: float = JOIN_BURST
    join_rate: float = JOIN_RATE


@dataclass(frozen=True, slots=True)
class RoomPlace:
    """Where the room listens: loopback unless the facilitator names an address (`--room-host`)."""

    host: str = "127.0.0.1"
    port: int = 8765


def qr_rows(text: str) -> list[str]:
    """`text` as a QR code in half-block characters, two modules a character cell, with its quiet
    zone: draw it dark on light (`█` is a dark module pair)."""
    import segno

    matrix = [list(row) for row in segno.make(text, error="l", micro=False).matrix]
    border = 2
    size = len(matrix[0]) + 2 * border
    rows = [[0] * size for _ in range(border)] + [[0] * border + row + [0] * border for row in matrix] + [[0] * size for _ in range(border)]
    if len(rows) % 2:
        rows.append([0] * size)
    glyph = {(1, 1): "█", (1, 0): "▀", (0, 1): "▄", (0, 0): " "}
    return ["".join(glyph[(int(bool(top)), int(bool(bottom)))] for top, bottom in zip(rows[y], rows[y + 1], strict=True)) for y in range(0, len(rows), 2)]


def new_code() -> str:
    """A 4-digit room code (not starting with 0, so it reads as a number)."""
    return str(1000 + secrets.randbelow(9000))


def new_token() -> str:
    return secrets.token_urlsafe(18)


@dataclass(slots=True)
class VotingRoom:
    """One room, open while the workshop runs; `listeners` hear of every change."""

    code: str = field(default_factory=new_code)
    limits: RoomLimits = field(default_factory=RoomLimits)
    clock: Callable[[], float] = time.monotonic
    listeners: list[Callable[[bool], object]] = field(default_factory=list)
    """Called after every change (from the thread that made it, outside the lock) with `public`:
    True when what the phones are shown changed (a decision, open or closed, the reveal, the
    timer), False for a join or a vote (the projector's counters)."""
    keypad: list[int] = field(default_factory=list)  # hands counted on the projector's keys, added at the reveal
    tokens: set[str] = field(default_factory=set)
    ballots: dict[str, int] = field(default_factory=dict)
    decision: RoomDecision | None = None
    open: bool = False
    revealed: bool = False
    deadline: float | None = None  # when the timer closes the vote (clock time)
    version: int = 0  # counts changes of what the phones are shown
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _votes: dict[str, Bucket] = field(default_factory=dict)
    _joins: dict[str, Bucket] = field(default_factory=dict)

    # -- the phones --
    def join(self, code: object, address: str = "") -> str:
        """A phone joins with the room code: its token. Raises `RoomError`."""
        with self._lock:
            self._check_code(code)
            bucket = self._joins.setdefault(address, Bucket(self.limits.join_burst, self.limits.join_rate))
            if not bucket.take(self.clock()):
                raise RoomError(429, "Too many joins from this device: wait a moment.")
            if len(self.tokens) >= self.limits.participants:
                raise RoomError(503, f"The room is full ({self.limits.participants} phones).")
            token = new_token()
            self.tokens.add(token)
        self._tell(public=False)
        return token

    def vote(self, code: object, token: object, decision: object, choice: object) -> None:
        """A phone's vote (or its changed vote) for `choice` at decision number `decision`.
        Raises `RoomError`: a wrong code, an unknown token, a flood, an old decision, voting
        closed, a choice not offered."""
        with self._lock:
            self._check_code(code)
            if not isinstance(token, str) or token not in self.tokens:
                raise RoomError(403, "This phone has not joined the room: open the room's link again.")
            if not self._votes.setdefault(token, Bucket(self.limits.vote_burst, self.limits.vote_rate)).take(self.clock()):
                raise RoomError(429, "Too many votes from this phone: wait a moment.")
            self._expire()
            now = self.decision
            if now is None or type(decision) is not int or decision != now.number:
                raise RoomError(409, "The room has moved on to another decision.")
            if not self.open:
                raise RoomError(409, "Voting is closed for this decision.")
            if type(choice) is not int or not 1 <= choice <= len(now.choices):
                raise RoomError(400, f"Choose 1 to {len(now.choices)}.")
            self.ballots[token] = choice
        self._tell(public=False)

    def _check_code(self, code: object) -> None:
        if not self._is_code(code):
            raise RoomError(403, "Wrong room code: check the code on the projector.")

    def _is_code(self, code: object) -> bool:
        return isinstance(code, str) and secrets.compare_digest(code.encode(), self.code.encode())

    def set_keypad(self, counts: Sequence[int]) -> None:
        with self._lock:
            self.keypad = list(counts)

    def known(self, code: object, token: object) -> bool:
        with self._lock:
            return self._is_code(code) and isinstance(token, str) and token in self.tokens

    # -- the facilitator (the projector only) --
    def show(self, decision: RoomDecision | None) -> None:
        """A new decision on screen (None at an ending): ballots cleared, voting open, hidden."""
        with self._lock:
            self.decision = decision
            self.ballots.clear()
            self.open = decision is not None
            self.revealed = False
            self.deadline = None
            self._touch()
        self._tell()

    def next_number(self) -> int:
        with self._lock:
            return (self.decision.number if self.decision else 0) + 1

    def close(self) -> None:
        with self._lock:
            self.open = False
            self.deadline = None
            self._touch()
        self._tell()

    def reveal(self) -> None:
        """Votes shown on the projector and the phones (voting closes)."""
        with self._lock:
            self.open = False
            self.deadline = None
            self.revealed = True
            self._touch()
        self._tell()

    def start_timer(self, seconds: float) -> None:
        """Close the vote `seconds` from now (0: no timer)."""
        with self._lock:
            self.deadline = self.clock() + seconds if seconds > 0 and self.open else None
            self._touch()
        self._tell()

    def tick(self) -> bool:
        """Close the vote when the timer has run out; True when it just did."""
        with self._lock:
            closed = self._expire()
        if closed:
            self._tell()
        return closed

    def _expire(self) -> bool:
        if self.deadline is not None and self.clock() >= self.deadline:
            self.open = False
            self.deadline = None
            self._touch()
            return True
        return False

    # -- what is shown --
    @property
    def joined(self) -> int:
        with self._lock:
            return len(self.tokens)

    @property
    def voted(self) -> int:
        with self._lock:
            return len(self.ballots)

    def counts(self) -> list[int]:
        """Phone votes per offered choice at the decision on screen."""
        with self._lock:
            counts = [0] * (len(self.decision.choices) if self.decision else 0)
            for choice in self.ballots.values():
                if choice <= len(counts):
                    counts[choice - 1] += 1
            return counts

    def seconds_left(self) -> int | None:
        with self._lock:
            if self.deadline is None:
                return None
            return max(0, int(self.deadline - self.clock() + 0.999))

    def view(self, token: str | None = None) -> dict[str, Any]:
        """What a phone is shown (JSON): the decision, whether voting is open, its own vote; the
        counts only after the reveal (phones and keypad together)."""
        with self._lock:
            decision = self.decision
            counts = None
            if self.revealed and decision is not None:
                counts = self.counts()
                for i, n in enumerate(self.keypad[: len(counts)]):
                    counts[i] += n
            return {
                "version": self.version,
                "decision": None
                if decision is None
                else {
                    "number": decision.number,
                    "speaker": decision.speaker,
                    "line": decision.line,
                    "narration": list(decision.narration),
                    "choices": list(decision.choices),
                },
                "open": self.open,
                "revealed": self.revealed,
                "counts": counts,
                "mine": self.ballots.get(token) if token else None,
                "seconds_left": self.seconds_left(),
            }

    def _touch(self) -> None:
        self.version += 1

    def _tell(self, public: bool = True) -> None:
        for listener in list(self.listeners):
            listener(public)

    # -- saving --
    def members(self) -> tuple[list[str], dict[str, int]]:
        """The phones' tokens and their ballots at the decision on screen (for the save)."""
        with self._lock:
            return sorted(self.tokens), dict(self.ballots)

    def restore(self, code: str, tokens: Sequence[str], ballots: dict[str, int]) -> None:
        """The room of a resumed session: the same code, the same phones and their ballots."""
        with self._lock:
            self.code = code
            self.tokens = set(tokens)
            self.ballots = {t: n for t, n in ballots.items() if t in self.tokens}
        self._tell(public=False)

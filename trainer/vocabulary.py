"""The format's closed vocabularies: tactics, outcomes and difficulties.

Kept apart from the pydantic models so that code that only needs the words
(the library screen, words for players) starts without importing pydantic.
"""

from __future__ import annotations

from enum import StrEnum


class Tactic(StrEnum):
    """What a choice does to the buyer; the debrief and habits rest on it."""

    CLOSE = "close"
    PRESSURE = "pressure"
    PITCH = "pitch"
    QUALIFY = "qualify"
    ASK = "ask"
    CONNECT = "connect"
    HELP = "help"
    OTHER = "other"

    @property
    def is_push(self) -> bool:
        return self in PUSHING_TACTICS

    @property
    def is_pull(self) -> bool:
        return self in PULLING_TACTICS


PUSHING_TACTICS = frozenset({Tactic.CLOSE, Tactic.PRESSURE, Tactic.PITCH})
PULLING_TACTICS = frozenset({Tactic.QUALIFY, Tactic.ASK, Tactic.CONNECT, Tactic.HELP})


class Outcome(StrEnum):
    WON = "won"
    LOST = "lost"
    QUALIFIED_OUT = "qualified_out"
    REFERRAL = "referral"


DEFAULT_STARS: dict[Outcome, int] = {
    Outcome.WON: 3,
    Outcome.REFERRAL: 2,
    Outcome.QUALIFIED_OUT: 2,
    Outcome.LOST: 0,
}


class Difficulty(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

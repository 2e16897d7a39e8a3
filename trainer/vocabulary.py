"""The format's vocabularies: tactics, outcomes, difficulties, and the shape of ids and flag names.

Kept apart from the pydantic models so that code that only needs the words
(the library screen, words for players) starts without importing pydantic.
"""

from __future__ import annotations

import re
from enum import StrEnum

# -- names an author gives: ids and flags ------------------------------------------------

_ID_CHARS = r"[a-z0-9][a-z0-9_-]*"
_FLAG_CHARS = r"[a-z_][a-z0-9_]*"
ID_PATTERN = f"^{_ID_CHARS}$"
"""Scenario, pack, node and ending ids, as a JSON Schema / pydantic pattern."""
FLAG_NAME_PATTERN = f"^{_FLAG_CHARS}$"
ID_RULE = 'must use lowercase letters, digits, "-" and "_", starting with a letter or digit'
FLAG_NAME_RULE = 'must use lowercase letters, digits and "_", not starting with a digit'

RESERVED_WORDS: tuple[str, ...] = ("trust", "pressure", "and", "or", "not", "true", "false")
"""The condition language's own words: never a flag name."""

_ID = re.compile(_ID_CHARS)
_FLAG = re.compile(_FLAG_CHARS)


def is_id(text: str) -> bool:
    return _ID.fullmatch(text) is not None


def is_flag_name(text: str) -> bool:
    """A well-formed flag name; a reserved word is well-formed but still not a flag (see `RESERVED_WORDS`)."""
    return _FLAG.fullmatch(text) is not None



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


class Lesson(StrEnum):
    """The five lessons the game teaches (the project's sales-lessons.md), in its order."""

    QUALIFYING = "qualifying"  # always be qualifying; the close is its last step
    CONNECTING = "connecting"  # a sincere interest in the person
    TRUST = "trust"  # be trustworthy: help them close themselves, no pressure techniques
    ASKING = "asking"  # ask, don't tell
    HELPING = "helping"  # always be helping


LESSON_OF_TACTIC: dict[Tactic, Lesson | None] = {
    Tactic.QUALIFY: Lesson.QUALIFYING,
    Tactic.CLOSE: Lesson.QUALIFYING,  # closing is the last step of qualifying
    Tactic.CONNECT: Lesson.CONNECTING,
    Tactic.PRESSURE: Lesson.TRUST,
    Tactic.ASK: Lesson.ASKING,
    Tactic.PITCH: Lesson.ASKING,  # telling instead of asking
    Tactic.HELP: Lesson.HELPING,
    Tactic.OTHER: None,
}
"""The lesson a decision made with (or missed by) a tactic practises."""

ASKING_TACTICS = frozenset({Tactic.QUALIFY, Tactic.ASK})
"""The questions: what a premature close skipped."""


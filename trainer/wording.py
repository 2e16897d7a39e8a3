"""What a player reads about a play, worded once: outcomes, stars, the ending badge and the
debrief's sentences.

Every view of a play uses these words: the TUI's screens, `play`'s text report, the
Markdown transcript and the workshop summary. A view adds its own styling or markup
around them, never its own wording. Headless: no Textual, no pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from trainer.vocabulary import Outcome, Tactic

if TYPE_CHECKING:
    from collections.abc import Iterable

    from trainer.debrief import Debrief, StepReview
    from trainer.engine import RouteTaken
    from trainer.model import Ending, Node, Scenario

# Qualifying out and earning a referral are good results of their own (see the lessons),
# so no outcome word reads as a failure except "Lost".
OUTCOME_WORDS: dict[Outcome, str] = {
    Outcome.WON: "Won",
    Outcome.LOST: "Lost",
    Outcome.QUALIFIED_OUT: "Qualified out",
    Outcome.REFERRAL: "Referral",
}

TACTIC_PAST: dict[Tactic, str] = {
    Tactic.CLOSE: "you pushed for the close",
    Tactic.PRESSURE: "you turned up the pressure",
    Tactic.PITCH: "you pitched",
    Tactic.QUALIFY: "you qualified",
    Tactic.ASK: "you asked a question",
    Tactic.CONNECT: "you tried to connect",
    Tactic.HELP: "you offered help",
    Tactic.OTHER: "you chose",
}

TOO_LARGE = (
    "This scenario has too many possible states to analyse exactly, so the debrief cannot show "
    "turning points or the best possible ending."
)
NO_TURNING_POINTS = "No turning points: the best outcome stayed in reach all the way."
TURNING_POINTS = "Turning points"
LESSON = "Lesson"


def outcome_words(outcome: Outcome | str) -> str:
    """`Won`, `Qualified out`, ...; a saved outcome this version does not know is shown as saved."""
    try:
        return OUTCOME_WORDS[Outcome(outcome)]
    except ValueError:
        return str(outcome)


def stars_phrase(stars: int) -> str:
    """`1 star`, `3 stars`."""
    return "1 star" if stars == 1 else f"{stars} stars"


def stars_symbols(stars: int, out_of: int = 3) -> str:
    """`★★☆` (filled, then empty)."""
    return "★" * stars + "☆" * max(out_of - stars, 0)


@dataclass(frozen=True, slots=True)
class Badge:
    """An ending as a player sees it: `Won  ★★★  3 stars`."""

    words: str
    symbols: str
    phrase: str

    def __str__(self) -> str:
        return f"{self.words}  {self.symbols}  {self.phrase}"


def ending_badge(outcome: Outcome | str, stars: int) -> Badge:
    return Badge(outcome_words(outcome), stars_symbols(stars), stars_phrase(stars))


def signed(value: int) -> str:
    return f"{value:+d}"


def meters_line(trust: int, trust_change: int, pressure: int, pressure_change: int) -> str:
    """`trust 40 (+5), pressure 10 (-20)`: the meters after a step, with what it changed."""
    return f"trust {trust} ({signed(trust_change)}), pressure {pressure} ({signed(pressure_change)})"


def in_reach_line(review: StepReview) -> str | None:
    """`stars in reach: 3 → 1` (the best still reachable before and after a step), when analysed."""
    if review.best_before is None:
        return None
    return f"stars in reach: {review.best_before} → {review.best_after}"


def best_possible_sentence(stars: int) -> str:
    return f"The best ending this scenario offers is worth {stars_phrase(stars)}."


def stopped_sentence(steps: int) -> str:
    """A play (or a workshop path) whose choices ran out before an ending."""
    if steps == 0:
        return "The play stopped before its first choice, before an ending."
    return f"The play stopped after {steps} {'step' if steps == 1 else 'steps'}, before an ending."


def point_of_no_return_sentences(review: StepReview) -> tuple[str, str]:
    """(`Point of no return: step 4.`, `After it, 3 stars were out of reach.`)"""
    return f"Point of no return: step {review.step}.", f"After it, {stars_phrase(review.best_before or 0)} were out of reach."


def explain_turning_point(review: StepReview) -> str:
    """"Step 4: you pushed for the close. Before it, 3 stars were still in reach; after it, 1. ..."""
    assert review.best_before is not None and review.best_after is not None
    head = (
        f'Step {review.step}: {TACTIC_PAST[review.tactic]} ("{review.text}"). '
        f"Before it, {stars_phrase(review.best_before)} were still in reach; after it, {review.best_after}."
    )
    ranked = sorted(review.winning_alternatives, key=lambda a: (a.tactic not in (Tactic.QUALIFY, Tactic.HELP), a.number))
    if not ranked:
        return head
    options = " or ".join(f'"{a.text}" ({a.tactic.value})' for a in ranked[:2])
    return f"{head} {options} would have kept {stars_phrase(review.best_before)} in reach."


def buyer_line(scenario: Scenario) -> str:
    """`Sam Ortiz, Operations lead, Ortiz Logistics`: who the buyer is, as far as the player is told."""
    buyer = scenario.buyer
    return ", ".join(part for part in (buyer.name, buyer.role, buyer.company) if part)


def speaker_name(scenario: Scenario, node: Node | None) -> str | None:
    """Who says a node's text: the buyer (default), nobody (narrator) or a display name."""
    speaker = node.speaker if node is not None else None
    if speaker is None or speaker == "buyer":
        return scenario.buyer.name
    if speaker == "narrator":
        return None
    return speaker


def narration(scenario: Scenario, routes: Iterable[RouteTaken]) -> list[tuple[str | None, str]]:
    """The text of each check node a play passed through, as (speaker, text): what the player
    is told happened on the way. Never the conditions, flags or ids behind it (machinery:
    `play --explain` shows those to authors).

    A check node's text is narration (speaker None), unless the node names another speaker.
    """
    lines: list[tuple[str | None, str]] = []
    for route in routes:
        node = scenario.nodes[route.node]
        if node.text:
            speaker = node.speaker if node.speaker not in (None, "buyer", "narrator") else None
            lines.append((speaker, node.text))
    return lines


def needs_heading(buyer_name: str) -> str:
    return f"What {buyer_name} needed"


def lessons(scenario: Scenario, ending: Ending | None) -> list[str]:
    """The scenario's lesson, then the ending's, as far as they are written."""
    return [text for text in (scenario.lesson, ending.lesson if ending is not None else None) if text]


@dataclass(frozen=True, slots=True)
class DebriefWords:
    """The debrief's sentences for one play, in the order every view shows them."""

    best_possible: str | None  # None when the scenario is too large to analyse
    too_large: str | None
    point_of_no_return: tuple[str, str] | None  # the headline, then what it cost
    turning_points: tuple[str, ...]  # one sentence per turning point, in step order
    quiet: str | None  # "No turning points ..." when the play has steps and none turned


def debrief_words(debrief: Debrief) -> DebriefWords:
    if not debrief.analysed:
        return DebriefWords(None, TOO_LARGE, None, (), None)
    first = debrief.point_of_no_return
    return DebriefWords(
        best_possible=best_possible_sentence(debrief.best_possible or 0),
        too_large=None,
        point_of_no_return=point_of_no_return_sentences(first) if first is not None else None,
        turning_points=tuple(explain_turning_point(s) for s in debrief.turning_points),
        quiet=NO_TURNING_POINTS if first is None and debrief.steps else None,
    )

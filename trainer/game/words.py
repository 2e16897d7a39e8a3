"""Words, symbols and style names for what the screens show: headless, no Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from trainer.wording import OUTCOME_WORDS, signed

if TYPE_CHECKING:
    from collections.abc import Iterable

    from trainer.engine import RouteTaken, StepEvent
    from trainer.model import Node, Scenario

Level = Literal["good", "fair", "bad"]
MeterKind = Literal["trust", "pressure"]

_WORDS: dict[MeterKind, tuple[tuple[int, str, Level], ...]] = {
    # (below this value, word, level); the last entry catches the rest
    "trust": ((35, "wary", "bad"), (65, "open", "fair"), (101, "trusting", "good")),
    "pressure": ((35, "relaxed", "good"), (70, "tense", "fair"), (101, "cornered", "bad")),
}

def meter_word(kind: MeterKind, value: int) -> str:
    """`wary / open / trusting` for trust; `relaxed / tense / cornered` for pressure."""
    return next(word for limit, word, _ in _WORDS[kind] if value < limit)


def meter_level(kind: MeterKind, value: int) -> Level:
    return next(level for limit, _, level in _WORDS[kind] if value < limit)


def change_summary(event: StepEvent) -> str:
    """`+12 trust, +30 pressure`, or `no change to the meters`."""
    parts = [f"{signed(change)} {name}" for name, change in (("trust", event.trust_change), ("pressure", event.pressure_change)) if change]
    return ", ".join(parts) if parts else "no change to the meters"


def speaker_name(scenario: Scenario, node: Node | None) -> str | None:
    """Who says a node's text: the buyer (default), nobody (narrator) or a display name."""
    speaker = node.speaker if node is not None else None
    if speaker is None or speaker == "buyer":
        return scenario.buyer.name
    if speaker == "narrator":
        return None
    return speaker


def target_words(scenario: Scenario, target: str) -> str:
    """An ending as its outcome (`the play ended: Lost`), a node by its id."""
    ending = scenario.endings.get(target)
    if ending is not None:
        return f"the play ended: {OUTCOME_WORDS[ending.outcome]}"
    return f"the conversation moved on to {target!r}"


def narration(scenario: Scenario, routes: Iterable[RouteTaken]) -> list[tuple[str | None, str]]:
    """The text of each check node a play passed through, as (speaker, text).

    A check node's text is narration (speaker None), unless the node names another speaker.
    """
    lines: list[tuple[str | None, str]] = []
    for route in routes:
        node = scenario.nodes[route.node]
        if node.text:
            speaker = node.speaker if node.speaker not in (None, "buyer", "narrator") else None
            lines.append((speaker, node.text))
    return lines


def event_notes(scenario: Scenario, event: StepEvent) -> list[str]:
    """What fired after a choice, in a player's words: interrupts and conditional routes."""
    notes: list[str] = []
    if event.interrupt is not None:
        notes.append(
            f"Interrupt: {event.interrupt.when} (trust {event.trust_after}, pressure {event.pressure_after}), "
            f"so {target_words(scenario, event.interrupt.next)}."
        )
    for route in event.routes:
        if route.when is not None:
            notes.append(f"Because {route.when}, {target_words(scenario, route.next)}.")
            continue
        routes = scenario.nodes[route.node].routes or []
        failed = [r.when for r in routes[: route.index] if r.when is not None]
        if failed:
            notes.append(f"Not {' nor '.join(failed)}, so {target_words(scenario, route.next)}.")
    return notes

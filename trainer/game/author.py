"""The author view of a play: the machinery players never see, as lines of text. Headless.

Shown beside the play with `a` (or `play FILE --author`): where the play is (node id, kind,
speaker as written), the meters and flags, the world and the worlds the player cannot yet
tell apart, every choice hidden here with the `when` that hides it, what the last step went
through (the interrupts checked, the routes with the one taken), and the play so far as
`--choices` and `--at` options ready to paste.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from trainer.engine import Transition, choices_text
from trainer.game.play import PlaySession
from trainer.start_at import StartAt, Unreachable


@dataclass(frozen=True, slots=True)
class AuthorLine:
    """One line of the author view: a short label and what it says (`text` is the author's own
    words and ids, shown literally)."""

    label: str
    text: str


def author_view(session: PlaySession) -> list[AuthorLine]:
    """What an author needs to see of `session` now."""
    scenario = session.scenario
    state = session.state
    lines: list[AuthorLine] = []
    if state.ended:
        ending = scenario.endings[state.node]
        lines.append(AuthorLine("ending", f"{state.node} ({ending.outcome.value}, {ending.effective_stars} stars)"))
    else:
        node = scenario.nodes[state.node]
        variant = session.engine.variant(state)
        shown = f", variant {variant + 1} shown" if variant is not None else ""
        lines.append(AuthorLine("node", f"{state.node} (speaker {node.speaker or 'buyer'}{shown})"))
    lines.append(AuthorLine("meters", f"trust {state.trust}, pressure {state.pressure}"))
    lines.append(AuthorLine("flags", ", ".join(sorted(state.flags)) or "none"))
    if scenario.worlds:
        lines.append(AuthorLine("world", state.world or "?"))
        apart = _worlds_not_told_apart(session)
        if apart is not None:
            lines.append(AuthorLine("not yet told apart", ", ".join(apart)))
    offered = {offer.index for offer in session.offers()}
    here = scenario.nodes.get(state.node) if not state.ended else None
    for index, choice in enumerate((here.choices or []) if here is not None else []):
        if index not in offered:
            lines.append(AuthorLine("hidden", f'choices[{index}] "{choice.text}" while not: {choice.when}'))
    lines += _last_step(session)
    lines.append(AuthorLine("--choices", choices_text(session.steps) or "(none yet)"))
    if not state.ended:  # a play starts at a node, never at an ending
        lines.append(AuthorLine("--at", at_options(StartAt(state.node, state.trust, state.pressure, state.flags, state.world))))
    return lines


def at_options(at: StartAt) -> str:
    """`NODE --trust N --pressure N --set a,b --world W`: a start as `play --at` takes it."""
    parts = [at.node]
    if at.trust is not None:
        parts.append(f"--trust {at.trust}")
    if at.pressure is not None:
        parts.append(f"--pressure {at.pressure}")
    if at.flags is not None:
        parts.append(f"--set {','.join(sorted(at.flags))}" if at.flags else "--set ''")
    if at.world is not None:
        parts.append(f"--world {at.world}")
    return " ".join(parts)


def _worlds_not_told_apart(session: PlaySession) -> list[str] | None:
    analysis = session.loaded.analysis
    if analysis is None or analysis.too_large:
        return None  # unknown: not analysed
    world = session.start.state.world
    info = analysis.start_info(world)
    for step in session.steps:
        if info is None or step.event is None:
            return None
        info = analysis.next_info(info, step.event.number, world)
    return None if info is None else [str(w) for w in analysis.worlds_of(info)]


def _last_step(session: PlaySession) -> list[AuthorLine]:
    """The interrupts checked after the last choice and the routes it went through."""
    scenario = session.scenario
    last: Transition = session.steps[-1] if session.steps else session.start
    lines: list[AuthorLine] = []
    event = last.event
    if event is not None and scenario.interrupts:
        fired = event.interrupt.index if event.interrupt is not None else None
        for index, interrupt in enumerate(scenario.interrupts):
            if fired is not None and index > fired:
                break
            verdict = f"fired -> {interrupt.next}" if index == fired else "held not"
            lines.append(AuthorLine("interrupt", f"[{index}] {interrupt.when}: {verdict}"))
    for route in last.routes:
        routes = scenario.nodes[route.node].routes or []
        for index, candidate in enumerate(routes[: route.index + 1]):
            condition = candidate.when if candidate.when is not None else "otherwise"
            verdict = f"taken -> {candidate.next}" if index == route.index else "held not"
            lines.append(AuthorLine("route", f"{route.node}.routes[{index}] {condition}: {verdict}"))
    return lines


START_OPTIONS = ("--trust", "--pressure", "--set", "--world")


def start_of(
    node: str, trust: str | None = None, pressure: str | None = None, flags: str | None = None, world: str | None = None
) -> StartAt:
    """A start anywhere from `play`'s options as typed: None leaves a part open (the nearest
    reachable state is taken), `flags` "" means none. Raises `Unreachable` on a meter that is not a
    whole number; `trainer.start_at.reach` checks the rest against the scenario."""
    meters: list[int | None] = []
    for name, text in (("trust", trust), ("pressure", pressure)):
        if text is not None and not (text.strip().isascii() and text.strip().isdigit()):
            raise Unreachable(f"--{name} must be a whole number from 0 to 100, e.g. --{name} 60; got {text!r}")
        meters.append(None if text is None else int(text))
    names = None if flags is None else frozenset(f.strip() for f in flags.split(",") if f.strip())
    return StartAt(node, meters[0], meters[1], names, world)


def parse_start(text: str) -> StartAt:
    """`needs --trust 70 --set asked --world big` -> the start; raises `Unreachable` when it is not
    that shape."""
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise Unreachable(f"cannot read it: {error}") from None
    if not words or words[0].startswith("-"):
        raise Unreachable("start with the node, e.g. needs --trust 70 --set asked")
    given: dict[str, str] = {}
    rest = words[1:]
    while rest:
        option, *rest = rest
        if option not in START_OPTIONS or not rest:
            raise Unreachable(f"{option!r}: give NODE, then any of {', '.join(START_OPTIONS)}, each with a value")
        given[option], *rest = rest
    return start_of(words[0], given.get("--trust"), given.get("--pressure"), given.get("--set"), given.get("--world"))

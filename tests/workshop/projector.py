"""Helpers to read what the projector screen really draws, cell by cell."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from textual.geometry import Region
from textual.pilot import Pilot

from trainer.engine import Engine, Transition
from trainer.validation import LoadedScenario


def screen_lines(pilot: Pilot[int]) -> list[str]:
    """The text of every row of the current screen, as the terminal would show it."""
    screen = pilot.app.screen
    return [strip.text for strip in screen._compositor.render_strips()]


def text_in(lines: list[str], region: Region) -> str:
    """The words drawn in `region` (rows joined with spaces, runs of spaces collapsed)."""
    rows = [lines[y][region.x : region.right] for y in range(region.y, min(region.bottom, len(lines)))]
    return words(" ".join(rows))


def words(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision as the room sees it, and one way to reach it."""

    scenario: str
    transition: Transition  # its `event` is the step that led here (None at the start)


def decisions(item: LoadedScenario) -> Iterator[Decision]:
    """Every distinct decision of a scenario (in every world): each different buyer's line,
    narration on the way and set of offered choices, once."""
    assert item.compiled is not None
    engine = Engine(item.compiled)
    worlds = [world.id for world in engine.scenario.worlds] if engine.scenario.worlds else [None]
    seen = set()
    shown = set()
    for world in worlds:
        queue = deque([engine.start(world)])
        while queue:
            transition = queue.popleft()
            state = transition.state
            if state in seen:
                continue
            seen.add(state)
            if state.ended:
                continue
            offers = engine.offered(state)
            key = (
                engine.text(state),
                engine.speaker(state),
                tuple(engine.narration(transition)),
                tuple(offer.choice.text for offer in offers),
                transition.event is None,
            )
            if key not in shown:
                shown.add(key)
                yield Decision(item.path.name, transition)
            queue.extend(engine.choose(state, offer.number) for offer in offers)

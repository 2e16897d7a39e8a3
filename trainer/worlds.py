"""Hidden worlds: which buyer a play faces, drawn at its start.

Without `[[worlds]]` a scenario has one world, whose id is None. With them,
a play draws world w with probability weight(w) / (sum of weights); the
draw is the only randomness of a play, and `draw_world(scenario, seed)`
repeats it for the same seed (same version of the same tool).
"""

from __future__ import annotations

import random

from trainer.errors import TrainerError
from trainer.model import Scenario, World


class UnknownWorld(TrainerError):
    """A world id that names no world of the scenario (or any id for a scenario without worlds)."""


def world_ids(scenario: Scenario) -> list[str]:
    """The worlds' ids in file order; empty without `[[worlds]]`."""
    return [w.id for w in scenario.worlds or ()]


def find_world(scenario: Scenario, world: str | None) -> World | None:
    """The world named `world`; None for a scenario without worlds and `world` None.

    Raises `UnknownWorld` (its message lists the worlds) when `world` names none."""
    ids = world_ids(scenario)
    if world is None and not ids:
        return None
    if world is None:
        raise UnknownWorld(f"this scenario has hidden worlds; name one of: {', '.join(ids)}")
    if not ids:
        raise UnknownWorld(f'there is no world "{world}": this scenario has no [[worlds]]')
    for candidate in scenario.worlds or ():
        if candidate.id == world:
            return candidate
    raise UnknownWorld(f'there is no world "{world}" in this scenario; its worlds are: {", ".join(ids)}')


def world_index(scenario: Scenario, world: str | None) -> int:
    """0-based position of the world in file order (0 for a scenario without worlds)."""
    found = find_world(scenario, world)
    return 0 if found is None else (scenario.worlds or []).index(found)


def draw_world(scenario: Scenario, seed: int | None = None, rng: random.Random | None = None) -> str | None:
    """Draw a world by weight: from `rng`, else from `random.Random(seed)` (seed None: unpredictable).

    None for a scenario without worlds (and then nothing is drawn)."""
    worlds = scenario.worlds
    if not worlds:
        return None
    source = rng if rng is not None else random.Random(seed)
    return source.choices([w.id for w in worlds], weights=[w.weight for w in worlds])[0]

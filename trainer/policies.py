"""Scripted players for playtests and library checks: pusher, helper and random."""

from __future__ import annotations

import random
from collections.abc import Callable

from trainer.engine import Engine, Offer, PlayState, Transition
from trainer.model import PULLING_TACTICS, PUSHING_TACTICS, Tactic

Policy = Callable[[PlayState, list[Offer]], int]
"""Picks a choice number among the offers."""

MAX_PLAY_STEPS = 500


def prefer(tactics: frozenset[Tactic]) -> Policy:
    """The first offered choice with one of `tactics`, else the first choice."""

    def pick(state: PlayState, offers: list[Offer]) -> int:
        for offer in offers:
            if offer.choice.tactic in tactics:
                return offer.number
        return offers[0].number

    return pick


pusher: Policy = prefer(PUSHING_TACTICS)
"""Pushes whenever it can: close, pressure or pitch."""

helper: Policy = prefer(PULLING_TACTICS)
"""Always the first qualify, ask, connect or help choice: helpful but not thinking."""


def random_policy(rng: random.Random) -> Policy:
    return lambda state, offers: rng.choice(offers).number


def play_out(
    engine: Engine, policy: Policy, max_steps: int = MAX_PLAY_STEPS, world: str | None = None
) -> tuple[Transition, list[Transition]]:
    """Play from the start until an ending (or `max_steps` choices, for looping policies), in
    `world` (its id), or in a world drawn at random when the scenario has worlds and none is given."""
    start = engine.start(world)
    steps: list[Transition] = []
    state = start.state
    while not state.ended and len(steps) < max_steps:
        offers = engine.offered(state)
        if not offers:
            break
        step = engine.choose(state, policy(state, offers))
        steps.append(step)
        state = step.state
    return start, steps

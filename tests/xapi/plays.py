"""Finished runs of built-in scenarios (with hidden worlds), played by a seeded random player."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

from trainer.game.play import PlaySession
from trainer.loader import LoadedScenario
from trainer.paths import builtin_pack_dir
from trainer.saves import Run, SaveStore, finished_run, saved_play, scenario_ref
from trainer.validation import load_scenario

SCENARIOS = ("not-a-fit-bakery", "renewal-at-risk", "kitchen-showroom")
MAX_STEPS = 60


@cache
def loaded(name: str) -> LoadedScenario:
    found = load_scenario(builtin_pack_dir() / "scenarios" / f"{name}.toml")
    assert found.ok and found.analysis is not None, name
    return found


def random_run(rng: random.Random, name: str, when: datetime) -> Run:
    """A run of scenario `name` with random choices (played again until it ends within MAX_STEPS)."""
    scenario = loaded(name)
    while True:
        session = PlaySession(scenario, *_start(scenario, rng))
        while not session.ended and len(session.steps) < MAX_STEPS:
            session.choose(rng.randint(1, len(session.offers())))
        if session.ended:
            break
    ref = scenario_ref(session.scenario, session.loaded.path)
    play = saved_play(ref, session.engine, session.start, session.steps, play_id=f"{rng.getrandbits(48):012x}", started=when)
    assert scenario.analysis is not None
    best = scenario.analysis.world(session.start.state.world).best_possible
    run = finished_run(play, session.engine, session.steps[-1], best_possible=best)
    finished = when + timedelta(seconds=30 + len(session.steps))
    return run.model_copy(update={"finished": finished, "updated": finished})


def _start(scenario: LoadedScenario, rng: random.Random):  # type: ignore[no-untyped-def]
    session = PlaySession.begin(scenario)
    return session.engine, session.engine.start(rng=rng)


def record_runs(store: SaveStore, profile_id: str, count: int, seed: int, *, start: datetime | None = None) -> list[Run]:
    """`count` runs of the player, a day apart, cycling through SCENARIOS."""
    rng = random.Random(seed)
    moment = start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    runs = []
    for i in range(count):
        run = random_run(rng, SCENARIOS[i % len(SCENARIOS)], moment + timedelta(days=i, minutes=seed))
        store.record_run(profile_id, run)
        runs.append(run)
    return runs


def team(saves: Path, players: dict[str, int], seed: int = 7) -> dict[str, list[Run]]:
    """Profiles named as the keys, each with that many runs."""
    store = SaveStore(saves)
    made = {}
    for offset, (name, count) in enumerate(players.items()):
        profile = store.create_profile(name)
        made[profile.id] = record_runs(store, profile.id, count, seed + offset)
    return made

"""A workshop session faces one hidden buyer: drawn when it starts, kept across rewinds and paths."""

from __future__ import annotations

import random
from pathlib import Path

import tomli_w

from tests.core.builders import two_worlds
from trainer.engine import Engine
from trainer.game.workshop import WorkshopSession
from trainer.loader import LoadedScenario
from trainer.validation import load_scenario


def loaded_two(tmp_path: Path) -> LoadedScenario:
    path = tmp_path / "two.toml"
    path.write_bytes(tomli_w.dumps(two_worlds()).encode())
    loaded = load_scenario(path)
    assert loaded.ok and loaded.compiled is not None
    return loaded


def test_every_path_of_a_session_is_in_the_world_drawn_at_its_start(tmp_path: Path) -> None:
    loaded = loaded_two(tmp_path)
    assert loaded.compiled is not None
    engine = Engine(loaded.compiled)
    seen = set()
    for seed in range(12):
        start = engine.start(rng=random.Random(seed))
        session = WorkshopSession(engine, loaded.analysis, start=start)
        world = session.start.state.world
        seen.add(world)
        session.play(2)  # the big plan, straight away: won only for the big buyer
        first = session.current.steps[-1].transition.state.node
        for _ in range(3):
            session.rewind(0)
            session.play(2)
            assert session.state.world == world and session.state.node == first
        assert session.debrief().world == world
    assert seen == {"big", "small"}  # it is drawn, not fixed


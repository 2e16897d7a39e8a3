"""A save records the play's hidden world, so resuming or replaying is the same play (save version 2)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomli_w

from tests.core.builders import two_worlds
from trainer.engine import Engine
from trainer.saves import SAVE_VERSION, SavedPlay, saved_play, scenario_ref
from trainer.saves.models import dump, parse_play, parse_run
from trainer.saves.records import CannotContinue, replay
from trainer.validation import load_scenario

from .helpers import V0, play_of


def engine_of(tmp_path: Path, doc: dict[str, object]) -> tuple[Engine, Path]:
    path = tmp_path / "two.toml"
    path.write_bytes(tomli_w.dumps(doc).encode())
    loaded = load_scenario(path)
    assert loaded.ok and loaded.compiled is not None
    return Engine(loaded.compiled), path


def save_and_read(play: SavedPlay) -> SavedPlay:
    return parse_play(tomllib.loads(tomli_w.dumps(dump(play))))


@pytest.mark.parametrize("world", ["big", "small"])
def test_a_saved_play_resumes_in_its_world(tmp_path: Path, world: str) -> None:
    engine, path = engine_of(tmp_path, two_worlds())
    start, steps = engine.replay([2], world)  # "Our big plan is what you need." (a route on the world's flag)
    record = save_and_read(saved_play(scenario_ref(engine.scenario, path), engine, start, steps))
    assert record.version == SAVE_VERSION == 2 and record.world == world
    for _ in range(20):  # never drawn again: the same buyer every time
        again = replay(engine, record)
        assert again.start.state.world == world
        assert again.steps[-1].state.node == ("won" if world == "big" else "lost")


def test_a_save_whose_world_is_gone_cannot_be_resumed_and_says_so(tmp_path: Path) -> None:
    engine, path = engine_of(tmp_path, two_worlds())
    start, steps = engine.replay([1], "small")
    record = saved_play(scenario_ref(engine.scenario, path), engine, start, steps)
    doc = two_worlds()
    doc["worlds"][1]["id"] = "tiny"  # type: ignore[index]
    changed, _ = engine_of(tmp_path, doc)
    with pytest.raises(CannotContinue, match="the buyer this play was with is no longer in it") as error:
        replay(changed, record)
    assert "small" not in str(error.value)  # the player is not shown ids


def test_a_play_saved_before_the_scenario_had_worlds_cannot_be_resumed(tmp_path: Path) -> None:
    engine, path = engine_of(tmp_path, two_worlds())
    start, steps = engine.replay([1], "big")
    record = saved_play(scenario_ref(engine.scenario, path), engine, start, steps).model_copy(update={"world": None})
    with pytest.raises(CannotContinue, match="this play did not record one"):
        replay(engine, record)


def test_version_1_saves_migrate_to_version_2_without_a_world() -> None:
    today = dump(play_of([2, 1]))
    assert today["version"] == 2 and "world" not in today  # no worlds: nothing written
    v1 = {**today, "version": 1}
    play = parse_play(v1)
    assert (play.version, play.world, [s.number for s in play.steps]) == (2, None, [2, 1])
    run = parse_run({**v1, "finished": today["updated"], "ending": {"id": "signed", "outcome": "won", "stars": 3}})
    assert (run.version, run.world) == (2, None)


def test_the_version_0_fixture_still_loads() -> None:
    runs = sorted((V0 / "profiles").rglob("runs/*.toml"))
    assert runs
    for path in runs:
        assert parse_run(tomllib.loads(path.read_text()), path.stem).version == SAVE_VERSION

"""Plays of the test pack's coffee scenario, ready to save."""

from __future__ import annotations

from pathlib import Path

from trainer.engine import Engine
from trainer.loader import LoadedScenario
from trainer.saves import Run, SavedPlay, ScenarioRef, finished_run, saved_play, scenario_ref
from trainer.validation import load_scenario

PACK = Path(__file__).resolve().parent.parent / "fixtures" / "tui-pack"
COFFEE = PACK / "scenarios" / "coffee.toml"
V0 = Path(__file__).resolve().parent.parent / "fixtures" / "saves_v0"

WIN = [2, 1, 1]  # qualify, ask, close: won, 3 stars
WALK_OUT = [1, 1]  # close, pressure: lost, 0 stars
QUALIFIED_OUT = [2, 3, 1]  # qualify, qualify, help: qualified out, 2 stars


def coffee() -> tuple[LoadedScenario, Engine, ScenarioRef]:
    loaded = load_scenario(COFFEE)
    assert loaded.compiled is not None and loaded.scenario is not None
    return loaded, Engine(loaded.compiled), scenario_ref(loaded.scenario, COFFEE)


def play_of(numbers: list[int]) -> SavedPlay:
    _, engine, ref = coffee()
    start, steps = engine.replay(numbers)
    return saved_play(ref, engine, start, steps)


def run_of(numbers: list[int]) -> Run:
    loaded, engine, ref = coffee()
    start, steps = engine.replay(numbers)
    play = saved_play(ref, engine, start, steps)
    assert loaded.analysis is not None
    return finished_run(play, engine, steps[-1], best_possible=loaded.analysis.best_possible)

"""Players never see the machinery: no flag name, id or condition reaches the game or the reports.

Every built-in scenario, and a scenario with hidden worlds (in each of its worlds), is played
along many paths (the bots and seeded random players);
everything a player reads (the play and debrief screens, the workshop screen, `play`'s text
report, the exported transcript) is checked against the scenario's own ids, flags and
conditions. `play --explain` is the one place that shows them (for authors).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.helpers import visible_text
from trainer.debrief import build_debrief
from trainer.engine import Engine, Transition
from trainer.model import Scenario
from trainer.paths import builtin_pack_dir
from trainer.policies import helper, play_out, pusher, random_policy
from trainer.report import text_report
from trainer.saves.records import finished_run, saved_play, scenario_ref
from trainer.transcript import RunDebrief, run_transcript
from trainer.tui.app import TrainerApp
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.workshop import WorkshopScreen
from trainer.validation import load_scenario

BUILTIN = sorted((builtin_pack_dir() / "scenarios").glob("*.toml"))
WORLDS = [Path(__file__).parent.parent / "fixtures" / "clinic-bookings.toml"]  # three hidden buyers, choice ids
COMPARISON = re.compile(r"\b(trust|pressure)\s*(<=|>=|==|!=|<|>)\s*\d+")
# An id or flag made of one plain word ("pain", "signed") may be the author's own word in a line;
# those with a "_" or "-" never are.
MACHINE_WORD = re.compile(r"^[a-z0-9]+([_-][a-z0-9]+)+$")


@dataclass(frozen=True)
class Machinery:
    """What a scenario's player must never read: its conditions, and its ids and flags that are not words."""

    conditions: frozenset[str]
    names: frozenset[str]

    @classmethod
    def of(cls, scenario: Scenario) -> Machinery:
        conditions: set[str] = {i.when for i in scenario.interrupts}
        names: set[str] = set(scenario.nodes) | set(scenario.endings)
        for world in scenario.worlds or []:
            names.update([world.id, *world.set])
        for node in scenario.nodes.values():
            conditions.update(v.when for v in node.variants or [])
            conditions.update(r.when for r in node.routes or [] if r.when)
            for choice in node.choices or []:
                conditions.update([choice.when] if choice.when else [])
                names.update(choice.set, choice.clear, [choice.id] if choice.id else [])
        return cls(frozenset(c for c in conditions if not c.isidentifier()), frozenset(n for n in names if MACHINE_WORD.match(n)))

    def leaks(self, shown: str) -> list[str]:
        found = [c for c in self.conditions if c in shown]
        found += [n for n in self.names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", shown)]
        found += [m.group(0) for m in COMPARISON.finditer(shown)]
        return found


def test_the_check_finds_what_the_game_used_to_show() -> None:
    """The check would have caught the notes the game printed after a route or an interrupt."""
    scenario = load_scenario(BUILTIN[0]).scenario
    assert scenario is not None
    machinery = Machinery.of(scenario)
    assert machinery.conditions and machinery.names
    condition = next(iter(machinery.conditions))
    name = next(iter(machinery.names))
    assert machinery.leaks(f"Because {condition}, the play ended: Lost.")
    assert machinery.leaks(f"the conversation moved on to '{name}'") == [name]
    assert machinery.leaks("Not trust >= 65 nor pressure < 10, so ...")
    assert machinery.leaks("Trust grew, and the pressure fell.") == []
    worlds = load_scenario(WORLDS[0]).scenario
    assert worlds is not None
    hidden = Machinery.of(worlds).names
    assert {"no-fit", "home_visits", "ask-need", "close-early"} <= hidden  # world ids and flags, choice ids


def worlds_of(engine: Engine) -> list[str | None]:
    return [w.id for w in engine.scenario.worlds or []] or [None]


def paths(engine: Engine, count: int) -> list[tuple[Transition, list[Transition]]]:
    """The pusher, the helper and `count` seeded random players, each to an ending, in every world."""
    plays = []
    for world in worlds_of(engine):
        plays += [play_out(engine, pusher, world=world), play_out(engine, helper, world=world)]
        plays += [play_out(engine, random_policy(random.Random(seed)), world=world) for seed in range(count)]
    return plays


@pytest.mark.parametrize("path", BUILTIN + WORLDS, ids=lambda p: p.stem)
def test_reports_and_transcripts_never_show_the_machinery(path: Path) -> None:
    loaded = load_scenario(path)
    assert loaded.ok and loaded.scenario is not None and loaded.compiled is not None
    scenario, engine = loaded.scenario, Engine(loaded.compiled)
    machinery = Machinery.of(scenario)
    explained = ""
    for start, steps in paths(engine, 40):
        debrief = build_debrief(engine, loaded.analysis, start, steps)
        report = text_report(scenario, debrief)
        assert machinery.leaks(report) == [], report
        explained += text_report(scenario, debrief, explain=True)
        if steps and steps[-1].state.ended:
            run = finished_run(saved_play(scenario_ref(scenario, path), engine, start, steps), engine, steps[-1])
            transcript = run_transcript(run, RunDebrief(scenario, debrief))
            assert machinery.leaks(transcript.replace(f"- Scenario: {scenario.id} ", "")) == [], transcript
    assert machinery.leaks(explained)  # the author's view still has them


async def play_through(pilot: Pilot[int], keys: list[str], machinery: Machinery, *, end_key: str) -> None:
    for _ in range(600):  # the library first; the scenario opens once the packs and the file are checked
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        if isinstance(pilot.app.screen, (PlayScreen, WorkshopScreen)):
            break
    assert isinstance(pilot.app.screen, (PlayScreen, WorkshopScreen))
    for key in [*keys, end_key]:
        assert machinery.leaks(visible_text(pilot)) == [], visible_text(pilot)
        await pilot.press(key)
        await pilot.pause()
    shown = visible_text(pilot)
    assert machinery.leaks(shown) == [], shown


def keys_for(engine: Engine, seed: int, world: str | None = None) -> list[str]:
    """A seeded random play (in `world`), as the choice keys a player presses."""
    rng = random.Random(seed)
    _, steps = play_out(engine, random_policy(rng), world=world)
    return [str(step.event.number) for step in steps if step.event is not None]


@pytest.mark.parametrize("path", BUILTIN + WORLDS, ids=lambda p: p.stem)
async def test_the_game_never_shows_the_machinery(path: Path, tmp_path: Path) -> None:
    loaded = load_scenario(path)
    assert loaded.scenario is not None and loaded.compiled is not None
    machinery = Machinery.of(loaded.scenario)
    engine = Engine(loaded.compiled)
    worlds = worlds_of(engine)
    for seed in range(max(2, len(worlds))):  # with hidden worlds: a play in each
        world = worlds[seed % len(worlds)]
        app = TrainerApp(saves=tmp_path / f"saves-{seed}", open_file=path, open_world=world)
        app.animation_level = "none"
        async with app.run_test(size=(100, 40)) as pilot:
            await play_through(pilot, keys_for(engine, seed, world), machinery, end_key="d")  # ends on the debrief
    app = TrainerApp(saves=tmp_path / "saves-ws", open_file=path, open_world=worlds[-1], workshop=True)
    app.animation_level = "none"
    async with app.run_test(size=(100, 40)) as pilot:
        keys = [k for number in keys_for(engine, 7, worlds[-1]) for k in (number, "enter")]
        await play_through(pilot, keys, machinery, end_key="d")

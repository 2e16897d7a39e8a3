"""Playtests: many scripted plays of a scenario, summed up for its author.

Each scenario is played by the random policy `runs` times (seeded, so a
playtest is repeatable) and once by each policy bot: `pusher` (pushes
whenever it can) and `helper` (always the first qualify/ask/connect/help
choice). The report gives, per policy, how plays ended, the share that
reached the best ending and the meter ranges seen, and, over all plays,
which nodes, choices, endings and interrupts were exercised.

A scenario with `[[worlds]]` is played that way in every world (the bots do
not know which); the report gives each world's best ending and policies, and
the policies summed over the worlds, each play judged by the best ending of
its own world. Its `[[tests]]` run as in `validate`: a failing test is an
error of the playtest (the scenario is still played). The surface-cue players
of `trainer.cue_players` play it too (`cues`; summed over a pack by `Playtest.cues`).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from trainer.cue_players import CUE_PLAYERS, RANDOM, LibraryCues, ScenarioCues, scenario_cues
from trainer.diagnostics import Diagnostic, format_toml_path
from trainer.engine import Engine, Transition, choices_text
from trainer.limits import DEFAULT_STATE_BUDGET
from trainer.loader import LoadedScenario
from trainer.model import World
from trainer.policies import MAX_PLAY_STEPS, Policy, helper, play_out, pusher, random_policy
from trainer.scenario_tests import test_diagnostics
from trainer.validation import load_pack, load_scenario

DEFAULT_RUNS = 200
DEFAULT_SEED = 0
UNFINISHED = "(unfinished)"
"""Plays that stopped without an ending (after `MAX_PLAY_STEPS` choices)."""


@dataclass(slots=True)
class MeterRange:
    low: int = 100
    high: int = 0

    def see(self, value: int) -> None:
        self.low = min(self.low, value)
        self.high = max(self.high, value)

    def to_json(self) -> dict[str, int]:
        return {"min": self.low, "max": self.high}

    def merge(self, other: MeterRange) -> None:
        self.low = min(self.low, other.low)
        self.high = max(self.high, other.high)


@dataclass(slots=True)
class PolicyResult:
    """How one policy's plays went."""

    policy: str
    plays: int = 0
    endings: Counter[str] = field(default_factory=Counter)
    best_plays: int = 0
    stars: int = 0  # summed over the plays (an unfinished play scores 0)
    steps: int = 0
    trust: MeterRange = field(default_factory=MeterRange)
    pressure: MeterRange = field(default_factory=MeterRange)

    @property
    def best_share(self) -> float:
        return self.best_plays / self.plays if self.plays else 0.0

    def merge(self, other: PolicyResult) -> None:
        """Add another world's plays of the same policy."""
        self.plays += other.plays
        self.endings.update(other.endings)
        self.best_plays += other.best_plays
        self.stars += other.stars
        self.steps += other.steps
        self.trust.merge(other.trust)
        self.pressure.merge(other.pressure)

    @property
    def average_steps(self) -> float:
        return self.steps / self.plays if self.plays else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "plays": self.plays,
            "endings": dict(sorted(self.endings.items())),
            "best_ending_share": round(self.best_share, 4),
            "average_steps": round(self.average_steps, 2),
            "trust": self.trust.to_json(),
            "pressure": self.pressure.to_json(),
        }


@dataclass(slots=True)
class Coverage:
    """What the plays exercised, out of what the scenario has."""

    nodes: set[str] = field(default_factory=set)
    choices: set[tuple[str, int]] = field(default_factory=set)
    endings: set[str] = field(default_factory=set)
    interrupts: set[int] = field(default_factory=set)
    taken: Counter[tuple[str, str, int]] = field(default_factory=Counter)  # plays down each edge (`graph --coverage`)


@dataclass(slots=True)
class WorldPlaytest:
    """How the policies did in one hidden world."""

    world: str
    label: str
    best_stars: int
    policies: list[PolicyResult] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.world,
            "label": self.label,
            "best_stars": self.best_stars,
            "policies": {p.policy: p.to_json() for p in self.policies},
        }


@dataclass(frozen=True, slots=True)
class ScriptedPlay:
    """One play of a scripted player (a bot: it plays the same way every time), as an author
    replays it: `play FILE [--world W] --choices <choices>`."""

    policy: str
    world: str | None
    choices: str  # ids where the choices have them, else numbers
    ending: str  # the ending's id, or UNFINISHED

    def to_json(self) -> dict[str, object]:
        return {"policy": self.policy, "world": self.world, "choices": self.choices, "ending": self.ending}


@dataclass(slots=True)
class ScenarioPlaytest:
    file: str
    scenario_id: str | None
    errors: list[Diagnostic] = field(default_factory=list)
    test_failures: list[Diagnostic] = field(default_factory=list)  # failing [[tests]]: errors, yet played
    best_stars: int | None = None
    policies: list[PolicyResult] = field(default_factory=list)  # over every world
    worlds: list[WorldPlaytest] = field(default_factory=list)  # one per world; empty without [[worlds]]
    scripted: list[ScriptedPlay] = field(default_factory=list)  # each bot's play, in each world
    coverage: Coverage = field(default_factory=Coverage)
    all_nodes: list[str] = field(default_factory=list)
    all_choices: list[tuple[str, int]] = field(default_factory=list)
    all_endings: list[str] = field(default_factory=list)
    interrupt_count: int = 0
    cues: ScenarioCues | None = None  # the surface-cue players' stars and the decisions' cues

    @property
    def ok(self) -> bool:
        return not self.errors and not self.test_failures

    @property
    def played(self) -> bool:
        return not self.errors

    @property
    def choice_coverage(self) -> float:
        """Percent of choices taken at least once (100 when there are none)."""
        if not self.all_choices:
            return 100.0
        return 100.0 * len(self.coverage.choices) / len(self.all_choices)

    @property
    def node_coverage(self) -> float:
        return 100.0 * len(self.coverage.nodes) / len(self.all_nodes) if self.all_nodes else 100.0

    def never_taken(self) -> list[str]:
        """TOML paths of the choices no play took."""
        return [
            format_toml_path(("nodes", node, "choices", index))
            for node, index in self.all_choices
            if (node, index) not in self.coverage.choices
        ]

    def never_reached(self) -> list[str]:
        return [f"nodes.{n}" for n in self.all_nodes if n not in self.coverage.nodes] + [
            f"endings.{e}" for e in self.all_endings if e not in self.coverage.endings
        ]

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"file": self.file, "scenario": self.scenario_id, "ok": self.ok}
        if self.errors or self.test_failures:
            out["errors"] = [d.to_json() for d in self.errors + self.test_failures]
        if self.errors:
            return out
        cov = self.coverage
        if self.worlds:
            out["worlds"] = [w.to_json() for w in self.worlds]
        out.update(
            {
                "best_stars": self.best_stars,
                "policies": {p.policy: p.to_json() for p in self.policies},
                "coverage": {
                    "nodes": {"seen": len(cov.nodes), "total": len(self.all_nodes)},
                    "choices": {
                        "seen": len(cov.choices),
                        "total": len(self.all_choices),
                        "percent": round(self.choice_coverage, 2),
                    },
                    "endings": {"seen": len(cov.endings), "total": len(self.all_endings)},
                    "interrupts": {"seen": len(cov.interrupts), "total": self.interrupt_count},
                },
                "scripted": [p.to_json() for p in self.scripted],
                "never_taken": self.never_taken(),
                "never_reached": self.never_reached(),
            }
        )
        if self.cues is not None:
            out["cues"] = self.cues.to_json()
        return out


def policies_for(runs: int, seed: int) -> list[tuple[str, Policy, int]]:
    """(name, policy, plays): the seeded random player, then the bots."""
    return [(RANDOM, random_policy(random.Random(seed)), runs), ("pusher", pusher, 1), ("helper", helper, 1)]


def playtest_scenario(
    loaded: LoadedScenario,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
    label: str | None = None,
    players: Sequence[str] | None = tuple(CUE_PLAYERS),
) -> ScenarioPlaytest:
    """Play a loaded scenario; a scenario with errors is not played (its errors are the result).
    `players` names the surface-cue players to play it too (`trainer.cue_players`); None leaves
    out the surface cues altogether (`graph --coverage` wants only the plays)."""
    label = label if label is not None else str(loaded.path)
    scenario = loaded.scenario
    result = ScenarioPlaytest(label, scenario.id if scenario else None)
    if not loaded.ok or scenario is None or loaded.compiled is None:
        result.errors = [d for d in loaded.diagnostics if d.is_error]
        return result
    engine = Engine(loaded.compiled)
    result.all_nodes = list(scenario.nodes)
    result.all_endings = list(scenario.endings)
    result.all_choices = [(name, i) for name, node in scenario.nodes.items() for i in range(len(node.choices or ()))]
    result.interrupt_count = len(scenario.interrupts)
    result.test_failures = test_diagnostics(loaded)
    most = max(e.effective_stars for e in scenario.endings.values())
    analysis = loaded.analysis if loaded.analysis is not None and not loaded.analysis.too_large else None
    result.best_stars = analysis.best_possible if analysis is not None else None
    result.best_stars = most if result.best_stars is None else result.best_stars
    policies = policies_for(runs, seed)
    result.policies = [PolicyResult(name) for name, _, _ in policies]
    worlds: list[World | None] = [*(scenario.worlds or [])] or [None]
    random_stars = 0.0  # the random plays' stars, each world's average weighted as the cue report weighs it
    for world in worlds:
        world_id = world.id if world is not None else None
        best = analysis.world(world_id).best_possible if analysis is not None else None
        played = WorldPlaytest(world_id or "", world.label if world is not None else "", most if best is None else best)
        for (name, policy, plays), total in zip(policies, result.policies, strict=True):
            stats = PolicyResult(name)
            for _ in range(plays):
                start, steps = play_out(engine, policy, MAX_PLAY_STEPS, world_id)
                _record(engine, start, steps, stats, result.coverage, played.best_stars)
                if plays == 1:  # a scripted player: its one play is the one to replay
                    final = steps[-1].state if steps else start.state
                    ending = final.node if final.ended else UNFINISHED
                    result.scripted.append(ScriptedPlay(name, world_id, choices_text(steps), ending))
            played.policies.append(stats)
            total.merge(stats)
            if name == RANDOM and stats.plays:
                random_stars += (world.weight if world is not None else 1) * stats.stars / stats.plays
        if world is not None:
            result.worlds.append(played)
    if players is not None:  # the cues' random player is the random player above: its plays are not played again
        weights = sum(w.weight for w in scenario.worlds or ()) or 1
        result.cues = scenario_cues(loaded, players, runs=runs, seed=seed, random_stars=random_stars / weights)
    return result


def _record(
    engine: Engine, start: Transition, steps: list[Transition], stats: PolicyResult, cov: Coverage, best: int
) -> None:
    stats.plays += 1
    stats.steps += len(steps)
    cov.taken["start", "", 0] += 1
    for transition in (start, *steps):
        state = transition.state
        stats.trust.see(state.trust)
        stats.pressure.see(state.pressure)
        cov.nodes.update(route.node for route in transition.routes)
        cov.taken.update(("route", route.node, route.index) for route in transition.routes)
        if transition.event is not None:
            event = transition.event
            cov.nodes.add(event.node)
            cov.choices.add((event.node, event.index))
            cov.taken["choice", event.node, event.index] += 1
            if event.interrupt is not None:
                cov.interrupts.add(event.interrupt.index)
                cov.taken["interrupt", "", event.interrupt.index] += 1
        if state.ended:
            cov.endings.add(state.node)
        else:
            cov.nodes.add(state.node)
    final = steps[-1].state if steps else start.state
    if final.ended:
        stats.endings[final.node] += 1
        stars = engine.scenario.endings[final.node].effective_stars
        stats.stars += stars
        if stars >= best:
            stats.best_plays += 1
    else:
        stats.endings[UNFINISHED] += 1


@dataclass(slots=True)
class Playtest:
    """A playtest of one file or a whole pack."""

    seed: int
    runs: int
    scenarios: list[ScenarioPlaytest] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)  # pack-level problems

    @property
    def ok(self) -> bool:
        return not self.errors and all(s.ok for s in self.scenarios)

    @property
    def cues(self) -> LibraryCues:
        """The surface-cue results of every scenario played, summed up."""
        return LibraryCues([s.cues for s in self.scenarios if s.cues is not None])

    def below(self, min_coverage: float | None) -> list[ScenarioPlaytest]:
        if min_coverage is None:
            return []
        return [s for s in self.scenarios if s.played and s.choice_coverage + 1e-9 < min_coverage]


def playtest_path(
    path: Path,
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
    budget: int = DEFAULT_STATE_BUDGET,
    players: Sequence[str] = tuple(CUE_PLAYERS),
) -> Playtest:
    """Playtest a scenario file, or every scenario of a pack folder."""
    report = Playtest(seed, runs)
    if path.is_dir():
        pack = load_pack(path, budget=budget, label=str(path), keep_analyses=True)
        report.errors = [d for d in pack.diagnostics if d.is_error]
        loaded_items = pack.scenarios
    else:
        loaded_items = [load_scenario(path, budget=budget)]
    for loaded in loaded_items:
        report.scenarios.append(playtest_scenario(loaded, runs=runs, seed=seed, players=players))
    return report

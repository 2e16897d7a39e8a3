"""The exact solver on small scenarios with known answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES
from tests.core.builders import choice, load_doc, minimal
from trainer.compiled import CompiledScenario
from trainer.debrief import build_debrief
from trainer.engine import Engine
from trainer.model import Scenario
from trainer.secure import SecureAnalysis
from trainer.solver import Analysis
from trainer.validation import load_scenario
from trainer.wording import explain_turning_point


def looping_doc() -> dict[str, Any]:
    """Waiting raises trust 10 a time until a check lets the buyer listen; pushing loses."""
    return {
        "format": 1,
        "id": "loop",
        "title": "Loop",
        "start": "room",
        "buyer": {"name": "B"},
        "meters": {"trust": 50, "pressure": 10},
        "interrupts": [{"when": "pressure >= 60", "next": "walked"}],
        "nodes": {
            "room": {
                "text": "Hm.",
                "choices": [
                    choice("Tell me more.", "ask", "gate", trust=10),
                    choice("Sign now.", "close", "lost"),
                ],
            },
            "gate": {"routes": [{"when": "trust >= 80", "next": "ready"}, {"next": "room"}]},
            "ready": {
                "text": "OK, I'm listening.",
                "choices": [
                    choice("Shall we start?", "close", "won"),
                    choice("Last chance, today only!", "pressure", "won", pressure=50),
                ],
            },
        },
        "endings": {
            "won": {"outcome": "won", "text": "Yes."},
            "lost": {"outcome": "lost", "stars": 1, "text": "No."},
            "walked": {"outcome": "lost", "text": "Gone."},
        },
    }


def analysed(doc: dict[str, Any]) -> tuple[Engine, SecureAnalysis]:
    loaded = load_doc(doc)
    assert loaded.ok, [d.render() for d in loaded.diagnostics]
    assert loaded.compiled is not None and loaded.analysis is not None
    return Engine(loaded.compiled), loaded.analysis


def test_loops_are_explored_once_per_state() -> None:
    engine, analysis = analysed(looping_doc())
    # room at trust 50, 60, 70; ready at 80.
    assert analysis.state_count == 4
    assert analysis.best_possible == 3
    c = engine.compiled
    per_world = analysis.world(None)
    assert per_world.best(c.target_of["room"], 70, 10, 0) == 3
    assert per_world.best(c.target_of["room"], 55, 10, 0) is None  # not a reachable state


def test_turning_points_and_winning_alternatives() -> None:
    engine, analysis = analysed(looping_doc())
    start, steps = engine.replay([1, 1, 1, 2])  # wait three times, then pressure: the interrupt fires
    debrief = build_debrief(engine, analysis, start, steps)
    assert debrief.ending_id == "walked" and debrief.stars == 0 and debrief.best_possible == 3
    assert [(s.best_before, s.best_after) for s in debrief.steps] == [(3, 3), (3, 3), (3, 3), (3, 0)]
    assert [s.step for s in debrief.turning_points] == [4]
    point = debrief.point_of_no_return
    assert point is not None and point.interrupt is not None
    assert [(a.number, a.tactic.value) for a in point.winning_alternatives] == [(1, "close")]
    assert explain_turning_point(point) == (
        'Step 4: you turned up the pressure ("Last chance, today only!"). Then: "Gone." It cost 3 stars you could '
        'have been sure of. Coach: fb. Better: "Shall we start?" fb. The principle: Find out whether the need is '
        "real and the time is now; ask for the business only once it is."
    )


def test_an_early_push_is_the_point_of_no_return() -> None:
    engine, analysis = analysed(looping_doc())
    start, steps = engine.replay([1, 2])
    debrief = build_debrief(engine, analysis, start, steps)
    assert debrief.ending_id == "lost" and debrief.stars == 1
    assert [(s.step, s.best_before, s.best_after) for s in debrief.turning_points] == [(2, 3, 1)]
    assert [(a.number, a.tactic.value) for a in debrief.turning_points[0].winning_alternatives] == [(1, "ask")]


def test_when_on_choices_gates_offers_and_variants_add_no_states() -> None:
    doc = looping_doc()
    doc["nodes"]["room"]["variants"] = [{"when": "trust >= 70", "text": "Go on."}]
    doc["nodes"]["room"]["choices"].append(choice("Skip ahead", "qualify", "ready", when="trust >= 70"))
    engine, analysis = analysed(doc)
    assert analysis.state_count == 5  # the four before, and "ready" reached early at trust 70
    offered = engine.offered(engine.replay([1, 1])[1][-1].state)
    assert [o.choice.text for o in offered] == ["Tell me more.", "Sign now.", "Skip ahead"]


def test_a_start_that_routes_straight_to_an_ending_has_zero_decisions() -> None:
    doc = minimal()
    doc["start"] = "gate"
    doc["nodes"]["gate"] = {"routes": [{"when": "trust > 40", "next": "won"}, {"next": "opening"}]}
    doc["endings"]["won"]["stars"] = 2
    loaded = load_doc(doc)
    assert loaded.analysis is not None and loaded.analysis.state_count == 0
    assert loaded.analysis.best_possible == 2
    engine = Engine(loaded.compiled)  # type: ignore[arg-type]
    start = engine.start()
    assert start.state.ended and start.state.node == "won"
    assert build_debrief(engine, loaded.analysis, start, []).steps == ()


def test_budget_stops_the_analysis_with_too_large_and_play_still_works() -> None:
    loaded = load_scenario(FIXTURES / "first-call.toml")
    assert loaded.scenario is not None
    compiled = CompiledScenario(loaded.scenario)
    assert Analysis(compiled, budget=2).stuck_states() == []
    small = SecureAnalysis(compiled, budget=2)
    assert small.too_large and small.best_possible is None and small.start_info(None) is None
    engine = Engine(compiled)
    start, steps = engine.replay([2, 2])
    debrief = build_debrief(engine, small, start, steps)
    assert not debrief.analysed and debrief.best_possible is None and debrief.turning_points == ()
    assert [s.best_before for s in debrief.steps] == [None, None]
    assert debrief.ending_id == "not_yet"


def independent_flags_scenario(flags: int) -> Scenario:
    """Up to 8 independent toggles at one node: 2^flags reachable states."""
    assert flags <= 8
    choices = [choice(f"toggle {i}", "ask", "hub", set=[f"f{i}"]) for i in range(flags)]
    done = choice("done", "close", "won", when=" and ".join(f"f{i}" for i in range(flags)))
    nodes = {"hub": {"text": "?", "choices": [*choices, done]}}
    return Scenario.model_validate(
        {"format": 1, "id": "flags", "title": "Flags", "start": "hub", "buyer": {"name": "B"},
         "meters": {"trust": 50, "pressure": 50}, "nodes": nodes, "endings": {"won": {"outcome": "won", "text": "."}}}
    )


def test_state_space_counts_match_the_combinatorics() -> None:
    analysis = Analysis(CompiledScenario(independent_flags_scenario(6)))
    assert analysis.state_count == 2**6
    assert analysis.best_possible == 3


def test_fixture_file_analysis(tmp_path: Path) -> None:
    loaded = load_scenario(FIXTURES / "first-call.toml")
    assert loaded.ok and loaded.analysis is not None
    assert loaded.analysis.best_possible == 3

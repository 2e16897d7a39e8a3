"""The rules of play: start routing, effect order, interrupts, routes, variants, offered choices."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tests.core.builders import choice, load_doc, minimal
from trainer.engine import ChoiceNotOffered, Engine


def engine_for(doc: dict[str, Any]) -> Engine:
    loaded = load_doc(doc)
    assert loaded.ok, [d.render() for d in loaded.diagnostics]
    assert loaded.compiled is not None
    return Engine(loaded.compiled)


def routed_start_doc() -> dict[str, Any]:
    doc = minimal()
    doc["start"] = "gate"
    doc["meters"] = {"trust": 70, "pressure": 90}
    doc["interrupts"] = [{"when": "pressure >= 85", "next": "lost"}]
    doc["nodes"]["gate"] = {"text": "Narration.", "routes": [{"when": "trust >= 60", "next": "opening"}, {"next": "lost"}]}
    doc["nodes"]["opening"]["choices"][1]["pressure"] = -50
    return doc


def test_start_routes_through_check_nodes_and_never_checks_interrupts() -> None:
    start = engine_for(routed_start_doc()).start()
    assert start.state.node == "opening" and not start.state.ended
    assert (start.state.trust, start.state.pressure) == (70, 90)  # pressure >= 85 did not fire at the start
    assert [(r.node, r.index, r.next) for r in start.routes] == [("gate", 0, "opening")]


def test_interrupts_fire_after_effects_even_when_the_choice_leads_to_an_ending() -> None:
    doc = routed_start_doc()
    doc["nodes"]["opening"]["choices"][0]["next"] = "won"  # a "win" that the interrupt overrides
    engine = engine_for(doc)
    step = engine.choose(engine.start().state, 1)
    assert step.state.node == "lost" and step.state.ended
    assert step.event is not None and step.event.interrupt is not None
    assert (step.event.interrupt.index, step.event.interrupt.next) == (0, "lost")


def test_effects_apply_before_interrupts_are_checked() -> None:
    engine = engine_for(routed_start_doc())
    step = engine.choose(engine.start().state, 2)  # pressure 90 - 50 = 40: no interrupt
    assert step.state.node == "won" and step.event is not None and step.event.interrupt is None
    assert step.event.pressure_before == 90 and step.event.pressure_after == 40


def test_effect_order_trust_pressure_set_clear() -> None:
    doc = minimal()
    opening = doc["nodes"]["opening"]
    opening["choices"] = [
        choice("both", "ask", "middle", trust="%+50", pressure=200 // 4, set=["a", "b"], clear=["b"]),
    ]
    doc["nodes"]["middle"] = {
        "text": "m",
        "choices": [
            choice("a only", "close", "won", when="a and not b"),
            choice("b", "close", "lost", when="b"),
            choice("fallback", "close", "lost", when="not a"),
        ],
    }
    engine = engine_for(doc)
    step = engine.choose(engine.start().state, 1)
    assert (step.state.trust, step.state.pressure) == (75, 60)
    assert step.state.flags == frozenset({"a"})
    assert step.event is not None and step.event.flags_set == frozenset({"a"})
    offers = engine.offered(step.state)
    assert [o.choice.text for o in offers] == ["a only"] and offers[0].number == 1


def test_meters_clamp() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][1].update(trust=100, pressure=-100)
    engine = engine_for(doc)
    step = engine.choose(engine.start().state, 2)
    assert (step.state.trust, step.state.pressure) == (100, 0)
    assert step.event is not None and (step.event.trust_change, step.event.pressure_change) == (50, -10)


def test_choice_numbers_count_among_offered_choices() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"].insert(0, choice("hidden", "ask", "won", when="trust > 90"))
    doc["nodes"]["opening"]["choices"].append(choice("later", "ask", "opening", when="false", trust=1))
    engine = engine_for(doc)
    state = engine.start().state
    assert [(o.number, o.index, o.choice.text) for o in engine.offered(state)] == [(1, 1, "Buy now!"), (2, 2, "What brings you here?")]
    assert engine.choose(state, 2).state.node == "won"


def test_choosing_what_is_not_offered_raises_the_projects_error() -> None:
    engine = engine_for(minimal())
    state = engine.start().state
    with pytest.raises(ChoiceNotOffered, match="choice 3 is not offered"):
        engine.choose(state, 3)
    with pytest.raises(ChoiceNotOffered):
        engine.choose(state, 0)
    ended = engine.choose(state, 1).state
    with pytest.raises(ChoiceNotOffered, match="has ended"):
        engine.choose(ended, 1)


def test_replay_starts_then_chooses_each_number_and_names_the_step_it_cannot_play() -> None:
    engine = engine_for(minimal())
    start, steps = engine.replay([2])
    assert start.state.node == "opening" and [s.event.number for s in steps if s.event] == [2]
    assert steps[-1].state.ended
    with pytest.raises(ChoiceNotOffered, match=r"^step 1: choice 3 is not offered at 'opening'"):
        engine.replay([3])
    with pytest.raises(ChoiceNotOffered, match=r"^choice 2 \(1\) comes after the play ended at"):
        engine.replay([2, 1])


def test_first_matching_variant_replaces_the_text() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"].append(choice("warm up", "connect", "opening", trust=20, set=["warm"]))
    doc["nodes"]["opening"]["choices"][1]["when"] = "warm"
    doc["nodes"]["opening"]["variants"] = [
        {"when": "trust >= 90", "text": "Old friend!"},
        {"when": "warm", "text": "Nice to see you again."},
        {"when": "trust >= 70", "text": "Shadowed by the one above."},
    ]
    engine = engine_for(doc)
    state = engine.start().state
    assert engine.text(state) == "Hello." and engine.variant(state) is None
    state = engine.choose(state, 2).state  # "warm up": trust 70, warm
    assert engine.text(state) == "Nice to see you again." and engine.variant(state) == 1
    state = engine.choose(state, 3).state  # trust 90
    assert engine.text(state) == "Old friend!" and engine.variant(state) == 0


def test_states_are_immutable_and_play_is_deterministic() -> None:
    engine = engine_for(routed_start_doc())
    state = engine.start().state
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.trust = 5  # type: ignore[misc]
    first = [t.state for t in engine.replay([2])[1]]
    second = [t.state for t in engine.replay([2])[1]]
    assert first == second


def test_routes_after_a_choice_are_recorded() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][1]["next"] = "gate"
    doc["nodes"]["gate"] = {"routes": [{"when": "trust > 90", "next": "lost"}, {"next": "won"}]}
    engine = engine_for(doc)
    step = engine.choose(engine.start().state, 2)
    assert step.state.node == "won"
    assert step.event is not None and [(r.node, r.index, r.when) for r in step.event.routes] == [("gate", 1, None)]

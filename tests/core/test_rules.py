"""Every rule of the format, with one failing example each and its message."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.builders import choice, errors, load_doc, minimal, paths, warnings
from trainer.diagnostics import format_toml_path


def error_at(doc: dict[str, Any], path: str) -> str:
    loaded = load_doc(doc)
    found = [d for d in loaded.diagnostics if d.is_error and d.toml_path == path]
    assert found, [d.render() for d in loaded.diagnostics]
    assert not loaded.ok and loaded.scenario is None
    return found[0].message


def warning_at(doc: dict[str, Any], path: str) -> str:
    loaded = load_doc(doc)
    found = [d for d in loaded.diagnostics if not d.is_error and d.toml_path == path]
    assert found, [d.render() for d in loaded.diagnostics]
    assert loaded.ok, "warnings never make a scenario invalid"
    return found[0].message


def test_format_must_be_1() -> None:
    doc = minimal() | {"format": 2}
    assert error_at(doc, "format").startswith("format must be 1")


@pytest.mark.parametrize("bad", ["Opening", "-x", "a b", "é", ""])
def test_ids_follow_the_pattern(bad: str) -> None:
    doc = minimal()
    doc["nodes"][bad] = doc["nodes"].pop("opening")
    doc["start"] = bad
    assert "must use lowercase letters" in error_at(doc, format_toml_path(("nodes", bad)))


def test_scenario_id_follows_the_pattern() -> None:
    assert 'scenario id "Tiny!"' in error_at(minimal() | {"id": "Tiny!"}, "id")


def test_nodes_and_endings_share_one_namespace() -> None:
    doc = minimal()
    doc["endings"]["opening"] = {"outcome": "lost", "text": "x"}
    assert "share one namespace" in error_at(doc, "endings.opening")


def test_start_must_name_a_node_not_an_ending() -> None:
    assert error_at(minimal() | {"start": "won"}, "start") == 'start = "won" names an ending; start must name a node'


def test_start_names_no_node_suggests_one() -> None:
    assert error_at(minimal() | {"start": "openin"}, "start") == 'start = "openin" names no node. Did you mean "opening"?'


def test_next_must_exist() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][1]["next"] = "pricng"
    doc["nodes"]["pricing"] = {"text": "p", "choices": [choice("ok", "close", "won")]}
    assert error_at(doc, "nodes.opening.choices[1].next") == 'next = "pricng" names no node or ending. Did you mean "pricing"?'


def test_interrupt_next_must_exist() -> None:
    doc = minimal() | {"interrupts": [{"when": "pressure > 90", "next": "gone"}]}
    assert "names no node or ending" in error_at(doc, "interrupts[0].next")


def test_route_next_must_exist() -> None:
    doc = minimal()
    doc["nodes"]["check"] = {"routes": [{"next": "nowhere"}]}
    assert "names no node or ending" in error_at(doc, "nodes.check.routes[0].next")


def test_a_node_has_choices_or_routes_never_both() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["routes"] = [{"next": "won"}]
    assert "never both" in error_at(doc, "nodes.opening.routes")


def test_a_node_needs_choices_or_routes() -> None:
    doc = minimal()
    doc["nodes"]["empty"] = {"text": "..."}
    assert "neither [[choices]] nor [[routes]]" in error_at(doc, "nodes.empty")


def test_a_scene_node_needs_text() -> None:
    doc = minimal()
    del doc["nodes"]["opening"]["text"]
    assert "a scene node needs text" in error_at(doc, "nodes.opening")


def test_scene_node_needs_at_most_nine_choices() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"] = [choice(f"c{i}", "ask", "won") for i in range(10)]
    assert error_at(doc, "nodes.opening.choices") == "choices has 10 items; at most 9 are allowed"


def test_scene_node_needs_at_least_one_choice() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"] = []
    assert "1 to 9 choices" in error_at(doc, "nodes.opening.choices")


def test_check_node_needs_a_route() -> None:
    doc = minimal()
    doc["nodes"]["check"] = {"routes": []}
    assert "at least 1" in error_at(doc, "nodes.check.routes")


def test_variants_belong_to_scene_nodes() -> None:
    doc = minimal()
    doc["nodes"]["check"] = {"routes": [{"next": "won"}], "variants": [{"when": "true", "text": "x"}]}
    assert "variants belong to scene nodes" in error_at(doc, "nodes.check.variants")


def test_every_route_but_the_last_needs_when() -> None:
    doc = minimal()
    doc["nodes"]["check"] = {"routes": [{"next": "won"}, {"next": "lost"}]}
    assert "only the last route may omit it" in error_at(doc, "nodes.check.routes[0]")


def test_the_last_route_has_no_when() -> None:
    doc = minimal()
    doc["nodes"]["check"] = {"routes": [{"when": "trust > 5", "next": "won"}]}
    assert "the last route must have no" in error_at(doc, "nodes.check.routes[0].when")


def test_check_node_cycles_are_invalid_even_if_unreachable() -> None:
    doc = minimal()
    doc["nodes"]["a"] = {"routes": [{"when": "trust > 200", "next": "b"}, {"next": "won"}]}
    doc["nodes"]["b"] = {"routes": [{"when": "pressure > 200", "next": "a"}, {"next": "lost"}]}
    message = error_at(doc, "nodes.a.routes")
    assert "a -> b -> a" in message and "route in a loop" in message


def test_flag_tested_but_never_set_points_at_the_flag() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["when"] = "trust > 3 and knows_cost"
    loaded = load_doc(doc)
    found = [d for d in loaded.diagnostics if d.is_error]
    assert len(found) == 1
    assert found[0].message.startswith('flag "knows_cost" is tested but never set')
    assert found[0].toml_path == "nodes.opening.choices[0].when"
    assert found[0].column is not None  # points inside the condition


def test_misspelled_flag_gets_a_suggestion() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["set"] = ["asked_why"]
    doc["nodes"]["opening"]["choices"][1]["when"] = "not aksed_why"
    assert 'Did you mean "asked_why"?' in error_at(doc, "nodes.opening.choices[1].when")


def test_malformed_condition_is_located_at_its_character() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["when"] = "trust >= and"
    loaded = load_doc(doc)
    found = next(d for d in loaded.diagnostics if d.is_error)
    assert found.message == 'malformed condition "trust >= and": expected a whole number after ">=", found "and" (at character 10)'
    assert found.toml_path == "nodes.opening.choices[0].when"
    assert found.column == len('when = "') + 10


@pytest.mark.parametrize("flag", ["trust", "pressure", "and", "or", "not", "true", "false"])
def test_reserved_words_are_not_flags(flag: str) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["set"] = [flag]
    assert "reserved word" in error_at(doc, "nodes.opening.choices[0].set[0]")


def test_flag_names_follow_the_pattern() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["set"] = ["Asked-Why"]
    assert "must use lowercase letters" in error_at(doc, "nodes.opening.choices[0].set[0]")


def test_soft_lock_names_node_state_and_path() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][1]["next"] = "loop"
    doc["nodes"]["loop"] = {"text": "Round and round.", "choices": [choice("again", "ask", "loop", trust=5)]}
    message = error_at(doc, "nodes.loop")
    assert message.startswith('soft-lock: no ending can be reached at node "loop" with trust 50, pressure 10 and flags none')
    assert "reached by the choices 2 from the start" in message


def test_scene_node_where_no_choice_is_offered_is_a_soft_lock() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][1]["next"] = "stuck"
    doc["nodes"]["stuck"] = {"text": "...", "choices": [choice("x", "ask", "won", when="trust > 90")]}
    message = error_at(doc, "nodes.stuck")
    assert "no choice is offered" in message and "choices 2" in message


# -- warnings -------------------------------------------------------------------------


def test_unreachable_node_and_ending_are_warnings() -> None:
    doc = minimal()
    doc["nodes"]["orphan"] = {"text": "?", "choices": [choice("x", "ask", "won")]}
    doc["endings"]["never"] = {"outcome": "lost", "text": "x"}
    assert warning_at(doc, "nodes.orphan") == 'node "orphan" is never reached by any play'
    assert warning_at(doc, "endings.never") == 'ending "never" is never reached by any play'


def test_choice_never_offered() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"].append(choice("x", "ask", "won", when="trust > 90"))
    assert "choice is never offered" in warning_at(doc, "nodes.opening.choices[2].when")


def test_variant_never_shown() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["variants"] = [{"when": "pressure > 50", "text": "x"}]
    assert "variant never shown" in warning_at(doc, "nodes.opening.variants[0].when")


def test_interrupt_never_fires() -> None:
    doc = minimal() | {"interrupts": [{"when": "pressure >= 85", "next": "lost"}]}
    assert "interrupt never fires" in warning_at(doc, "interrupts[0]")


def test_flag_set_but_never_tested() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["set"] = ["pushed"]
    assert 'flag "pushed" is set but never tested' in warning_at(doc, "nodes.opening.choices[0].set[0]")


def test_clear_of_a_flag_never_set() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["clear"] = ["asked"]
    assert "clears a flag that no choice sets" in warning_at(doc, "nodes.opening.choices[0].clear[0]")


def test_choice_without_feedback() -> None:
    doc = minimal()
    del doc["nodes"]["opening"]["choices"][0]["feedback"]
    assert "choice has no feedback" in warning_at(doc, "nodes.opening.choices[0]")


def test_best_ending_worth_zero_stars() -> None:
    doc = minimal()
    doc["endings"]["won"]["stars"] = 0
    assert "worth 0 stars" in warning_at(doc, "endings")


def test_a_clean_scenario_has_no_warnings() -> None:
    loaded = load_doc(minimal())
    assert errors(loaded) == [] and warnings(loaded) == [] and paths(loaded) == []


def test_too_large_to_analyse_is_a_warning_that_still_checks_zero_star_endings() -> None:
    doc = minimal()
    for ending in doc["endings"].values():
        ending["stars"] = 0
    loaded = load_doc(doc, budget=0)
    found = {d.code: d.message for d in loaded.diagnostics}
    assert loaded.ok and set(found) == {"too-many-states", "zero-stars"}
    assert "too large to analyse" in found["too-many-states"]

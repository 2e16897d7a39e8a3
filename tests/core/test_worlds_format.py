"""The additions to format 1: worlds, choice ids, interrupt text, variant speaker, ending
title, locale and tests; every error and its diagnostic (file, line, TOML path, a fix)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.builders import choice, load_doc, minimal, two_worlds
from trainer.diagnostics import Diagnostic


def problems(doc: dict[str, Any]) -> list[Diagnostic]:
    return load_doc(doc).diagnostics


def error_at(doc: dict[str, Any], path: str, code: str) -> Diagnostic:
    loaded = load_doc(doc)
    found = [d for d in loaded.diagnostics if d.is_error and d.toml_path == path]
    assert found, [d.render() for d in loaded.diagnostics]
    assert not loaded.ok and loaded.scenario is None
    assert found[0].code == code, found[0].render()
    assert found[0].file == "test.toml" and found[0].line is not None, found[0].render()
    return found[0]


def test_the_two_world_example_is_valid_without_warnings() -> None:
    loaded = load_doc(two_worlds())
    assert loaded.ok and loaded.diagnostics == [], [d.render() for d in loaded.diagnostics]


def test_a_scenario_with_every_smaller_addition_is_valid() -> None:
    doc = minimal()
    doc["locale"] = "pt-BR"
    doc["interrupts"] = [{"when": "pressure >= 90", "next": "lost", "text": "Dana stands up."}]
    doc["nodes"]["opening"]["choices"][0]["id"] = "push"
    doc["nodes"]["opening"]["choices"][1]["pressure"] = 85
    doc["nodes"]["opening"]["variants"] = [{"when": "trust >= 50", "text": "Hi again.", "speaker": "Dana, smiling"}]
    doc["endings"]["won"]["title"] = "Signed, then regretted"
    doc["tests"] = [{"name": "asking wins", "choices": [2], "ending": "won", "stars": 3}]
    loaded = load_doc(doc)
    assert loaded.ok, [d.render() for d in loaded.diagnostics]
    assert loaded.scenario is not None and loaded.scenario.locale == "pt-BR"


@pytest.mark.parametrize("bad", ["Big", "-big", "a b", ""])
def test_a_world_id_must_follow_the_pattern(bad: str) -> None:
    doc = two_worlds()
    doc["worlds"][0]["id"] = bad
    assert "lowercase letters" in error_at(doc, "worlds[0].id", "bad-id").message


def test_a_world_id_must_be_unique() -> None:
    doc = two_worlds()
    doc["worlds"][1]["id"] = "big"
    message = error_at(doc, "worlds[1].id", "duplicate-id").message
    assert "already used by worlds[0]" in message


def test_one_world_alone_is_an_error() -> None:
    doc = two_worlds()
    doc["worlds"] = doc["worlds"][:1]
    message = error_at(doc, "worlds", "schema-too_short").message
    assert "1 world(s)" in message and "2 to 8" in message and "remove [[worlds]]" in message


def test_nine_worlds_is_an_error() -> None:
    doc = two_worlds()
    doc["worlds"] = [{"id": f"w{i}", "label": f"World {i}."} for i in range(9)]
    message = error_at(doc, "worlds", "schema-too_long").message
    assert "9 world(s)" in message and "2 to 8" in message


def test_an_empty_worlds_array_is_an_error() -> None:
    doc = two_worlds()
    doc["worlds"] = []
    assert "0 world(s)" in error_at(doc, "worlds", "schema-too_short").message


def test_a_missing_label_is_an_error() -> None:
    doc = two_worlds()
    del doc["worlds"][1]["label"]
    assert 'missing required key "label"' in error_at(doc, "worlds[1].label", "schema-missing").message


@pytest.mark.parametrize(("label", "words"), [("", "is empty"), ("  ", "is empty"), ("Two\nlines", "one line")])
def test_a_label_must_be_one_line_of_text(label: str, words: str) -> None:
    doc = two_worlds()
    doc["worlds"][0]["label"] = label
    assert words in error_at(doc, "worlds[0].label", "bad-label").message


def test_a_label_longer_than_200_characters_is_an_error() -> None:
    doc = two_worlds()
    doc["worlds"][0]["label"] = "x" * 201
    assert "the limit is 200" in error_at(doc, "worlds[0].label", "schema-string_too_long").message


@pytest.mark.parametrize("weight", [0, 1001, -3])
def test_a_weight_out_of_range_is_an_error(weight: int) -> None:
    doc = two_worlds()
    doc["worlds"][0]["weight"] = weight
    found = load_doc(doc).diagnostics
    message = next(d.message for d in found if d.toml_path == "worlds[0].weight")
    assert message == f"weight must be from 1 to 1000; got {weight}"


@pytest.mark.parametrize("weight", [True, 1.5, "2"])
def test_a_weight_must_be_a_whole_number(weight: object) -> None:
    doc = two_worlds()
    doc["worlds"][0]["weight"] = weight
    assert "weight must be a whole number" in error_at(doc, "worlds[0].weight", "schema-int_type").message


@pytest.mark.parametrize("flag", ["Big", "1big", "trust", "not"])
def test_a_malformed_flag_in_a_world_set_is_an_error(flag: str) -> None:
    doc = two_worlds()
    doc["worlds"][0]["set"] = [flag]
    error_at(doc, "worlds[0].set[0]", "bad-flag")


def test_a_world_flag_counts_as_set() -> None:
    codes = [d.code for d in problems(two_worlds())]
    assert "flag-never-set" not in codes


def test_a_world_flag_never_tested_is_a_warning() -> None:
    doc = two_worlds()
    doc["worlds"][1]["set"] = ["quiet"]
    found = [d for d in problems(doc) if d.code == "flag-unused"]
    assert [d.toml_path for d in found] == ["worlds[1].set[0]"]


@pytest.mark.parametrize("key", ["weigth", "flags"])
def test_an_unknown_key_in_a_world_is_an_error(key: str) -> None:
    doc = two_worlds()
    doc["worlds"][0][key] = 1
    error_at(doc, f"worlds[0].{key}", "schema-extra_forbidden")


# -- choice ids ------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["Ask", "a b", "-ask"])
def test_a_choice_id_follows_the_id_pattern(bad: str) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["id"] = bad
    assert "choice id" in error_at(doc, "nodes.opening.choices[0].id", "bad-id").message


def test_a_choice_id_is_not_all_digits() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["id"] = "12"
    assert "all digits" in error_at(doc, "nodes.opening.choices[0].id", "bad-id").message


def test_a_choice_id_is_unique_within_its_node() -> None:
    doc = minimal()
    for c in doc["nodes"]["opening"]["choices"]:
        c["id"] = "same"
    assert "unique within their node" in error_at(doc, "nodes.opening.choices[1].id", "duplicate-id").message


def test_the_same_choice_id_in_two_nodes_is_fine() -> None:
    doc = two_worlds()
    doc["nodes"]["big_talk"]["choices"][0]["id"] = "big-plan"
    doc["nodes"]["small_talk"]["choices"][0]["id"] = "big-plan"
    assert load_doc(doc).ok


# -- titles, locale, speaker, interrupt text --------------------------------------------


def test_an_ending_title_is_one_line() -> None:
    doc = minimal()
    doc["endings"]["won"]["title"] = "Signed\nthen regretted"
    assert "one line" in error_at(doc, "endings.won.title", "bad-label").message


def test_an_ending_title_is_at_most_80_characters() -> None:
    doc = minimal()
    doc["endings"]["won"]["title"] = "x" * 81
    assert "the limit is 80" in error_at(doc, "endings.won.title", "schema-string_too_long").message


@pytest.mark.parametrize("locale", ["english", "e", "en_GB", "en-", "pt-BRAZILIAN1"])
def test_a_locale_is_a_bcp47_tag(locale: str) -> None:
    doc = minimal() | {"locale": locale}
    assert "language tag" in error_at(doc, "locale", "schema-string_pattern_mismatch").message


@pytest.mark.parametrize("locale", ["en", "EN", "pt-BR", "zh-Hant-TW", "gsw"])
def test_valid_locales(locale: str) -> None:
    assert load_doc(minimal() | {"locale": locale}).ok


def test_interrupt_text_and_variant_speaker_are_text() -> None:
    doc = minimal()
    doc["interrupts"] = [{"when": "pressure >= 90", "next": "lost", "text": 3}]
    doc["nodes"]["opening"]["variants"] = [{"when": "trust >= 50", "text": "Hi.", "speaker": ["x"]}]
    error_at(doc, "interrupts[0].text", "schema-string_type")
    error_at(doc, "nodes.opening.variants[0].speaker", "schema-string_type")


# -- tests ------------------------------------------------------------------------------


def with_test(doc: dict[str, Any], **test: Any) -> dict[str, Any]:
    doc["tests"] = [{"name": "a test", "choices": [1], **test}]
    return doc


def test_a_test_naming_no_world_is_an_error() -> None:
    doc = with_test(two_worlds(), world="medium")
    message = error_at(doc, "tests[0].world", "unknown-world").message
    assert 'names no world' in message and "big, small" in message


def test_a_test_with_a_world_in_a_scenario_without_worlds_is_an_error() -> None:
    doc = with_test(minimal(), world="big")
    assert "has no [[worlds]]" in error_at(doc, "tests[0].world", "unknown-world").message


def test_a_test_naming_no_choice_id_is_an_error() -> None:
    doc = with_test(two_worlds(), choices=["ask", "aks"])
    message = error_at(doc, "tests[0].choices[1]", "unknown-choice").message
    assert '"aks" names no choice' in message and 'Did you mean "ask"?' in message


def test_a_test_naming_no_ending_is_an_error() -> None:
    doc = with_test(two_worlds(), ending="wonn")
    assert 'Did you mean "won"?' in error_at(doc, "tests[0].ending", "unknown-target").message


@pytest.mark.parametrize("entry", [0, -1, "", "Ask", "12", True, 1.5, "a b"])
def test_a_choices_entry_is_a_positive_integer_or_an_id(entry: object) -> None:
    doc = with_test(two_worlds(), choices=["ask", entry])
    message = error_at(doc, "tests[0].choices[1]", "schema-test-choice").message
    assert "must be a choice number (1, 2, ... among those offered) or a choice id" in message


def test_a_test_needs_at_least_one_choice() -> None:
    doc = with_test(two_worlds(), choices=[])
    assert "at least one choice" in error_at(doc, "tests[0].choices", "schema-too_short").message


def test_a_test_needs_a_name_and_choices() -> None:
    doc = two_worlds()
    doc["tests"] = [{"ending": "won"}]
    error_at(doc, "tests[0].name", "schema-missing")
    error_at(doc, "tests[0].choices", "schema-missing")


def test_test_names_are_unique_and_one_line() -> None:
    doc = two_worlds()
    doc["tests"] = [{"name": "same", "choices": [1]}, {"name": "same", "choices": [1]}, {"name": "a\nb", "choices": [1]}]
    error_at(doc, "tests[1].name", "duplicate-id")
    error_at(doc, "tests[2].name", "bad-label")


@pytest.mark.parametrize(("key", "value", "code"), [("stars", 4, "schema-less_than_equal"), ("oops", 1, "schema-extra_forbidden")])
def test_a_malformed_test_is_a_schema_error(key: str, value: object, code: str) -> None:
    doc = with_test(two_worlds(), **{key: value})
    error_at(doc, f"tests[0].{key}", code)


def test_a_schema_error_elsewhere_still_checks_world_flags() -> None:
    doc = two_worlds()
    doc["nodes"]["opening"]["choices"][0]["tactic"] = "bogus"
    codes = {d.code for d in problems(doc)}
    assert "schema-enum" in codes and "flag-never-set" not in codes


def test_choice_builder_keeps_ids() -> None:
    assert choice("x", "ask", "y", id="z")["id"] == "z"

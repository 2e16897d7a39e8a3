"""The shape of ids and flag names is defined once and means the same to every checker."""

from __future__ import annotations

import re

import pytest

from trainer.conditions import ConditionError, parse_condition
from trainer.schema import scenario_schema
from trainer.vocabulary import FLAG_NAME_PATTERN, ID_PATTERN, RESERVED_WORDS, is_flag_name, is_id

IDS = ["a", "0", "first-call", "node_2", "9lives"]
NOT_IDS = ["", "-a", "_a", "A", "café", "a b", "a\n", "a.b"]
FLAGS = ["a", "_private", "asked_budget", "x9"]
NOT_FLAGS = ["", "9a", "Asked", "a-b", "a\n", "a b"]


@pytest.mark.parametrize("text", IDS)
def test_ids(text: str) -> None:
    assert is_id(text)


@pytest.mark.parametrize("text", NOT_IDS)
def test_not_ids(text: str) -> None:
    assert not is_id(text)


@pytest.mark.parametrize("text", FLAGS)
def test_flag_names(text: str) -> None:
    assert is_flag_name(text)
    assert parse_condition(text) is not None


@pytest.mark.parametrize("text", NOT_FLAGS)
def test_not_flag_names(text: str) -> None:
    assert not is_flag_name(text)


def test_the_patterns_for_editors_agree_with_the_checks() -> None:
    # (Python's `$` also matches before a final newline, unlike a JSON Schema's; the checks use fullmatch.)
    for text in [t for t in IDS + NOT_IDS if not t.endswith("\n")]:
        assert bool(re.search(ID_PATTERN, text)) == is_id(text)
    for text in [t for t in FLAGS + NOT_FLAGS if not t.endswith("\n")]:
        assert bool(re.search(FLAG_NAME_PATTERN, text)) == is_flag_name(text)
    schema = scenario_schema()
    assert schema["properties"]["id"]["pattern"] == ID_PATTERN
    flag_items = schema["definitions"]["Choice"]["properties"]["set"]["items"]
    assert flag_items["pattern"] == FLAG_NAME_PATTERN and flag_items["not"] == {"enum": list(RESERVED_WORDS)}


@pytest.mark.parametrize("word", [w for w in RESERVED_WORDS if w not in ("true", "false")])
def test_a_reserved_word_is_never_read_as_a_flag(word: str) -> None:
    with pytest.raises(ConditionError):
        parse_condition(word)

""""Did you mean" hints cost linear time: one-edit typos found by lookup, at most MAX_SUGGESTIONS per file."""

from __future__ import annotations

from tests.core.builders import errors, load_doc, minimal
from trainer.diagnostics import MAX_FUZZY_CANDIDATES, MAX_SUGGESTIONS, did_you_mean, suggested_name


def test_a_one_edit_typo_is_found_among_many_names() -> None:
    names = {f"objection_{n:05}" for n in range(20_000)}
    assert did_you_mean("objcetion_01234", names) == ' Did you mean "objection_01234"?'  # swapped
    assert did_you_mean("objexxion_01234", names) == ""  # two edits away, too many names for a fuzzy match
    assert did_you_mean("objecton_01234", names) == ' Did you mean "objection_01234"?'  # dropped
    few = sorted(names)[:MAX_FUZZY_CANDIDATES]
    assert did_you_mean("objetcon_00012", few) == ' Did you mean "objection_00012"?'  # fuzzy on a short list


def test_the_editors_quick_fix_reads_the_name_the_hint_proposes() -> None:
    message = 'next = "decide" names no node or ending.' + did_you_mean("decide", {"decides", "signed"})
    assert suggested_name(message) == "decides"
    assert suggested_name('next = "zzz" names no node or ending.' + did_you_mean("zzz", {"decides"})) is None


def test_hints_stop_after_the_first_ones_of_a_file() -> None:
    doc = minimal()
    choices = doc["nodes"]["opening"]["choices"]
    doc["nodes"] = {
        f"node_{n}": {"text": "Hi.", "choices": [dict(choices[1], next=f"nod_{n + 1}")]} for n in range(MAX_SUGGESTIONS + 10)
    }
    doc["start"] = "node_0"
    found = [e for e in errors(load_doc(doc, analyse=False)) if "names no node" in e]
    assert len(found) == MAX_SUGGESTIONS + 10
    assert sum("Did you mean" in e for e in found) == MAX_SUGGESTIONS


def test_a_huge_word_gets_no_hint_and_costs_nothing() -> None:
    assert did_you_mean("long " * 50_000, ["close", "pressure", "pitch"]) == ""

"""The language server's plain modules, without the protocol: index, navigation, completion,
hover, quick fixes, outline and diagnostic ranges."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.diagnostics import suggested_name
from trainer.lsp import actions, completion, hover, navigation, symbols
from trainer.lsp.checks import Reach
from trainer.lsp.diagnostics import span_at
from trainer.lsp.document import Document
from trainer.lsp.index import DocumentIndex, Kind, Role, build_index
from trainer.validation import load_scenario_bytes

FIRST_CALL = (Path(__file__).resolve().parents[1] / "fixtures" / "first-call.toml").read_text()
TESTS = '''
[[tests]]
name = "asking wins"
choices = ["why", 1]
ending = "signed"
'''
TEXT = FIRST_CALL.replace(
    'text = "Before I say anything: what made you take this call?"',
    'text = "Before I say anything: what made you take this call?"\nid = "why"',
) + TESTS


def index_of(text: str = TEXT) -> DocumentIndex:
    return build_index(Document(text))


def at(text: str, needle: str, shift: int = 0) -> int:
    return text.index(needle) + shift


def spans(text: str, found: list[tuple[int, int]]) -> list[str]:
    return [text[s:e] for s, e in found]


def test_the_index_finds_every_kind_of_id() -> None:
    index = index_of()
    assert index.targets("nodes") == ["opening", "push_back", "why_now", "decides", "ask_for_it"]
    assert index.targets("endings") == ["signed", "not_yet", "walked_out"]
    assert index.names(Kind.FLAG, Role.DEFINITION) == ["asked_why", "knows_cost"]
    assert index.names(Kind.CHOICE) == ["why"]
    start = index.at(at(TEXT, 'start = "opening"', 9))
    assert start is not None and (start.kind, start.name, start.role) == (Kind.TARGET, "opening", Role.REFERENCE)
    flag = index.at(at(TEXT, 'when = "trust >= 60 and knows_cost"', 26))
    assert flag is not None and (flag.kind, flag.name) == (Kind.FLAG, "knows_cost")
    assert index.at(at(TEXT, 'when = "trust', 9)) is None  # a meter is no flag


def test_the_index_survives_half_typed_text() -> None:
    broken = 'start = "opening"\n[nodes.opening\ntext = "unclosed\n[[nodes.opening.choices]]\nnext = "x'
    index = index_of(broken)
    assert index.data is None
    assert "opening" in index.targets("nodes")
    assert index.at(9) is not None


def test_a_multi_line_string_ending_in_an_escaped_backslash_hides_no_table() -> None:
    text = '[nodes.a]\ntext = """ends in a backslash \\\\"""\n[nodes.b]\ntext = """one\ntwo \\\\"""\n[nodes.c]\n'
    assert list(index_of(text).data["nodes"]) == ["a", "b", "c"]  # type: ignore[index]
    assert index_of(text).targets("nodes") == ["a", "b", "c"]


def test_definition_and_references_of_a_node() -> None:
    index = index_of()
    found = navigation.definition(index, at(TEXT, 'next = "decides"', 9))
    assert len(found) == 1 and TEXT[found[0][0] - 7 : found[0][1] + 1] == "[nodes.decides]"
    places = navigation.references(index, at(TEXT, "[nodes.opening]", 8))
    # start, the table, its variants' and choices' headers, and the two `next = "opening"`
    assert spans(TEXT, places) == ["opening"] * 7
    assert len(navigation.references(index, at(TEXT, "[nodes.opening]", 8), include_declaration=False)) == 3


def test_definition_of_a_flag_is_where_it_is_set_and_of_a_test_choice_the_choice() -> None:
    index = index_of()
    (where,) = navigation.definition(index, at(TEXT, "knows_cost\"\nnext", 2))
    assert TEXT[where[0] - 8 : where[1] + 2] == 'set = ["knows_cost"]'
    (choice,) = navigation.definition(index, at(TEXT, 'choices = ["why"', 13))
    assert TEXT[choice[0] - 6 : choice[1] + 1] == 'id = "why"'


def test_rename_changes_every_occurrence_and_the_result_still_validates() -> None:
    index = index_of()
    edits = navigation.rename(index, at(TEXT, 'next = "signed"', 9), "signed_up")
    assert len(edits) == 3  # the table, the choice's next, the test's ending
    renamed = TEXT
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        renamed = renamed[: edit.start] + edit.text + renamed[edit.end :]
    assert "signed" not in renamed.replace("signed_up", "").replace("Dana signs", "")
    loaded = load_scenario_bytes(renamed.encode())
    assert loaded.ok, [d.render() for d in loaded.diagnostics]


def test_rename_of_a_flag_reaches_into_conditions() -> None:
    index = index_of()
    edits = navigation.rename(index, at(TEXT, 'set = ["asked_why"]', 9), "asked")
    assert sorted(TEXT[e.start : e.end] for e in edits) == ["asked_why", "asked_why"]
    assert {TEXT[e.start - 12 : e.start] for e in edits} >= {'when = "not '}


@pytest.mark.parametrize(
    ("needle", "shift", "new", "reason"),
    [
        ('next = "signed"', 9, "not_yet", "already the id of a node or an ending"),
        ('next = "signed"', 9, "Signed Up", "must use lowercase letters"),
        ('set = ["asked_why"]', 9, "and", "reserved word"),
        ('set = ["asked_why"]', 9, "knows_cost", "already the id of a flag"),
        ('set = ["asked_why"]', 9, "2fast", "flag name"),
        ('id = "why"', 7, "12", "all digits"),
        ("[meters]", 3, "x", "put the cursor on"),
    ],
)
def test_rename_is_refused_with_a_reason(needle: str, shift: int, new: str, reason: str) -> None:
    with pytest.raises(navigation.RenameRefused, match=reason):
        navigation.rename(index_of(), at(TEXT, needle, shift), new)


def test_rename_of_a_name_defined_nowhere_is_refused() -> None:
    text = TEXT.replace('next = "signed"', 'next = "sined"')
    with pytest.raises(navigation.RenameRefused, match="names no node or ending"):
        navigation.prepare_rename(index_of(text), at(text, 'next = "sined"', 9))


def labels(text: str, offset: int, manifest: bool = False) -> list[str]:
    return [item.label for item in completion.complete(index_of(text), offset, manifest)]


def test_completion_of_targets_flags_words_and_keys() -> None:
    nexts = labels(TEXT, at(TEXT, 'next = "decides"', 8))
    assert nexts[:5] == ["opening", "push_back", "why_now", "decides", "ask_for_it"] and "walked_out" in nexts
    assert labels(TEXT, at(TEXT, 'start = "opening"', 9)) == ["opening", "push_back", "why_now", "decides", "ask_for_it"]
    when = labels(TEXT, at(TEXT, 'when = "not asked_why"', 12))
    assert {"asked_why", "knows_cost", "and", "not", "trust"} <= set(when)
    assert labels(TEXT, at(TEXT, 'tactic = "ask"', 10)) == ["close", "pressure", "pitch", "qualify", "ask", "connect", "help", "other"]
    assert labels(TEXT, at(TEXT, 'outcome = "won"', 11)) == ["won", "lost", "qualified_out", "referral"]
    assert labels(TEXT, at(TEXT, 'choices = ["why"', 12)) == ["why"]
    assert labels(TEXT, at(TEXT, 'ending = "signed"', 10)) == ["signed", "not_yet", "walked_out"]
    keys = labels(TEXT, at(TEXT, 'tactic = "close"\ntrust = -15'))
    assert {"text", "tactic", "next", "feedback", "when", "id"} <= set(keys) and "outcome" not in keys
    assert {"outcome", "stars", "lesson"} <= set(labels(TEXT, at(TEXT, 'text = "Dana hangs up."')))
    assert "license" in labels('format = 1\n', 11, manifest=True)


def test_completion_outside_a_string_inserts_quotes() -> None:
    text = 'start = \n[nodes.a]\ntext = "x"\n'
    (item,) = completion.complete(index_of(text), len("start = "))
    assert item.insert_text == '"a"'


def test_hover_on_a_node_shows_its_text_links_and_reach() -> None:
    index = index_of()
    reach = {"why_now": Reach((40, 55), (5, 5), ())}
    found = hover.hover_text(index, at(TEXT, 'next = "why_now"', 9), reach)
    assert found is not None
    text = found[1]
    assert 'node "why_now"' in text and "Our carrier missed three pickups last month." in text
    assert "Leads to: choices[0] -> decides, choices[1] -> decides" in text
    assert "Reached from: nodes.opening.choices[1]" in text
    assert "trust 40 to 55 and pressure 5" in text
    unreached = hover.hover_text(index, at(TEXT, "[nodes.push_back]", 8), reach)
    assert unreached is not None and "no play reaches it" in unreached[1]
    check = hover.hover_text(index, at(TEXT, "[nodes.decides]", 8), reach)
    assert check is not None and check[1].startswith('check node "decides"')


def test_hover_on_a_flag_lists_setters_and_tests_and_shows_text_literally() -> None:
    index = index_of()
    found = hover.hover_text(index, at(TEXT, 'set = ["knows_cost"]', 9), None)
    assert found is not None
    assert "Set by: nodes.why_now.choices[0]" in found[1] and "Tested in: nodes.decides.routes[0]" in found[1]
    escaped = TEXT.replace("Dana hangs up.", "Dana \\u001b[31m hangs up.")
    shown = hover.hover_text(index_of(escaped), at(escaped, 'next = "walked_out"', 9), None)
    assert shown is not None and "\x1b" not in shown[1]


def test_quick_fix_for_a_typo_uses_the_suggestion() -> None:
    text = TEXT.replace('next = "decides"', 'next = "decide"', 1)
    problem = next(d for d in load_scenario_bytes(text.encode()).diagnostics if d.code == "unknown-target")
    assert suggested_name(problem.message) == "decides"
    document = Document(text)
    start = document.at_line_column(problem.line or 1, problem.column or 1)
    found = actions.fixes(index_of(text), problem.code, problem.message, {"path": list(problem.path), "suggestion": "decides"}, start, span_at(text, start))
    titles = [f.title for f in found]
    assert titles == ['Change "decide" to "decides"', 'Create node "decide"', 'Create ending "decide"']
    for fix in found:
        fixed = text
        for s, e, new in sorted(fix.edits, reverse=True):
            fixed = fixed[:s] + new + fixed[e:]
        loaded = load_scenario_bytes(fixed.encode())
        errors = [d.render() for d in loaded.diagnostics if d.is_error]
        assert not errors, (fix.title, errors)


def test_quick_fix_adds_missing_feedback() -> None:
    text = TEXT.replace('feedback = "Dana was ready; another question now reads as stalling."\n', "")
    problem = next(d for d in load_scenario_bytes(text.encode()).diagnostics if d.code == "no-feedback")
    start = Document(text).at_line_column(problem.line or 1, problem.column or 1)
    (fix,) = actions.fixes(index_of(text), problem.code, problem.message, {"path": list(problem.path)}, start, start + 5)
    fixed = text
    for s, e, new in fix.edits:
        fixed = fixed[:s] + new + fixed[e:]
    assert not [d for d in load_scenario_bytes(fixed.encode()).diagnostics if d.code == "no-feedback"]


def test_outline_lists_nodes_with_choices_endings_and_tests() -> None:
    outline = symbols.outline(index_of())
    assert [(s.name, s.kind) for s in outline] == [
        ("opening", "node"), ("push_back", "node"), ("why_now", "node"), ("decides", "check node"),
        ("ask_for_it", "node"), ("signed", "ending"), ("not_yet", "ending"), ("walked_out", "ending"),
        ("asking wins", "test"),
    ]
    opening = outline[0]
    assert [c.name for c in opening.children] == [
        "choices[0]: Sign today and I'll take ten percent off.", "choices[1]: why",
    ]
    assert TEXT[opening.name_start : opening.name_end] == "opening"
    assert TEXT[opening.start : opening.end].endswith('feedback = "Finding out whether Dana wants to buy at all comes before any pitch."')


def test_diagnostic_spans_cover_what_stands_there() -> None:
    text = '[nodes.a]\nnext = "b"  # comment\nwhen = "x"\n'
    assert text[: span_at(text, 0)] == "[nodes.a]"
    assert text[10 : span_at(text, 10)] == 'next = "b"'
    flag = text.index('x"')
    assert text[flag : span_at(text, flag)] == "x"  # a word inside a value: a condition's flag


def test_positions_follow_the_loader_with_a_byte_order_mark_and_crlf() -> None:
    document = Document('\ufeffa = 1\r\nb = "\U0001f600x"\r\n')
    assert document.text == 'a = 1\nb = "\U0001f600x"\n'
    first = document.position(0)
    assert (first.line, first.character) == (0, 1)
    assert document.offset(document.position(12)) == 12
    assert document.at_line_column(2, 5) == 10

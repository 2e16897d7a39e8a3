"""The TOML slips authors make most get a message in their words, at the line to fix, with the fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w

from tests.core.builders import minimal
from tests.packs.helpers import run_cli
from trainer.toml_slips import dotted_key, open_string

SCENARIO = tomli_w.dumps(minimal())


def validate(tmp_path: Path, text: str) -> list[str]:
    """The error lines `validate` prints for a file holding `text` (it must fail)."""
    path = tmp_path / "slip.toml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("validate", str(path))
    assert code == 1
    return [line.removeprefix(f"{path}:") for line in out.splitlines() if ": error: " in line]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_an_unclosed_string_is_named_on_its_own_line(tmp_path: Path) -> None:
    text = SCENARIO.replace('text = "Hello."', 'text = "Hello.')
    line = line_of(text, 'text = "Hello.')
    assert validate(tmp_path, text) == [
        f'{line}:8: error: TOML syntax error: a string is not closed on this line: end it with " on the same line '
        '(a text over several lines goes between """ and """)'
    ]


def test_an_unclosed_string_at_the_end_of_the_file(tmp_path: Path) -> None:
    text = SCENARIO + '\n[x]\nx_note = "never closed'
    assert validate(tmp_path, text)[0].startswith(f"{line_of(text, 'x_note')}:10: error: TOML syntax error: a string is not closed")
    text = SCENARIO + '\nx_note = """never\nclosed\n'
    assert validate(tmp_path, text) == [
        f'{line_of(text, "x_note")}:10: error: TOML syntax error: this """ string is never closed: end the text with """'
    ]


@pytest.mark.parametrize("written", ['"She said "no" to me."', '""No," she said."', '"He said "yes""'])
def test_quotes_inside_dialogue(tmp_path: Path, written: str) -> None:
    text = SCENARIO.replace('text = "Hello."', f"text = {written}")
    (error,) = validate(tmp_path, text)
    assert error.startswith(f"{line_of(text, written)}:")
    assert error.endswith(
        'error: TOML syntax error: a quote inside the text ends the string early: write \\" for each quote inside it, '
        """or put the text in single quotes: 'She said "no".'"""
    )


def test_an_apostrophe_inside_a_single_quoted_string(tmp_path: Path) -> None:
    text = SCENARIO.replace('text = "Hello."', "text = 'Don't go.'")
    (error,) = validate(tmp_path, text)
    assert "an apostrophe inside a single-quoted string ends it early: put the text in double quotes" in error


def test_a_table_declared_twice_names_the_line_of_the_first(tmp_path: Path) -> None:
    text = SCENARIO + '\n[endings. "won" ]\noutcome = "won"\ntext = "Again."\n'
    first, second = line_of(text, "[endings.won]"), line_of(text, '[endings. "won" ]')
    assert validate(tmp_path, text) == [
        f"{second}:1: error: TOML syntax error: the table [endings.won] is declared twice (first on line {first}): "
        "keep one [endings.won] and put all its keys under it, or give one of them another name"
    ]


def test_a_table_first_made_by_a_dotted_key_names_that_line(tmp_path: Path) -> None:
    text = SCENARIO + '\n[nodes]\nlater.text = "Later."\n\n[nodes.later]\ntext = "Again."\n'
    first, second = line_of(text, "later.text"), line_of(text, "[nodes.later]")
    (error,) = validate(tmp_path, text)
    assert error.startswith(f"{second}:")
    assert f"the table [nodes.later] is declared twice (first on line {first})" in error


def test_a_key_given_twice_names_the_line_of_the_first(tmp_path: Path) -> None:
    text = SCENARIO.replace('title = "Tiny"\n', 'title = "Tiny"\nid = "tiny"\n')
    assert validate(tmp_path, text) == [
        f"{line_of(text, 'title')+1}:1: error: TOML syntax error: the key id is given twice in one table "
        f"(first on line {line_of(text, 'id = ')}): keep one"
    ]


def test_text_without_quotes_and_a_missing_value(tmp_path: Path) -> None:
    text = SCENARIO.replace('title = "Tiny"', "title = Tiny")
    assert validate(tmp_path, text)[0].endswith('error: TOML syntax error: a text value goes between quotes, e.g. text = "Hello." (numbers, true and false do not)')
    text = SCENARIO.replace('title = "Tiny"', "title =")
    assert 'the value after "=" is missing' in validate(tmp_path, text)[0]


@pytest.mark.parametrize(
    ("when", "column", "message"),
    [
        ("trust => 60", 7, '"=>" is not an operator: write ">="'),
        ("pressure =< 30", 10, '"=<" is not an operator: write "<="'),
        ("trust >= 60%", 12, 'meters are whole numbers from 0 to 100, not percentages: leave out the "%" (e.g. "trust >= 60")'),
    ],
)
def test_condition_slips_get_the_operator_to_write(tmp_path: Path, when: str, column: int, message: str) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["when"] = when
    text = tomli_w.dumps(doc)
    (error,) = validate(tmp_path, text)
    assert error.startswith(f"{line_of(text, 'when = ')}:")
    assert error.endswith(f'error: malformed condition "{when}": {message} (at character {column}) [nodes.opening.choices[0].when]')


def test_the_parsers_words_are_kept_for_what_is_not_recognised(tmp_path: Path) -> None:
    text = SCENARIO.replace('title = "Tiny"', 'title = "Tiny" = 2')
    (error,) = validate(tmp_path, text)
    assert "error: TOML syntax error: Expected newline or end of document after a statement" in error


def test_open_string_skips_comments_closed_strings_and_escapes() -> None:
    assert open_string('a = "x # y"\n# it\'s "fine\nb = \'c:\\\\\'\nc = "q\\"q"\n') is None
    found = open_string('a = """one\ntwo"""\nb = "three\n')
    assert found is not None and (found.line, found.column, found.delimiter) == (3, 5, '"')


def test_dotted_key() -> None:
    assert dotted_key(' nodes . "a b" ') == ("nodes", "a b")
    assert dotted_key("nodes.'x'.y") == ("nodes", "x", "y")
    assert dotted_key("nodes..x") is None and dotted_key("a b") is None

"""Bad input is refused with a clear, located error before any of it is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli_w

from tests.core.builders import errors, load_doc, load_text, minimal, with_changes
from trainer.model import MAX_FILE_BYTES, MAX_LINE_LENGTH, MAX_TEXT_LENGTH
from trainer.validation import load_scenario, load_scenario_bytes


def only_error(loaded) -> str:  # type: ignore[no-untyped-def]
    found = [d for d in loaded.diagnostics if d.is_error]
    assert len(found) == 1, [d.render() for d in found]
    return found[0].render()


def test_a_valid_file_loads_with_no_diagnostics() -> None:
    loaded = load_doc(minimal())
    assert loaded.ok and loaded.diagnostics == []
    assert loaded.scenario is not None and loaded.scenario.id == "tiny"


def test_missing_file(tmp_path: Path) -> None:
    loaded = load_scenario(tmp_path / "nope.toml")
    assert not loaded.ok
    assert "nope.toml: error: file not found" in only_error(loaded)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert f"the limit is {MAX_FILE_BYTES:,} bytes" in only_error(load_scenario(big))


def test_a_one_mebibyte_file_is_accepted() -> None:
    doc = minimal()
    doc["lesson"] = "x" * 4000
    text = tomli_w.dumps(doc)
    text += "# padding\n" * ((1024 * 1024 - len(text)) // 10 + 1)
    assert len(text.encode()) > 1024 * 1024
    assert load_text(text).ok


def test_non_utf8_names_the_byte_and_line() -> None:
    raw = tomli_w.dumps(minimal()).encode().replace(b'title = "Tiny"', b'title = "T\xe9ny"')
    rendered = only_error(load_scenario_bytes(raw, "latin.toml"))
    assert rendered.startswith("latin.toml:3:")
    assert "is not UTF-8 text (byte 0xE9" in rendered


def test_toml_syntax_error_has_the_line() -> None:
    text = tomli_w.dumps(minimal()).replace('title = "Tiny"', 'title = "Tiny')
    rendered = only_error(load_text(text))
    assert rendered.startswith("test.toml:3:")
    assert "TOML syntax error" in rendered


def test_crlf_files_load() -> None:
    assert load_text(tomli_w.dumps(minimal()).replace("\n", "\r\n")).ok


def test_a_utf8_bom_is_accepted() -> None:
    assert load_scenario_bytes(b"\xef\xbb\xbf" + tomli_w.dumps(minimal()).encode()).ok


@pytest.mark.parametrize(
    ("char", "name"),
    [("\x1b", "U+001B"), ("\x07", "U+0007"), ("\x7f", "U+007F"), ("\x85", "U+0085"), ("\u202e", "U+202E"),
     ("\u2066", "U+2066"), ("\x00", "U+0000")],
)
def test_control_and_bidi_characters_written_raw_are_refused_with_their_position(char: str, name: str) -> None:
    text = tomli_w.dumps(minimal()).replace('"Hello."', f'"Hel{char}lo."')
    loaded = load_text(text)
    assert loaded.scenario is None
    rendered = only_error(loaded)
    assert name in rendered and "is not allowed" in rendered
    line = next(i for i, row in enumerate(text.split("\n"), 1) if char in row)
    assert rendered.startswith(f"test.toml:{line}:")


@pytest.mark.parametrize("escape", ["\\u001b[31m", "\\u202E", "\\b", "\\f", "\\r", "\\u0085", "\\U00002067"])
def test_control_characters_written_as_escapes_are_refused_with_the_field(escape: str) -> None:
    text = tomli_w.dumps(minimal()).replace('"Hello."', f'"Hel{escape}lo."')
    loaded = load_text(text)
    assert loaded.scenario is None
    found = [d for d in loaded.diagnostics if d.is_error]
    assert found and found[0].toml_path == "nodes.opening.text"
    assert "is not allowed" in found[0].message


def test_control_characters_in_keys_are_refused() -> None:
    text = tomli_w.dumps(minimal()).replace("[nodes.opening]", '[nodes."open\\u001bing"]')
    assert any("is not allowed" in m for m in errors(load_text(text)))


def test_tab_and_newline_are_allowed() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["text"] = "Line one\n\tindented"
    assert load_doc(doc).ok


def test_text_longer_than_the_limit_is_an_error_naming_the_field() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["text"] = "x" * (MAX_TEXT_LENGTH + 1)
    doc["nodes"]["opening"]["choices"][0]["text"] = "y" * (MAX_LINE_LENGTH + 1)
    loaded = load_doc(doc)
    found = {d.toml_path: d.message for d in loaded.diagnostics if d.is_error}
    assert f"the limit is {MAX_TEXT_LENGTH:,}" in found["nodes.opening.text"]
    assert f"the limit is {MAX_LINE_LENGTH:,}" in found["nodes.opening.choices[0].text"]


def test_unknown_key_suggests_the_right_one_and_x_keys_are_ignored() -> None:
    doc = minimal()
    doc["buyer"]["nmae"] = "x"
    doc["buyer"]["x_portrait"] = "dana.png"
    doc["x_tool"] = {"anything": [1, 2]}
    text = tomli_w.dumps(doc)
    found = [d for d in load_text(text).diagnostics if d.is_error]
    assert [(d.toml_path, d.message) for d in found] == [
        ("buyer.nmae", 'unknown key "nmae". Did you mean "name"?')
    ]
    assert found[0].line == text.split("\n").index('nmae = "x"') + 1


def test_every_schema_problem_of_a_file_is_reported_at_once() -> None:
    doc = minimal()
    doc["meters"]["trust"] = 101
    doc["meters"]["pressure"] = True
    doc["nodes"]["opening"]["choices"][0]["tactic"] = "closer"
    doc["nodes"]["opening"]["choices"][1]["next"] = "wonn"
    doc["endings"]["won"]["stars"] = 4
    loaded = load_doc(doc)
    found = {d.toml_path: d.message for d in loaded.diagnostics if d.is_error}
    assert found == {
        "meters.trust": "trust must be from 0 to 100; got 101",
        "meters.pressure": "pressure must be a whole number; got true (a boolean)",
        "nodes.opening.choices[0].tactic": 'tactic must be one of close, pressure, pitch, qualify, ask, connect, '
        'help, other; got "closer". Did you mean "close"?',
        "nodes.opening.choices[1].next": 'next = "wonn" names no node or ending. Did you mean "won"?',
        "endings.won.stars": "stars must be from 0 to 3; got 4",
    }


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (True, "got true (a boolean)"),
        (1.5, "got 1.5 (a decimal number)"),
        (101, "from -100 to 100; got 101"),
        ("%+101", "the percentage must be from 0 to 100"),
        ("20%", 'is not a fair effect like "%+20"'),
        ([1], "must be a whole number from -100 to 100 or a fair string"),
    ],
)
def test_bad_effects(value: object, fragment: str) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["trust"] = value
    found = [d for d in load_doc(doc).diagnostics if d.is_error]
    assert len(found) == 1 and found[0].toml_path == "nodes.opening.choices[0].trust"
    assert fragment in found[0].message


def test_wrong_types_are_named() -> None:
    doc = with_changes(minimal(), title=5, tags="sales", buyer="Dana")
    found = {d.toml_path: d.message for d in load_doc(doc).diagnostics if d.is_error}
    assert found["title"] == "title must be text in quotes; got 5"
    assert found["tags"].startswith("tags must be an array")
    assert found["buyer"] == 'buyer must be a table; got "Dana"'


def test_missing_required_keys_are_named() -> None:
    doc = minimal()
    del doc["start"]
    del doc["nodes"]["opening"]["choices"][0]["tactic"]
    found = {d.toml_path: d.message for d in load_doc(doc).diagnostics if d.is_error}
    assert found["start"] == 'missing required key "start"'
    assert found["nodes.opening.choices[0].tactic"] == 'missing required key "tactic"'


def test_positions_inside_arrays_of_inline_tables() -> None:
    text = tomli_w.dumps(minimal()) + '\n[nodes.check]\nroutes = [\n  { when = "trust > 5", next = "won" },\n  { next = "nowhere" },\n]\n'
    found = [d for d in load_text(text).diagnostics if d.is_error]
    target = next(d for d in found if d.toml_path == "nodes.check.routes[1].next")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "nowhere" in row)
    assert (target.line, target.column) == (line, 5)

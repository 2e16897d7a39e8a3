"""The terminal-safety rule: no command writes a control sequence, whatever the files hold or are called."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from markdown_it import MarkdownIt

from tests.core.builders import minimal
from tests.packs.helpers import make_pack, manifest
from trainer.cli import main
from trainer.markdown import md_cell, md_text
from trainer.text_safety import unsafe, visible

# What a terminal would obey: ESC, BEL, any other C0 but newline and tab, DEL,
# C1 (UTF-8 encoded), bidi embeddings, overrides and isolates, line separators.
UNSAFE_BYTES = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae\xa8\xa9]|\xe2\x81[\xa6-\xa9]"
)

HOSTILE_VALUES = [
    "\x1b]52;c;aGVsbG8=\x07",  # OSC 52: write the clipboard
    "\x1b]0;PWNED\x07",  # OSC 0: retitle the window
    "\x1b[2J",  # CSI 2J: clear the screen
    "\x9b31m",  # C1 CSI
    "abc\u202edcba",  # right-to-left override
    "x\nfile.toml:1: error: forged",  # a second diagnostic line
    "\x00nul\x7f\x85",
]

HOSTILE_NAMES = ["e\x1b[2Jx", "bell\x07", "rtl\u202etxt", "c1\x9b", "two\nlines", "sep\u2028x"]


def assert_safe(data: bytes, what: str) -> None:
    match = UNSAFE_BYTES.search(data)
    assert match is None, f"{what}: raw {match.group()!r} at {match.start()}: {data[max(0, match.start() - 60):match.end() + 20]!r}"
    for line in data.splitlines():
        assert not line.startswith(b"file.toml:1: error: forged"), f"{what}: a forged diagnostic line"


def run(capfdbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, bytes, bytes]:
    code = main(list(argv))
    out, err = capfdbinary.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    return code, out, err


def hostile_scenario(value: str) -> dict[str, Any]:
    """The tiny scenario with `value` in a field the loader does not treat as text, and in text."""
    doc = minimal()
    doc["title"] = "T" + value
    opening = doc["nodes"]["opening"]
    opening["choices"][0]["tactic"] = value
    opening["choices"][1]["when"] = value
    opening["choices"][1]["next"] = value
    doc["x_" + value] = {"k" + value: [value]}
    return doc


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_field_values_reach_no_terminal(value: str, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    file = tmp_path / "s.toml"
    file.write_text(tomli_w.dumps(hostile_scenario(value)), encoding="utf-8")
    pack = make_pack(tmp_path / "pack", scenarios={"s": hostile_scenario(value)})
    for argv in (
        ["validate", str(file)],
        ["validate", "--format", "json", str(file)],
        ["validate", str(pack)],
        ["play", str(file), "--choices", "1"],
        ["play", str(file), "--json", "--choices", "1"],
        ["graph", str(file)],
        ["playtest", "--runs", "2", str(file)],
        ["packs", "--pack", str(pack)],
        ["packs", "add", str(pack)],
    ):
        code, out, err = run(capfdbinary, *argv)
        assert_safe(out + err, " ".join(argv))
        if argv[0] in ("validate", "play", "graph", "playtest"):
            assert code == 1 and b"s.toml" in out + err, argv


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_file_and_folder_names_reach_no_terminal(
    name: str, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes], isolated_user_files: Path
) -> None:
    good = tomli_w.dumps(minimal())
    file = tmp_path / f"{name}.toml"
    file.write_text(good, encoding="utf-8")
    broken = tmp_path / f"broken{name}.toml"
    broken.write_text(good.replace('"close"', '"klose"'), encoding="utf-8")
    pack = make_pack(tmp_path / f"pack{name}", scenarios={name: minimal(), f"b{name}": {"format": 1}})
    user_pack = make_pack(isolated_user_files / "packs" / f"user{name}", pack_id="other")
    (user_pack / "pack.toml").write_text(tomli_w.dumps(manifest("other", name="N" + name)), encoding="utf-8")
    (isolated_user_files / "packs" / f"empty{name}").mkdir()
    for argv in (
        ["validate", str(file), str(broken)],
        ["validate", "--strict", str(pack)],
        ["play", str(file), "--choices", "2"],
        ["play", str(broken), "--choices", "2"],
        ["play", str(file), "--json", "--choices", "2"],
        ["graph", str(broken)],
        ["playtest", "--runs", "2", str(broken)],
        ["packs"],
        ["packs", "--format", "json"],
        ["packs", "--pack", str(pack)],
        ["packs", "add", str(pack)],
        ["export"],
        ["new", "scenario", str(tmp_path / f"new{name}.toml")],
        ["new", "pack", str(tmp_path / f"newpack{name}")],
        ["packs", "remove", f"id{name}"],
        ["schema", "pack"],
        ["graph", str(tmp_path / f"missing{name}.toml")],
        ["validate", str(tmp_path / f"missing{name}.toml")],
    ):
        code, out, err = run(capfdbinary, *argv)
        assert_safe(out + err, " ".join(argv))


def test_a_real_terminal_gets_one_escaped_line_per_problem(tmp_path: Path) -> None:
    """`python -m trainer validate` as a user runs it: bytes on the pipe, one line per problem."""
    folder = tmp_path / "repo\x1b]0;owned\x07"
    folder.mkdir()
    file = folder / "a\x1b[2J.toml"
    file.write_text(tomli_w.dumps(hostile_scenario("x\nfile.toml:1: error: forged\x1b[2J")), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "trainer", "validate", str(file)], capture_output=True, timeout=60)
    assert result.returncode == 1
    assert_safe(result.stdout + result.stderr, "validate")
    lines = result.stdout.decode().splitlines()
    assert all(line.startswith(str(tmp_path)) for line in lines[:-1]), lines
    assert "repo\\x1b]0;owned\\x07/a\\x1b[2J.toml" in lines[0]
    assert any('got "x\\nfile.toml:1: error: forged\\x1b[2J"' in line for line in lines)


def test_a_crash_line_is_one_escaped_line(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    from trainer.crash import report_crash

    report_crash(ValueError("bad\n\x1b]0;x\x07value"), "testing")
    err = capfdbinary.readouterr().err
    assert_safe(err, "crash line")
    assert err.count(b"\n") == 1 and b"bad\\n\\x1b]0;x\\x07value" in err


# -- the rule itself ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;t\x07", "\\x1b]0;t\\x07"),
        ("a\nb\tc\rd", "a\\nb\\tc\\rd"),
        ("\x9b\x85\x7f\x00", "\\x9b\\x85\\x7f\\x00"),
        ("\u202eevil\u2066\u2028", "\\u202eevil\\u2066\\u2028"),
        ("caf\udce9.toml", "caf\\xe9.toml"),  # a Latin-1 file name, as Python reads it
        ("é 漢字 👍🏽 \u200d \u0301 عربى \ufeff", "é 漢字 👍🏽 \u200d \u0301 عربى \ufeff"),  # text stays text
    ],
)
def test_visible_shows_unsafe_characters_as_escapes(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_visible_keeps_lines_only_when_asked() -> None:
    assert visible("a\nb\tc\x1b", lines=True) == "a\nb\tc\\x1b"



def test_text_that_passes_visible_untouched_has_no_unsafe_character() -> None:
    """`visible` returns printable text as it is, without searching it: that is only safe while
    every character it escapes is one Python calls unprintable. Every code point is checked."""
    one_line, lines = unsafe(), unsafe(lines=True)
    for code in range(0x110000):
        char = chr(code)
        if one_line.match(char) or lines.match(char):
            assert not char.isprintable(), f"U+{code:04X} would be written raw"

# -- Markdown ------------------------------------------------------------------------------

HOSTILE_MARKDOWN = [
    "see https://evil.example/x and www.evil.example or mail boss@evil.example",
    "&lt;b&gt; &amp; &#x41;",
    "hello\n===\nworld\n---",
    "a\n- item\n+ item\n* item\n1. one\n2) two",
    "a\n\tcode\n    code",
    "a\n> quote\n# heading\n## heading",
    "| a | b |\n|---|---|\n| c | d |",
    "<b>bold</b> <!-- c --> <script>x</script>",
    "[a](http://x) ![i](y) <http://z> **b** __u__ ~~s~~ `c` $x^2$",
    "a\n\n\n\x1b[2J para",
    "***\n___",
]


@pytest.mark.parametrize("text", HOSTILE_MARKDOWN)
def test_markdown_text_is_one_literal_paragraph_for_a_gfm_renderer(text: str) -> None:
    md = MarkdownIt("gfm-like")  # tables, strikethrough, linkify (bare URLs), HTML
    tokens = md.parse("- **You:** " + md_text(text) + "\n\n" + "| x |\n|---|\n| " + md_cell(text) + " |\n")
    structure = [t.type for t in tokens]
    assert structure[:3] == ["bullet_list_open", "list_item_open", "paragraph_open"]
    assert structure.count("bullet_list_open") == 1 and structure.count("paragraph_open") == 1
    assert structure.count("table_open") == 1 and structure.count("tr_open") == 2, structure
    assert structure.count("td_open") == 1, "a cell split in two"
    inline = [child.type for t in tokens if t.children for child in t.children]
    assert set(inline) <= {"text", "softbreak", "strong_open", "strong_close"}, inline
    assert inline.count("strong_open") == 1
    rendered = md.render(md_text(text))
    assert all(word in rendered for word in re.findall(r"[A-Za-z]+", text)), "text was lost"
    assert "\x1b" not in rendered

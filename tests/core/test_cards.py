"""The library's first listing, read from the raw TOML: what the files claim, safely."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from trainer.cards import parse_head, read_listing
from trainer.library_index import discover_listing
from trainer.limits import MAX_FILE_BYTES

TUI_PACK = FIXTURES / "tui-pack"
ROOT = Path(__file__).resolve().parents[2]


def pack(tmp_path: Path, *scenarios: tuple[str, str | bytes], pack_id: str = "mine") -> Path:
    folder = tmp_path / pack_id
    (folder / "scenarios").mkdir(parents=True)
    (folder / "pack.toml").write_text(f'format = 1\nid = "{pack_id}"\nname = "My {pack_id}"\nversion = "1.0.0"\n')
    for name, text in scenarios:
        path = folder / "scenarios" / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return folder


def cards(folder: Path) -> dict[str, object]:
    (found,) = read_listing([folder], builtin=False).packs
    return {Path(s.path).name: s for s in found.scenarios}


def test_the_cards_of_valid_scenarios_are_the_checked_ones() -> None:
    """Same cards as the full check makes, for every scenario the check finds playable."""
    raw = read_listing([TUI_PACK])
    checked = discover_listing([TUI_PACK])
    assert [p.folder for p in raw.packs] == [p.folder for p in checked.packs]
    for raw_pack, checked_pack in zip(raw.packs, checked.packs, strict=True):
        assert (raw_pack.id, raw_pack.name, raw_pack.version, raw_pack.source) == (
            checked_pack.id, checked_pack.name, checked_pack.version, checked_pack.source
        )
        playable = [s for s in checked_pack.scenarios if s.playable]
        assert playable and all(s in raw_pack.scenarios for s in playable)


def test_the_first_listing_does_not_import_pydantic() -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from trainer.cards import read_listing\n"
        f"assert read_listing([Path({str(TUI_PACK)!r})]).packs\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'textual'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_card_comes_from_the_top_level_keys_and_the_buyer(tmp_path: Path) -> None:
    text = (
        'id = "s"\ntitle = "The Title"\nsummary = "One line"\ndifficulty = "advanced"\ntags = ["a", "b"]\n'
        '[nodes.start]\ntext = "[buyer] is not a header inside a string"\n'
        '[buyer]  # who\nname = "Ann"\nrole = "Boss"\n'
        "[meters]\ntrust = 1\n"
    )
    card = cards(pack(tmp_path, ("s.toml", text)))["s.toml"]
    assert (card.id, card.title, card.summary, card.difficulty, card.tags) == ("s", "The Title", "One line", "advanced", ("a", "b"))
    assert (card.buyer_name, card.buyer_role, card.buyer_company, card.problem) == ("Ann", "Boss", "", None)


def test_a_cut_inside_a_multiline_string_parses_the_whole_file() -> None:
    document = 'id = "s"\nlesson = """\n[not a header]\n"""\ntitle = "T"\n[buyer]\nname = "B"\n[nodes.x]\ntext = "x"\n'
    assert parse_head(document, ("buyer",)) == tomllib.loads(document)
    assert parse_head('id = "s"\n[nodes.x]\ntext = "x"\n[buyer]\nname = "B"\n', ("buyer",)) == {"id": "s", "buyer": {"name": "B"}}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (b'id = "s"\ntitle = "T\\u001b[31mred"\n', "s.toml: its title cannot be shown"),
        (b'id = "s"\ntitle = "' + b"x" * 300 + b'"\n', "s.toml: its title cannot be shown"),
        (b'id = "s"\ntitle = 3\n', "s.toml: its title cannot be shown"),
        (b'id = "s"\ntitle = "T"\ntags = "one"\n', "s.toml: the tags are not a short list"),
        (b'id = "s"\ntitle = "T"\nbuyer = 1\n', "s.toml: the buyer is not a table"),
        (b'title = "T"\n', "s.toml: no id or no title"),
        (b'id = "s"\ntitle = \n', "s.toml: is not valid TOML"),
        (b'id = "s"\ntitle = "\xe9"\n', "s.toml: is not UTF-8 text"),
        (b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n", None),
    ],
)
def test_a_file_that_gives_no_card_is_listed_with_why(tmp_path: Path, text: bytes, problem: str | None) -> None:
    card = cards(pack(tmp_path, ("s.toml", text)))["s.toml"]
    assert card.id is None and not card.playable and card.title == "s.toml"
    assert card.problem is not None
    if problem is not None:
        assert card.problem == problem


def test_only_regular_files_inside_the_pack_within_the_size_limit_are_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text('id = "secret"\ntitle = "Secret"\n')
    folder = pack(tmp_path, ("big.toml", b'id = "b"\ntitle = "B"\n#' + b"x" * MAX_FILE_BYTES + b"\n"))
    (folder / "scenarios" / "link.toml").symlink_to(outside)
    os.mkfifo(folder / "scenarios" / "fifo.toml")  # would block a reader that opens it
    (folder / "scenarios" / "dir.toml").mkdir()
    found = cards(folder)
    assert found["big.toml"].problem == "big.toml: is too large"
    assert found["link.toml"].problem == "link.toml: is a link"
    assert found["fifo.toml"].problem == "fifo.toml: is not a file"
    assert found["dir.toml"].problem == "dir.toml: is not a file"
    assert "Secret" not in repr(found)


def test_a_broken_pack_is_listed_with_why(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    no_id = pack(tmp_path, pack_id="noid")
    (no_id / "pack.toml").write_text('name = "No id"\n')
    listing = read_listing([empty, no_id, tmp_path / "missing"], builtin=False)
    assert [(p.id, p.problem) for p in listing.packs] == [
        (None, "empty: pack.toml not found"),
        (None, "No id: pack.toml has no id"),
        (None, "missing: pack.toml not found"),
    ]


def test_of_two_packs_with_one_id_the_later_source_is_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = tmp_path / "user"
    shutil.copytree(TUI_PACK, user / "tui")
    monkeypatch.setenv("TRAINER_PACKS", str(user))
    copy = tmp_path / "copy"
    shutil.copytree(TUI_PACK, copy)
    listing = read_listing([copy, TUI_PACK])
    assert [(p.id, p.source, p.folder) for p in listing.packs] == [
        ("builtin", "built-in", listing.packs[0].folder),
        ("tui-tests", "command line", str(copy)),
    ]

"""The server's checks give exactly what `validate PACK` gives for each file: same messages,
codes, paths, lines and columns, in the same order (the same code runs, from the editor's text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.lsp.conftest import FIXTURES, make_pack
from trainer.commands.validate import collect
from trainer.diagnostics import Diagnostic
from trainer.limits import DEFAULT_STATE_BUDGET
from trainer.lsp.checks import CheckRequest, find_pack, full_check, is_trainer_file, rules_check
from trainer.validation import pack_scenario_label

FIRST_CALL = (FIXTURES / "first-call.toml").read_text()


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return make_pack(tmp_path, FIRST_CALL)


def validated(pack: Path, file: Path) -> list[Diagnostic]:
    diagnostics, _ = collect(pack, DEFAULT_STATE_BUDGET)
    label = pack_scenario_label(str(pack), file)
    return [d for d in diagnostics if d.file == label]


def request(pack: Path, file: Path, text: str, open_files: dict[Path, str] | None = None) -> CheckRequest:
    return CheckRequest(file, text, pack_scenario_label(str(pack), file), find_pack(file), str(pack), open_files or {})


UNREACHABLE = '\n[nodes.lonely]\ntext = "Nobody comes here."\n[[nodes.lonely.choices]]\ntext = "Hello?"\ntactic = "ask"\nnext = "signed"\nfeedback = "f"\n'
FAILING_TEST = '\n[[tests]]\nname = "pushing wins"\nchoices = [1, 1]\nending = "signed"\n'
MUTATIONS = {
    "clean": lambda t: t,
    "typo in a next": lambda t: t.replace('next = "decides"', 'next = "decide"', 1),
    "flag typo in a when": lambda t: t.replace('"trust >= 60 and knows_cost"', '"trust >= 60 and know_cost"'),
    "no feedback": lambda t: t.replace('feedback = "Owning the misstep and asking is the way back."\n', ""),
    "unreachable node": lambda t: t + UNREACHABLE,
    "failing test": lambda t: t + FAILING_TEST,
    "unknown key": lambda t: t.replace('tactic = "close"\ntrust = -15', 'tactik = "close"\ntrust = -15'),
    "malformed toml": lambda t: t.replace("[nodes.decides]", "[nodes.decides"),
    "forbidden character": lambda t: t.replace("Dana hangs up.", "Dana hangs\x1b up."),
    "meters out of range": lambda t: t.replace("trust = 35", "trust = 350"),
    "soft-lock": lambda t: t.replace('next = "signed"', 'next = "ask_for_it"').replace(
        'pressure = 10\nnext = "not_yet"', 'next = "ask_for_it"'
    ),
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_a_scenario_in_a_pack_gets_what_validate_gives(pack: Path, mutation: str) -> None:
    file = pack / "scenarios" / "first-call.toml"
    text = MUTATIONS[mutation](FIRST_CALL)
    file.write_text(text)
    expected = validated(pack, file)
    assert (mutation == "clean") == (not expected)
    assert full_check(request(pack, file, text)).diagnostics == expected
    quick = rules_check(request(pack, file, text)).diagnostics
    assert set(quick) <= set(expected)


def test_the_editors_text_is_checked_not_the_file_on_disk(pack: Path) -> None:
    file = pack / "scenarios" / "first-call.toml"
    text = MUTATIONS["typo in a next"](FIRST_CALL)
    result = full_check(request(pack, file, text))
    assert [d.code for d in result.diagnostics] == ["unknown-target"]
    assert result.reach is None and result.scenario_id is None
    clean = full_check(request(pack, file, FIRST_CALL))
    assert clean.diagnostics == [] and clean.scenario_id == "first-call"
    assert clean.reach is not None and clean.reach["why_now"].trust == (40, 48)
    assert "walked_out" in clean.reach


def test_a_duplicate_scenario_id_is_reported_on_the_later_file_as_validate_does(pack: Path) -> None:
    later = pack / "scenarios" / "z-copy.toml"
    later.write_text(FIRST_CALL)
    expected = validated(pack, later)
    assert [d.code for d in expected] == ["duplicate-id"]
    assert full_check(request(pack, later, FIRST_CALL)).diagnostics == expected
    earlier = pack / "scenarios" / "first-call.toml"
    assert full_check(request(pack, earlier, FIRST_CALL)).diagnostics == validated(pack, earlier) == []


def test_a_duplicate_title_is_warned_on_the_later_file_as_validate_does(pack: Path) -> None:
    later = pack / "scenarios" / "z-copy.toml"
    text = FIRST_CALL.replace('id = "first-call"', 'id = "other"').replace('title = "The First Call"', 'title = "the  first call"')
    later.write_text(text)
    expected = validated(pack, later)
    assert [d.code for d in expected] == ["duplicate-title"]
    assert full_check(request(pack, later, text)).diagnostics == expected


def test_an_open_earlier_file_counts_as_the_editor_holds_it(pack: Path) -> None:
    later = pack / "scenarios" / "z-copy.toml"
    later.write_text(FIRST_CALL)
    renamed = FIRST_CALL.replace('id = "first-call"', 'id = "renamed"').replace("The First Call", "Renamed")
    first = pack / "scenarios" / "first-call.toml"
    assert full_check(request(pack, later, FIRST_CALL, {first: renamed})).diagnostics == []


def test_pack_toml_gets_the_manifest_diagnostics(pack: Path) -> None:
    manifest = pack / "pack.toml"
    text = manifest.read_text().replace('license = "', 'licence = "')
    manifest.write_text(text)
    diagnostics, _ = collect(pack, DEFAULT_STATE_BUDGET)
    expected = [d for d in diagnostics if d.file.endswith("pack.toml")]
    assert expected and full_check(
        CheckRequest(manifest, text, f"{pack}/pack.toml", pack, str(pack))
    ).diagnostics == expected


def test_a_scenario_outside_a_pack_is_checked_as_validate_file(tmp_path: Path) -> None:
    file = tmp_path / "alone.toml"
    text = MUTATIONS["no feedback"](FIRST_CALL)
    file.write_text(text)
    diagnostics, _ = collect(file, DEFAULT_STATE_BUDGET)
    assert find_pack(file) is None
    assert full_check(CheckRequest(file, text, str(file))).diagnostics == diagnostics != []


@pytest.mark.parametrize(
    ("name", "text", "checked"),
    [
        ("pyproject.toml", '[project]\nname = "x"\n[tool.x]\nformat = 1\n', False),
        ("notes.toml", "", False),
        ("notes.toml", "# a comment\n" * 5000, False),  # answered at once, never backtracking over the lines
        ("mine.toml", "# a scenario\n\nformat = 1\n", True),
        ("mine.toml", 'title = "x"\n[[nodes.a.choices]]\n', True),
    ],
)
def test_only_scenario_files_are_checked_outside_a_pack(tmp_path: Path, name: str, text: str, checked: bool) -> None:
    assert is_trainer_file(tmp_path / name, text) is checked


def test_every_file_of_a_pack_is_checked(pack: Path) -> None:
    assert is_trainer_file(pack / "scenarios" / "empty.toml", "")
    assert is_trainer_file(pack / "pack.toml", "")

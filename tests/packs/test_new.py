"""`new pack` / `new scenario`: a starting point that validates with no warnings and can be played."""

from __future__ import annotations

import json
import os
import random
import shlex
import stat
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import pytest

from tests.packs.helpers import run_cli, tree
from trainer.engine import Engine
from trainer.policies import helper, play_out, pusher, random_policy
from trainer.scaffold import ScaffoldError, new_pack, new_scenario, slug
from trainer.scenario_tests import run_tests
from trainer.schema import pack_schema, scenario_schema
from trainer.validation import load_pack, load_scenario


def test_new_pack_writes_a_pack_that_passes_strict_validation(tmp_path: Path) -> None:
    folder = tmp_path / "My Pack"
    code, out, err = run_cli("new", "pack", str(folder), "--author", "Jo Writer")
    assert code == 0, err
    assert tree(folder) == [
        "README.md",
        "pack.toml",
        "scenarios",
        "scenarios/first-call.toml",
        "schemas",
        "schemas/pack.schema.json",
        "schemas/scenario.schema.json",
    ]
    code, out, err = run_cli("validate", "--strict", str(folder))
    assert code == 0, out
    assert "0 errors, 0 warnings" in out
    pack = load_pack(folder)
    assert pack.manifest is not None
    assert (pack.manifest.id, pack.manifest.name, pack.manifest.authors) == ("my-pack", "My pack", ["Jo Writer"])


def test_the_scaffold_is_playable_in_both_worlds_and_every_ending_is_reachable(tmp_path: Path) -> None:
    new_pack(tmp_path / "p")
    loaded = load_scenario(tmp_path / "p" / "scenarios" / "first-call.toml")
    assert loaded.ok and loaded.compiled is not None and loaded.scenario is not None
    assert [w.id for w in loaded.scenario.worlds or ()] == ["files-lost", "files-fine"]
    assert [t.name for t in loaded.scenario.tests] and run_tests(Engine(loaded.compiled)) == []
    engine = Engine(loaded.compiled)
    endings: dict[str, set[str]] = {}
    for world in ("files-lost", "files-fine"):
        endings[world] = set()
        for policy in (pusher, helper, *(random_policy(random.Random(seed)) for seed in range(30))):
            _, steps = play_out(engine, policy, world=world)
            assert steps and steps[-1].state.ended and steps[-1].state.world == world
            endings[world].add(steps[-1].state.node)
    assert endings["files-lost"] == set(loaded.compiled.ending_ids)
    assert endings["files-fine"] == set(loaded.compiled.ending_ids) - {"signed"}  # nothing to sign for


def test_the_scaffold_can_be_won_for_sure_by_asking_first(tmp_path: Path) -> None:
    """Asking why Sam took the call tells the worlds apart: the best of each is in reach."""
    new_pack(tmp_path / "p")
    file = str(tmp_path / "p" / "scenarios" / "first-call.toml")
    lost = json.loads(run_cli("play", file, "--world", "files-lost", "--choices", "why-today,1", "--json")[1])
    fine = json.loads(run_cli("play", file, "--world", "files-fine", "--choices", "why-today,2", "--json")[1])
    assert (lost["world"], lost["ending"]["id"], lost["turning_points"]) == ("files-lost", "signed", [])
    assert (fine["world"], fine["ending"]["id"], fine["turning_points"]) == ("files-fine", "spreadsheet", [])
    assert lost["secure_possible"] == 2 and lost["best_possible"] == 3 and fine["best_possible"] == 2
    assert lost["steps"][0]["choice_id"] == "why-today"
    gamble = json.loads(run_cli("play", file, "--world", "files-fine", "--choices", "why-today,1", "--json")[1])
    assert gamble["ending"]["id"] == "not_yet" and [t["kind"] for t in gamble["turning_points"]] == ["lost"]


def test_scaffold_files_pass_their_own_schemas_and_point_at_them(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    new_pack(folder)
    scenario_file = folder / "scenarios" / "first-call.toml"
    first_line = scenario_file.read_text().splitlines()[0]
    assert first_line == "#:schema ../schemas/scenario.schema.json"
    assert (scenario_file.parent / first_line.split()[1]).resolve() == (folder / "schemas" / "scenario.schema.json")
    assert (folder / "pack.toml").read_text().splitlines()[0] == "#:schema ./schemas/pack.schema.json"
    assert json.loads((folder / "schemas" / "scenario.schema.json").read_text()) == scenario_schema()
    jsonschema.validate(tomllib.loads(scenario_file.read_text()), scenario_schema())
    jsonschema.validate(tomllib.loads((folder / "pack.toml").read_text()), pack_schema())


def test_the_scaffold_teaches_the_format_in_comments(tmp_path: Path) -> None:
    new_pack(tmp_path / "p")
    text = (tmp_path / "p" / "scenarios" / "first-call.toml").read_text()
    for word in ("[[interrupts]]", "variants", "routes", "tactic", '"%+20"', "x_", "feedback", "docs/authoring.md",
                 "[[worlds]]", "--world files-fine", 'id = "why-today"', "[[tests]]"):
        assert word in text
    assert sum(1 for line in text.splitlines() if line.lstrip().startswith("#")) > 20


def test_new_pack_installs(tmp_path: Path) -> None:
    new_pack(tmp_path / "p")
    code, out, err = run_cli("packs", "add", str(tmp_path / "p"))
    assert code == 0 and err == ""


def test_new_scenario_writes_a_standalone_scenario(tmp_path: Path) -> None:
    file = tmp_path / "Renewal Call.toml"
    code, out, err = run_cli("new", "scenario", str(file))
    assert code == 0, err
    loaded = load_scenario(file)
    assert loaded.ok and loaded.diagnostics == []
    assert loaded.scenario is not None and loaded.scenario.id == "renewal-call"
    assert "#:schema ./scenario.schema.json" in file.read_text()  # how-to comment, not a directive
    assert not file.read_text().startswith("#:schema")
    for world, ending in (("files-lost", "signed"), ("files-fine", "not_yet")):
        code, out, err = run_cli("play", str(file), "--world", world, "--choices", "2,1", "--json")
        assert code == 0 and json.loads(out)["ending"]["id"] == ending


def test_new_scenario_inside_a_pack_uses_the_pack_schemas(tmp_path: Path) -> None:
    new_pack(tmp_path / "p")
    file = tmp_path / "p" / "scenarios" / "second.toml"
    new_scenario(file)
    assert file.read_text().startswith("#:schema ../schemas/scenario.schema.json\n\n")
    assert run_cli("validate", "--strict", str(tmp_path / "p"))[0] == 0


def test_nothing_is_ever_overwritten(tmp_path: Path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "keep.txt").write_text("mine")
    code, out, err = run_cli("new", "pack", str(tmp_path / "p"))
    assert code == 1 and "not an empty folder" in err
    assert tree(tmp_path / "p") == ["keep.txt"]
    (tmp_path / "s.toml").write_text("mine")
    code, out, err = run_cli("new", "scenario", str(tmp_path / "s.toml"))
    assert code == 1 and "already exists" in err
    assert (tmp_path / "s.toml").read_text() == "mine"


def test_bad_ids_and_names_are_refused(tmp_path: Path) -> None:
    assert run_cli("new", "pack", str(tmp_path / "a"), "--id", "Bad Id")[0] == 1
    assert run_cli("new", "scenario", str(tmp_path / "x.toml"), "--id=-x")[0] == 1
    assert run_cli("new", "scenario", str(tmp_path / "x.txt"))[0] == 1
    with pytest.raises(ScaffoldError):
        new_pack(tmp_path / "b", name="two\nlines")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


@pytest.mark.parametrize("odd", ["\n", "\u202e", "\x1b"])
def test_what_the_loader_would_refuse_is_refused_before_anything_is_written(tmp_path: Path, odd: str) -> None:
    # a bidirectional or control character in a name, or in the file name the scenario's comments
    # repeat, made a scaffold its own validator refused (a newline ended a comment)
    for what in ("name", "author"):
        code, _, err = run_cli("new", "pack", str(tmp_path / what), f"--{what}", f"Evil{odd}Name")
        assert code == 1 and f"the {what} must be plain text on one line" in err and not (tmp_path / what).exists()
    file = tmp_path / f"x{odd}y.toml"
    code, _, err = run_cli("new", "scenario", str(file))
    assert code == 1 and "the file name must be plain text on one line" in err and not file.exists()
    assert "\x1b" not in err and "\u202e" not in err and "\n" not in err.rstrip("\n")  # said, never sent raw


def test_a_name_with_quotes_is_written_as_valid_toml(tmp_path: Path) -> None:
    new_pack(tmp_path / "q", name='Jo\'s "best" buyers \\ more', author='A "quoted" author')
    pack = load_pack(tmp_path / "q")
    assert pack.ok and pack.manifest is not None
    assert pack.manifest.name == 'Jo\'s "best" buyers \\ more'


@pytest.mark.parametrize(
    ("name", "expected"),
    [("My Pack!", "my-pack"), ("__x__", "x"), ("", "fallback"), ("Ünïcode", "n-code"), ("a" * 100, "a" * 64)],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name, "fallback") == expected


def test_new_needs_a_kind() -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli("new")
    assert exit_info.value.code == 2


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for the test; the old one is put back after it."""
    old = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(old)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_written_by_the_tools_follow_the_umask(tmp_path: Path, umask: Callable[[int], None], mask: int, expected: int) -> None:
    umask(mask)
    assert run_cli("new", "pack", str(tmp_path / "p"))[0] == 0
    assert run_cli("schema", "scenario", "-o", str(tmp_path / "s.json"))[0] == 0
    files = [p for p in (tmp_path / "p").rglob("*") if p.is_file()] + [tmp_path / "s.json"]
    assert len(files) == 6
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in files} == {p.name: expected for p in files}


def test_a_replaced_file_keeps_its_mode(tmp_path: Path, umask: Callable[[int], None]) -> None:
    umask(0o022)
    target = tmp_path / "s.json"
    target.write_text("old")
    target.chmod(0o640)
    assert run_cli("schema", "scenario", "-o", str(target))[0] == 0
    assert target.read_text() != "old" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_scenario_has_a_title_of_its_own_and_a_pack_warns_on_one_title_twice(tmp_path: Path) -> None:
    new_pack(tmp_path / "p")
    second = tmp_path / "p" / "scenarios" / "renewal-call.toml"
    assert run_cli("new", "scenario", str(second))[0] == 0
    first = load_scenario(tmp_path / "p" / "scenarios" / "first-call.toml").scenario
    renewal = load_scenario(second).scenario
    assert first is not None and renewal is not None
    assert (first.title, renewal.title) == ("First call", "Renewal call")
    assert run_cli("validate", "--strict", str(tmp_path / "p"))[0] == 0
    second.write_text(second.read_text().replace('title = "Renewal call"', 'title = "first  Call"'), encoding="utf-8")
    code, out, _ = run_cli("validate", "--strict", str(tmp_path / "p"))
    assert code == 1
    assert (
        f'{second}:15:1: warning: title "first  Call" is already the title of {tmp_path / "p"}/scenarios/first-call.toml; '
        "the library would show two scenarios alike: give each scenario of a pack its own title [title]"
    ) in out.splitlines()


def test_new_prints_paths_as_a_shell_takes_them(tmp_path: Path) -> None:
    folder = tmp_path / "Bad Name"
    code, out, _ = run_cli("new", "pack", str(folder))
    assert code == 0
    assert f"wrote '{folder}/pack.toml'" in out.splitlines()
    next_line = out.splitlines()[-1]
    assert next_line == f"next: python -m trainer validate --strict '{folder}'"
    assert run_cli(*shlex.split(next_line.removeprefix("next: python -m trainer ")))[0] == 0  # as pasted
    file = tmp_path / "it's mine.toml"
    code, out, _ = run_cli("new", "scenario", str(file))
    assert code == 0 and out.splitlines()[-1] == f"next: python -m trainer validate --strict {shlex.quote(str(file))}"
    assert f"#     python -m trainer validate --strict {shlex.quote(str(file))}\n" in file.read_text()


def test_the_scaffold_readme_has_no_made_up_link(tmp_path: Path) -> None:
    new_pack(tmp_path / "p")
    readme = (tmp_path / "p" / "README.md").read_text()
    assert "](" not in readme and "example." not in readme and "http" not in readme
    commands = [line.split("#")[0].split() for line in readme.splitlines() if line.startswith("    python -m trainer ")]
    assert len(commands) >= 4 and {c[3] for c in commands} >= {"validate", "play", "playtest", "graph"}

"""`validate` and `play` as an author runs them: output lines, JSON and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w

from tests.conftest import FIXTURES
from tests.core.builders import minimal
from trainer.cli import COMMANDS, build_parser, main, parse_arguments

FIRST_CALL = str(FIXTURES / "first-call.toml")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, doc: dict, name: str = "s.toml") -> Path:  # type: ignore[type-arg]
    path = tmp_path / name
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return path


def test_validate_clean_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", FIRST_CALL)
    assert code == 0
    assert out.strip() == "1 file checked: 0 errors, 0 warnings; ok"


def test_validate_prints_one_line_per_problem_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][1]["next"] = "wn"
    del doc["nodes"]["opening"]["choices"][0]["feedback"]
    path = write(tmp_path, doc)
    code, out, _ = run(capsys, "validate", str(path))
    lines = out.strip().splitlines()
    assert code == 1
    assert any(
        line.startswith(f"{path}:") and ': error: next = "wn" names no node or ending. Did you mean "won"? [nodes.opening.choices[1].next]' in line
        for line in lines
    )
    assert lines[-1] == "1 file checked: 1 error, 1 warning; failed"


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = minimal()
    del doc["nodes"]["opening"]["choices"][0]["feedback"]
    path = write(tmp_path, doc)
    assert run(capsys, "validate", str(path))[0] == 0
    code, out, _ = run(capsys, "validate", "--strict", str(path))
    assert code == 1 and "warning: choice has no feedback" in out


def test_validate_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = minimal()
    doc["start"] = "nowhere"
    code, out, _ = run(capsys, "validate", "--format", "json", str(write(tmp_path, doc)))
    report = json.loads(out)
    assert code == 1 and report["errors"] == 1 and report["ok"] is False
    (diagnostic,) = report["diagnostics"]
    assert diagnostic["path"] == "start" and diagnostic["severity"] == "error" and diagnostic["line"] == 4
    assert diagnostic["code"] == "unknown-target"


def test_validate_a_pack_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "pack"
    (pack / "scenarios").mkdir(parents=True)
    (pack / "pack.toml").write_text(
        'format = 1\nid = "p"\nname = "P"\nversion = "1.0.0"\nauthors = ["A"]\nlicense = "MIT"\n', encoding="utf-8"
    )
    write(pack / "scenarios", minimal(), "one.toml")
    write(pack / "scenarios", minimal(), "two.toml")  # same id twice
    code, out, _ = run(capsys, "validate", str(pack))
    assert code == 1
    assert 'two.toml:2:1: error: scenario id "tiny" is already used by' in out
    assert out.strip().endswith("3 files checked: 1 error, 0 warnings; failed")


def test_validate_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["validate"])
    assert raised.value.code == 2


def test_play_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "play", FIRST_CALL, "--choices", "2,2", "--json")
    assert code == 0 and err == ""
    assert json.loads(out) == {
        "scenario": "first-call",
        "world": None,
        "steps": [
            {"node": "opening", "choice": 2, "tactic": "qualify", "trust": 48, "pressure": 5, "best_before": 3, "best_after": 3,
             "secure_before": 3, "secure_after": 3},
            {"node": "why_now", "choice": 2, "tactic": "pitch", "trust": 38, "pressure": 15, "best_before": 3, "best_after": 1,
             "secure_before": 3, "secure_after": 1},
        ],
        "ending": {"id": "not_yet", "outcome": "lost", "stars": 1},
        "best_possible": 3,
        "secure_possible": 3,
        "turning_points": [
            {"step": 2, "tactic": "pitch", "kind": "lost", "best_before": 3, "best_after": 1, "secure_before": 3,
             "secure_after": 1, "risk_worlds": [], "winning_alternatives": [{"choice": 1, "tactic": "ask"}]}
        ],
    }


def test_play_json_with_no_ending_yet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "play", FIRST_CALL, "--choices", "", "--json")
    report = json.loads(out)
    assert code == 0 and report["ending"] is None and report["steps"] == [] and report["best_possible"] == 3


def test_play_json_when_too_large_to_analyse(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "play", FIRST_CALL, "--choices", "2,2", "--json", "--max-states", "1")
    report = json.loads(out)
    assert code == 0 and report["best_possible"] is None and report["turning_points"] == []
    assert report["secure_possible"] is None
    assert all(s[key] is None for s in report["steps"] for key in ("best_before", "best_after", "secure_before", "secure_after"))
    assert report["ending"]["id"] == "not_yet"


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ("2,9", "step 2: choice 9 is not offered at 'why_now'; choose 1 to 2"),
        ("2,0", "choice 2 is '0': choices are positive whole numbers"),
        ("2,X", "choice 2 is 'X'"),
        ("2,why-not", 'step 2: no choice "why-not" can be taken: it is not offered'),
        ("2,12a b", "choice 2 is '12a b'"),
        ("-1", "choice 1 is '-1'"),
        ("2,1,1,1", "choice 4 (1) comes after the play ended at 'signed'"),
    ],
)
def test_play_bad_choices_exit_2_with_nothing_on_stdout(capsys: pytest.CaptureFixture[str], choices: str, message: str) -> None:
    code, out, err = run(capsys, "play", FIRST_CALL, "--choices", choices, "--json")
    assert code == 2 and out == ""
    assert message in err


def test_play_invalid_scenario_prints_diagnostics_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = minimal()
    doc["start"] = "nowhere"
    code, out, err = run(capsys, "play", str(write(tmp_path, doc)), "--choices", "1", "--json")
    assert code == 1 and out == ""
    assert 'error: start = "nowhere" names no node' in err


def test_play_text_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "play", FIRST_CALL, "--choices", "1,2,2,1")
    assert code == 0
    assert "trust 20 (-15), pressure 50 (+40); stars in reach: 3 → 1" in out
    assert "You have five minutes" in out and "You again. Make it quick" in out  # the variant
    assert "Debrief\nLesson: " in out  # the lesson first
    assert "\nLost  ★☆☆  1 star\nDana says she will think about it." in out
    assert "not_yet" not in out and "qualified_out" not in out  # outcomes in words, no ending ids
    assert "[opening]" not in out and "knows_cost" not in out  # no node ids, flags or conditions
    assert "   Dana looks at the proposal for a long moment.\n" in out  # the check node, as narration
    assert 'Step 1: you pushed for the close ("Sign today and I\'ll take ten percent off."). Dana Reyes: ' in out
    assert "Point of no return: step 1. After it, 3 stars were out of reach." in out
    assert "What Dana Reyes needed: Fewer missed pickups" in out


def test_one_star_is_one_star_in_every_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = minimal()
    doc["endings"]["won"]["stars"] = 1
    code, out, _ = run(capsys, "play", str(write(tmp_path, doc)), "--choices", "1")
    assert code == 0
    assert "Point of no return: step 1. After it, 1 star was out of reach." in out
    assert "It cost 1 star you could have been sure of." in out
    assert "1 star were" not in out


def test_play_explain_shows_the_machinery_to_authors(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "play", FIRST_CALL, "--choices", "1,2,2,1", "--explain")
    assert code == 0
    assert "1. [opening] Dana Reyes: You have five minutes." in out
    assert "(route decides.routes[1]: otherwise; not trust >= 60 and knows_cost -> not_yet)" in out
    assert "(ending not_yet)" in out


def test_unexpected_errors_print_one_line_and_write_a_report(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import trainer.commands.validate as validate

    def explode(path: Path, budget: int) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(validate, "collect", explode)
    code, out, err = run(capsys, "validate", FIRST_CALL)
    assert code == 70
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "unexpected error while running 'validate' (RuntimeError: boom)" in err
    report = Path(err.strip().rsplit(" ", 1)[-1])
    assert report.is_file() and "Traceback" in report.read_text()


def test_python_dash_m_trainer_runs_as_a_module() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", FIRST_CALL], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "0 errors" in done.stdout


def test_help_lists_every_command_with_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    for command in COMMANDS:
        first_words = " ".join(command.help.split()[:3])
        assert any(line.split()[:1] == [command.name] and first_words in line for line in lines), command.name


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_every_command_has_its_own_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: trainer {command}") and len(out.splitlines()) > 3


@pytest.mark.parametrize(("argv", "commands"), [([], []), (["graph", "x.toml"], ["trainer.commands.graph"])])
def test_only_the_chosen_command_is_imported(argv: list[str], commands: list[str]) -> None:
    """The game starts without the authors' tools and the models they load."""
    code = (
        "import sys\nfrom trainer.cli import parse_arguments\n"
        f"parse_arguments({argv!r})\n"
        "print(sorted(m for m in sys.modules if m.startswith('trainer.commands.')))\n"
        "print('pydantic' in sys.modules)\n"
        "print('argparse' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # graph reads scenarios: pydantic; the game with no argument at all needs no parser
    assert done.stdout.splitlines() == [repr(commands), str(bool(commands)), str(bool(argv))]


def test_no_argument_at_all_gives_the_parsers_defaults() -> None:
    """`python -m trainer` skips the parser: what the game gets is what the parser would give."""
    assert vars(parse_arguments([])) == vars(build_parser().parse_args([]))
    assert parse_arguments(["--pack", "a", "--pack", "b"]).pack == ["a", "b"]
    assert parse_arguments(["--pack", "a", "play", "x.toml"]).command == "play"  # the defaults do not reset it


@pytest.mark.parametrize("command", ["validate", "play", "playtest"])
@pytest.mark.parametrize(("budget", "why"), [("0", "0 is below 1"), ("-5", "-5 is below 1"), ("many", "'many' is not a whole number")])
def test_a_state_budget_below_one_is_a_usage_error(capsys: pytest.CaptureFixture[str], command: str, budget: str, why: str) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, str(FIRST_CALL), f"--max-states={budget}"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"argument --max-states: {why}" in err and "Traceback" not in err

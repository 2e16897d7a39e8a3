"""[[tests]] run by `validate`: each way a test fails, reported as an error with file, line and path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.core.builders import load_doc, minimal, two_worlds
from tests.core.test_cli import run, write
from trainer.engine import Engine
from trainer.scenario_tests import run_tests


def failures(doc: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    loaded = load_doc(doc)
    assert loaded.ok and loaded.compiled is not None, [d.render() for d in loaded.diagnostics]
    return [(f.name, f.world, f.reason) for f in run_tests(Engine(loaded.compiled))]


def with_tests(doc: dict[str, Any], *tests: dict[str, Any]) -> dict[str, Any]:
    doc["tests"] = list(tests)
    return doc


def test_passing_tests_in_every_world_and_in_one() -> None:
    doc = with_tests(
        two_worlds(),
        {"name": "ask then the big plan", "world": "big", "choices": ["ask", 1], "ending": "won", "stars": 3},
        {"name": "ask then the small plan", "world": "small", "choices": ["ask", 2], "ending": "won"},
        {"name": "pitching first ends it", "choices": ["pitch-big"]},
    )
    assert failures(doc) == []


def test_a_test_without_world_runs_in_every_world() -> None:
    doc = with_tests(two_worlds(), {"name": "big plan always", "choices": [1, 1], "ending": "won"})
    assert failures(doc) == [("big plan always", "small", 'expected the ending "won", but it reached the ending "lost"')]


def test_a_choice_not_offered_names_the_step_world_and_offers() -> None:
    doc = with_tests(two_worlds(), {"name": "t", "world": "small", "choices": ["ask", 3]})
    ((_, world, reason),) = failures(doc)
    assert world == "small"
    assert reason == 'step 2 (3) is not offered at node "small_talk"; offered: 1 "The big plan, then."; 2 "The small plan, then."'


def test_a_choice_id_not_offered_here_fails() -> None:
    doc = with_tests(two_worlds(), {"name": "t", "world": "big", "choices": ["pitch-big", "ask"]})
    assert 'step 2 ("ask") comes after the play ended at ending "won"' in failures(doc)[0][2]
    doc = with_tests(two_worlds(), {"name": "t", "world": "big", "choices": ["ask", "ask"]})
    assert failures(doc)[0][2].startswith('step 2 ("ask") is not offered at node "big_talk"; offered: 1 "The big plan')


def test_stars_and_stopping_before_an_ending() -> None:
    doc = with_tests(two_worlds(), {"name": "t", "world": "big", "choices": ["ask"], "stars": 3})
    assert failures(doc)[0][2] == 'expected 3 stars, but it stopped at node "big_talk" before any ending'
    doc = with_tests(two_worlds(), {"name": "t", "world": "small", "choices": ["ask", 1], "stars": 3})
    assert failures(doc)[0][2] == "expected 3 stars, but it ended with 0 stars"


def test_without_worlds_a_test_names_no_world() -> None:
    doc = with_tests(minimal(), {"name": "closing loses", "choices": [1], "ending": "won"})
    assert failures(doc) == [("closing loses", None, 'expected the ending "won", but it reached the ending "lost"')]


def test_validate_reports_failing_tests_as_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = with_tests(two_worlds(), {"name": "big plan always", "choices": [1, 1], "ending": "won"})
    path = write(tmp_path, doc)
    code, out, _ = run(capsys, "validate", str(path), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["errors"] == 1
    (found,) = report["diagnostics"]
    assert found["code"] == "test-failed" and found["path"] == "tests[0].ending" and found["line"] is not None
    assert found["file"] == str(path) and 'test "big plan always" fails in world "small"' in found["message"]


def test_validate_runs_tests_in_packs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from trainer.scaffold import new_pack

    folder = tmp_path / "pack"
    new_pack(folder)
    doc = with_tests(two_worlds(), {"name": "t", "choices": [9]})
    write(folder / "scenarios", doc, "extra.toml")
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1 and f"{folder}/scenarios/extra.toml:" in out and "test-failed" not in out and 'test "t" fails' in out


def test_play_still_plays_a_scenario_whose_tests_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = with_tests(two_worlds(), {"name": "t", "choices": [9]})
    code, out, _ = run(capsys, "play", str(write(tmp_path, doc)), "--world", "big", "--choices", "1,1", "--json")
    assert code == 0 and json.loads(out)["ending"]["id"] == "won"

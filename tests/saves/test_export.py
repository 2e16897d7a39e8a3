"""`python -m trainer export`: list the runs, export one as Markdown with its debrief."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.saves import SaveStore
from trainer.transcript import run_transcript

from .helpers import COFFEE, PACK, QUALIFIED_OUT, V0, WALK_OUT, WIN, run_of


@pytest.fixture
def store(isolated_user_files: Path) -> SaveStore:
    return SaveStore(isolated_user_files / "saves")  # where $TRAINER_SAVES points


def test_lists_runs(store: SaveStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export"]) == 0
    assert "Player has no finished runs yet." in capsys.readouterr().out
    runs = [run_of(n) for n in (WIN, WALK_OUT)]
    for run in runs:
        store.record_run("default", run)
    assert main(["export"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["RUN", "DATE", "SCENARIO", "ENDING", "STARS"]
    assert all(run.id in out for run in runs) and "The Coffee Machine" in out
    assert " Won " in out and " Lost " in out and "won" not in out.split()  # outcomes in words
    assert "export one: python -m trainer export RUN_ID" in out


def test_exports_the_last_run_with_its_debrief(store: SaveStore, capsys: pytest.CaptureFixture[str]) -> None:
    store.record_run("default", run_of(WIN))
    lost = run_of(WALK_OUT)
    store.record_run("default", lost)
    assert main(["export", "--last", "--pack", str(PACK)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Transcript: The Coffee Machine\n")
    assert f"- Run: {lost.id}" in out and "- Player: Player" in out and "- Scenario: coffee (tui-tests 1.0.0)" in out
    assert "### Step 1 — turning point" in out
    assert "**You** (close): Our premium espresso line is on offer this week only. Shall I book the install?" in out
    assert "Trust 25 (-10), pressure 55 (+45); stars in reach: 3 → 2." in out
    assert "*Coach:* You asked for the order before you knew whether Sam wants anything." in out
    assert "**Point of no return: step 1.** After it, 3 stars were out of reach." in out
    # the wording of the turning point is the debrief's own (escaped for Markdown)
    assert '- Step 1: you pushed for the close \\("Our premium espresso line' in out
    assert "**Lesson:** Pressure past the point of trust ends the conversation." in out


def test_exports_by_id_prefix_to_a_file(store: SaveStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = run_of(QUALIFIED_OUT)
    store.record_run("default", run)
    target = tmp_path / "out" / "coach.md"
    assert main(["export", run.play_id, "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"wrote {target}\n"
    text = target.read_text()
    assert "- Ending: Qualified out  ★★☆  2 stars" in text and "Sam thanks you" in text


def test_other_profile_and_errors(store: SaveStore, capsys: pytest.CaptureFixture[str]) -> None:
    ana = store.create_profile("Ana")
    run = run_of(WIN)
    store.record_run(ana.id, run)
    assert main(["export", "--profile", "ana", "--last"]) == 0
    assert "- Player: Ana" in capsys.readouterr().out
    assert main(["export", "--profile", "zed"]) == 2
    assert "no profile 'zed' (profiles: Ana, Player)" in capsys.readouterr().err
    assert main(["export", "--last"]) == 1
    assert "Player has no finished runs yet" in capsys.readouterr().err
    assert main(["export", "nope"]) == 1
    assert "no single run of Player matches 'nope'" in capsys.readouterr().err
    assert main(["export", "x", "--last"]) == 2


def test_saves_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(V0, tmp_path / "old")
    assert main(["export", "--saves", str(tmp_path / "old")]) == 0
    assert "2024-05-02-coffee" in capsys.readouterr().out
    assert main(["--saves", str(tmp_path / "old"), "export", "--last", "--pack", str(PACK)]) == 0
    out = capsys.readouterr().out
    assert "- Player: Ana" in out and "No turning points" in out  # a version-0 run replays by numbers


def test_a_gone_scenario_exports_from_the_record(store: SaveStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    loose = tmp_path / "coffee.toml"
    shutil.copy(COFFEE, loose)
    run = run_of(WALK_OUT)
    run = run.model_copy(update={"scenario": run.scenario.model_copy(update={"pack": "", "file": str(loose)})})
    store.record_run("default", run)
    loose.unlink()
    assert main(["export", "--last"]) == 0
    out = capsys.readouterr().out
    assert 'The debrief could not be rebuilt: the scenario "The Coffee Machine" is no longer installed.' in out
    assert "> Sam here. You said something about coffee machines?" in out
    assert "Trust 25 (-10), pressure 55 (+45)." in out and "*Coach:* You asked for the order" in out
    assert "When it was played, the best ending was worth 3 stars." in out


def test_markdown_is_escaped() -> None:
    run = run_of(WIN)
    step = run.steps[0].model_copy(update={"text": "<script>*bold* [link](x)"})
    text = run_transcript(run.model_copy(update={"steps": [step]}), player="[Eve](http://x)", missing="gone")
    assert "\\<script\\>\\*bold\\* \\[link\\]\\(x\\)" in text and "- Player: \\[Eve\\]\\(http\\://x\\)" in text

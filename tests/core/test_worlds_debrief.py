"""The debrief judges what the player could know: a gamble is named as one, a loss says with which
buyers it costs stars, the end reveals which buyer this was (and who else it could have been),
and an ending is named by its title; in `play`'s report, the transcript and the workshop summary
alike (the game's debrief screen: tests/tui/test_worlds_debrief_screen.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
import tomli_w

from tests.core.builders import two_worlds
from trainer.cli import main
from trainer.debrief import Debrief, build_debrief
from trainer.engine import Engine
from trainer.game.workshop import WorkshopSession
from trainer.game.workshop_summary import workshop_summary
from trainer.loader import LoadedScenario
from trainer.markdown import md_text
from trainer.report import text_report
from trainer.saves import SaveStore, finished_run, saved_play, scenario_ref
from trainer.transcript import run_debrief, run_transcript
from trainer.validation import load_scenario
from trainer.wording import badge_of, debrief_words

BIG = "Tam runs payroll in six countries."
SMALL = "Tam runs payroll in one country."
PRINCIPLE = "The principle: Find out whether the need is real and the time is now; ask for the business only once it is."
GAMBLE = (
    'Step 1 was a gamble: you pitched ("Our big plan is what you need."). Then: "Signed." '
    f"It worked only because of who this buyer was: {BIG} "
    f"It would have cost stars if instead: {SMALL} "
    'Coach: fb. Better: "Where do your people work?" fb. ' + PRINCIPLE
)
LOST = (
    'Step 1: you pitched ("Our big plan is what you need."). Then: "Gone." It cost 3 stars you could have been '
    f"sure of whoever the buyer was. It costs stars when: {SMALL} "
    'Coach: fb. Better: "Where do your people work?" fb. ' + PRINCIPLE
)


@pytest.fixture
def two(tmp_path: Path) -> Path:
    path = tmp_path / "two.toml"
    path.write_bytes(tomli_w.dumps(two_worlds()).encode())
    return path


def report(path: Path, capsys: pytest.CaptureFixture[str], world: str, choices: str) -> str:
    assert main(["play", str(path), "--world", world, "--choices", choices]) == 0
    return capsys.readouterr().out


def test_a_guess_that_worked_is_named_a_gamble(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = report(two, capsys, "big", "pitch-big")
    assert "Signed  ★★★  3 stars\n" in out  # the ending's title, not "Won"
    assert f"- {GAMBLE}\n" in out
    assert "Point of no return" not in out  # it cost nothing in this play
    assert f"This buyer: {BIG}\nIt could have been: {SMALL}\n" in out
    assert "stars in reach: 3 → 3 (sure of, whoever the buyer: 3 → 0)" in out


def test_the_same_guess_with_the_other_buyer_lost_stars(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = report(two, capsys, "small", "pitch-big")
    assert "Lost  ☆☆☆  0 stars\n" in out  # no title: the outcome in words
    assert f"- {LOST}\n" in out
    assert "Point of no return: step 1. After it, 3 stars were out of reach." in out
    assert f"This buyer: {SMALL}\nIt could have been: {BIG}\n" in out
    assert "gamble" not in out


def test_asking_first_has_no_turning_point_with_either_buyer(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for world, choices in (("big", "ask,1"), ("small", "ask,2")):
        out = report(two, capsys, world, choices)
        assert "No turning points: every choice kept what you could be sure of in reach, whoever the buyer was." in out
        assert "gamble" not in out and "Point of no return" not in out
        assert "The best ending with this buyer was worth 3 stars." in out


def test_a_buyer_it_costs_stars_with_is_named_only_when_it_is_not_every_buyer(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = two_worlds()
    doc["nodes"]["opening"]["choices"][1]["next"] = "lost"  # the pitch now loses with both buyers
    two.write_bytes(tomli_w.dumps(doc).encode())
    out = report(two, capsys, "big", "pitch-big")
    assert "It cost 3 stars you could have been sure of whoever the buyer was." in out and "It costs stars when" not in out


def loaded(path: Path) -> LoadedScenario:
    result = load_scenario(path)
    assert result.ok and result.compiled is not None and result.scenario is not None
    return result


def views(path: Path, world: str, choices: list[int | str]) -> tuple[Debrief, dict[str, str]]:
    """The debrief of one play, and what each view of it says: `play`'s report, the exported
    transcript (rebuilt from the saved run) and the workshop summary (the room played the same)."""
    scenario_file = loaded(path)
    assert scenario_file.scenario is not None and scenario_file.compiled is not None
    engine = Engine(scenario_file.compiled)
    start, steps = engine.replay(choices, world)
    debrief = build_debrief(engine, scenario_file.analysis, start, steps)
    run = finished_run(saved_play(scenario_ref(scenario_file.scenario, path), engine, start, steps), engine, steps[-1])
    room = WorkshopSession(engine, scenario_file.analysis, start=engine.start(world))
    room.play_each([step.event.number for step in steps if step.event is not None])
    return debrief, {
        "report": text_report(scenario_file.scenario, debrief),
        "transcript": run_transcript(run, run_debrief(run, path=path)),
        "workshop summary": workshop_summary(room, datetime(2026, 1, 1)),
    }


@pytest.mark.parametrize(("world", "choices", "kind"), [("big", ["pitch-big"], "gamble"), ("small", ["pitch-big"], "lost")])
def test_every_view_names_the_gamble_the_buyer_and_the_title(two: Path, world: str, choices: list[int | str], kind: str) -> None:
    debrief, shown = views(two, world, choices)
    words = debrief_words(debrief)
    assert [s.kind for s in debrief.turning_points] == [kind]
    assert words.turning_points == ((GAMBLE if kind == "gamble" else LOST),)
    assert words.reveal == (
        (f"This buyer: {BIG}", f"It could have been: {SMALL}") if world == "big" else (f"This buyer: {SMALL}", f"It could have been: {BIG}")
    )
    assert debrief.ending is not None
    badge = str(badge_of(debrief.ending))
    for view, text in shown.items():
        escape = str if view == "report" else md_text
        for sentence in [*words.turning_points, *words.reveal, badge]:
            assert escape(sentence) in text, (view, sentence)
        assert ("Point of no return" in text) == (kind == "lost"), view


def test_export_names_the_buyer_of_the_run(two: Path, isolated_user_files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario_file = loaded(two)
    assert scenario_file.scenario is not None and scenario_file.compiled is not None
    engine = Engine(scenario_file.compiled)
    start, steps = engine.replay(["pitch-big"], "big")
    run = finished_run(saved_play(scenario_ref(scenario_file.scenario, two), engine, start, steps), engine, steps[-1])
    SaveStore(isolated_user_files / "saves").record_run("default", run)
    assert main(["export", "--last"]) == 0
    out = capsys.readouterr().out
    assert f"**This buyer: {md_text(BIG)}**\n\nIt could have been: {md_text(SMALL)}\n" in out
    assert md_text(GAMBLE) in out and "- Ending: Signed  ★★★  3 stars" in out
    assert "big" not in out.replace("Our big plan", "").replace("The big plan", "")  # the world's id stays hidden

"""A week of practice, headless: the drills are exactly the moments the player got wrong, and the
plan's next step follows the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.game.test_game import game, opened
from trainer.game.practice import Practice
from trainer.habits import Habit
from trainer.model import Tactic


def play(g, *numbers: int):  # type: ignore[no-untyped-def]
    session = g.begin(opened(g))
    for number in numbers:
        session.choose(number)
        run = g.keep(session)
    assert session.ended and run is not None
    return session, run


def test_the_drills_are_exactly_the_turning_points_of_the_runs(saves: Path) -> None:
    g = game(saves)
    wrong = {}
    for numbers in ((1, 1), (2, 1, 1), (1, 2, 2), (2, 2)):
        session, run = play(g, *numbers)
        wrong[run.id] = [s.step for s in session.debrief().turning_points]
    g.close()
    assert g.count_drills() == sum(len(steps) for steps in wrong.values())
    book = g.practice.book(g.profile.id)
    assert set(book.drills) == {f"{run_id}:{step}" for run_id, steps in wrong.items() for step in steps}
    assert wrong[next(iter(wrong))] == [1, 2] and any(not steps for steps in wrong.values())  # a clean win adds none
    # counted again, nothing is added twice
    assert g.count_drills() == len(book.drills)
    assert len(g.practice.book(g.profile.id).drills) == len(book.drills)


def test_the_plan_names_the_habit_found_most_and_the_drills(saves: Path) -> None:
    g = game(saves)
    for numbers in ((1, 1), (1, 2, 2), (2, 1, 1)):
        play(g, *numbers)
    g.close()
    habits = g.habits(g.profile.id)
    plan = g.plan(g.profile.id, habits)
    assert plan.costliest is not None
    assert (plan.costliest.habit, plan.costliest.tactic, plan.costliest.runs, plan.costliest.of) == (Habit.COSTLY_PUSH, Tactic.CLOSE, 2, 3)
    assert plan.drills_due == len(g.practice.book(g.profile.id).drills) > 0
    assert plan.measured_runs == 3 and plan.habit_runs[Habit.COSTLY_PUSH] == 2
    [coffee] = [f for f in plan.findings if f.scenario == "coffee"]
    assert coffee.endings_total == 4 and len(coffee.endings_found) == 3


def test_the_endings_found_are_read_from_the_installed_scenario_without_analysing_it(saves: Path) -> None:
    g = game(saves)
    play(g, 1, 1)
    play(g, 2, 1, 1)
    g.close()
    opened: list[Path] = []
    practice = Practice(lambda: g.store, lambda: g.packs, opened.append)  # opening a file: the solver's analysis
    [coffee] = practice.findings(g.profile.id)
    assert coffee.endings_total == 4 and len(coffee.endings_found) == 2
    assert opened == []


def test_each_run_is_read_once_for_the_endings_found(saves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    g = game(saves)
    play(g, 1, 1)
    play(g, 2, 1, 1)
    g.close()
    first = g.practice.findings(g.profile.id)
    store = g.store
    read: list[str] = []
    monkeypatch.setattr(store, "run", lambda profile_id, run_id: read.append(run_id))
    assert g.practice.findings(g.profile.id) == first  # opening the progress screen again
    assert read == []

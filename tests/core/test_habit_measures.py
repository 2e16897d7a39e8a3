"""Habits measured by the solver, on hand-made run histories whose answers are worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.core.builders import choice, load_doc, two_worlds
from trainer.game.play import PlaySession
from trainer.habits import (
    CostliestHabit,
    Habit,
    RunMeasures,
    costliest_habit,
    habits,
    measure_run,
    proficiencies,
)
from trainer.loader import LoadedScenario
from trainer.model import Tactic
from trainer.saves import Run, finished_run, saved_play, scenario_ref
from trainer.vocabulary import Lesson


def shop() -> dict[str, Any]:
    """Asking first, then pitching the fix, then closing wins 3 stars. Pitching at once leaves a
    referral (2); closing before hearing the offer signs a small deal (2); pressure loses."""
    return {
        "format": 1,
        "id": "shop",
        "title": "Shop",
        "start": "opening",
        "buyer": {"name": "Ada"},
        "meters": {"trust": 50, "pressure": 10},
        "nodes": {
            "opening": {
                "text": "Hi.",
                "choices": [
                    choice("What's wrong with your supplier?", "ask", "need"),
                    choice("Our product is the best.", "pitch", "cold"),
                    choice("Sign today?", "close", "lost"),
                ],
            },
            "need": {
                "text": "Late deliveries.",
                "choices": [
                    choice("We deliver daily; here is how.", "pitch", "offer"),
                    choice("Shall we sign?", "close", "small"),
                    choice("How late, and what does it cost you?", "qualify", "offer"),
                ],
            },
            "offer": {
                "text": "Sounds right.",
                "choices": [choice("Shall we start Monday?", "close", "won"), choice("Only today!", "pressure", "lost")],
            },
            "cold": {
                "text": "Everyone says that.",
                "choices": [choice("Then here is a supplier who fits you better.", "help", "referral"), choice("Sign?", "close", "lost")],
            },
        },
        "endings": {
            "won": {"outcome": "won", "text": "Signed."},
            "small": {"outcome": "won", "stars": 2, "text": "A small order."},
            "referral": {"outcome": "referral", "text": "Thanks for the tip."},
            "lost": {"outcome": "lost", "text": "Gone."},
        },
    }


ASK_PITCH_CLOSE = (1, 1, 1)  # 3 stars, yet its first push came before any `qualify`
PITCH_HELP = (2, 1)  # referral, 2 stars: a costly pitch at step 1
ASK_CLOSE = (1, 2)  # small deal, 2 stars: a costly and premature close at step 2
START = datetime(2026, 11, 20, 9, tzinfo=UTC)


def run_of(loaded: LoadedScenario, numbers: tuple[int, ...], day: int, world: str | None = None) -> Run:
    session = PlaySession.begin(loaded, world)
    for number in numbers:
        session.choose(number)
    assert session.ended
    assert loaded.scenario is not None
    play = saved_play(scenario_ref(loaded.scenario, pack="test"), session.engine, session.start, session.steps, real_call=True)
    run = finished_run(play, session.engine, session.steps[-1])
    moment = START + timedelta(days=day)
    return run.model_copy(update={"finished": moment, "started": moment, "updated": moment})


def measured(loaded: LoadedScenario, *plays: tuple[int, ...], world: str | None = None) -> list[RunMeasures]:
    return [measure_run(run_of(loaded, numbers, day, world), loaded) for day, numbers in enumerate(plays)]


def test_the_four_three_star_runs_once_flagged_as_pushing_first_have_no_costly_habit() -> None:
    loaded = load_doc(shop())
    runs = [run_of(loaded, ASK_PITCH_CLOSE, day) for day in range(4)]
    assert all(r.stars == 3 for r in runs)
    assert habits(runs).pushed_first == 4  # the tactic count's verdict: "pushed before qualifying"
    measures = [measure_run(r, loaded) for r in runs]
    assert all(m.measured and not m.costly_pushes and not m.gambles and not m.premature_closes for m in measures)
    assert costliest_habit(measures) is None
    assert measures[0].decisions == 3 and measures[0].turning_points == ()
    assert measures[0].real_call is True


def test_a_pitch_that_cost_stars_and_a_close_that_skipped_the_question() -> None:
    loaded = load_doc(shop())
    pitch, close = measured(loaded, PITCH_HELP, ASK_CLOSE)
    assert pitch.costly_pushes == ((1, Tactic.PITCH),) and pitch.premature_closes == () and pitch.gambles == ()
    assert pitch.lessons == ((Lesson.ASKING, False), (Lesson.HELPING, True))
    assert close.costly_pushes == ((2, Tactic.CLOSE),) and close.premature_closes == (2,)
    # the close missed qualifying; the winning pitch and qualify: asking and qualifying (once each)
    assert close.lessons == ((Lesson.ASKING, True), (Lesson.QUALIFYING, False), (Lesson.ASKING, False))
    [point] = close.turning_points
    assert (point.step, point.path, point.node, point.kind, point.tactic) == (2, (1,), "need", "lost", Tactic.CLOSE)


def test_a_pushy_close_that_costs_nothing_the_player_could_keep_is_not_premature() -> None:
    loaded = load_doc(shop())
    [won] = measured(loaded, ASK_PITCH_CLOSE)
    assert won.premature_closes == ()  # the close at `offer` was right: no question was offered there


def test_gambles_are_turning_points_taken_before_the_buyers_were_told_apart() -> None:
    loaded = load_doc(two_worlds())
    [lucky] = measured(loaded, (2,), world="big")  # pitched the big plan unasked: it worked
    [unlucky] = measured(loaded, (2,), world="small")
    [asked] = measured(loaded, (1, 2), world="small")
    assert lucky.gambles == (1,) and lucky.costly_pushes == () and lucky.turning_points[0].kind == "gamble"
    assert unlucky.gambles == (1,) and unlucky.costly_pushes == ((1, Tactic.PITCH),)
    assert asked.gambles == () and asked.costly_pushes == () and asked.turning_points == ()


def test_proficiency_is_weighted_toward_recent_runs() -> None:
    loaded = load_doc(shop())
    measures = measured(loaded, ASK_PITCH_CLOSE, PITCH_HELP, ASK_CLOSE)  # oldest first
    by_lesson = {p.lesson: p for p in proficiencies(measures)}
    # asking: the oldest run kept it twice (weight 0.64 each), the pitch missed it once (0.8),
    # the latest kept it once and missed it once (1 each)
    assert by_lesson[Lesson.ASKING].score == pytest.approx((2 * 0.64 + 1) / (2 * 0.64 + 0.8 + 2))
    assert by_lesson[Lesson.ASKING].decisions == 5
    # qualifying: kept at the oldest run's close (0.64), missed at the latest's (1)
    assert by_lesson[Lesson.QUALIFYING].score == pytest.approx(0.64 / 1.64)
    assert by_lesson[Lesson.HELPING].score == pytest.approx(1.0)
    assert by_lesson[Lesson.CONNECTING].score is None and by_lesson[Lesson.CONNECTING].decisions == 0
    assert all(p.change is None for p in by_lesson.values())  # no runs before the latest three


def test_the_change_is_against_the_runs_before_the_latest_three() -> None:
    loaded = load_doc(shop())
    measures = measured(loaded, PITCH_HELP, PITCH_HELP, ASK_PITCH_CLOSE, ASK_PITCH_CLOSE, ASK_PITCH_CLOSE)
    asking = {p.lesson: p for p in proficiencies(measures)}[Lesson.ASKING]
    kept = 2 * (1 + 0.8 + 0.64)
    assert asking.score == pytest.approx(kept / (kept + 0.8**3 + 0.8**4))
    assert asking.change == pytest.approx(asking.score - 0.0)  # both older runs missed it


def test_the_costliest_habit_is_the_one_in_most_of_the_latest_runs() -> None:
    loaded = load_doc(shop())
    measures = measured(loaded, ASK_CLOSE, PITCH_HELP, PITCH_HELP, ASK_PITCH_CLOSE, PITCH_HELP, ASK_PITCH_CLOSE)
    # the latest five: pitch, pitch, fine, pitch, fine -> costly pitches in 3 of 5
    assert costliest_habit(measures) == CostliestHabit(Habit.COSTLY_PUSH, Tactic.PITCH, 3, 5)


def test_a_run_that_no_longer_fits_its_scenario_is_kept_but_not_measured() -> None:
    loaded = load_doc(shop())
    run = run_of(loaded, PITCH_HELP, 0)
    assert measure_run(run, None).measured is False
    changed = shop()
    changed["nodes"]["cold"]["choices"] = changed["nodes"]["cold"]["choices"][:1]
    changed["nodes"]["cold"]["choices"][0]["next"] = "lost"
    fewer = load_doc(changed)
    gone = measure_run(run_of(loaded, (2, 2), 1), fewer)  # its second choice is no longer offered
    assert gone.measured is False and gone.costly_pushes == ()
    assert proficiencies([gone])[0].score is None


def test_habits_count_the_runs_played_as_real_calls() -> None:
    loaded = load_doc(shop())
    runs = [run_of(loaded, ASK_PITCH_CLOSE, day) for day in range(3)]
    runs[1] = runs[1].model_copy(update={"real_call": False})
    runs[2] = runs[2].model_copy(update={"real_call": None})  # an older save: not recorded
    assert habits(runs).real_calls == 1

"""Habits across runs: tactic shares, pushing before qualifying, end meters, progress and trend."""

from __future__ import annotations

from datetime import timedelta

import pytest

from trainer.habits import habits, pushed_before_qualifying
from trainer.model import Tactic
from trainer.saves import Run

from .helpers import QUALIFIED_OUT, WALK_OUT, WIN, run_of


def later(run: Run, minutes: int) -> Run:
    return run.model_copy(update={"finished": run.finished + timedelta(minutes=minutes)})


def test_no_runs() -> None:
    h = habits([])
    assert (h.runs, h.choices, h.average_trust, h.pushed_first_rate, h.share(Tactic.CLOSE)) == (0, 0, None, 0.0, 0.0)
    assert h.scenarios == () and h.trend() is None


def test_shares_first_push_and_averages() -> None:
    runs = [later(run_of(WALK_OUT), 1), later(run_of(WIN), 2), later(run_of(QUALIFIED_OUT), 3)]
    assert [pushed_before_qualifying(r) for r in runs] == [True, False, False]
    h = habits(runs)
    assert (h.runs, h.choices) == (3, 8)
    assert h.tactic_counts[Tactic.QUALIFY] == 3 and h.share(Tactic.QUALIFY) == pytest.approx(3 / 8)
    assert h.share(Tactic.CLOSE) == pytest.approx(2 / 8) and h.share(Tactic.PRESSURE) == pytest.approx(1 / 8)
    assert h.push_share == pytest.approx(3 / 8)
    assert sum(h.share(t) for t in Tactic) == pytest.approx(1)
    assert (h.pushed_first, h.pushed_first_rate) == (1, pytest.approx(1 / 3))
    assert h.average_trust == pytest.approx((25 + 65 + 80) / 3)
    assert h.average_pressure == pytest.approx((100 + 5 + 5) / 3)
    assert h.average_stars == pytest.approx((0 + 3 + 2) / 3)
    (coffee,) = h.scenarios
    assert (coffee.pack, coffee.scenario, coffee.title, coffee.runs, coffee.best, coffee.best_possible) == (
        "tui-tests", "coffee", "The Coffee Machine", 3, 3, 3
    )
    assert [(p.stars, p.trust, p.pressure, p.pushed_first) for p in h.recent] == [(0, 25, 100, True), (3, 65, 5, False), (2, 80, 5, False)]


def test_unknown_tactics_count_as_other() -> None:
    run = run_of(WIN)
    odd = run.model_copy(update={"steps": [run.steps[0].model_copy(update={"tactic": "flatter"}), *run.steps[1:]]})
    assert habits([odd]).tactic_counts[Tactic.OTHER] == 1


def test_the_trend_compares_recent_halves() -> None:
    runs = [later(run_of(WALK_OUT), i) for i in range(3)] + [later(run_of(WIN), 10 + i) for i in range(3)]
    h = habits(list(reversed(runs)), recent=6)  # any order in
    assert [p.stars for p in h.recent] == [0, 0, 0, 3, 3, 3]
    assert h.trend() == "Over your last 3 runs against the 3 before: stars up 3.0."
    assert len(habits(runs, recent=4).recent) == 4
    assert habits(runs[:3]).trend() is None

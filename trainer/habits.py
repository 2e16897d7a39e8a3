"""A player's habits across finished runs: what they reach for, whether they push before they
qualify, where the meters end, and how that is changing. Headless; works from the saved runs
alone, so a run stays counted when its scenario has changed or gone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from trainer.model import Tactic
from trainer.saves.models import Run
from trainer.saves.summary import RunSummary, pushed_before_qualifying, tactic_of

RECENT_RUNS = 10
"""How many of the latest runs the trend shows."""

__all__ = ["RECENT_RUNS", "Habits", "ScenarioProgress", "TrendPoint", "habits", "pushed_before_qualifying", "tactic_of"]


@dataclass(frozen=True, slots=True)
class ScenarioProgress:
    """Runs and best stars of one scenario."""

    pack: str
    scenario: str
    title: str
    runs: int
    best: int
    best_possible: int | None
    last_played: datetime


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One recent run, for the chart."""

    run_id: str
    finished: datetime
    title: str
    stars: int
    trust: int  # at the end
    pressure: int
    pushed_first: bool


@dataclass(frozen=True, slots=True)
class Habits:
    runs: int
    choices: int
    tactic_counts: dict[Tactic, int]
    pushed_first: int  # runs whose first push came before any qualifying question
    average_trust: float | None  # at the end of a run
    average_pressure: float | None
    average_stars: float | None
    scenarios: tuple[ScenarioProgress, ...]
    recent: tuple[TrendPoint, ...]  # oldest first

    def share(self, tactic: Tactic) -> float:
        """The share of all choices that used `tactic` (0 when there are none)."""
        return self.tactic_counts.get(tactic, 0) / self.choices if self.choices else 0.0

    @property
    def pushed_first_rate(self) -> float:
        return self.pushed_first / self.runs if self.runs else 0.0

    @property
    def push_share(self) -> float:
        return sum(self.share(t) for t in Tactic if t.is_push)

    def trend(self) -> str | None:
        """One sentence comparing the older and the newer half of the recent runs; None with fewer than 4."""
        points = self.recent
        if len(points) < 4:
            return None
        half = len(points) // 2
        older, newer = points[:half], points[-half:]

        def mean(values: Sequence[float]) -> float:
            return sum(values) / len(values)

        stars = mean([p.stars for p in newer]) - mean([p.stars for p in older])
        pushes = sum(p.pushed_first for p in newer) - sum(p.pushed_first for p in older)
        stars_words = (
            f"up {stars:.1f}" if stars >= 0.05 else f"down {-stars:.1f}" if stars <= -0.05 else "level"
        )
        push_words = (
            "you push before qualifying less often" if pushes < 0
            else "you push before qualifying more often" if pushes > 0
            else "pushing before qualifying is unchanged"
        )
        return f"Over your last {half} runs against the {half} before: stars {stars_words}; {push_words}."


def habits(runs: Sequence[RunSummary | Run], *, recent: int = RECENT_RUNS) -> Habits:
    """Statistics over `runs` (any order; the trend uses the latest `recent` by finish time).
    Runs read whole are summarised first: the history's summary is what the game passes."""
    ordered = sorted(
        (r if isinstance(r, RunSummary) else RunSummary.of(r) for r in runs), key=lambda r: (r.finished, r.id)
    )
    counts = {tactic: 0 for tactic in Tactic}
    for run in ordered:
        for tactic, count in run.tactics.items():
            counts[tactic] += count
    by_scenario: dict[tuple[str, str], list[RunSummary]] = {}
    for run in ordered:
        by_scenario.setdefault(run.key, []).append(run)
    scenarios = tuple(
        sorted(
            (
                ScenarioProgress(
                    pack=key[0],
                    scenario=key[1],
                    title=group[-1].label,
                    runs=len(group),
                    best=max(r.stars for r in group),
                    best_possible=group[-1].best_possible,
                    last_played=group[-1].finished,
                )
                for key, group in by_scenario.items()
            ),
            key=lambda s: (s.title.casefold(), s.pack, s.scenario),
        )
    )
    n = len(ordered)
    return Habits(
        runs=n,
        choices=sum(counts.values()),
        tactic_counts=counts,
        pushed_first=sum(r.pushed_first for r in ordered),
        average_trust=sum(r.end_trust for r in ordered) / n if n else None,
        average_pressure=sum(r.end_pressure for r in ordered) / n if n else None,
        average_stars=sum(r.stars for r in ordered) / n if n else None,
        scenarios=scenarios,
        recent=tuple(
            TrendPoint(r.id, r.finished, r.label, r.stars, r.end_trust, r.end_pressure, r.pushed_first)
            for r in ordered[-recent:]
        ),
    )

"""A player's habits across finished runs.

Two kinds of figures. From the saved runs alone (so a run stays counted when its scenario has
changed or gone): what the player reaches for, where the meters end, the trend (`habits`).
Measured by the solver, replaying a run on its scenario (`measure_run`, one call per run, for the
progress screen, drills and the xAPI statements): the pushes that cost stars, the gambles, the
premature closes, each lesson kept or missed, and the turning points (`RunMeasures`); across runs,
a proficiency per lesson weighted toward recent runs (`proficiencies`) and the costliest habit
(`costliest_habit`). Nothing is stored: existing saves are measured as they are read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from trainer.debrief import Debrief, build_debrief
from trainer.engine import PlayState
from trainer.model import Tactic
from trainer.saves.models import Run
from trainer.saves.summary import RunSummary, pushed_before_qualifying, tactic_of
from trainer.vocabulary import ASKING_TACTICS, LESSON_OF_TACTIC, Lesson

if TYPE_CHECKING:
    from trainer.loader import LoadedScenario

RECENT_RUNS = 10
"""How many of the latest runs the trend shows."""

__all__ = [
    "RECENT_RUNS",
    "CostliestHabit",
    "Habit",
    "Habits",
    "Proficiency",
    "RunMeasures",
    "ScenarioProgress",
    "TrendPoint",
    "TurningPointRef",
    "costliest_habit",
    "habits",
    "measure_debrief",
    "measure_run",
    "proficiencies",
    "pushed_before_qualifying",
    "tactic_of",
]


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
    real_calls: int = 0  # runs played as real calls (meters and tactics hidden throughout)

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
        stars_words = (
            f"up {stars:.1f}" if stars >= 0.05 else f"down {-stars:.1f}" if stars <= -0.05 else "level"
        )
        return f"Over your last {half} runs against the {half} before: stars {stars_words}."


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
        real_calls=sum(r.real_call is True for r in ordered),
    )


# -- habits measured by the solver ---------------------------------------------------------

PROFICIENCY_RUNS = 10
"""How many of the latest measured runs a lesson's proficiency is drawn from."""
RECENT_WEIGHT = 0.8
"""Each run back counts this much less than the one after it (the latest counts 1)."""
CHANGE_RUNS = 3
"""A proficiency's change is against what it was before this many latest runs."""
COSTLIEST_OVER = 5
"""The costliest habit is named over this many latest measured runs."""


class Habit(StrEnum):
    """A costly habit the solver finds in a run."""

    COSTLY_PUSH = "costly-push"  # a pushing tactic at a turning point that lost stars
    GAMBLE = "gamble"  # a turning point taken before the hidden buyers were told apart
    PREMATURE_CLOSE = "premature-close"  # a close while asking would have made more stars sure


@dataclass(frozen=True, slots=True)
class TurningPointRef:
    """Where a run turned: enough to play that decision again (a drill)."""

    step: int  # 1-based
    path: tuple[int, ...]  # the choice numbers pressed before it, from the start
    world: str | None
    node: str
    trust: int
    pressure: int
    flags: frozenset[str]
    kind: str  # "lost" or "gamble"
    tactic: Tactic


@dataclass(frozen=True, slots=True)
class RunMeasures:
    """One finished run as the solver judges it (`measure_debrief`, `measure_run`).

    `measured` is False when the run could not be judged (its scenario is gone, changed so the run
    no longer replays, or too large to analyse): every count is then empty."""

    run_id: str
    pack: str
    scenario: str
    title: str
    finished: datetime
    real_call: bool | None
    measured: bool
    decisions: int = 0  # decisions where the choice mattered (not every choice kept the same stars)
    costly_pushes: tuple[tuple[int, Tactic], ...] = ()  # (step, tactic)
    gambles: tuple[int, ...] = ()  # steps
    premature_closes: tuple[int, ...] = ()  # steps
    lessons: tuple[tuple[Lesson, bool], ...] = ()  # per lesson practised at a decision: kept (True) or missed
    turning_points: tuple[TurningPointRef, ...] = ()

    def has(self, habit: Habit) -> bool:
        return bool(self.steps_with(habit))

    def steps_with(self, habit: Habit) -> tuple[int, ...]:
        if habit is Habit.COSTLY_PUSH:
            return tuple(step for step, _ in self.costly_pushes)
        return self.gambles if habit is Habit.GAMBLE else self.premature_closes


def measure_debrief(debrief: Debrief) -> tuple[int, tuple[tuple[int, Tactic], ...], tuple[int, ...], tuple[int, ...], tuple[tuple[Lesson, bool], ...]]:
    """(decisions, costly pushes, gambles, premature closes, lessons) of one reviewed play.

    - a costly push: a pushing tactic (close, pressure, pitch) at a turning point that lost stars;
    - a gamble: a turning point taken while two or more hidden buyers were still possible;
    - a premature close: a close when a question (qualify, ask) offered there would have left the
      player sure of more stars, having seen what it shows with this buyer;
    - lessons: at each decision where the choice mattered, the lesson of the tactic chosen (kept
      when it lost nothing the player could be sure of); at a turning point, also the lessons of
      the winning alternatives' tactics, as missed."""
    decisions = 0
    pushes: list[tuple[int, Tactic]] = []
    gambles: list[int] = []
    closes: list[int] = []
    lessons: list[tuple[Lesson, bool]] = []
    for review in debrief.steps:
        if review.secure_before is None:
            continue
        mattered = len({a.secure_after for a in review.alternatives}) > 1
        if review.tactic is Tactic.CLOSE:
            chosen = review.alternatives[review.number - 1].secure_here
            if chosen is not None and any(
                a.tactic in ASKING_TACTICS and a.secure_here is not None and a.secure_here > chosen
                for a in review.alternatives
            ):
                closes.append(review.step)
        if not mattered:
            continue
        decisions += 1
        turned = review.is_turning_point
        lesson = LESSON_OF_TACTIC[review.tactic]
        if lesson is not None:
            lessons.append((lesson, not turned))
        if not turned:
            continue
        if review.kind == "lost" and review.tactic.is_push:
            pushes.append((review.step, review.tactic))
        if review.open_worlds > 1:
            gambles.append(review.step)
        missed = {LESSON_OF_TACTIC[a.tactic] for a in review.winning_alternatives}
        lessons.extend((m, False) for m in Lesson if m in missed and m is not lesson)
    return decisions, tuple(pushes), tuple(gambles), tuple(closes), tuple(lessons)


def turning_point_refs(debrief: Debrief, numbers: Sequence[int], states: Sequence[PlayState]) -> tuple[TurningPointRef, ...]:
    """The turning points of a play whose choice numbers were `numbers` and whose state before
    each decision was `states[i]`."""
    refs = []
    for review in debrief.turning_points:
        state = states[review.step - 1]
        refs.append(
            TurningPointRef(
                step=review.step,
                path=tuple(numbers[: review.step - 1]),
                world=state.world,
                node=state.node,
                trust=state.trust,
                pressure=state.pressure,
                flags=state.flags,
                kind=review.kind or "lost",
                tactic=review.tactic,
            )
        )
    return tuple(refs)


def measure_run(run: Run, loaded: LoadedScenario | None) -> RunMeasures:
    """The solver's judgement of one finished run: replayed in its own world on the scenario as
    it is now (`loaded`, analysed; None when it is no longer installed). Never raises for a run
    that no longer fits its scenario: it comes back with `measured` False."""
    from trainer.engine import Engine
    from trainer.saves.records import CannotContinue, replay

    base = RunMeasures(
        run.id, run.scenario.pack, run.scenario.id, run.scenario.title, run.finished, run.real_call, measured=False
    )
    if loaded is None or not loaded.ok or loaded.compiled is None or loaded.analysis is None or loaded.analysis.too_large:
        return base
    engine = Engine(loaded.compiled)
    try:
        replayed = replay(engine, run)
    except (CannotContinue, ValueError):
        return base
    if not replayed.steps or not replayed.steps[-1].state.ended:
        return base
    debrief = build_debrief(engine, loaded.analysis, replayed.start, replayed.steps)
    decisions, pushes, gambles, closes, lessons = measure_debrief(debrief)
    numbers = [t.event.number for t in replayed.steps if t.event is not None]
    states = [replayed.start.state, *(t.state for t in replayed.steps)]
    return replace(
        base,
        measured=True,
        decisions=decisions,
        costly_pushes=pushes,
        gambles=gambles,
        premature_closes=closes,
        lessons=lessons,
        turning_points=turning_point_refs(debrief, numbers, states),
    )


@dataclass(frozen=True, slots=True)
class Proficiency:
    """How well the player keeps a lesson at the decisions that test it, weighted toward recent
    runs: 0..1, None when no recent run tested it; `change` against `CHANGE_RUNS` runs ago."""

    lesson: Lesson
    score: float | None
    change: float | None
    decisions: int  # decisions that tested it in the runs counted


def _weighted(measured: Sequence[RunMeasures], lesson: Lesson) -> tuple[float | None, int]:
    kept = total = 0.0
    count = 0
    for age, run in enumerate(reversed(measured[-PROFICIENCY_RUNS:])):
        weight = RECENT_WEIGHT**age
        for practised, ok in run.lessons:
            if practised is lesson:
                total += weight
                kept += weight * ok
                count += 1
    return (kept / total if total else None), count


def proficiencies(measures: Sequence[RunMeasures]) -> tuple[Proficiency, ...]:
    """Per lesson, in the lessons' order: the proficiency over the latest `PROFICIENCY_RUNS`
    measured runs (oldest first in `measures`), the latest weighing most, and its change
    against the same figure before the latest `CHANGE_RUNS` runs."""
    measured = [m for m in measures if m.measured]
    earlier = measured[:-CHANGE_RUNS] if len(measured) > CHANGE_RUNS else []
    found = []
    for lesson in Lesson:
        score, count = _weighted(measured, lesson)
        before, _ = _weighted(earlier, lesson)
        change = score - before if score is not None and before is not None else None
        found.append(Proficiency(lesson, score, change, count))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class CostliestHabit:
    """The costly habit found in the most of the latest runs, and the pushing tactic behind it."""

    habit: Habit
    tactic: Tactic | None  # for a costly push: the tactic used most
    runs: int  # runs it was found in
    of: int  # latest measured runs looked at


def costliest_habit(measures: Sequence[RunMeasures], over: int = COSTLIEST_OVER) -> CostliestHabit | None:
    """The habit found in the most of the latest `over` measured runs (ties: costly pushes, then
    gambles, then premature closes); None when none shows."""
    latest = [m for m in measures if m.measured][-over:]
    best: CostliestHabit | None = None
    for habit in Habit:
        runs = sum(m.has(habit) for m in latest)
        if runs and (best is None or runs > best.runs):
            tactic = None
            if habit is Habit.COSTLY_PUSH:
                tactics = [t for m in latest for _, t in m.costly_pushes]
                tactic = max(PUSHING_ORDER, key=tactics.count)
            best = CostliestHabit(habit, tactic, runs, len(latest))
    return best


PUSHING_ORDER = (Tactic.PITCH, Tactic.CLOSE, Tactic.PRESSURE)

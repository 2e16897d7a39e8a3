"""Practice between plays: the solver's measures of the player's runs, their drills, and the
next step the progress screen proposes. Headless (no Textual here); slow parts (measuring runs,
analysing scenarios) are called from threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from trainer.drills import Drill, DrillBook, read_drills, write_drills
from trainer.game.play import PlaySession
from trainer.habits import (
    CostliestHabit,
    Habit,
    Habits,
    Proficiency,
    RunMeasures,
    costliest_habit,
    measure_run,
    proficiencies,
)
from trainer.start_at import StartAt
from trainer.wording import buyer_line, story_so_far

if TYPE_CHECKING:
    from trainer.debrief import StepReview
    from trainer.loader import LoadedScenario
    from trainer.saves import Run, SaveStore, ScenarioRef
    from trainer.validation import LoadedPack

T = TypeVar("T")

MEASURED_RUNS = 30
"""How many of the latest runs are measured by the solver (habits, proficiency, drills)."""
FINDINGS_RUNS = 300
"""How many of the latest runs the endings found and the buyers met are read from."""


@dataclass(frozen=True, slots=True)
class DrillRound:
    """A drill on screen: the play standing at the decision, and the story so far in two lines."""

    drill: Drill
    session: PlaySession
    story: tuple[str, str]


@dataclass(frozen=True, slots=True)
class DrillAnswer:
    """What an answer did: the drill's new schedule, whether it was sure, and the decision reviewed."""

    drill: Drill
    sure: bool
    review: StepReview


@dataclass(frozen=True, slots=True)
class ScenarioFindings:
    """What the player has found of one scenario: endings reached (ids, in file order) out of all,
    and the hidden buyers met (their labels) out of all."""

    pack: str
    scenario: str
    title: str
    endings_found: tuple[str, ...]  # ending titles as the player saw them
    endings_total: int
    worlds_met: tuple[str, ...]  # world labels
    worlds_total: int


@dataclass(frozen=True, slots=True)
class Plan:
    """What the progress screen proposes: the costliest habit, drills due, then one scenario."""

    costliest: CostliestHabit | None
    drills_due: int
    scenario_title: str | None
    scenario_path: Path | None
    proficiencies: tuple[Proficiency, ...]
    findings: tuple[ScenarioFindings, ...] = ()
    measured_runs: int = 0  # of the latest runs, those the solver could judge
    habit_runs: dict[Habit, int] = field(default_factory=dict)  # how many of them show each habit

    @property
    def startable(self) -> bool:
        return self.drills_due > 0 or self.scenario_path is not None


class Practice:
    """The measures, drills and plan of the current player of a game. `store` and `packs` are
    read when needed (the packs are known once the library has been checked)."""

    def __init__(self, store: Callable[[], SaveStore], packs: Callable[[], list[LoadedPack]], open_file: Callable[[Path], object]) -> None:
        self._store = store
        self._packs = packs
        self._open = open_file
        self._lock = threading.RLock()
        self._loaded: dict[Path, LoadedScenario | None] = {}
        self._measures: dict[str, RunMeasures] = {}
        self._books: dict[str, DrillBook] = {}
        self._reached: dict[str, tuple[ScenarioRef, str, str | None]] = {}  # run id: (scenario, ending id, world)
        self.today: Callable[[], date] = date.today
        """Today's date, for the drills' schedule (tests move it on)."""

    # -- scenarios and runs -----------------------------------------------------------------
    def scenario_of(self, ref: ScenarioRef) -> LoadedScenario | None:
        """The scenario a run names, checked and analysed (once per file); None when gone or broken."""
        from trainer.loader import LoadedScenario
        from trainer.saves import locate_scenario

        path = locate_scenario(ref, self._packs())
        if path is None:
            return None
        path = path.resolve()
        with self._lock:
            if path not in self._loaded:
                opened = self._open(path)
                self._loaded[path] = opened if isinstance(opened, LoadedScenario) else None
            return self._loaded[path]

    def measure(self, run: Run) -> RunMeasures:
        """`trainer.habits.measure_run` on the scenario as installed; kept once measured."""
        with self._lock:
            kept = self._measures.get(run.id)
        if kept is not None:
            return kept
        found = measure_run(run, self.scenario_of(run.scenario))
        if found.measured:
            with self._lock:
                self._measures[run.id] = found
        return found

    def measures(self, profile_id: str, limit: int = MEASURED_RUNS) -> list[RunMeasures]:
        """The latest `limit` finished runs, measured (oldest first). Slow: call it in a thread."""
        return self._latest_runs(profile_id, limit, self._measures, self.measure)

    def _latest_runs(self, profile_id: str, limit: int, kept: Mapping[str, T], make: Callable[[Run], T]) -> list[T]:
        """For each of the player's latest `limit` finished runs (oldest first): what `kept` holds
        for it, else `make(run)` on the run read from its file (runs that cannot be read are left out)."""
        store = self._store()
        found = []
        for summary in store.summaries(profile_id)[-limit:]:
            with self._lock:
                value = kept.get(summary.id)
            if value is None:
                run = store.run(profile_id, summary.id)
                if run is None:
                    continue
                value = make(run)
            found.append(value)
        return found

    def _reached_by(self, run: Run) -> tuple[ScenarioRef, str, str | None]:
        """The scenario, ending id and world of `run` (kept: a run's file is read once)."""
        reached = (run.scenario, run.ending.id, run.world)
        with self._lock:
            self._reached[run.id] = reached
        return reached

    # -- drills -----------------------------------------------------------------------------
    def book(self, profile_id: str) -> DrillBook:
        with self._lock:
            if profile_id not in self._books:
                self._books[profile_id] = read_drills(self._store().profile_dir(profile_id))
            return self._books[profile_id]

    def sync_drills(self, profile_id: str, today: date | None = None) -> int:
        """Make drills of the latest runs' turning points (runs already seen are skipped); how many
        new. Raises `OSError` when the book cannot be written. Slow: call it in a thread."""
        store = self._store()
        book = self.book(profile_id)
        measured = []
        for summary in store.summaries(profile_id)[-MEASURED_RUNS:]:
            if summary.id in book.runs_seen:
                continue  # made into drills before: not measured again
            run = store.run(profile_id, summary.id)
            if run is not None:
                measured.append(self.measure(run))
        with self._lock:
            seen = len(book.runs_seen)
            added = book.add_runs(measured, today or self.today())
            if len(book.runs_seen) != seen:
                write_drills(store.profile_dir(profile_id), book)
        return added

    def drills_due(self, profile_id: str, today: date | None = None) -> list[Drill]:
        return self.book(profile_id).due(today or self.today())

    def start_drill(self, drill: Drill) -> DrillRound | str:
        """The play standing at the drill's decision, or why it cannot be played now."""
        from trainer.errors import TrainerError
        from trainer.saves import ScenarioRef

        loaded = self.scenario_of(ScenarioRef(pack=drill.pack, id=drill.scenario, title=drill.title))
        if loaded is None or loaded.scenario is None or loaded.compiled is None:
            return f'"{drill.title}" is no longer installed, or cannot be played.'
        at = StartAt(drill.node, drill.trust, drill.pressure, frozenset(drill.flags), drill.world, by=drill.path)
        try:
            session = PlaySession.begin_at(loaded, at)
        except TrainerError:
            return f'"{drill.title}" has changed since that run: this moment is no longer in it.'
        session.real_call = True  # the buyer's words carry the signal, as in a real call
        tactics = [t.event.choice.tactic for t in session.steps if t.event is not None]
        return DrillRound(drill, session, story_so_far(loaded.scenario.title, buyer_line(loaded.scenario), tactics))

    def answer_drill(self, profile_id: str, round_: DrillRound, number: int, today: date | None = None) -> DrillAnswer:
        """Take choice `number` in the drill and record in the book whether it was sure (in memory,
        at once: `save_drills` writes the book)."""
        session = round_.session
        session.choose(number)
        review = session.debrief().steps[0]
        sure = not review.is_turning_point
        book = self.book(profile_id)
        with self._lock:
            updated = book.record(book.drills.get(round_.drill.key, round_.drill), sure, today or self.today())
        return DrillAnswer(updated, sure, review)

    def save_drills(self, profile_id: str) -> None:
        """Write the player's drill book as it is now. Raises `OSError`. Slow (it waits for the
        disk): call it in a thread."""
        book = self.book(profile_id)
        with self._lock:
            write_drills(self._store().profile_dir(profile_id), book)

    # -- the plan ---------------------------------------------------------------------------
    def plan(self, profile_id: str, habits: Habits, library: list[tuple[str, str, str, Path, str]], today: date | None = None) -> Plan:
        """The next step from the data: the costliest habit of the latest runs, the drills due, then
        one scenario: the latest where that habit cost stars and stars are still to win, else any
        played one below its best, else one not played yet (`library`: (pack, scenario, title,
        path, difficulty) of the playable scenarios), else the one played longest ago."""
        measures = self.measures(profile_id)
        costliest = costliest_habit(measures)
        due = len(self.drills_due(profile_id, today))
        paths = {(pack, scenario): (title, path) for pack, scenario, title, path, _ in library}
        best = {(s.pack, s.scenario): s for s in habits.scenarios}
        pick: tuple[str, str] | None = None
        if costliest is not None:
            for m in reversed(measures):
                key = (m.pack, m.scenario)
                progress = best.get(key)
                if m.has(costliest.habit) and key in paths and progress is not None and progress.best < (progress.best_possible or 3):
                    pick = key
                    break
        if pick is None:
            below = [s for s in habits.scenarios if (s.pack, s.scenario) in paths and s.best < (s.best_possible or 3)]
            if below:
                latest = max(below, key=lambda s: s.last_played)
                pick = (latest.pack, latest.scenario)
        if pick is None:
            order = ("beginner", "intermediate", "advanced")
            fresh = sorted(
                ((p, s) for p, s, _, _, d in library if (p, s) not in best),
                key=lambda k: next((order.index(d) for p, s, _, _, d in library if (p, s) == k and d in order), len(order)),
            )
            if fresh:
                pick = fresh[0]
        if pick is None and habits.scenarios:
            played = [s for s in habits.scenarios if (s.pack, s.scenario) in paths]
            if played:
                oldest = min(played, key=lambda s: s.last_played)
                pick = (oldest.pack, oldest.scenario)
        title, path = paths[pick] if pick is not None else (None, None)
        judged = [m for m in measures if m.measured]
        return Plan(
            costliest, due, title, path, proficiencies(measures), self.findings(profile_id),
            len(judged), {habit: sum(m.has(habit) for m in judged) for habit in Habit},
        )

    def findings(self, profile_id: str) -> tuple[ScenarioFindings, ...]:
        """Per scenario played (as installed now): the endings reached and the buyers met, by title.
        Only the scenario's text is needed: an installed one is taken as its pack holds it, not
        analysed again."""
        from trainer.saves import installed_scenario
        from trainer.wording import ending_title

        packs = self._packs()
        by_key: dict[tuple[str, str], tuple[set[str], set[str], str, ScenarioRef]] = {}
        for ref, ending, world in self._latest_runs(profile_id, FINDINGS_RUNS, self._reached, self._reached_by):
            entry = by_key.setdefault(ref.key, (set(), set(), ref.label, ref))
            entry[0].add(ending)
            if world is not None:
                entry[1].add(world)
        found = []
        for (pack, scenario_id), (endings, worlds, _, ref) in sorted(by_key.items(), key=lambda kv: kv[1][2].casefold()):
            loaded = installed_scenario(ref, packs) or self.scenario_of(ref)
            if loaded is None or loaded.scenario is None:
                continue
            s = loaded.scenario
            found.append(
                ScenarioFindings(
                    pack,
                    scenario_id,
                    s.title,
                    tuple(ending_title(e) for name, e in s.endings.items() if name in endings),
                    len(s.endings),
                    tuple(w.label for w in s.worlds or () if w.id in worlds),
                    len(s.worlds or ()),
                )
            )
        return tuple(found)


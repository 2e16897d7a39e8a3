"""Drills from the player's own mistakes: every turning point of a finished run, asked again.

A drill restores the exact state of the decision (world, node, meters, flags, by the choices that
led there) and asks for it again. It is passed when the player makes a sure choice (one that keeps
every star they could be sure of) on two different days in a row of attempts; it comes back on a
ladder of days (`SPACING`): a new drill is due at once, a sure answer brings it back after 3 days,
a costly one after 1 day (and its streak starts again).

Kept per player in `profiles/<id>/drills.json`, written atomically; a missing or damaged file is
an empty book (the drills are made again from the runs). Headless.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from trainer.atomic import write_atomic
from trainer.files import FileRefused, read_regular_file
from trainer.habits import RunMeasures, TurningPointRef

DRILLS_FILE = "drills.json"
DRILLS_VERSION = 1
MAX_DRILLS_BYTES = 4 * 1024 * 1024
MAX_DRILLS = 2_000
"""The most drills a book keeps (the oldest passed ones go first)."""
SPACING = (1, 3, 7, 14)
"""Days until a drill comes back: after a costly answer, after the first sure one, and on."""
PASSES_NEEDED = 2


@dataclass(frozen=True, slots=True)
class Drill:
    """One decision to practise: where it is (the run's scenario, world and the choices before
    it), what it was, and its schedule."""

    key: str  # "<run id>:<step>"
    pack: str
    scenario: str
    title: str
    world: str | None
    path: tuple[int, ...]
    node: str
    trust: int
    pressure: int
    flags: tuple[str, ...]
    due: date
    level: int = 0  # index into SPACING of the next wait
    passes: tuple[date, ...] = ()  # sure answers since the last costly one, one per day
    passed: bool = False
    attempts: int = 0

    def is_due(self, today: date) -> bool:
        return not self.passed and self.due <= today

    def answered(self, sure: bool, today: date) -> Drill:
        """The drill after an answer: sure (kept what could be kept) or not."""
        if not sure:
            return replace(self, due=today + timedelta(days=SPACING[0]), level=1, passes=(), attempts=self.attempts + 1)
        passes = self.passes if today in self.passes else (*self.passes, today)
        level = min(max(self.level, 1), len(SPACING) - 1)
        return replace(
            self,
            due=today + timedelta(days=SPACING[level]),
            level=min(level + 1, len(SPACING) - 1),
            passes=passes,
            passed=len(passes) >= PASSES_NEEDED,
            attempts=self.attempts + 1,
        )


def drill_of(measures: RunMeasures, point: TurningPointRef, today: date) -> Drill:
    return Drill(
        key=f"{measures.run_id}:{point.step}",
        pack=measures.pack,
        scenario=measures.scenario,
        title=measures.title,
        world=point.world,
        path=point.path,
        node=point.node,
        trust=point.trust,
        pressure=point.pressure,
        flags=tuple(sorted(point.flags)),
        due=today,
    )


@dataclass(slots=True)
class DrillBook:
    """A player's drills, and the runs already turned into drills."""

    drills: dict[str, Drill] = field(default_factory=dict)
    runs_seen: set[str] = field(default_factory=set)

    def add_runs(self, measured: Iterable[RunMeasures], today: date) -> int:
        """Make drills of the turning points of runs not seen before (measured ones only); how many."""
        added = 0
        for run in measured:
            if not run.measured or run.run_id in self.runs_seen:
                continue
            self.runs_seen.add(run.run_id)
            for point in run.turning_points:
                drill = drill_of(run, point, today)
                if drill.key not in self.drills:
                    self.drills[drill.key] = drill
                    added += 1
        if len(self.drills) > MAX_DRILLS:
            for key in sorted(self.drills, key=lambda k: (not self.drills[k].passed, self.drills[k].due))[: len(self.drills) - MAX_DRILLS]:
                del self.drills[key]
        return added

    def due(self, today: date) -> list[Drill]:
        """The drills due today, the longest waiting first."""
        return sorted((d for d in self.drills.values() if d.is_due(today)), key=lambda d: (d.due, d.key))

    def record(self, drill: Drill, sure: bool, today: date) -> Drill:
        updated = drill.answered(sure, today)
        self.drills[drill.key] = updated
        return updated


def drills_path(profile_dir: Path) -> Path:
    return profile_dir / DRILLS_FILE


def _drill(data: dict[str, Any]) -> Drill:
    def day(value: Any) -> date:
        if not isinstance(value, str):
            raise ValueError("a date")
        return date.fromisoformat(value)

    def number(value: Any, low: int = 0, high: int = 100) -> int:
        if type(value) is not int or not low <= value <= high:
            raise ValueError("a number")
        return value

    def text(value: Any) -> str:
        if not isinstance(value, str) or len(value) > 20_000:
            raise ValueError("a text")
        return value

    world = data.get("world")
    return Drill(
        key=text(data["key"]),
        pack=text(data["pack"]),
        scenario=text(data["scenario"]),
        title=text(data["title"]),
        world=None if world is None else text(world),
        path=tuple(number(n, 1, 9) for n in data["path"]),
        node=text(data["node"]),
        trust=number(data["trust"]),
        pressure=number(data["pressure"]),
        flags=tuple(text(f) for f in data["flags"]),
        due=day(data["due"]),
        level=number(data["level"], 0, len(SPACING) - 1),
        passes=tuple(day(d) for d in data["passes"]),
        passed=bool(data["passed"]),
        attempts=number(data["attempts"], 0, 1_000_000),
    )


def read_drills(profile_dir: Path) -> DrillBook:
    """The player's drill book; an empty one when there is none or it cannot be read."""
    try:
        data = json.loads(read_regular_file(drills_path(profile_dir), MAX_DRILLS_BYTES))
        if not isinstance(data, dict) or data.get("version") != DRILLS_VERSION:
            return DrillBook()
        drills = [_drill(d) for d in data["drills"][:MAX_DRILLS]]
        seen = {str(r) for r in data["runs_seen"]}
    except (FileRefused, ValueError, TypeError, KeyError, RecursionError):
        return DrillBook()
    return DrillBook({d.key: d for d in drills}, seen)


def write_drills(profile_dir: Path, book: DrillBook) -> None:
    """Write the book atomically; raises `OSError`."""

    def plain(drill: Drill) -> dict[str, Any]:
        data = asdict(drill)
        data["due"] = drill.due.isoformat()
        data["passes"] = [d.isoformat() for d in drill.passes]
        data["path"] = list(drill.path)
        data["flags"] = list(drill.flags)
        return data

    data = {"version": DRILLS_VERSION, "drills": [plain(d) for d in book.drills.values()], "runs_seen": sorted(book.runs_seen)}
    write_atomic(drills_path(profile_dir), json.dumps(data, ensure_ascii=False).encode("utf-8"))

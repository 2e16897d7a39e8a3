"""The history's summary: one line per finished run, kept beside the run files.

`profiles/<id>/runs-summary.json` lets the library's best stars, the progress
screen and `export --last` answer at once with thousands of runs. It is never
the only copy: every line is made from its run file, and the summary is checked
against the runs folder (each file's name, size and modification time) on every
read, so a missing, damaged, stale or foreign summary is rebuilt (only the runs
it lacks are read again). JSON with one array per run rather than TOML tables:
it is read whole at every start, and this is many times faster to parse and check.

    {"summary_version": 2, "save_version": 2,
     "lines": [[file, size, mtime_ns, run id, pack, scenario, title, finished,
                outcome, stars, best_possible or null, end trust, end pressure,
                {tactic: choices}, pushed_first, real_call or null], ...],
     "newer": {file: [size, mtime_ns]}}      # run files written by a newer trainer
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from trainer.model import Tactic
from trainer.saves.models import (
    MAX_STEPS,
    MAX_TEXT_LENGTH,
    MAX_WORD_LENGTH,
    SAVE_VERSION,
    Run,
    check_moment,
    check_text,
)

SUMMARY_FILE = "runs-summary.json"
SUMMARY_VERSION = 2
"""2: each line gained `real_call` (older summaries are rebuilt from the run files)."""
MAX_FILE_NAME = 255

FileStamp = tuple[int, int]
"""A run file's size and modification time (ns): when either changes, its line is made again."""


def tactic_of(name: str) -> Tactic:
    """A saved tactic; one this version does not know counts as `other`."""
    try:
        return Tactic(name)
    except ValueError:
        return Tactic.OTHER


def pushed_before_qualifying(run: Run) -> bool:
    """The run's first push (close, pressure or pitch) came before any qualifying question."""
    for step in run.steps:
        tactic = tactic_of(step.tactic)
        if tactic is Tactic.QUALIFY:
            return False
        if tactic.is_push:
            return True
    return False


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What the library, the progress screen and the run list need of one finished run."""

    id: str  # the run id: its file name without `.toml`
    pack: str
    scenario: str
    title: str
    finished: datetime
    outcome: str
    stars: int
    best_possible: int | None
    end_trust: int
    end_pressure: int
    tactics: dict[Tactic, int]  # choices by tactic (unknown ones as `other`)
    pushed_first: bool
    real_call: bool | None = None  # played as a real call (meters and tactics hidden); None: not recorded

    @property
    def key(self) -> tuple[str, str]:
        """(pack id, scenario id), as `ScenarioRef.key`."""
        return (self.pack, self.scenario)

    @property
    def label(self) -> str:
        return self.title or self.scenario

    @classmethod
    def of(cls, run: Run) -> RunSummary:
        tactics: dict[Tactic, int] = {}
        for step in run.steps:
            tactic = tactic_of(step.tactic)
            tactics[tactic] = tactics.get(tactic, 0) + 1
        return cls(
            id=run.id,
            pack=run.scenario.pack,
            scenario=run.scenario.id,
            title=run.scenario.title,
            finished=run.finished,
            outcome=run.ending.outcome,
            stars=run.stars,
            best_possible=run.best_possible,
            end_trust=run.end_trust,
            end_pressure=run.end_pressure,
            tactics=tactics,
            pushed_first=pushed_before_qualifying(run),
            real_call=run.real_call,
        )


@dataclass(frozen=True, slots=True)
class SummaryLine:
    file: str  # the run file's name
    stamp: FileStamp
    run: RunSummary


@dataclass(frozen=True, slots=True)
class Summary:
    lines: list[SummaryLine]
    newer: dict[str, FileStamp]  # run files left aside: written by a newer trainer


def read_summary(raw: bytes) -> Summary | None:
    """The summary in `raw`, every value checked; None when anything is off (it is then rebuilt)."""
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("summary_version") != SUMMARY_VERSION or data.get("save_version") != SAVE_VERSION:
            return None
        lines, newer = data["lines"], data["newer"]
        if not isinstance(lines, list) or not isinstance(newer, dict):
            return None
        return Summary([_line(row) for row in lines], {_name(k): _stamp(v) for k, v in newer.items()})
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def latest_line(raw: bytes, files: Mapping[str, FileStamp]) -> SummaryLine | None:
    """The line of the latest finished run in the summary `raw`, when the summary covers exactly
    the run files `files` (the same names and stamps, none left aside as a newer trainer's): only
    that line is checked in full, the others only for their file, stamp and finish time. None when
    anything is off, or there is no run: then read the whole summary (`read_summary`)."""
    try:
        data = json.loads(raw)
        if not isinstance(data, dict) or data.get("summary_version") != SUMMARY_VERSION or data.get("save_version") != SAVE_VERSION:
            return None
        rows, newer = data["lines"], data["newer"]
        if not isinstance(rows, list) or newer != {} or len(rows) != len(files):
            return None
        latest: Any = None
        latest_key: tuple[datetime, str] | None = None
        names = set()
        for row in rows:
            if not isinstance(row, list) or len(row) != len(_LINE_FIELDS):
                return None
            name, size, mtime, run_id, finished = row[0], row[1], row[2], row[3], row[7]
            if type(name) is not str or files.get(name) != (size, mtime) or type(run_id) is not str:
                return None
            names.add(name)
            key = (datetime.fromisoformat(finished), run_id)
            if latest_key is None or key > latest_key:
                latest, latest_key = row, key
        if len(names) != len(files) or latest is None:
            return None
        return _line(latest)
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def write_summary(summary: Summary) -> bytes:
    lines = [
        [
            line.file, *line.stamp, r.id, r.pack, r.scenario, r.title, r.finished.isoformat(), r.outcome, r.stars,
            r.best_possible, r.end_trust, r.end_pressure, {t.value: n for t, n in r.tactics.items()}, r.pushed_first,
            r.real_call,
        ]
        for line in summary.lines
        for r in [line.run]
    ]
    data = {"summary_version": SUMMARY_VERSION, "save_version": SAVE_VERSION, "lines": lines,
            "newer": {name: list(stamp) for name, stamp in summary.newer.items()}}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def by_finish(runs: list[RunSummary]) -> list[RunSummary]:
    """Oldest first, as `SaveStore.runs`."""
    return sorted(runs, key=lambda r: (r.finished, r.id))


# -- checking a line: the same rules as the run files (`trainer.saves.models`) -----------------


_LINE_FIELDS = ("file", "size", "mtime_ns", "id", "pack", "scenario", "title", "finished", "outcome", "stars",
                "best_possible", "end_trust", "end_pressure", "tactics", "pushed_first", "real_call")
_LINE_TYPES = {
    (str, int, int, str, str, str, str, str, str, int, best, int, int, dict, bool, real)
    for best in (int, type(None))
    for real in (bool, type(None))
}
_TACTICS = {t.value: t for t in Tactic}


def _line(row: Any) -> SummaryLine:
    """One line, checked as the run file's fields are (one pass per kind of check: this runs 10,000 times)."""
    if not isinstance(row, list) or tuple(map(type, row)) not in _LINE_TYPES:
        raise ValueError("a summary line's values")
    (file, size, mtime, run_id, pack, scenario, title, finished, outcome, stars, best, trust, pressure, tactics, pushed, real) = row
    if (
        max(len(file), len(run_id), len(pack), len(scenario), len(finished), len(outcome)) > MAX_WORD_LENGTH
        or len(title) > MAX_TEXT_LENGTH
        or not (0 <= stars <= 3 and (best is None or 0 <= best <= 3) and 0 <= trust <= 100 and 0 <= pressure <= 100)
        or size < 0
        or len(tactics) > len(_TACTICS)
    ):
        raise ValueError("a summary line's value out of range")
    check_text(f"{file}\n{run_id}\n{pack}\n{scenario}\n{title}\n{outcome}")
    counts = {_TACTICS[k]: n for k, n in tactics.items()}
    if not all(type(n) is int and 0 <= n <= MAX_STEPS for n in counts.values()):
        raise ValueError("a tactic's count")
    return SummaryLine(
        _name(file),
        (size, mtime),
        RunSummary(run_id, pack, scenario, title, check_moment(datetime.fromisoformat(finished)), outcome, stars, best,
                   trust, pressure, counts, pushed, real),
    )


def _name(value: Any) -> str:
    if type(value) is not str or len(value) > MAX_FILE_NAME or "/" in value or value.startswith(".") or not value.endswith(".toml"):
        raise ValueError("a run file's name")
    return check_text(value)


def _stamp(value: Any) -> FileStamp:
    if not isinstance(value, list) or len(value) != 2 or type(value[0]) is not int or type(value[1]) is not int:
        raise ValueError("a file stamp")
    return (value[0], value[1])

"""The manager's report: per player and per lesson (scenario), the runs, the best stars, the
habit measures and their trend, read from xAPI statements of this profile (an LRS's, or a
folder's: statement files such as the outbox's `sent/`, or saves folders' run files).

Only statements of this profile count (`context.contextActivities.category` holds
`PROFILE_ID`); a run counts once its `completed` statement is there, however often a
statement of it appears. A terminal table, CSV or Markdown.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from trainer.files import FileRefused, read_regular_file
from trainer.markdown import md_cell
from trainer.tallies import stars_symbols
from trainer.text_safety import visible
from trainer.xapi.profile import (
    EXT_HABITS,
    EXT_RUN,
    EXT_TITLE,
    PROFILE_ID,
    VERB_COMPLETED,
    Statement,
)

ALL_LESSONS = "(all lessons)"
NOT_STATEMENTS = frozenset({"runs-summary.json", "retry.json"})
"""JSON files of a saves folder that hold no statements."""
MAX_STATEMENT_FILE_BYTES = 64 * 1024 * 1024
MAX_FILES = 100_000
MEASURES = ("pushed-first", "costly-pushes", "gambles", "premature-closes")
"""The habit measures the report shows (per run: share of runs for pushed-first, mean count for the others)."""


@dataclass(frozen=True, slots=True)
class ReportRun:
    """One run as the report reads it from its `completed` statement."""

    player_key: str
    player: str
    lesson_key: str
    lesson: str
    finished: str  # the ISO timestamp (sorts as time: this profile writes UTC)
    stars: int
    habits: dict[str, int | bool]


@dataclass(frozen=True, slots=True)
class ReportRow:
    player: str
    lesson: str
    runs: int
    best_stars: int
    mean_stars: float
    measures: dict[str, float | None]  # by MEASURES; None when no run of the row has it
    stars_trend: float | None  # mean stars of the newer half of the runs minus the older half
    costly_trend: float | None

    def trend_words(self) -> str:
        if self.stars_trend is None:
            return "—"
        parts = [f"stars {_signed(self.stars_trend)}"]
        if self.costly_trend is not None:
            parts.append(f"costly {_signed(self.costly_trend)}")
        return ", ".join(parts)


@dataclass(slots=True)
class Report:
    rows: list[ReportRow] = field(default_factory=list)
    runs: int = 0
    skipped: list[str] = field(default_factory=list)  # files that could not be read, and why


def _signed(value: float) -> str:
    return "level" if abs(value) < 0.05 else f"{value:+.1f}"


def _ours(statement: Statement) -> bool:
    try:
        categories = statement["context"]["contextActivities"]["category"]
        return any(isinstance(c, dict) and c.get("id") == PROFILE_ID for c in categories)
    except (KeyError, TypeError):
        return False


def player_of(actor: Any) -> tuple[str, str]:
    """(a key that tells players apart, the name shown) of a statement's actor."""
    if not isinstance(actor, dict):
        return ("?", "?")
    name = actor.get("name") if isinstance(actor.get("name"), str) else None
    account = actor.get("account")
    if isinstance(actor.get("mbox"), str):
        key = actor["mbox"]
        shown = name or key.removeprefix("mailto:")
    elif isinstance(account, dict):
        key = f"{account.get('homePage')}|{account.get('name')}"
        shown = name or str(account.get("name"))
    else:
        key = json.dumps(actor, sort_keys=True)
        shown = name or "?"
    return key, shown


def report_runs(statements: Iterable[Statement]) -> list[ReportRun]:
    """The runs of this profile in `statements`, each once (by run id)."""
    runs: dict[str, ReportRun] = {}
    for statement in statements:
        if not isinstance(statement, dict) or not _ours(statement):
            continue
        verb = statement.get("verb")
        if not isinstance(verb, dict) or verb.get("id") != VERB_COMPLETED:
            continue
        run_id = run_of(statement)
        try:
            result = statement["result"]
            stars = result["score"]["raw"]
            lesson_key = statement["object"]["id"]
        except (KeyError, TypeError):
            continue
        if not isinstance(run_id, str) or not isinstance(stars, int | float) or not isinstance(lesson_key, str):
            continue
        extensions = result.get("extensions") if isinstance(result.get("extensions"), dict) else {}
        habits = extensions.get(EXT_HABITS)
        title = extensions.get(EXT_TITLE)
        key, player = player_of(statement.get("actor"))
        runs[run_id] = ReportRun(
            player_key=key,
            player=player,
            lesson_key=lesson_key,
            lesson=title if isinstance(title, str) and title else lesson_key.rsplit("/", 1)[-1],
            finished=str(statement.get("timestamp", "")),
            stars=int(stars),
            habits={k: v for k, v in habits.items() if isinstance(v, int | bool)} if isinstance(habits, dict) else {},
        )
    return sorted(runs.values(), key=lambda r: (r.finished, r.player_key))


def build_report(statements: Iterable[Statement]) -> Report:
    """Rows per player (by name) and lesson (by title), then each player's row over all lessons."""
    runs = report_runs(statements)
    groups: dict[tuple[str, str], list[ReportRun]] = {}
    names: dict[str, str] = {}
    for run in runs:
        groups.setdefault((run.player_key, run.lesson_key), []).append(run)
        groups.setdefault((run.player_key, ""), []).append(run)
        names[run.player_key] = run.player  # the latest name
    rows = []
    for (player_key, lesson_key), group in groups.items():
        lesson = group[-1].lesson if lesson_key else ALL_LESSONS
        rows.append(_row(names[player_key], lesson, group))
    rows.sort(key=lambda r: (r.player.casefold(), r.lesson == ALL_LESSONS, r.lesson.casefold()))
    return Report(rows, len(runs))


def _row(player: str, lesson: str, runs: Sequence[ReportRun]) -> ReportRow:
    def mean(values: Sequence[float]) -> float | None:
        return sum(values) / len(values) if values else None

    measures = {name: mean([float(r.habits[name]) for r in runs if name in r.habits]) for name in MEASURES}
    stars_trend = costly_trend = None
    if len(runs) >= 2:
        half = len(runs) // 2
        older, newer = runs[:half], runs[-half:]
        stars_trend = (mean([r.stars for r in newer]) or 0.0) - (mean([r.stars for r in older]) or 0.0)
        old_costly = mean([float(r.habits["costly-pushes"]) for r in older if "costly-pushes" in r.habits])
        new_costly = mean([float(r.habits["costly-pushes"]) for r in newer if "costly-pushes" in r.habits])
        if old_costly is not None and new_costly is not None:
            costly_trend = new_costly - old_costly
    return ReportRow(
        player=player,
        lesson=lesson,
        runs=len(runs),
        best_stars=max(r.stars for r in runs),
        mean_stars=sum(r.stars for r in runs) / len(runs),
        measures=measures,
        stars_trend=stars_trend,
        costly_trend=costly_trend,
    )


# -- output -----------------------------------------------------------------------------------

HEADINGS = ("Player", "Lesson", "Runs", "Best", "Mean", "Pushed 1st", "Costly", "Gambles", "Early close", "Trend")
LEGEND = (
    "Mean: stars per run. Pushed 1st: the share of runs that pushed before qualifying. Per run: Costly, "
    "pushes that cost stars; Gambles, turning points taken before the buyer was known; Early close, closes "
    "where a question would have made more stars sure. Trend: the newer half of the runs against the older half."
)
CSV_HEADINGS = (
    "player", "lesson", "runs", "best_stars", "mean_stars", "pushed_first_share", "costly_pushes_per_run",
    "gambles_per_run", "premature_closes_per_run", "stars_trend", "costly_pushes_trend",
)


def _measure(value: float | None, *, share: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.0%}" if share else f"{value:.1f}"


def _cells(row: ReportRow) -> list[str]:
    m = row.measures
    return [
        row.player,
        row.lesson,
        str(row.runs),
        stars_symbols(row.best_stars),
        f"{row.mean_stars:.1f}",
        _measure(m["pushed-first"], share=True),
        _measure(m["costly-pushes"]),
        _measure(m["gambles"]),
        _measure(m["premature-closes"]),
        row.trend_words(),
    ]


def as_table(report: Report) -> str:
    """Aligned columns for a terminal (untrusted names shown literally)."""
    if not report.rows:
        return "No runs found.\n"
    rows = [list(HEADINGS)] + [[visible(c) for c in _cells(r)] for r in report.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADINGS))]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 2 or i == len(HEADINGS) - 1 else cell.rjust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n\n" + textwrap.fill(f"{report.runs} runs. {LEGEND}", 80) + "\n"


def as_csv(report: Report) -> str:
    """One row per player and lesson, numbers as numbers (empty when unknown)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADINGS)

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.3f}".rstrip("0").rstrip(".")

    for row in report.rows:
        m = row.measures
        writer.writerow(
            [
                _csv_text(row.player), _csv_text(row.lesson), row.runs, row.best_stars, number(row.mean_stars),
                number(m["pushed-first"]), number(m["costly-pushes"]), number(m["gambles"]), number(m["premature-closes"]),
                number(row.stars_trend), number(row.costly_trend),
            ]
        )
    return out.getvalue()


def _csv_text(text: str) -> str:
    """Literal in a spreadsheet: no formula (a leading =, +, - or @ is quoted with ')."""
    text = visible(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def as_markdown(report: Report) -> str:
    lines = ["| " + " | ".join(HEADINGS) + " |", "|" + "|".join("---" if i < 2 or i == len(HEADINGS) - 1 else "--:" for i in range(len(HEADINGS))) + "|"]
    for row in report.rows:
        cells = _cells(row)
        lines.append("| " + " | ".join([md_cell(cells[0]), md_cell(cells[1]), *cells[2:]]) + " |")  # the rest is ours: numbers
    lines += ["", f"{report.runs} runs. {LEGEND}"]
    return "\n".join(lines) + "\n"


# -- reading a folder -------------------------------------------------------------------------


def folder_statements(folder: Path, run_statements_of: Callable[[Path], list[Statement]] | None = None) -> tuple[list[Statement], list[str]]:
    """The statements in the `*.json` files under `folder` (a list of statements, one statement,
    or an LRS's `{"statements": [...]}`), and with `run_statements_of`, the statements of the
    run files (`profiles/<id>/runs/*.toml`) of saves folders under it whose run no statement
    file holds. Also what was skipped, and why."""
    statements: list[Statement] = []
    skipped: list[str] = []
    run_files: list[Path] = []
    for count, path in enumerate(sorted(folder.rglob("*")), start=1):
        if count > MAX_FILES:
            skipped.append(f"{folder}: more than {MAX_FILES} files; the rest was not read")
            break
        if path.suffix == ".json" and path.name not in NOT_STATEMENTS:
            found, problem = _statement_file(path)
            statements += found
            if problem:
                skipped.append(f"{path}: {problem}")
        elif path.suffix == ".toml" and _saved_run(path):
            run_files.append(path)
    if run_statements_of is not None:
        known = {run_of(s) for s in statements}
        for path in run_files:
            if path.stem not in known:
                statements += run_statements_of(path)
    return statements, skipped


def _saved_run(path: Path) -> bool:
    """A saves folder's run file: `<saves>/profiles/<id>/runs/<run id>.toml`."""
    parts = path.absolute().parts
    return len(parts) >= 5 and parts[-2] == "runs" and parts[-4] == "profiles"


def run_of(statement: Statement) -> str | None:
    """The run id a statement of this profile names."""
    try:
        run_id = statement["context"]["extensions"][EXT_RUN]
    except (KeyError, TypeError):
        return None
    return run_id if isinstance(run_id, str) else None


def _statement_file(path: Path) -> tuple[list[Statement], str | None]:
    try:
        data = json.loads(read_regular_file(path, MAX_STATEMENT_FILE_BYTES))
    except FileRefused as refused:
        return [], str(refused)
    except (ValueError, RecursionError):
        return [], "not JSON"
    if isinstance(data, dict) and isinstance(data.get("statements"), list):
        data = data["statements"]
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return [], "not a list of statements"
    return [s for s in data if isinstance(s, dict)], None

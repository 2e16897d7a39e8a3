"""The manager's report: rows per player and lesson, each run once, the trend, and untrusted
names shown literally in the table, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.xapi.profile import Actor, run_statements
from trainer.xapi.report import ALL_LESSONS, as_csv, as_markdown, as_table, build_report

from .plays import random_run

START = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)


def statements_of(name: str, email: str, count: int, seed: int, scenario: str = "renewal-at-risk") -> tuple[list[dict], list]:
    rng = random.Random(seed)
    runs = [random_run(rng, scenario, START + timedelta(days=i)) for i in range(count)]
    actor = Actor(name, email=email)
    return [s for run in runs for s in run_statements(run, actor)], runs


def test_rows_per_player_and_lesson_each_run_once() -> None:
    ana, ana_runs = statements_of("Ana", "ana@example.com", 6, 1)
    ben, ben_runs = statements_of("Ben", "ben@example.com", 3, 2, "kitchen-showroom")
    noise = [{"id": "x", "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "actor": {"mbox": "mailto:z@example.com"}}]
    report = build_report(ana + ben + ana + noise)  # ana's statements twice: still 6 runs
    assert report.runs == 9
    rows = {(r.player, r.lesson): r for r in report.rows}
    assert set(rows) == {("Ana", "Eight Months of Silence"), ("Ana", ALL_LESSONS), ("Ben", "The Sixty-Centimetre Gap"), ("Ben", ALL_LESSONS)}
    row = rows[("Ana", ALL_LESSONS)]
    assert row.runs == 6 and row.best_stars == max(r.stars for r in ana_runs)
    stars = [r.stars for r in sorted(ana_runs, key=lambda r: r.finished)]
    assert row.stars_trend == pytest.approx(sum(stars[3:]) / 3 - sum(stars[:3]) / 3)
    assert [r.player for r in report.rows] == ["Ana", "Ana", "Ben", "Ben"]


def test_untrusted_names_stay_literal() -> None:
    statements, _ = statements_of("=HYPERLINK(\"x\")\x1b[31m|<b>", "eve@example.com", 2, 3)
    report = build_report(statements)
    table = as_table(report)
    assert "\x1b" not in table and "\\x1b[31m" in table
    rows = list(csv.reader(io.StringIO(as_csv(report))))
    assert rows[1][0].startswith("'=HYPERLINK") and "\x1b" not in rows[1][0]
    markdown = as_markdown(report)
    assert "\\<b\\>" in markdown and "\\|" in markdown and "\x1b" not in markdown


def test_report_from_a_folder_of_statement_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    statements, runs = statements_of("Ana", "ana@example.com", 4, 4)
    (tmp_path / "laptop-1").mkdir()
    (tmp_path / "laptop-1" / "all.json").write_text(json.dumps({"statements": statements}))
    (tmp_path / "laptop-1" / "one.json").write_text(json.dumps(statements[-1]))
    (tmp_path / "broken.json").write_text("{not json")
    assert main(["report", str(tmp_path), "--markdown"]) == 0
    captured = capsys.readouterr()
    assert "| Ana | Eight Months of Silence | 4 |" in captured.out
    assert "skipped" in captured.err and "broken.json: not JSON" in captured.err
    assert main(["report", str(tmp_path / "nowhere")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["report"]) == 2
    assert "no LRS is set" in capsys.readouterr().err


def test_report_from_a_saves_folder_never_synced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Run files are read where a saves folder keeps them (`profiles/<id>/runs/`), the folder
    given relative or absolute; a `runs/` folder anywhere else is no saves folder's."""
    from trainer.saves import SaveStore

    from .plays import record_runs

    saves = tmp_path / "laptop" / "saves"
    store = SaveStore(saves)
    store.ensure_profile("default")
    runs = record_runs(store, "default", 3, 5)
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "notes.toml").write_text("x = 1\n")
    monkeypatch.chdir(tmp_path)
    assert main(["report", ".", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {(r["lesson"], int(r["runs"])) for r in rows if r["lesson"] == ALL_LESSONS} == {(ALL_LESSONS, len(runs))}
    monkeypatch.chdir(tmp_path / "laptop" / "saves" / "profiles")
    assert main(["report", "default", "--csv"]) == 0
    assert list(csv.DictReader(io.StringIO(capsys.readouterr().out))) == rows
    monkeypatch.chdir(tmp_path / "runs")
    assert main(["report", "."]) == 0
    assert capsys.readouterr().out == "No runs found.\n"

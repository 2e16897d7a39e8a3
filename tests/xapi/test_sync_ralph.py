"""Sync against a real LRS (Ralph with its file backend): 50 runs of 3 players land exactly once,
every statement read back and valid by Ralph's own xAPI models; faults lose nothing."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.library import discover_packs
from trainer.saves import Run, SaveStore
from trainer.saves.summary import pushed_before_qualifying
from trainer.xapi.client import LrsClient
from trainer.xapi.outbox import Outbox
from trainer.xapi.profile import (
    EXT_GAMBLE,
    EXT_RUN,
    EXT_SECURE_AFTER,
    EXT_SECURE_BEFORE,
    EXT_STEP,
    EXT_TURNING_POINT,
    VERB_ANSWERED,
    VERB_COMPLETED,
    VERB_INITIALIZED,
    run_statement_ids,
)
from trainer.xapi.settings import LrsSettings, save_lrs
from trainer.xapi.sync import sync_profile

from .plays import team
from .ralph import USERS, RalphLrs

PLAYERS = {"Alice": 17, "Bob": 17, "Carol": 16}


def configure(saves: Path, profile_id: str, url: str, user: str, password: str | None = None) -> LrsSettings:
    settings = LrsSettings(url, user, USERS[user][0] if password is None else password, email=f"{profile_id}@example.com")
    save_lrs(saves, profile_id, settings)
    return settings


def manager(ralph: RalphLrs) -> LrsClient:
    return LrsClient(LrsSettings(ralph.url, "manager", USERS["manager"][0]), timeout=30)


def check_statements(statements: list[dict], runs: dict[str, list[Run]]) -> None:
    """Every run's statements, exactly once each, each one as the profile says."""
    from ralph.models.xapi.base.statements import BaseXapiStatement

    by_id = Counter(s["id"] for s in statements)
    assert max(by_id.values()) == 1, "a statement stored twice"
    expected = {i for player in runs.values() for run in player for i in run_statement_ids(run.id, len(run.steps))}
    assert set(by_id) == expected
    by_run: dict[str, list[dict]] = {}
    for statement in statements:
        BaseXapiStatement.model_validate(statement)  # Ralph's own xAPI model
        by_run.setdefault(statement["context"]["extensions"][EXT_RUN], []).append(statement)
    for profile_id, player in runs.items():
        for run in player:
            got = sorted(by_run[run.id], key=lambda s: (s["verb"]["id"] != VERB_INITIALIZED, s["verb"]["id"] == VERB_COMPLETED, s["context"]["extensions"].get(EXT_STEP, 0)))
            assert [s["verb"]["id"] for s in got] == [VERB_INITIALIZED] + [VERB_ANSWERED] * len(run.steps) + [VERB_COMPLETED]
            assert all(s["actor"]["mbox"] == f"mailto:{profile_id}@example.com" for s in got)
            assert len({s["context"]["registration"] for s in got}) == 1
            for statement, step in zip(got[1:-1], run.steps, strict=True):
                result = statement["result"]["extensions"]
                assert result["https://trainer.invalid/xapi/extensions/trust-after"] == step.trust
                assert result[EXT_SECURE_AFTER] <= result[EXT_SECURE_BEFORE] or not result[EXT_TURNING_POINT]
                assert result[EXT_TURNING_POINT] == (result[EXT_SECURE_AFTER] < result[EXT_SECURE_BEFORE])
                assert not result[EXT_GAMBLE] or result[EXT_TURNING_POINT]
            end = got[-1]["result"]
            assert end["score"]["raw"] == run.stars and end["response"] == run.ending.id


def test_fifty_runs_of_three_players_land_once(ralph: RalphLrs, saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runs = team(saves, PLAYERS)
    for profile_id in runs:
        configure(saves, profile_id, ralph.url, profile_id)
    assert main(["sync", "--all", "--saves", str(saves)]) == 0
    out = capsys.readouterr().out
    assert "Alice: Sent " in out and "(17 runs)" in out and "(16 runs)" in out
    check_statements(list(manager(ralph).statements()), runs)
    check_statements(ralph.stored(), runs)
    # again: nothing left to send, nothing stored twice
    assert main(["sync", "--all", "--saves", str(saves)]) == 0
    assert "Sent 0 statements; the LRS accepted 0 (0 runs)." in capsys.readouterr().out
    # the outbox lost: every run is sent again, and the LRS keeps one copy
    for profile_id in runs:
        for path in Outbox(saves, profile_id).sent_folder.iterdir():
            path.unlink()
    store = SaveStore(saves)
    result = sync_profile(store, "alice", configure(saves, "alice", ralph.url, "alice"), discover_packs())
    assert result is not None and result.runs_sent == 17 and result.statements_known == result.statements_accepted
    check_statements(ralph.stored(), runs)
    assert json.loads(json.dumps(ralph.stored()))  # plain JSON


def test_report_from_the_lrs_matches_the_runs(ralph: RalphLrs, saves: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    runs = team(saves, {"Alice": 7, "Bob": 5})
    for profile_id in runs:
        configure(saves, profile_id, ralph.url, profile_id)
    assert main(["sync", "--all", "--saves", str(saves)]) == 0
    capsys.readouterr()
    # the manager's machine: the manager's credentials from the environment
    monkeypatch.setenv("TRAINER_SAVES", str(tmp_path / "manager-saves"))
    monkeypatch.setenv("TRAINER_LRS_URL", ralph.url)
    monkeypatch.setenv("TRAINER_LRS_USER", "manager")
    monkeypatch.setenv("TRAINER_LRS_PASSWORD", USERS["manager"][0])
    assert main(["report", "--csv"]) == 0
    from_lrs = capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(from_lrs)))
    for profile_id, player in runs.items():
        name = profile_id.capitalize()
        mine = [r for r in rows if r["player"] == name]
        by_title: dict[str, list[Run]] = {}
        for run in player:
            by_title.setdefault(run.scenario.title, []).append(run)
        assert {r["lesson"] for r in mine} == set(by_title) | {"(all lessons)"}
        for row in mine:
            group = player if row["lesson"] == "(all lessons)" else by_title[row["lesson"]]
            assert int(row["runs"]) == len(group)
            assert int(row["best_stars"]) == max(r.stars for r in group)
            pushed = sum(pushed_before_qualifying(r) for r in group) / len(group)
            assert float(row["pushed_first_share"]) == pytest.approx(pushed, abs=0.001)
    # the same report from the outboxes' sent/ folders, and from the saves folder itself
    monkeypatch.delenv("TRAINER_LRS_URL")
    assert main(["report", str(saves / "profiles"), "--csv"]) == 0
    assert capsys.readouterr().out == from_lrs
    copied = tmp_path / "collected"
    for profile_id in runs:
        shutil.copytree(Outbox(saves, profile_id).sent_folder, copied / profile_id)
    assert main(["report", str(copied), "--csv"]) == 0
    assert capsys.readouterr().out == from_lrs
    # wrong credentials for the manager: said, exit 1
    monkeypatch.setenv("TRAINER_LRS_URL", ralph.url)
    monkeypatch.setenv("TRAINER_LRS_PASSWORD", "wrong")
    assert main(["report"]) == 1
    assert "refused the user name or password" in capsys.readouterr().err


def test_ten_learners_on_ten_machines_land_once_each(ralph_auth: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Done when: ten learners' runs on ten machines land in one LRS exactly once each, whether or
    not the network was there when they played, and the manager's report shows the team from it."""
    from .plays import record_runs
    from .ralph import free_port

    server = RalphLrs(ralph_auth, tmp_path / "lrs", port=free_port())
    learners = {f"learner-{n}": tmp_path / f"machine-{n}" / "saves" for n in range(10)}
    runs = {}
    for n, (learner, saves) in enumerate(learners.items()):
        store = SaveStore(saves)
        profile = store.create_profile(learner.replace("-", " ").title())
        runs[profile.id] = record_runs(store, profile.id, 2, 100 + n)
        user = ("alice", "bob", "carol")[n % 3]
        save_lrs(saves, profile.id, LrsSettings(server.url, user, USERS[user][0], email=f"{profile.id}@example.com"))
        if n < 5:  # half the team played while the LRS could not be reached
            assert main(["sync", "--all", "--saves", str(saves), "--retries", "0"]) == 1
            assert "2 runs waiting to sync" in capsys.readouterr().out
    server.start()
    try:
        for saves in learners.values():
            assert main(["sync", "--all", "--saves", str(saves)]) == 0
        for saves in list(learners.values())[:3]:  # some sync again: nothing new
            assert main(["sync", "--all", "--saves", str(saves)]) == 0
        capsys.readouterr()
        stored = Counter(s["id"] for s in server.stored())
        assert max(stored.values()) == 1
        assert set(stored) == {i for player in runs.values() for run in player for i in run_statement_ids(run.id, len(run.steps))}
        monkeypatch.setenv("TRAINER_SAVES", str(tmp_path / "manager"))
        monkeypatch.setenv("TRAINER_LRS_URL", server.url)
        monkeypatch.setenv("TRAINER_LRS_USER", "manager")
        monkeypatch.setenv("TRAINER_LRS_PASSWORD", USERS["manager"][0])
        assert main(["report", "--csv"]) == 0
        rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
        totals = {r["player"]: int(r["runs"]) for r in rows if r["lesson"] == "(all lessons)"}
        assert totals == {f"Learner {n}": 2 for n in range(10)}
    finally:
        server.stop()

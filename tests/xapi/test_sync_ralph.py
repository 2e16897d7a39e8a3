"""Sync against a real LRS (Ralph with its file backend): 50 runs of 3 players land exactly once,
every statement read back and valid by Ralph's own xAPI models; faults lose nothing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.library import discover_packs
from trainer.saves import Run, SaveStore
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

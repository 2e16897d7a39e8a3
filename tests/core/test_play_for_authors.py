"""`play` for authors: a scenario whose only errors are the analysis's still plays (marked), and a
play can start anywhere (`--at NODE --trust N --pressure N --set a,b --world W`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.core.builders import choice, minimal
from tests.packs.helpers import run_cli
from trainer.wording import ANALYSIS_ONLY


def soft_locked() -> dict[str, Any]:
    """The minimal scenario with a third choice into a node whose only choice is never offered."""
    doc = minimal()
    doc["nodes"]["opening"]["choices"].append(choice("Tell me more.", "ask", "stuck"))
    doc["nodes"]["stuck"] = {"text": "Dana waits.", "choices": [choice("Sign here.", "close", "won", when="trust >= 90")]}
    return doc


def write(tmp_path: Path, doc: dict[str, Any]) -> str:
    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    return str(path)


def test_a_soft_locked_scenario_replays_to_the_lock_marked(tmp_path: Path) -> None:
    path = write(tmp_path, soft_locked())
    code, out, _ = run_cli("validate", path)
    assert code == 1 and 'soft-lock: no choice is offered at node "stuck"' in out and "reached by the choices 3 from the start" in out
    code, out, err = run_cli("play", path, "--choices", "3")
    assert code == 0
    assert 'error: soft-lock: no choice is offered at node "stuck"' in err and ANALYSIS_ONLY in err
    assert "1. Dana: Hello.\n   You (ask): Tell me more." in out
    assert "The play stopped after 1 step, before an ending." in out
    code, out, _ = run_cli("play", path, "--choices", "2", "--json")
    assert code == 0 and json.loads(out)["ending"]["id"] == "won"


def test_other_errors_still_refuse_the_play(tmp_path: Path) -> None:
    doc = soft_locked()
    doc["nodes"]["opening"]["choices"][0]["next"] = "nowhere"
    code, out, err = run_cli("play", write(tmp_path, doc), "--choices", "3")
    assert code == 1 and out == "" and ANALYSIS_ONLY not in err and 'next = "nowhere" names no node' in err


def test_start_anywhere_with_meters_and_flags(tmp_path: Path) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][1]["next"] = "decides"
    doc["nodes"]["opening"]["choices"][1]["set"] = ["asked"]
    doc["nodes"]["decides"] = {"routes": [{"when": "asked and trust >= 60", "next": "won"}, {"next": "lost"}]}
    path = write(tmp_path, doc)
    assert json.loads(run_cli("play", path, "--choices", "2", "--json")[1])["ending"]["id"] == "lost"  # trust 50
    code, out, err = run_cli("play", path, "--at", "decides", "--trust", "70", "--set", "asked", "--choices", "", "--json")
    assert code == 0, err
    assert json.loads(out)["ending"]["id"] == "won" and json.loads(out)["steps"] == []
    code, out, _ = run_cli("play", path, "--at", "decides", "--trust", "70", "--choices", "", "--json")
    assert json.loads(out)["ending"]["id"] == "lost"  # the flag not set
    code, out, _ = run_cli("play", path, "--at", "opening", "--pressure", "30", "--choices", "2", "--json")
    assert json.loads(out)["steps"][0]["pressure"] == 30


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--at", "nowhere"], 'trainer play: --at: there is no node "nowhere" to start at; the nodes are: opening'),
        (["--at", "won"], 'trainer play: --at: there is no node "won" to start at (it is an ending)'),
        (["--at", "opening", "--trust", "101"], "trainer play: --at: trust must be from 0 to 100; got 101"),
        (["--at", "opening", "--trust", "lots"], "trainer play: --trust must be a whole number from 0 to 100"),
        (["--at", "opening", "--set", "vip"], "trainer play: --at: no choice or world sets or tests the flag vip"),
        (["--trust", "60"], "trainer play: --trust needs --at NODE"),
    ],
)
def test_a_start_that_cannot_be_is_a_usage_error(tmp_path: Path, options: list[str], message: str) -> None:
    path = write(tmp_path, minimal())
    for mode in (["--choices", "1"], []):  # scripted, and before the game opens
        code, out, err = run_cli("play", path, *options, *mode)
        assert code == 2 and err.startswith(message), err

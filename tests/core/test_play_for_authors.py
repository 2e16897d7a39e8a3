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


def pained() -> dict[str, Any]:
    """Asking leads to a scene node "pain" (trust 60, the flag "asked"); signing there goes through a check node."""
    doc = minimal()
    doc["nodes"]["opening"]["choices"][1] = choice("What brings you here?", "qualify", "pain", trust=10, set=["asked"])
    doc["nodes"]["pain"] = {"text": "It hurts.", "choices": [choice("Shall we?", "close", "decides"), choice("Tell me more.", "ask", "lost")]}
    doc["nodes"]["decides"] = {"text": "Dana thinks.", "routes": [{"when": "asked and trust >= 60", "next": "won"}, {"next": "lost"}]}
    return doc


def test_start_anywhere_at_a_state_a_play_reaches(tmp_path: Path) -> None:
    path = write(tmp_path, pained())
    code, out, err = run_cli("play", path, "--at", "pain", "--choices", "1", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["ending"]["id"] == "won"
    assert [s["node"] for s in report["steps"]] == ["pain"]  # the way there is not the player's
    code, out, err = run_cli("play", path, "--at", "pain", "--trust", "60", "--set", "asked", "--choices", "1")
    assert code == 0 and out.startswith("Tiny\nBuyer: Dana\n\n1. Dana: It hurts.\n"), out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--at", "nowhere"], 'trainer play: --at: there is no node "nowhere"; the scene nodes are: opening, pain'),
        (["--at", "won"], 'trainer play: --at: "won" is an ending; a play can start only at a scene node'),
        (["--at", "decides"], 'trainer play: --at: "decides" is a check node, which a play passes through'),
        (["--at", "pain", "--trust", "99"], 'trainer play: --at: no play reaches "pain" with trust 99; there, trust runs 60 to 60'),
        (["--at", "pain", "--trust", "lots"], "trainer play: --trust must be a whole number from 0 to 100"),
        (["--at", "pain", "--set", "vip"], 'trainer play: --at: no choice or world sets the flag "vip"'),
        (["--trust", "60"], "trainer play: --trust needs --at NODE"),
    ],
)
def test_a_start_that_cannot_be_is_a_usage_error(tmp_path: Path, options: list[str], message: str) -> None:
    path = write(tmp_path, pained())
    for mode in (["--choices", "1"], []):  # scripted, and before the game opens
        code, out, err = run_cli("play", path, *options, *mode)
        assert code == 2 and err.startswith(message), err

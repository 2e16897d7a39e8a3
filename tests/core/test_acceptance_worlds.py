"""Acceptance (issue 12): a scenario written from the format contract alone -- three hidden
buyers, two loops, an interrupt that overrides an ending, a gamble that can pay off, choice ids,
[[tests]] -- validates, and its `play --json` report matches the contract's definitions.

The expected values below were worked out by hand from tests/fixtures/clinic-bookings.toml and
the contract, not taken from the code. The reasoning, in short:

- Worlds: decides (no flags), committee (flag committee), no-fit (flag home_visits).
  Best per world from the start: 3, 3, 2 (no-fit can at best be referred: 2 stars).
- The start information state holds all three worlds (nothing told apart yet), so
  secure_possible = 2: asking first (`ask-need`) splits it into {no-fit} at need_visits
  (secure 2, `help`) and {decides, committee} at need_ok (secure 3: `who-decides` tells them
  apart; the committee buyer needs trust >= 60 before `ask-intro`, earned by `listen` or
  `tell-more`, the loops). `demo` keeps 2 (`ask-after-demo` leads to the same split).
  `close-now` adds 50 pressure: the interrupt fires (pressure 60) before its ending, `walked`
  (0 stars) in every world.
- At need_ok ({decides, committee}, secure 3), `close-early` leads to `signed` (decides) or
  `stalled` (committee), two different endings: secure_after = min(3, 0) = 0, risk worlds
  [committee]; with the buyer who decides it still reaches 3 stars, so it is a gamble.
- At demo_scene (all three worlds, secure 2), `close-demo` ends `churned` (1, no-fit),
  `stalled` (0, committee) or `signed` (3, decides): secure_after 0, risk worlds
  [committee, no-fit]; a gamble with the buyer who decides, a loss with the other two.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from trainer.cli import main

CLINIC = Path(__file__).parent.parent / "fixtures" / "clinic-bookings.toml"
WORLDS = ["decides", "committee", "no-fit"]


def step(node: str, choice: int, choice_id: str, tactic: str, trust: int, pressure: int, best: tuple[int, int], secure: tuple[int, int]) -> dict[str, Any]:
    return {
        "node": node, "choice": choice, "choice_id": choice_id, "tactic": tactic, "trust": trust, "pressure": pressure,
        "best_before": best[0], "best_after": best[1], "secure_before": secure[0], "secure_after": secure[1],
    }


def turning(at: int, tactic: str, kind: str, best: tuple[int, int], secure: tuple[int, int], risk: list[str], winning: list[tuple[int, str, str]]) -> dict[str, Any]:
    return {
        "step": at, "tactic": tactic, "kind": kind, "best_before": best[0], "best_after": best[1],
        "secure_before": secure[0], "secure_after": secure[1], "risk_worlds": risk,
        "winning_alternatives": [{"choice": n, "choice_id": i, "tactic": t} for n, i, t in winning],
    }


ASK_FIRST = step("opening", 2, "ask-need", "qualify", 50, 10, (3, 3), (2, 2))
SAFE_AT_NEED_OK = [(2, "who-decides", "qualify"), (3, "tell-more", "ask")]
SAFE_AT_OPENING = [(1, "demo", "pitch"), (2, "ask-need", "qualify")]

PLAYS: list[tuple[str, str, dict[str, Any]]] = [
    ("decides", "ask-need,close-early", {
        "steps": [ASK_FIRST, step("need_ok", 1, "close-early", "close", 50, 10, (3, 3), (3, 0))],
        "ending": {"id": "signed", "outcome": "won", "stars": 3}, "best_possible": 3, "secure_possible": 2,
        "turning_points": [turning(2, "close", "gamble", (3, 3), (3, 0), ["committee"], SAFE_AT_NEED_OK)],
    }),
    ("committee", "ask-need,close-early", {
        "steps": [ASK_FIRST, step("need_ok", 1, "close-early", "close", 50, 10, (3, 0), (3, 0))],
        "ending": {"id": "stalled", "outcome": "lost", "stars": 0}, "best_possible": 3, "secure_possible": 2,
        "turning_points": [turning(2, "close", "lost", (3, 0), (3, 0), ["committee"], SAFE_AT_NEED_OK)],
    }),
    ("decides", "demo,close-demo", {
        "steps": [
            step("opening", 1, "demo", "pitch", 40, 10, (3, 3), (2, 2)),
            step("demo_scene", 1, "close-demo", "close", 40, 10, (3, 3), (2, 0)),
        ],
        "ending": {"id": "signed", "outcome": "won", "stars": 3}, "best_possible": 3, "secure_possible": 2,
        "turning_points": [turning(2, "close", "gamble", (3, 3), (2, 0), ["committee", "no-fit"], [(2, "ask-after-demo", "qualify")])],
    }),
    ("no-fit", "demo,close-demo", {
        "steps": [
            step("opening", 1, "demo", "pitch", 40, 10, (2, 2), (2, 2)),
            step("demo_scene", 1, "close-demo", "close", 40, 10, (2, 1), (2, 0)),
        ],
        "ending": {"id": "churned", "outcome": "won", "stars": 1}, "best_possible": 2, "secure_possible": 2,
        "turning_points": [turning(2, "close", "lost", (2, 1), (2, 0), ["committee", "no-fit"], [(2, "ask-after-demo", "qualify")])],
    }),
    ("committee", "ask-need,tell-more,3,who-decides,ask-intro", {  # the loop twice (once by number): trust 70
        "steps": [
            ASK_FIRST,
            step("need_ok", 3, "tell-more", "ask", 60, 10, (3, 3), (3, 3)),
            step("need_ok", 3, "tell-more", "ask", 70, 10, (3, 3), (3, 3)),
            step("need_ok", 2, "who-decides", "qualify", 70, 10, (3, 3), (3, 3)),
            step("committee_scene", 1, "ask-intro", "qualify", 70, 10, (3, 3), (3, 3)),
        ],
        "ending": {"id": "partners", "outcome": "won", "stars": 3}, "best_possible": 3, "secure_possible": 2,
        "turning_points": [],
    }),
    ("committee", "ask-need,who-decides,ask-intro", {  # asked for the meeting before earning it
        "steps": [
            ASK_FIRST,
            step("need_ok", 2, "who-decides", "qualify", 50, 10, (3, 3), (3, 3)),
            step("committee_scene", 1, "ask-intro", "qualify", 50, 10, (3, 1), (3, 1)),
        ],
        "ending": {"id": "brochure", "outcome": "lost", "stars": 1}, "best_possible": 3, "secure_possible": 2,
        "turning_points": [turning(3, "qualify", "lost", (3, 1), (3, 1), ["committee"], [(2, "listen", "ask")])],
    }),
    ("no-fit", "ask-need,pitch-anyway", {
        "steps": [
            step("opening", 2, "ask-need", "qualify", 50, 10, (2, 2), (2, 2)),
            step("need_visits", 1, "pitch-anyway", "pitch", 50, 10, (2, 1), (2, 1)),
        ],
        "ending": {"id": "churned", "outcome": "won", "stars": 1}, "best_possible": 2, "secure_possible": 2,
        "turning_points": [turning(2, "pitch", "lost", (2, 1), (2, 1), ["no-fit"], [(2, "help", "help")])],
    }),
    ("decides", "ask-need,who-decides,upsell", {
        "steps": [
            ASK_FIRST,
            step("need_ok", 2, "who-decides", "qualify", 50, 10, (3, 3), (3, 3)),
            step("ines_decides", 2, "upsell", "pitch", 50, 40, (3, 2), (3, 2)),
        ],
        "ending": {"id": "upsold", "outcome": "won", "stars": 2}, "best_possible": 3, "secure_possible": 2,
        "turning_points": [turning(3, "pitch", "lost", (3, 2), (3, 2), ["decides"], [(1, "close", "close")])],
    }),
] + [
    (world, "close-now", {  # the interrupt fires before the choice's own ending: shown the door everywhere
        "steps": [step("opening", 3, "close-now", "pressure", 40, 60, (best, 0), (2, 0))],
        "ending": {"id": "walked", "outcome": "lost", "stars": 0}, "best_possible": best, "secure_possible": 2,
        "turning_points": [turning(1, "pressure", "lost", (best, 0), (2, 0), WORLDS, SAFE_AT_OPENING)],
    })
    for world, best in (("decides", 3), ("committee", 3), ("no-fit", 2))
]


def report(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["play", str(CLINIC), "--json", *args]) == 0
    result: dict[str, Any] = json.loads(capsys.readouterr().out)
    return result


def test_it_validates_with_no_warnings_and_its_tests_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(CLINIC)]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_a_failing_test_in_the_file_makes_it_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "clinic.toml"
    broken.write_text(CLINIC.read_text().replace('ending = "partners"', 'ending = "brochure"'))
    assert main(["validate", str(broken)]) == 1
    assert "partners" in capsys.readouterr().out  # it names the ending the play reached


@pytest.mark.parametrize(("world", "choices", "expected"), PLAYS, ids=[f"{w}:{c}" for w, c, _ in PLAYS])
def test_the_play_report_matches_the_contract(world: str, choices: str, expected: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    assert report(capsys, "--world", world, "--choices", choices) == {"scenario": "clinic-bookings", "world": world, **expected}


def test_without_a_world_one_is_drawn_and_a_seed_repeats_it(capsys: pytest.CaptureFixture[str]) -> None:
    drawn = {report(capsys, "--seed", str(seed), "--choices", "close-now")["world"] for seed in range(30)}
    assert drawn == set(WORLDS)
    assert len({report(capsys, "--seed", "7", "--choices", "close-now")["world"] for _ in range(3)}) == 1

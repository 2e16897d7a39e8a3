"""The xAPI profile: ids derived from the run (sent twice, stored once), activity ids from the
pack, its version and the scenario, each decision judged by the debrief, valid xAPI."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from trainer.xapi.profile import (
    EXT_BEST_POSSIBLE,
    EXT_HABITS,
    EXT_SECURE_BEFORE,
    EXT_TACTIC,
    EXT_TURNING_POINT,
    EXT_WORLD,
    Actor,
    run_statement_ids,
    run_statements,
    scenario_activity_id,
)
from trainer.xapi.sync import run_debriefs

from .plays import random_run
from .ralph import HAS_RALPH

WHEN = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def test_ids_are_derived_from_run_and_step() -> None:
    run = random_run(random.Random(1), "renewal-at-risk", WHEN)
    first = run_statements(run, Actor("Ana", email="ana@example.com"))
    again = run_statements(run, Actor("Ana", email="ana@example.com"))
    assert first == again  # built again, the same statements
    ids = [s["id"] for s in first]
    assert ids == run_statement_ids(run.id, len(run.steps)) and len(set(ids)) == len(ids) == len(run.steps) + 2
    assert all(uuid.UUID(i).version == 5 for i in ids)
    other = random_run(random.Random(2), "renewal-at-risk", WHEN)
    assert not set(ids) & set(run_statement_ids(other.id, len(other.steps)))


def test_activity_ids_name_pack_version_and_scenario() -> None:
    assert scenario_activity_id("builtin", "1.0.0", "bakery") == "https://trainer.invalid/xapi/packs/builtin/1.0.0/scenarios/bakery"
    assert scenario_activity_id("", "", "a b/c") == "https://trainer.invalid/xapi/packs/_/_/scenarios/a%20b%2Fc"
    assert scenario_activity_id("p", "2.0.0", "s") != scenario_activity_id("p", "1.0.0", "s")


def test_decisions_carry_the_debriefs_judgement() -> None:
    rng = random.Random(5)
    debrief_of = run_debriefs(())
    runs = [random_run(rng, "not-a-fit-bakery", WHEN) for _ in range(12)]
    turning = 0
    for run in runs:
        from trainer.paths import builtin_pack_dir
        from trainer.transcript import run_debrief

        debrief = run_debrief(run, path=builtin_pack_dir() / "scenarios" / "not-a-fit-bakery.toml").debrief
        statements = run_statements(run, Actor("Ana", account="ana", home_page="https://lrs.example.com"), debrief)
        for statement, review in zip(statements[1:-1], debrief.steps, strict=True):
            result = statement["result"]["extensions"]
            assert result[EXT_TACTIC] == review.tactic.value and result[EXT_SECURE_BEFORE] == review.secure_before
            assert result[EXT_TURNING_POINT] == review.is_turning_point
            turning += review.is_turning_point
        end = statements[-1]["result"]
        assert end["extensions"][EXT_WORLD] == run.world and end["extensions"][EXT_BEST_POSSIBLE] == run.best_possible
        assert end["extensions"][EXT_HABITS]["turning-points"] == len(debrief.turning_points)
        assert end["success"] == (run.stars >= (run.best_possible or 0))
    assert turning > 0  # the random player made some turning points
    assert debrief_of(runs[0]) is not None  # found where it was played from
    gone = runs[0].model_copy(update={"scenario": runs[0].scenario.model_copy(update={"file": "", "pack": "gone"})})
    assert debrief_of(gone) is None  # its scenario is not installed: no judgement
    bare = run_statements(gone, Actor("Ana"))
    assert EXT_SECURE_BEFORE not in bare[1]["result"]["extensions"] and "turning-points" not in bare[-1]["result"]["extensions"][EXT_HABITS]


def strings_in(value: object) -> Iterator[str]:
    """Every string in a JSON-like value, keys and values."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


@pytest.mark.skipif(not HAS_RALPH, reason="the lrs extra is not installed")
def test_valid_by_ralphs_xapi_models_with_hostile_text() -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    run = random_run(random.Random(3), "kitchen-showroom", WHEN)
    hostile = run.model_copy(update={"scenario": run.scenario.model_copy(update={"title": 'Tab\there <b>"x"</b> ‮', "id": "a b/c?d"})})
    statements = list(run_statements(hostile, Actor("Ana <script>", email="ana@example.com")))
    assert len(statements) >= 3  # a start, the decisions, an end: each checked below
    for statement in statements:
        BaseXapiStatement.model_validate(statement)
    assert hostile.scenario.title in set(strings_in(statements))  # carried whole, not escaped into markup


def test_the_mode_is_the_runs() -> None:
    from trainer.xapi.profile import EXT_MODE

    run = random_run(random.Random(8), "renewal-at-risk", WHEN)
    assert {s["context"]["extensions"][EXT_MODE] for s in run_statements(run, Actor("Ana"))} == {"practice"}
    real = run.model_copy(update={"real_call": True})
    assert {s["context"]["extensions"][EXT_MODE] for s in run_statements(real, Actor("Ana"))} == {"real-call"}

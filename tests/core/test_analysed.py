"""The library's background check explores a scenario's state space again only when its text
changed: what passed with nothing to say is kept (by digest) beside the listing; a soft-lock is
found at every launch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import trainer.validation as validation
from tests.tui.helpers import PACK, SCENARIOS
from trainer.analysed import AnalysedTexts
from trainer.game.game import Game
from trainer.validation import load_pack

BUDGET = 20_000


def explorations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the scenarios whose state space is explored from now on, in order."""
    explored: list[str] = []
    real = validation.SecureAnalysis

    def counting(compiled, **options):  # type: ignore[no-untyped-def]
        explored.append(compiled.scenario.id)
        return real(compiled, **options)

    monkeypatch.setattr(validation, "SecureAnalysis", counting)
    return explored


def test_a_text_that_passed_is_not_explored_again_until_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pack = tmp_path / "pack"
    (pack / "scenarios").mkdir(parents=True)
    (pack / "pack.toml").write_text((PACK / "pack.toml").read_text())
    coffee = pack / "scenarios" / "coffee.toml"
    coffee.write_text((SCENARIOS / "coffee.toml").read_text())
    (pack / "scenarios" / "stuck.toml").write_text((SCENARIOS / "stuck.toml").read_text())
    kept = tmp_path / "analysed.json"
    explored = explorations(monkeypatch)

    def check() -> dict[str, list[str]]:
        analysed = AnalysedTexts(kept, BUDGET)
        loaded = load_pack(pack, budget=BUDGET, analysed=analysed)
        analysed.save()
        return {s.path.name: [d.code for d in s.diagnostics] for s in loaded.scenarios}

    first = check()
    assert sorted(explored) == ["coffee", "stuck"]
    assert "soft-lock" in first["stuck.toml"]
    assert len(json.loads(kept.read_text())["clean"]) == 1  # coffee only: stuck had something to say

    explored.clear()
    assert check() == first  # the same findings, soft-lock included
    assert explored == ["stuck"]  # coffee was not explored again

    coffee.write_text(coffee.read_text().replace("Sam", "Samira", 1))
    explored.clear()
    check()
    assert sorted(explored) == ["coffee", "stuck"]  # a changed text is explored again


def test_a_kept_file_from_another_budget_or_a_corrupt_one_is_forgotten(tmp_path: Path) -> None:
    kept = tmp_path / "analysed.json"
    analysed = AnalysedTexts(kept, BUDGET)
    analysed.add("a text")
    analysed.save()
    assert AnalysedTexts(kept, BUDGET).knows("a text")
    assert not AnalysedTexts(kept, BUDGET + 1).knows("a text")
    kept.write_text("{not json")
    assert not AnalysedTexts(kept, BUDGET).knows("a text")


def test_the_game_keeps_what_its_check_found_clean_beside_the_listing(saves: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    index = tmp_path / "cache" / "library-index.json"
    explored = explorations(monkeypatch)
    first = Game(saves, packs=[PACK], builtin=False, library_index=index)
    first_check = first.check_packs()
    assert "coffee" in explored and (index.parent / "analysed.json").exists()
    explored.clear()
    later = Game(saves, packs=[PACK], builtin=False, library_index=index)
    later_check = later.check_packs()
    assert "coffee" not in explored and "stuck" in explored
    assert later_check.listing == first_check.listing

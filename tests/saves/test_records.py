"""Resuming: a saved play replays through the engine, or says why the changed scenario cannot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from trainer.engine import Engine
from trainer.saves import CannotContinue, SaveStore, locate_scenario, replay, scenario_ref
from trainer.validation import load_pack, load_scenario

from .helpers import COFFEE, PACK, V0, WIN, coffee, play_of, run_of


def edited_coffee(tmp_path: Path, *edits: tuple[str, str]) -> Engine:
    text = COFFEE.read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "coffee.toml"
    path.write_text(text)
    loaded = load_scenario(path)
    assert loaded.ok and loaded.compiled is not None, loaded.diagnostics
    return Engine(loaded.compiled)


def test_replay_reaches_the_same_state() -> None:
    _, engine, _ = coffee()
    play = play_of([2, 1])
    replayed = replay(engine, play)
    assert [s.event.number for s in replayed.steps] == [2, 1]  # type: ignore[union-attr]
    assert replayed.steps[-1].state.node == "pain"
    assert (replayed.steps[-1].state.trust, replayed.steps[-1].state.pressure) == (65, 5)


def test_reordered_choices_still_resume(tmp_path: Path) -> None:
    # swap the two choices of the opening: the saved index is stale, the words still match
    text = COFFEE.read_text()
    first = text.index("[[nodes.opening.choices]]")
    second = text.index("[[nodes.opening.choices]]", first + 1)
    end = text.index("[nodes.push]")
    swapped = text[:first] + text[second:end] + text[first:second] + text[end:]
    (tmp_path / "coffee.toml").write_text(swapped)
    engine = Engine(load_scenario(tmp_path / "coffee.toml").compiled)  # type: ignore[arg-type]
    replayed = replay(engine, play_of([2, 1]))  # qualify was 2nd, now 1st
    assert replayed.steps[0].event.number == 1  # type: ignore[union-attr]
    assert replayed.steps[-1].state.node == "pain"


@pytest.mark.parametrize(
    ("edits", "reason"),
    [
        # the node the play stood at is gone (renamed)
        ((('[nodes.pain]', '[nodes.ache]'), ('[[nodes.pain.choices]]', '[[nodes.ache.choices]]'), ('next = "pain"', 'next = "ache"')),
         'the moment of step 3 is gone'),
        # the choice taken is gone
        (((('text = "What do the dentists grumble about?"', 'text = "What do they grumble about?"')),),
         'the choice taken at step 2 ("What do the dentists grumble about?") is gone or no longer offered there'),
        # the path now leads somewhere else
        ((('trust = 15\nset = ["knows_pain"]\nnext = "pain"', 'trust = 15\nset = ["knows_pain"]\nnext = "fit"'),),
         'the moment of step 3 now comes elsewhere'),
        # the play now ends earlier
        ((('trust = 15\npressure = -5\nnext = "today"', 'trust = 15\npressure = -5\nnext = "signed"'),),
         "it now ends before step 2"),
    ],
    ids=["node-gone", "choice-gone", "path-moved", "ends-early"],
)
def test_a_changed_scenario_cannot_continue_and_says_why(tmp_path: Path, edits: tuple[tuple[str, str], ...], reason: str) -> None:
    engine = edited_coffee(tmp_path, *edits)
    with pytest.raises(CannotContinue, match="the scenario has changed") as caught:
        replay(engine, play_of([2, 1, 1]) if "step 3" in reason else play_of([2, 1]))
    assert reason in str(caught.value)
    assert not any(f'"{node}"' in str(caught.value) for node in ("pain", "ache", "fit"))  # players see no node ids


def test_another_scenario_cannot_continue() -> None:
    loaded = load_scenario(PACK / "scenarios" / "markup.toml")
    assert loaded.compiled is not None
    with pytest.raises(CannotContinue) as caught:
        replay(Engine(loaded.compiled), play_of([2]))
    assert str(caught.value) == 'this play was saved in "The Coffee Machine", not in "[b]bold[/b] title"'  # titles, not ids


def test_another_scenario_with_the_same_title_is_told_apart_without_ids() -> None:
    loaded = load_scenario(PACK / "scenarios" / "markup.toml")
    assert loaded.compiled is not None and loaded.scenario is not None
    saved = play_of([2])
    saved = saved.model_copy(update={"scenario": saved.scenario.model_copy(update={"title": loaded.scenario.title})})
    with pytest.raises(CannotContinue) as caught:
        replay(Engine(loaded.compiled), saved)
    assert str(caught.value) == 'this play was saved in another scenario than "[b]bold[/b] title"'
    assert "coffee" not in str(caught.value) and "markup" not in str(caught.value)


def test_a_version_0_play_resumes_by_numbers(tmp_path: Path) -> None:
    shutil.copytree(V0, tmp_path / "saves")
    play = SaveStore(tmp_path / "saves").current_play("ana")
    assert play is not None
    _, engine, _ = coffee()
    assert replay(engine, play).steps[-1].state.node == "today"


def test_locate_scenario_by_pack_then_by_file(tmp_path: Path) -> None:
    pack = load_pack(PACK, analyse=False)
    run = run_of(WIN)
    assert locate_scenario(run.scenario, [pack]) == COFFEE
    assert locate_scenario(run.scenario, []) == COFFEE.resolve()  # the file it was played from
    gone = run.scenario.model_copy(update={"file": str(tmp_path / "nowhere.toml")})
    assert locate_scenario(gone, []) is None
    other = run.scenario.model_copy(update={"pack": "another-pack"})
    assert locate_scenario(other, [pack]) is None  # same file, but no longer that pack's


def test_scenario_ref_of_a_loose_file(tmp_path: Path) -> None:
    loose = tmp_path / "coffee.toml"
    shutil.copy(COFFEE, loose)
    ref = scenario_ref(load_scenario(loose).scenario, loose)  # type: ignore[arg-type]
    assert (ref.pack, ref.pack_version, ref.id, ref.title) == ("", "", "coffee", "The Coffee Machine")

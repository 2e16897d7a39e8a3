"""Playing in a world: the draw, the start state, what the player observes, and `play --world/--seed`."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from tests.core.builders import load_doc, minimal, two_worlds
from tests.core.test_cli import run, write
from trainer.engine import ChoiceNotOffered, Engine
from trainer.model import Scenario
from trainer.worlds import UnknownWorld, draw_world, find_world, world_ids


def engine_of(doc: dict) -> Engine:  # type: ignore[type-arg]
    loaded = load_doc(doc)
    assert loaded.ok and loaded.compiled is not None, [d.render() for d in loaded.diagnostics]
    return Engine(loaded.compiled)


def scenario_of(doc: dict) -> Scenario:  # type: ignore[type-arg]
    loaded = load_doc(doc)
    assert loaded.scenario is not None
    return loaded.scenario


def test_a_world_starts_with_its_flags_set() -> None:
    engine = engine_of(two_worlds())
    big = engine.start("big").state
    small = engine.start("small").state
    assert (big.world, big.flags) == ("big", frozenset({"big"}))
    assert (small.world, small.flags) == ("small", frozenset())
    assert engine.choose(big, 1).state.node == "big_talk"
    assert engine.choose(small, 1).state.node == "small_talk"


def test_the_world_is_kept_through_every_choice() -> None:
    engine = engine_of(two_worlds())
    _, steps = engine.replay([1, 1], "small")
    assert [s.state.world for s in steps] == ["small", "small"]
    assert steps[-1].state.node == "lost"


def test_without_worlds_the_world_is_none_and_nothing_is_drawn() -> None:
    scenario = scenario_of(minimal())
    assert world_ids(scenario) == [] and draw_world(scenario, 1) is None
    assert engine_of(minimal()).start().state.world is None


def test_the_draw_follows_the_weights_and_repeats_with_a_seed() -> None:
    scenario = scenario_of(two_worlds())  # big has weight 2, small weight 1
    assert draw_world(scenario, 7) == draw_world(scenario, 7)
    rng = random.Random(0)
    counts = Counter(draw_world(scenario, rng=rng) for _ in range(3000))
    assert set(counts) == {"big", "small"}
    assert 1.7 < counts["big"] / counts["small"] < 2.4


def test_a_start_without_a_world_draws_one() -> None:
    engine = engine_of(two_worlds())
    drawn = {engine.start(rng=random.Random(seed)).state.world for seed in range(40)}
    assert drawn == {"big", "small"}


@pytest.mark.parametrize(
    ("doc", "world", "words"),
    [
        (two_worlds(), "medium", "its worlds are: big, small"),
        (minimal(), "big", "has no [[worlds]]"),
    ],
)
def test_an_unknown_world_is_refused_with_the_worlds_listed(doc: dict, world: str, words: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(UnknownWorld, match=words.replace("[", r"\[").replace("]", r"\]")):
        engine_of(doc).start(world)
    with pytest.raises(UnknownWorld):
        find_world(scenario_of(doc), world)


def test_choices_by_id_and_by_number_are_the_same_choice() -> None:
    engine = engine_of(two_worlds())
    state = engine.start("big").state
    assert engine.number_of(state, "ask") == 1 and engine.number_of(state, "pitch-big") == 2
    with pytest.raises(ChoiceNotOffered, match='no choice "nope"'):
        engine.number_of(state, "nope")


def test_speaker_as_displayed_with_a_variant_speaker() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["variants"] = [
        {"when": "trust >= 90", "text": "Never shown."},
        {"when": "trust >= 50", "text": "Hi.", "speaker": "Priya, the CFO"},
    ]
    engine = engine_of(doc)
    start = engine.start().state
    assert (engine.text(start), engine.speaker(start)) == ("Hi.", "Priya, the CFO")
    doc["nodes"]["opening"]["variants"][1]["speaker"] = "narrator"
    engine = engine_of(doc)
    assert engine.speaker(engine.start().state) is None
    del doc["nodes"]["opening"]["variants"]
    doc["nodes"]["opening"]["speaker"] = "buyer"
    engine = engine_of(doc)
    assert engine.speaker(engine.start().state) == "Dana"


def test_narration_is_the_interrupt_text_then_each_check_nodes_text() -> None:
    doc = two_worlds()
    doc["interrupts"] = [{"when": "pressure >= 50", "next": "fit", "text": "Tam sighs."}]
    doc["nodes"]["opening"]["choices"][0]["pressure"] = 50
    engine = engine_of(doc)
    step = engine.choose(engine.start("small").state, 1)
    assert engine.narration(step) == [(None, "Tam sighs."), (None, "Tam looks at the slide.")]
    assert step.state.node == "lost"


# -- play --world / --seed -----------------------------------------------------------------


def test_play_in_a_named_world(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path, two_worlds()))
    code, out, err = run(capsys, "play", path, "--world", "small", "--choices", "pitch-big", "--json")
    report = json.loads(out)
    assert code == 0 and err == ""
    assert report["world"] == "small" and report["ending"]["id"] == "lost"
    assert report["steps"][0]["choice"] == 2 and report["steps"][0]["choice_id"] == "pitch-big"


def test_play_with_a_seed_repeats_the_draw(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path, two_worlds()))
    worlds = set()
    for seed in range(12):
        first = json.loads(run(capsys, "play", path, "--seed", str(seed), "--choices", "1", "--json")[1])["world"]
        again = json.loads(run(capsys, "play", path, "--seed", str(seed), "--choices", "1", "--json")[1])["world"]
        assert first == again
        worlds.add(first)
    assert worlds == {"big", "small"}


def test_a_seed_is_ignored_without_worlds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "play", str(write(tmp_path, minimal())), "--seed", "5", "--choices", "2", "--json")
    assert code == 0 and json.loads(out)["world"] is None


@pytest.mark.parametrize(
    ("doc", "world", "words"),
    [(two_worlds(), "medium", "its worlds are: big, small"), (minimal(), "big", "has no [[worlds]]")],
)
def test_play_world_naming_no_world_exits_2_listing_the_worlds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], doc: dict, world: str, words: str  # type: ignore[type-arg]
) -> None:
    path = str(write(tmp_path, doc))
    for extra in (["--choices", "1", "--json"], []):
        code, out, err = run(capsys, "play", path, "--world", world, *extra)
        assert code == 2 and out == "" and words in err and "Traceback" not in err


@pytest.mark.parametrize("seed", ["x", "1.5", "", "0x10", "\u0661"])
def test_play_seed_not_an_integer_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: str) -> None:
    code, out, err = run(capsys, "play", str(write(tmp_path, two_worlds())), "--seed", seed, "--choices", "1", "--json")
    assert code == 2 and out == "" and "--seed must be a whole number" in err


def test_negative_seeds_are_whole_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "play", str(write(tmp_path, two_worlds())), "--seed=-3", "--choices", "1", "--json")
    assert code == 0

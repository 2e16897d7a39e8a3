"""The secure analysis: information states, `secure`, turning points by what the player could
know, gambles and risk worlds, the worlds' warnings, and `secure == best` with one world."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.core.builders import choice, load_doc, minimal, two_worlds
from tests.core.test_cli import run, write
from trainer.compiled import CompiledScenario
from trainer.debrief import build_debrief
from trainer.engine import Engine, Transition
from trainer.secure import SecureAnalysis
from trainer.solver import NO_ENDING


def secure_of(doc: dict[str, Any], **kw: Any) -> tuple[Engine, SecureAnalysis]:
    loaded = load_doc(doc)
    assert loaded.ok and loaded.compiled is not None, [d.render() for d in loaded.diagnostics]
    return Engine(loaded.compiled), SecureAnalysis(loaded.compiled, **kw)


def play_picks(engine: Engine, world: str | None, picks: list[int]) -> tuple[Transition, list[Transition]]:
    """Start in `world`, then take the pick-th offered choice (wrapping) until the play ends."""
    state = start = engine.start(world)
    steps: list[Transition] = []
    for pick in picks:
        offers = engine.offered(state.state)
        if not offers:
            break
        state = engine.choose(state.state, offers[(pick - 1) % len(offers)].number)
        steps.append(state)
    return start, steps


def codes(doc: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in load_doc(doc).diagnostics:
        found.setdefault(d.code, []).append(d.toml_path)
    return found


def test_two_worlds_start_together_and_asking_tells_them_apart() -> None:
    _, analysis = secure_of(two_worlds())
    info = analysis.start_info("big")
    assert info == analysis.start_info("small")
    assert analysis.worlds_of(info) == ("big", "small")
    assert analysis.secure(info) == 3
    assert [analysis.secure_after(info, n) for n in (1, 2)] == [3, 0]
    after_ask = analysis.branches(info, 1)
    assert sorted(analysis.worlds_of(b) for b in after_ask) == [("big",), ("small",)]
    assert analysis.next_info(info, 1, "small") != analysis.next_info(info, 1, "big")
    # Pitching straight away ends the play: won in one world, lost in the other.
    endings = {analysis.worlds_of(b): analysis.secure(b) for b in analysis.branches(info, 2)}
    assert endings == {("big",): 3, ("small",): 0}
    # Budget: 4 (world, state) pairs and the one start information state of two pairs.
    assert (analysis.pair_count, analysis.info_count, analysis.expanded) == (4, 1, 3)


def test_a_gamble_that_worked_is_named_with_its_risk_worlds() -> None:
    engine, analysis = secure_of(two_worlds())
    start, steps = engine.replay([2], "big")
    debrief = build_debrief(engine, analysis, start, steps)
    (point,) = debrief.turning_points
    assert (point.kind, point.best_before, point.best_after) == ("gamble", 3, 3)
    assert (point.secure_before, point.secure_after, point.risk_worlds) == (3, 0, ("small",))
    assert [(a.number, a.choice_id) for a in point.winning_alternatives] == [(1, "ask")]
    assert debrief.world == "big" and debrief.secure_possible == 3 and debrief.stars == 3


def test_the_same_choice_in_the_other_world_is_lost() -> None:
    engine, analysis = secure_of(two_worlds())
    start, steps = engine.replay([2], "small")
    (point,) = build_debrief(engine, analysis, start, steps).turning_points
    assert (point.kind, point.best_after, point.risk_worlds) == ("lost", 0, ("small",))


def test_losing_stars_nobody_could_foresee_is_not_a_turning_point() -> None:
    doc = two_worlds()
    # Whatever is said first, the small buyer only ever refers you on (1 star at best there).
    doc["endings"]["referred"] = {"outcome": "referral", "stars": 1, "text": "Try my neighbour."}
    doc["nodes"]["small_talk"]["choices"][1]["next"] = "referred"
    engine, analysis = secure_of(doc)
    assert analysis.secure(analysis.start_info("small")) == 1
    start, steps = engine.replay([1, 2], "small")
    debrief = build_debrief(engine, analysis, start, steps)
    assert debrief.turning_points == () and debrief.stars == 1
    assert [(s.secure_before, s.secure_after) for s in debrief.steps] == [(1, 1), (1, 1)]


def test_after_the_worlds_are_told_apart_secure_is_best() -> None:
    engine, analysis = secure_of(two_worlds())
    start, steps = engine.replay([1, 1], "small")
    debrief = build_debrief(engine, analysis, start, steps)
    assert [(s.best_before, s.best_after, s.secure_before, s.secure_after) for s in debrief.steps] == [
        (3, 3, 3, 3),
        (3, 0, 3, 0),
    ]
    (point,) = debrief.turning_points
    assert (point.step, point.kind, point.risk_worlds) == (2, "lost", ("small",))


def loop_doc() -> dict[str, Any]:
    """Waiting builds trust in a loop; only a patient player hears which buyer this is."""
    doc = two_worlds()
    doc["nodes"]["opening"]["choices"].append(choice("Take your time.", "connect", "wait", trust=10, id="wait"))
    doc["nodes"]["opening"]["choices"][0]["when"] = "trust >= 70"
    doc["nodes"]["wait"] = {"routes": [{"next": "opening"}]}
    return doc


def test_loops_are_solved_too() -> None:
    engine, analysis = secure_of(loop_doc())
    info = analysis.start_info("small")
    assert analysis.secure(info) == 3  # wait twice, then ask
    assert [analysis.secure_after(info, n) for n in (1, 2)] == [0, 3]  # only pitch-big and wait offered
    start, steps = engine.replay(["wait", "wait", "ask"] and [2, 2, 1, 2], "small")
    debrief = build_debrief(engine, analysis, start, steps)
    assert debrief.turning_points == () and debrief.stars == 3


def test_an_ending_that_cannot_be_made_sure_of_is_secure_zero() -> None:
    doc = two_worlds()
    # Each buyer needs the other plan, and nothing tells them apart before the choice.
    doc["nodes"]["opening"]["choices"] = [
        choice("The big plan.", "pitch", "fit"),
        choice("The small plan.", "pitch", "small_fit"),
    ]
    doc["nodes"]["small_fit"] = {"routes": [{"when": "big", "next": "lost"}, {"next": "won"}]}
    del doc["nodes"]["sizes"], doc["nodes"]["big_talk"], doc["nodes"]["small_talk"]
    _, analysis = secure_of(doc)
    info = analysis.start_info("big")
    assert analysis.secure(info) == 0
    assert analysis.world("big").best_possible == 3 and analysis.world("small").best_possible == 3
    assert "late-discovery" in codes(doc)


def test_worlds_that_no_play_tells_apart_are_a_warning() -> None:
    doc = two_worlds()
    doc["nodes"]["fit"]["routes"] = [{"next": "won"}]
    doc["nodes"]["sizes"]["routes"] = [{"when": "big", "next": "big_talk"}, {"next": "big_talk"}]
    del doc["nodes"]["small_talk"]
    assert codes(doc)["worlds-alike"] == ["worlds[1]"]


def test_worlds_told_apart_only_by_the_ending_are_not_alike() -> None:
    doc = two_worlds()
    doc["nodes"]["opening"]["choices"] = [choice("The big plan.", "pitch", "fit")]
    del doc["nodes"]["sizes"], doc["nodes"]["big_talk"], doc["nodes"]["small_talk"]
    found = codes(doc)
    assert "worlds-alike" not in found and "late-discovery" not in found  # the small world offers 0 anyway


def hidden_difference_doc() -> dict[str, Any]:
    """Two worlds start at different nodes that look the same; choice 1 differs in its effect."""
    doc = two_worlds()
    doc["start"] = "gate"
    doc["nodes"]["gate"] = {"routes": [{"when": "big", "next": "opening"}, {"next": "opening_small"}]}
    twin = json.loads(json.dumps(doc["nodes"]["opening"]))
    twin["choices"][0]["trust"] = 5
    doc["nodes"]["opening_small"] = twin
    return doc


def test_same_text_different_consequences_in_worlds_not_told_apart_is_a_warning() -> None:
    found = codes(hidden_difference_doc())
    assert found["hidden-difference"] == ["nodes.opening.choices[0]"]
    message = next(d.message for d in load_doc(hidden_difference_doc()).diagnostics if d.code == "hidden-difference")
    assert "nodes.opening_small.choices[0]" in message and '"big", "small"' in message


def test_same_text_same_consequences_is_no_warning() -> None:
    doc = hidden_difference_doc()
    doc["nodes"]["opening_small"]["choices"][0]["trust"] = 0
    assert "hidden-difference" not in codes(doc)


def test_the_good_two_world_scenario_has_none_of_the_worlds_warnings() -> None:
    assert load_doc(two_worlds()).diagnostics == []


def test_the_budget_counts_every_world_and_information_state() -> None:
    _, full = secure_of(two_worlds())
    assert full.state_count == 5
    _, small = secure_of(two_worlds(), budget=4)
    assert small.too_large and small.secure(small.start_info("big")) is None
    # every world fitted, the information states did not: no world's best is known either
    assert small.pair_count == 4 and small.world("big").best_possible is None and small.best_possible is None
    assert small.world("big").stuck_states() == []
    engine = Engine(small.compiled)
    start, steps = engine.replay([2], "big")
    debrief = build_debrief(engine, small, start, steps)
    assert debrief.turning_points == () and debrief.secure_possible is None
    assert [(s.best_before, s.secure_before, s.secure_after) for s in debrief.steps] == [(None, None, None)]


def test_too_large_with_worlds_is_the_same_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = [d for d in load_doc(two_worlds(), budget=4).diagnostics if d.code == "too-many-states"]
    assert len(found) == 1 and "too large to analyse" in found[0].message
    code, out, _ = run(capsys, "play", str(write(tmp_path, two_worlds())), "--world", "big", "--choices", "2",
                       "--json", "--max-states", "4")
    report = json.loads(out)
    assert code == 0 and report["secure_possible"] is None and report["turning_points"] == []


def test_play_report_with_worlds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(write(tmp_path, two_worlds()))
    code, out, _ = run(capsys, "play", path, "--world", "big", "--choices", "2", "--json")
    assert code == 0
    assert json.loads(out) == {
        "scenario": "two",
        "world": "big",
        "steps": [
            {"node": "opening", "choice": 2, "choice_id": "pitch-big", "tactic": "pitch", "trust": 50, "pressure": 10,
             "best_before": 3, "best_after": 3, "secure_before": 3, "secure_after": 0},
        ],
        "ending": {"id": "won", "outcome": "won", "stars": 3},
        "best_possible": 3,
        "secure_possible": 3,
        "turning_points": [
            {"step": 1, "tactic": "pitch", "kind": "gamble", "best_before": 3, "best_after": 3, "secure_before": 3,
             "secure_after": 0, "risk_worlds": ["small"],
             "winning_alternatives": [{"choice": 1, "choice_id": "ask", "tactic": "qualify"}]},
        ],
    }


# -- one world: secure is best ---------------------------------------------------------------


@st.composite
def one_world_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Small random scenarios with loops, flags, meters, interrupts and check nodes."""
    count = draw(st.integers(2, 6))
    names = [f"n{i}" for i in range(count)]
    endings = {"won": 3, "ref": 2, "meh": 1, "lost": 0}
    targets = st.sampled_from(names + list(endings))
    nodes: dict[str, Any] = {}
    for i, name in enumerate(names):
        if i > 0 and draw(st.booleans()) and draw(st.booleans()):
            nodes[name] = {"routes": [{"when": draw(st.sampled_from(["f", "trust >= 60", "not f"])),
                                       "next": draw(targets)}, {"next": draw(st.sampled_from(list(endings)))}]}
            continue
        choices = []
        for j in range(draw(st.integers(1, 3))):
            extra: dict[str, Any] = {"trust": draw(st.sampled_from([0, 10, -10, "%+30"]))}
            if draw(st.booleans()):
                extra["set"] = ["f"]
            if j > 0 and draw(st.booleans()):
                extra["when"] = draw(st.sampled_from(["f", "trust >= 60", "not f"]))
            choices.append(choice(f"say {j}", "ask", draw(targets), **extra))
        nodes[name] = {"text": f"Node {i}.", "choices": choices}
    nodes["n0"]["choices"][0]["set"] = ["f"]
    return {
        "format": 1, "id": "gen", "title": "Gen", "start": "n0", "buyer": {"name": "B"},
        "meters": {"trust": 50, "pressure": 10},
        "interrupts": [{"when": "trust >= 90", "next": "lost"}] if draw(st.booleans()) else [],
        "nodes": nodes,
        "endings": {k: {"outcome": "won" if v == 3 else "lost", "stars": v, "text": "."} for k, v in endings.items()},
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_world_scenarios())
def test_with_one_world_secure_is_best_in_every_state(doc: dict[str, Any]) -> None:
    loaded = load_doc(doc)
    if loaded.compiled is None:
        return  # soft-locks and other invalid draws are the validator's business
    compiled = CompiledScenario(loaded.compiled.scenario)
    general = SecureAnalysis(compiled, general=True)
    best = general.world(None)
    states = list(best.states())
    assert general.info_count == 0
    start = general.start_info(None)
    assert start is not None
    # Walk every information state from the start: secure is best, and so is secure_after
    # (soft-locked states included: no ending is sure exactly where none is reachable).
    seen = {start}
    frontier = [start]
    while frontier:
        info = frontier.pop()
        if info < 0:
            assert general.raw_secure(info) == compiled.ending_stars[compiled.target_of[str(general.ending_of(info))] - compiled.node_count]
            continue
        ((world, j),) = general.pairs(info)
        node, t, p, f = states[j]
        assert world is None and general.raw_secure(info) == best._best[j]
        for n, c in enumerate(compiled.offered(node, t, p, f), start=1):
            target, t2, p2, f2, _ = compiled.apply(c, t, p, f)
            after = [general.raw_secure(b) for b in general.branches(info, n)]
            expected = compiled.stars(target) if compiled.is_ending(target) else best._best[best._ids[best._key(target, t2, p2, f2)]]
            assert after == [expected]
            for branch in general.branches(info, n):
                if branch not in seen:
                    seen.add(branch)
                    frontier.append(branch)
    assert general.expanded == len([i for i in seen if i >= 0]) == best.state_count
    if loaded.ok:
        assert NO_ENDING not in best._best and general.secure(start) == best.best_possible


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_world_scenarios(), st.lists(st.integers(1, 3), max_size=8))
def test_with_one_world_turning_points_are_todays(doc: dict[str, Any], picks: list[int]) -> None:
    loaded = load_doc(doc)
    if not loaded.ok or loaded.compiled is None:
        return
    engine = Engine(loaded.compiled)
    start, steps = play_picks(engine, None, picks)
    for analysis in (SecureAnalysis(loaded.compiled), SecureAnalysis(loaded.compiled, general=True)):
        debrief = build_debrief(engine, analysis, start, steps)
        for s in debrief.steps:
            assert (s.secure_before, s.secure_after) == (s.best_before, s.best_after)
            assert s.is_turning_point == (s.best_after < s.best_before)  # type: ignore[operator]
            assert [a.number for a in s.winning_alternatives] == (
                [a.number for a in s.alternatives if a.best_after == s.best_before] if s.is_turning_point else []
            )
            assert s.risk_worlds == ()


# -- arbitrary worlds over generated scenarios -------------------------------------------------

world_entries = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "b", "c"]) | st.text(max_size=6), "label": st.sampled_from(["A.", "B."]) | st.text(max_size=12)},
    optional={
        "set": st.lists(st.sampled_from(["f", "f", "g", "Bad", "trust", ""]), max_size=3),
        "weight": st.integers(1, 3) | st.integers(-2, 1002) | st.booleans() | st.floats(allow_nan=False, allow_infinity=False),
        "x_note": st.text(max_size=3),
        "oops": st.integers(),
    },
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(one_world_scenarios(), st.lists(world_entries, max_size=10) | st.none() | st.integers() | st.text(max_size=3),
       st.lists(st.integers(1, 3), max_size=6))
def test_arbitrary_world_sets_never_raise(doc: dict[str, Any], worlds: Any, picks: list[int]) -> None:
    if worlds is not None:
        doc["worlds"] = worlds
    loaded = load_doc(doc)
    assert all(d.file == "test.toml" and d.message for d in loaded.diagnostics)
    if not loaded.ok or loaded.compiled is None or loaded.analysis is None:
        return
    engine = Engine(loaded.compiled)
    for world in loaded.analysis.worlds:
        start, steps = play_picks(engine, world, picks)
        debrief = build_debrief(engine, loaded.analysis, start, steps)
        for s in debrief.turning_points:
            if loaded.scenario is not None and loaded.scenario.worlds:
                assert s.risk_worlds and set(s.risk_worlds) <= set(loaded.analysis.worlds)
            else:
                assert s.risk_worlds == ()
            assert s.kind in ("lost", "gamble")


def test_minimal_still_has_no_worlds() -> None:
    _, analysis = secure_of(minimal())
    assert analysis.worlds == [None] and analysis.never_told_apart() == [] and analysis.hidden_differences == []


# -- an independent check: information states built from what the engine shows -----------------


@st.composite
def world_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """Generated scenarios with 2-3 worlds and texts drawn from small pools, so that different
    nodes often look the same and worlds stay together for a while."""
    doc = draw(one_world_scenarios())
    texts = st.sampled_from(["Hm.", "Go on.", "Well."])
    for node in doc["nodes"].values():
        if "choices" in node:
            node["text"] = draw(texts)
            for c in node["choices"]:
                c["text"] = draw(st.sampled_from(["Yes.", "Tell me more.", "No."]))
            if draw(st.booleans()):
                node["variants"] = [{"when": "f", "text": draw(texts), **({"speaker": "Sam"} if draw(st.booleans()) else {})}]
        elif draw(st.booleans()):
            node["text"] = draw(texts)
    for interrupt in doc["interrupts"]:
        if draw(st.booleans()):
            interrupt["text"] = "Enough."
    count = draw(st.integers(2, 3))
    doc["worlds"] = [{"id": "a", "label": "A.", "set": ["f"]}, {"id": "b", "label": "B."}][:count]
    if count == 3:
        doc["worlds"].append({"id": "c", "label": "C.", "set": ["f", "g"]})
        doc["nodes"]["n0"]["choices"][0]["when"] = "not g or trust >= 50"
    return doc


def brute_force(engine: Engine, worlds: list[str]) -> tuple[dict[str, Any], dict[Any, int], dict[Any, list[list[Any]]]]:
    """Information states as frozensets of engine states, grouped by the texts a player sees;
    secure by plain fixed-point iteration."""

    def seen(transition: Any) -> tuple[Any, ...]:
        state = transition.state
        shown: tuple[Any, ...] = ("end", state.node) if state.ended else (
            engine.text(state), engine.speaker(state), tuple(o.choice.text for o in engine.offered(state)))
        return (tuple(text for _, text in engine.narration(transition)), shown)  # narration's texts only

    def group(transitions: list[Any]) -> list[frozenset[Any]]:
        groups: dict[Any, set[Any]] = {}
        for t in transitions:
            groups.setdefault(seen(t), set()).add(t.state)
        return [frozenset(g) for g in groups.values()]

    starts = {}
    for info in group([engine.start(w) for w in worlds]):
        for state in info:
            starts[state.world] = info
    moves: dict[Any, list[list[Any]]] = {}
    frontier = list(set(starts.values()))
    while frontier:
        info = frontier.pop()
        if info in moves or next(iter(info)).ended:
            continue
        count = len(engine.offered(next(iter(info))))
        moves[info] = [group([engine.choose(s, n) for s in info]) for n in range(1, count + 1)]
        frontier.extend(b for branches in moves[info] for b in branches)
    secure: dict[Any, int] = {}
    for level in (3, 2, 1, 0):
        changed = True
        while changed:
            changed = False
            for info, branches in moves.items():
                if info in secure:
                    continue
                if any(all(_sure(b, level, secure, engine) for b in options) for options in branches):
                    secure[info] = level
                    changed = True
    return starts, secure, moves


def _sure(info: Any, level: int, secure: dict[Any, int], engine: Engine) -> bool:
    state = next(iter(info))
    if state.ended:
        return engine.scenario.endings[state.node].effective_stars >= level
    return secure.get(info, -1) >= level


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world_scenarios(), st.lists(st.integers(1, 3), max_size=10))
def test_secure_matches_a_brute_force_over_the_engines_texts(doc: dict[str, Any], picks: list[int]) -> None:
    loaded = load_doc(doc)
    if loaded.compiled is None or loaded.scenario is None or loaded.analysis is None:
        return
    engine = Engine(loaded.compiled)
    analysis = loaded.analysis
    worlds = [w.id for w in loaded.scenario.worlds or ()]
    starts, secure, moves = brute_force(engine, worlds)
    event(f"information states of 2+ worlds: {analysis.info_count > 0}")
    assert analysis.expanded == len(moves)
    for world in worlds:
        mine, theirs = analysis.start_info(world), starts[world]
        assert mine is not None
        for pick in [*picks, None]:
            assert set(analysis.worlds_of(mine)) == {s.world for s in theirs}
            if mine < 0:
                assert next(iter(theirs)).ended and analysis.ending_of(mine) == next(iter(theirs)).node
                break
            assert analysis.raw_secure(mine) == secure.get(theirs, -1)
            options = moves[theirs]
            for n, branches in enumerate(options, start=1):
                expected = min(
                    engine.scenario.endings[next(iter(b)).node].effective_stars if next(iter(b)).ended else max(secure.get(b, -1), 0)
                    for b in branches
                )
                assert analysis.secure_after(mine, n) == expected
            if pick is None or not options:
                break
            n = (pick - 1) % len(options) + 1
            mine = analysis.next_info(mine, n, world)
            theirs = next(b for b in options[n - 1] if any(s.world == world for s in b))

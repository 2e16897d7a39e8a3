"""The built-in library, checked as a whole: structure, validity and pedagogy.

New scenarios added to `scenarios/` are checked by these tests too.
"""

from __future__ import annotations

from collections import Counter, deque
from functools import cache

import pytest

from trainer.debrief import build_debrief
from trainer.engine import Engine
from trainer.library import BUILTIN_PACK_DIR
from trainer.model import Difficulty, Tactic
from trainer.policies import helper, play_out, pusher
from trainer.validation import LoadedPack, LoadedScenario, load_pack

LESSONS = ("qualifying", "connecting", "trust", "asking", "helping")


@cache
def pack() -> LoadedPack:
    return load_pack(BUILTIN_PACK_DIR, keep_analyses=True)


def scenario_files() -> list[str]:
    return sorted(p.name for p in (BUILTIN_PACK_DIR / "scenarios").glob("*.toml"))


def loaded(name: str) -> LoadedScenario:
    return next(s for s in pack().scenarios if s.path.name == name)


def best_ending_stars(item: LoadedScenario) -> int:
    assert item.scenario is not None
    return max(e.effective_stars for e in item.scenario.endings.values())


def test_the_pack_manifest_is_valid() -> None:
    assert pack().manifest_ok, [d.render() for d in pack().diagnostics]


def test_library_size_lessons_and_difficulties() -> None:
    scenarios = [s.scenario for s in pack().scenarios if s.scenario is not None]
    assert len(scenarios) >= 10
    lessons = Counter(tag for s in scenarios for tag in set(s.tags) if tag in LESSONS)
    assert all(lessons[lesson] >= 2 for lesson in LESSONS), lessons
    difficulty = Counter(s.difficulty for s in scenarios)
    assert difficulty[Difficulty.BEGINNER] >= 3
    assert difficulty[Difficulty.INTERMEDIATE] >= 3
    assert difficulty[Difficulty.ADVANCED] >= 2


@pytest.mark.parametrize("name", scenario_files())
def test_scenario_validates_with_no_warnings_and_its_best_ending_is_reachable(name: str) -> None:
    item = loaded(name)
    assert item.diagnostics == [], "\n".join(d.render() for d in item.diagnostics)
    assert item.analysis is not None and not item.analysis.too_large
    assert item.analysis.best_possible == best_ending_stars(item)


@pytest.mark.parametrize("name", scenario_files())
def test_scenario_shape(name: str) -> None:
    item = loaded(name)
    s = item.scenario
    assert s is not None
    assert len(s.nodes) >= 15 and len(s.endings) >= 3
    assert s.lesson and s.buyer.persona and s.buyer.needs and s.summary
    assert any(tag in LESSONS for tag in s.tags)
    assert any(n.is_check for n in s.nodes.values()) or s.interrupts
    assert any(n.facilitator for n in s.nodes.values())
    choices = [c for n in s.nodes.values() for c in n.choices or ()]
    assert any(c.when for c in choices) or any(n.variants for n in s.nodes.values()) or any(n.is_check for n in s.nodes.values())
    assert any(c.trust for c in choices) and any(c.pressure for c in choices)
    assert all(c.feedback for c in choices)


@pytest.mark.parametrize("name", scenario_files())
def test_at_least_six_decisions_on_the_shortest_path_to_the_best_ending(name: str) -> None:
    item = loaded(name)
    assert item.compiled is not None
    c = item.compiled
    best = best_ending_stars(item)
    start = c.start()
    assert not c.is_ending(start[0])
    seen = {start}
    queue = deque([(start, 0)])
    shortest = None
    while queue and shortest is None:
        (node, t, p, f), depth = queue.popleft()
        for choice in c.offered(node, t, p, f):
            nxt = c.apply(choice, t, p, f)[:4]
            if c.is_ending(nxt[0]):
                if c.stars(nxt[0]) == best:
                    shortest = depth + 1
                    break
            elif nxt not in seen:
                seen.add(nxt)
                queue.append((nxt, depth + 1))
    assert shortest is not None and shortest >= 6, shortest


def policy_stars(item: LoadedScenario, policy) -> int | None:  # type: ignore[no-untyped-def]
    assert item.compiled is not None
    engine = Engine(item.compiled)
    _, steps = play_out(engine, policy)
    final = steps[-1].state if steps else engine.start().state
    ending = engine.ending(final)
    return ending.effective_stars if ending else None


@pytest.mark.parametrize("name", scenario_files())
def test_the_pusher_never_reaches_the_best_stars(name: str) -> None:
    item = loaded(name)
    assert policy_stars(item, pusher) != best_ending_stars(item)


def test_the_naive_helper_misses_the_best_stars_in_at_least_half_the_scenarios() -> None:
    items = [s for s in pack().scenarios if s.ok]
    misses = [s.path.name for s in items if policy_stars(s, helper) != best_ending_stars(s)]
    assert len(misses) * 2 >= len(items), f"the helper bot wins too often; it misses only {misses}"


@pytest.mark.parametrize("name", scenario_files())
def test_some_turning_point_is_saved_by_a_qualify_or_help_choice(name: str) -> None:
    item = loaded(name)
    assert item.compiled is not None and item.analysis is not None
    c, analysis = item.compiled, item.analysis.world(None)
    for node, t, p, f in analysis.states():
        before = analysis.best(node, t, p, f)
        outcomes = [(choice, analysis.best(*c.apply(choice, t, p, f)[:4])) for choice in c.offered(node, t, p, f)]
        someone_loses = any(after is not None and before is not None and after < before for _, after in outcomes)
        pulling_keeps = any(after == before and choice.tactic in (Tactic.QUALIFY, Tactic.HELP) for choice, after in outcomes)
        if someone_loses and pulling_keeps:
            return
    pytest.fail("no decision where a qualify or help choice keeps the best outcome that another choice loses")


def test_debriefs_of_bot_plays_build() -> None:
    for item in pack().scenarios:
        if item.ok and item.compiled is not None:
            engine = Engine(item.compiled)
            start, steps = play_out(engine, pusher)
            debrief = build_debrief(engine, item.analysis, start, steps)
            assert debrief.ending is not None

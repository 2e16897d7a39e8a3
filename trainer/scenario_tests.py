"""`[[tests]]` in a scenario file: scripted plays that must be playable and end as written.

A test plays its choices (numbers among those offered, or choice ids) in its
world, or in every world. It fails when a choice is not offered (naming the
step, the world and the choices that were offered), when a choice comes after
an ending, or when `ending` or `stars` is given and the play is not at such an
ending after its last choice (naming the ending reached, or the node where it
stopped). `validate` and `playtest` report failures as errors; `play` and the
game still play the scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.codes import Code
from trainer.diagnostics import Diagnostic, DiagnosticList, TomlPath
from trainer.engine import Engine, Offer, PlayState
from trainer.loader import LoadedScenario, reread
from trainer.model import ScenarioTest


@dataclass(frozen=True, slots=True)
class TestFailure:
    """One test that failed in one world."""

    index: int  # the test's position in `[[tests]]`
    name: str
    world: str | None
    path: TomlPath
    reason: str

    @property
    def message(self) -> str:
        where = f' in world "{self.world}"' if self.world is not None else ""
        return f'test "{self.name}" fails{where}: {self.reason}'


def run_tests(engine: Engine) -> list[TestFailure]:
    """Play every test of the engine's scenario in its world(s); the failures, in file order."""
    scenario = engine.scenario
    every_world = [w.id for w in scenario.worlds] if scenario.worlds else [None]
    failures: list[TestFailure] = []
    for index, test in enumerate(scenario.tests):
        for world in [test.world] if test.world is not None else every_world:
            failure = _run(engine, index, test, world)
            if failure is not None:
                failures.append(failure)
    return failures


def _run(engine: Engine, index: int, test: ScenarioTest, world: str | None) -> TestFailure | None:
    def fail(reason: str, *where: str | int) -> TestFailure:
        return TestFailure(index, test.name, world, ("tests", index, *where), reason)

    state = engine.start(world).state
    for step, entry in enumerate(test.choices, start=1):
        if state.ended:
            return fail(
                f'step {step} ({_entry(entry)}) comes after the play ended at ending "{state.node}"', "choices", step - 1
            )
        offers = engine.offered(state)
        number = _number(offers, entry)
        if number is None:
            return fail(
                f'step {step} ({_entry(entry)}) is not offered at node "{state.node}"; offered: '
                + "; ".join(_describe(o) for o in offers),
                "choices",
                step - 1,
            )
        state = engine.choose(state, number).state
    if test.ending is not None and not (state.ended and state.node == test.ending):
        return fail(f'expected the ending "{test.ending}", but {_where(state)}', "ending")
    if test.stars is not None:
        ending = engine.ending(state)
        if ending is None or ending.effective_stars != test.stars:
            got = f"it ended with {ending.effective_stars} stars" if ending is not None else _where(state)
            return fail(f"expected {test.stars} stars, but {got}", "stars")
    return None


def _number(offers: list[Offer], entry: int | str) -> int | None:
    if isinstance(entry, int):
        return entry if 1 <= entry <= len(offers) else None
    return next((o.number for o in offers if o.choice.id == entry), None)


def _entry(entry: int | str) -> str:
    return str(entry) if isinstance(entry, int) else f'"{entry}"'


def _describe(offer: Offer) -> str:
    named = f' (id "{offer.choice.id}")' if offer.choice.id is not None else ""
    return f'{offer.number}{named} "{offer.choice.text}"'


def _where(state: PlayState) -> str:
    if state.ended:
        return f'it reached the ending "{state.node}"'
    return f'it stopped at node "{state.node}" before any ending'


def test_diagnostics(loaded: LoadedScenario) -> list[Diagnostic]:
    """Failing tests of a valid loaded scenario as `test-failed` errors (file, line, path)."""
    if not loaded.ok or loaded.compiled is None or loaded.scenario is None or not loaded.scenario.tests:
        return []
    failures = run_tests(Engine(loaded.compiled))
    if not failures:
        return []
    label = loaded.label or str(loaded.path)
    problems = DiagnosticList(label, reread(loaded).diagnostics.locate)
    for failure in failures:
        problems.error(failure.message, failure.path, code=Code.TEST_FAILED)
    return problems.items


test_diagnostics.__test__ = False  # type: ignore[attr-defined]  # not a pytest test, despite its name
TestFailure.__test__ = False  # type: ignore[attr-defined]

"""Property tests: meters stay in range, offered choices never raise, bad bytes never crash."""

from __future__ import annotations

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURES
from trainer.engine import Engine
from trainer.validation import load_scenario, load_scenario_bytes

FIRST_CALL = load_scenario(FIXTURES / "first-call.toml")
assert FIRST_CALL.compiled is not None
ENGINE = Engine(FIRST_CALL.compiled)


@given(st.lists(st.integers(min_value=0, max_value=20), max_size=40))
def test_any_sequence_of_offered_choices_keeps_meters_in_range(picks: list[int]) -> None:
    state = ENGINE.start().state
    for pick in picks:
        offers = ENGINE.offered(state)
        if state.ended:
            assert offers == []
            break
        assert 1 <= len(offers) <= 9
        state = ENGINE.choose(state, offers[pick % len(offers)].number).state
        assert 0 <= state.trust <= 100 and 0 <= state.pressure <= 100
        assert state.node in ENGINE.scenario.nodes or state.node in ENGINE.scenario.endings


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    loaded = load_scenario_bytes(raw, "fuzz.toml")
    assert loaded.scenario is None or loaded.ok


toml_values = st.recursive(
    st.none().map(lambda _: "x") | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
scenario_keys = st.sampled_from(
    ["format", "id", "title", "start", "buyer", "meters", "nodes", "endings", "interrupts", "tags", "lesson", "x_y"]
)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=200)
@given(st.dictionaries(scenario_keys | st.text(max_size=8), toml_values, max_size=10))
def test_arbitrary_toml_documents_never_raise(doc: dict) -> None:  # type: ignore[type-arg]
    loaded = load_scenario_bytes(tomli_w.dumps(doc).encode(), "fuzz.toml")
    assert loaded.scenario is None or loaded.ok
    assert all(d.file == "fuzz.toml" for d in loaded.diagnostics)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=100)
@given(st.data())
def test_mutated_valid_scenarios_never_raise(data: st.DataObject) -> None:
    import tomllib

    doc = tomllib.loads((FIXTURES / "first-call.toml").read_text())
    node = data.draw(st.sampled_from(sorted(doc["nodes"])))
    key = data.draw(st.sampled_from(["text", "choices", "routes", "variants", "speaker"]))
    doc["nodes"][node][key] = data.draw(toml_values)
    load_scenario_bytes(tomli_w.dumps(doc).encode(), "mutant.toml")

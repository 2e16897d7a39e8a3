"""Starting a play from a state: only states some play reaches, else a reason; the play goes on
by the engine's rules and its debrief reviews only what was chosen from there."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.builders import choice, load_doc, minimal, two_worlds
from trainer.engine import Engine
from trainer.errors import TrainerError
from trainer.game.play import PlaySession
from trainer.start_at import StartAt, Unreachable, reach
from trainer.validation import load_scenario
from trainer.worlds import UnknownWorld

CLINIC = Path(__file__).parent.parent / "fixtures" / "clinic-bookings.toml"


def meters_loop() -> dict:
    """Asking raises trust by 10 each time, up to 80; a close wins at 70 or more."""
    doc = minimal()
    doc["nodes"] = {
        "opening": {
            "text": "Hello.",
            "choices": [
                choice("Tell me more.", "ask", "opening", trust=10, set=["asked"]),
                choice("Sign today?", "close", "decide"),
            ],
        },
        "decide": {"routes": [{"when": "trust >= 70", "next": "won"}, {"next": "lost"}]},
    }
    return doc


def test_a_reachable_state_is_reached_by_a_shortest_path() -> None:
    loaded = load_doc(meters_loop())
    reached = reach(loaded, StartAt("opening", trust=70))
    assert reached.path == (1, 1)
    assert (reached.state.trust, reached.state.pressure, reached.state.flags) == (70, 10, frozenset({"asked"}))
    # the path really leads there by the engine's rules
    _, steps = Engine(loaded.compiled).replay(reached.path)  # type: ignore[arg-type]
    assert steps[-1].state == reached.state


def test_exact_flags_must_match_the_whole_set() -> None:
    loaded = load_doc(meters_loop())
    assert reach(loaded, StartAt("opening", flags=frozenset())).path == ()
    assert reach(loaded, StartAt("opening", flags=frozenset({"asked"}))).path == (1,)
    with pytest.raises(Unreachable, match="nearest reachable: trust 60, pressure 10, flags asked"):
        reach(loaded, StartAt("opening", trust=50, flags=frozenset({"asked"})))


def test_an_unreachable_meter_says_what_is_reachable_there() -> None:
    loaded = load_doc(meters_loop())
    with pytest.raises(Unreachable) as caught:
        reach(loaded, StartAt("opening", trust=75, pressure=10))
    message = str(caught.value)
    assert 'no play reaches "opening" with trust 75, pressure 10' in message
    assert "trust runs 50 to 100" in message and "pressure 10 to 10" in message
    assert "nearest reachable: trust 70" in message or "nearest reachable: trust 80" in message


@pytest.mark.parametrize(
    ("at", "words"),
    [
        (StartAt("nowhere"), 'there is no node "nowhere"; the scene nodes are: opening'),
        (StartAt("won"), '"won" is an ending'),
        (StartAt("decide"), '"decide" is a check node'),
        (StartAt("opening", trust=101), "trust must be from 0 to 100, not 101"),
        (StartAt("opening", pressure=-1), "pressure must be from 0 to 100, not -1"),
        (StartAt("opening", flags=frozenset({"typo"})), 'no choice or world sets the flag "typo"; the flags are: asked'),
        (StartAt("opening", world="big"), 'there is no world "big": this scenario has no [[worlds]]'),
    ],
)
def test_a_malformed_start_says_why(at: StartAt, words: str) -> None:
    with pytest.raises(TrainerError) as caught:
        reach(load_doc(meters_loop()), at)
    assert words in str(caught.value)


def test_worlds_are_kept_apart() -> None:
    loaded = load_doc(two_worlds())
    assert reach(loaded, StartAt("big_talk")).state.world == "big"  # the first world that reaches it
    assert reach(loaded, StartAt("small_talk")).state.world == "small"
    with pytest.raises(Unreachable, match='no play reaches "big_talk" in world "small"'):
        reach(loaded, StartAt("big_talk", world="small"))
    with pytest.raises(UnknownWorld, match="its worlds are: big, small"):
        reach(loaded, StartAt("big_talk", world="huge"))
    # the world's own flags count: in "big", "big" is set from the start
    assert reach(loaded, StartAt("opening", world="big", flags=frozenset({"big"}))).path == ()
    with pytest.raises(Unreachable):
        reach(loaded, StartAt("opening", world="big", flags=frozenset()))


def test_a_scenario_too_large_to_analyse_says_so() -> None:
    loaded = load_doc(meters_loop(), budget=1)
    assert loaded.ok
    with pytest.raises(Unreachable, match="too large to analyse"):
        reach(loaded, StartAt("opening"))


def test_a_session_started_from_a_state_plays_and_reviews_from_there() -> None:
    loaded = load_doc(meters_loop())
    session = PlaySession.begin_at(loaded, StartAt("opening", trust=60))
    assert session.origin == 1 and session.state.trust == 60 and session.choices_made == []
    assert session.started_at == session.state
    session.choose(1)  # 70
    session.choose(2)  # the close wins at 70
    assert session.ended and session.state.node == "won"
    debrief = session.debrief()
    assert [s.step for s in debrief.steps] == [1, 2]
    assert [s.tactic.value for s in debrief.steps] == ["ask", "close"]
    assert debrief.best_possible == 3 and debrief.secure_possible == 3
    # restarting comes back to the state it started from; a rewind never goes before it
    again = session.restarted()
    assert again.state.trust == 60 and again.choices_made == []
    assert session.rewound(2).state.trust == 70 and len(session.rewound(1).choices_made) == 0
    with pytest.raises(ValueError):
        session.rewound(3)


def test_the_debrief_judges_a_started_play_by_what_the_player_could_know() -> None:
    # In the clinic, a play started after the buyer was told apart is judged as that play would be.
    loaded = load_scenario(CLINIC)
    assert loaded.ok and loaded.scenario is not None and loaded.scenario.worlds
    node = loaded.scenario.start
    world = loaded.scenario.worlds[0].id
    session = PlaySession.begin_at(loaded, StartAt(node, world=world))
    full = PlaySession.begin(loaded, world)
    assert session.state == full.state and session.origin == 0
    for number in (1, 1):
        if session.ended:
            break
        session.choose(number)
        full.choose(number)
    assert session.debrief() == full.debrief()


def test_a_drawn_lost_state_in_a_looping_scenario_is_a_start_too() -> None:
    loaded = load_doc(meters_loop())
    session = PlaySession.begin_at(loaded, StartAt("opening", trust=50))
    session.choose(2)
    review = session.debrief().steps[0]
    assert review.best_before == 3 and review.best_after == 0 and review.is_turning_point


def test_the_way_a_play_took_is_kept_when_it_still_leads_there() -> None:
    loaded = load_doc(two_worlds())
    # in "small", asking first reaches small_talk; given that way, it is the way kept
    reached = reach(loaded, StartAt("small_talk", world="small", by=(1,)))
    assert reached.path == (1,) and reached.state.world == "small"
    # a way that leads elsewhere is not kept: the shortest way is found instead
    looping = load_doc(meters_loop())
    assert reach(looping, StartAt("opening", trust=60, by=(1, 1))).path == (1,)
    assert reach(looping, StartAt("opening", trust=60, by=(7,))).path == (1,)

"""`play --watch`'s replay of a play on a new version of its scenario (`trainer.game.live`)."""

from __future__ import annotations

import copy

from tests.core.builders import load_doc, minimal
from trainer.game.live import replay_on
from trainer.game.play import PlaySession


def test_a_choice_no_longer_offered_stops_the_replay_where_it_is_and_says_so() -> None:
    doc = minimal()
    old = PlaySession.begin(load_doc(doc))
    old.choose(2)  # "What brings you here?" -> won
    same = replay_on(old, load_doc(copy.deepcopy(doc)))
    assert (same.replayed, same.wanted, same.divergence) == (1, 1, None)
    assert same.session.state.node == "won"
    fewer = copy.deepcopy(doc)
    del fewer["nodes"]["opening"]["choices"][1]  # choice 2 is gone
    gone = replay_on(old, load_doc(fewer))
    assert (gone.replayed, gone.wanted) == (0, 1)
    assert gone.divergence == 'step 1: choice 2 cannot be taken again (it is not offered at "opening"); the play goes on from there'
    assert gone.session.state.node == "opening" and not gone.session.steps


def test_a_replay_that_goes_elsewhere_is_noted() -> None:
    doc = minimal()
    old = PlaySession.begin(load_doc(doc))
    old.choose(1)  # -> lost
    swapped = copy.deepcopy(doc)
    swapped["nodes"]["opening"]["choices"].reverse()
    moved = replay_on(old, load_doc(swapped))
    assert moved.replayed == 1 and moved.session.state.node == "won"
    assert moved.divergence == 'step 1 went another way: to "won" (it went to "lost")'

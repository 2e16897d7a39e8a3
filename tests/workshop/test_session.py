"""A facilitated session: votes, ties, hidden meters, rewinds and comparing paths."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from trainer.engine import Engine
from trainer.game.workshop import VoteTally, VotingError, WorkshopSession
from trainer.validation import load_scenario


def session(hide_meters: bool = False) -> WorkshopSession:
    loaded = load_scenario(FIXTURES / "first-call.toml")
    assert loaded.compiled is not None
    return WorkshopSession(Engine(loaded.compiled), loaded.analysis, hide_meters=hide_meters)


def test_vote_tally() -> None:
    assert VoteTally((3, 5, 1)).winner == 2
    assert VoteTally((4, 4, 1)).winner is None and VoteTally((4, 4, 1)).leaders == (1, 2)
    assert VoteTally((0, 0)).winner is None and VoteTally((0, 0)).total == 0


def test_the_choice_with_most_votes_is_played_and_recorded() -> None:
    room = session()
    votes = room.tally([2, 9])
    room.play(votes.winner or 0, votes)
    assert room.state.node == "why_now"
    assert room.current.steps[0].votes == VoteTally((2, 9)) and not room.current.steps[0].tie_broken
    with pytest.raises(VotingError, match="choice 1 has the most votes"):
        room.play(2, room.tally([5, 1]))


def test_a_tie_is_broken_by_the_facilitator_among_the_tied() -> None:
    room = session()
    votes = room.tally([4, 4])
    assert votes.winner is None
    room.play(1, votes)
    assert room.current.steps[0].tie_broken
    room2 = session()
    room2.play(2)
    with pytest.raises(VotingError, match="pick one of the tied choices: 1, 2"):
        room2.play(3, room2.tally([3, 3]))


def test_vote_counts_must_fit_the_offered_choices() -> None:
    room = session()
    with pytest.raises(VotingError, match="3 vote counts for 2 choices"):
        room.tally([1, 2, 3])
    with pytest.raises(VotingError, match="negative"):
        room.tally([-1, 2])


def test_meters_stay_hidden_until_revealed() -> None:
    room = session(hide_meters=True)
    assert room.meters_visible
    room.play(2)
    assert not room.meters_visible
    room.reveal()
    assert room.meters_visible


def test_rewind_starts_a_new_path_from_an_earlier_decision() -> None:
    room = session()
    room.play(2)  # qualify
    room.play(2)  # pitch: 1 star
    assert room.state.node == "not_yet"
    branch = room.rewind(1)  # back to the decision after step 1
    assert (branch.label, branch.parent, branch.branched_at) == ("B", "A", 1)
    assert room.state.node == "why_now" and room.state.trust == 48
    room.play(1)
    room.play(1)
    assert room.state.node == "signed"
    assert [p.label for p in room.paths] == ["A", "B"]
    assert room.path("A").steps[-1].transition.state.node == "not_yet"  # the old path is kept


def test_compare_two_paths() -> None:
    room = session()
    room.play(2)
    room.play(2)
    room.rewind(1)
    room.play(1)
    room.play(1)
    comparison = room.compare(room.path("A"), room.path("B"))
    assert comparison.parted_at == 2
    assert comparison.meters_first == ((35, 10), (48, 5), (38, 15))
    assert comparison.meters_second == ((35, 10), (48, 5), (63, 5), (63, 5))
    assert comparison.debrief_first.stars == 1 and comparison.debrief_second.stars == 3
    assert [s.step for s in comparison.debrief_first.turning_points] == [2]


def test_rewind_out_of_range() -> None:
    room = session()
    room.play(2)
    with pytest.raises(ValueError, match="cannot rewind"):
        room.rewind(5)


def test_summary_has_votes_path_alternatives_and_debrief() -> None:
    from datetime import datetime

    from trainer.game.workshop_summary import workshop_summary

    room = session()
    room.play(2, room.tally([1, 7]))
    room.play(2, room.tally([3, 3]))  # a tie; the facilitator picks the pitch
    room.rewind(1)
    room.play(1, room.tally([6, 2]))
    room.play(1)
    unmarked = workshop_summary(room, datetime(2026, 11, 22, 14, 30))
    assert "- Headline path: none marked" in unmarked and "The headline" not in unmarked
    assert unmarked.index("## Path A (the first path)") < unmarked.index("## Path B (branched from path A after step 1)")
    room.mark_headline("B")
    text = workshop_summary(room, datetime(2026, 11, 22, 14, 30))
    assert text.startswith("# Workshop summary: The First Call\n")
    assert "- Date: 2026-11-22 14:30" in text
    assert "- Headline path: B" in text
    assert text.index("## The headline: path B (branched from path A after step 1)") < text.index("## Path A (the first path)")
    assert "| 1 | You have five minutes. What is this about? | 1: 1, 2: 7 | 2. Before I say anything: what made you take this call? | qualify | 48 (+13) | 5 (-5) |" in text
    assert "1: 3, 2: 3 (tie; facilitator's pick)" in text
    # Each path has its own turning points: path A's lost pitch at step 2, none on path B.
    path_a = text[text.index("## Path A") : text.index("## Lessons")]
    path_b = text[text.index("## The headline") : text.index("## Path A")]
    assert "**Point of no return: step 2.**" in path_a and "- Step 2: you pitched" in path_a
    assert "No turning points" in path_b and "Point of no return" not in path_b
    assert text.count("**Lesson:**") == 1
    assert "**Ending:** Won  ★★★  3 stars." in text and "**Ending:** Lost  ★☆☆  1 star." in text
    assert "The best ending this scenario offers is worth 3 stars." in text


def test_summary_escapes_scenario_text() -> None:
    from datetime import datetime

    from trainer.game.workshop_summary import workshop_summary
    from trainer.markdown import md_cell

    assert md_cell("a | b <script> [x](http://e)") == "a \\| b \\<script\\> \\[x\\]\\(http\\://e\\)"
    room = session()
    assert "\\<" not in workshop_summary(room, datetime(2026, 1, 1))  # nothing to escape in the fixture

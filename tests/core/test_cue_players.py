"""Surface-cue players: they pick by the look of the offered texts only, and the cues are counted."""

from __future__ import annotations

import pytest

from tests.core.builders import choice, load_doc, minimal, two_worlds
from trainer.cue_players import (
    CUE_PLAYERS,
    RANDOM,
    LibraryCues,
    average_stars,
    cue_decisions,
    cue_policy,
    is_question,
    names_competitor,
    scenario_cues,
    you_words,
)
from trainer.engine import Offer
from trainer.model import Choice, Tactic

TEXTS = [
    "Sure.",
    "What do you need, and when do you need it by?",
    "Honestly, the other supplier in town would suit you better.",
    "Tell me more?",
    "Our platform is the leading one in the region, trusted by hundreds.",
    "Your team, your call: what would you like to do?",
]


@pytest.mark.parametrize(
    ("player", "expected"),
    [
        ("first", 0),
        ("last", 5),
        ("longest", 4),
        ("shortest", 0),
        ("longest-question", 5),
        ("first-question", 1),
        ("competitor", 2),
        ("you-words", 5),
    ],
)
def test_each_player_picks_as_documented(player: str, expected: int) -> None:
    assert CUE_PLAYERS[player][0](TEXTS) == expected


def test_ties_go_to_the_first_and_players_without_their_cue_fall_back() -> None:
    plain = ["Fine.", "Okay.", "Sure thing."]
    assert CUE_PLAYERS["longest"][0](["abc", "xyz"]) == 0
    assert CUE_PLAYERS["shortest"][0](["abcd", "xyz", "abc"]) == 1
    assert CUE_PLAYERS["longest-question"][0](plain) == 2  # no question: the longest
    assert CUE_PLAYERS["first-question"][0](plain) == 0  # no question: the first
    assert CUE_PLAYERS["competitor"][0](plain) == 0
    assert CUE_PLAYERS["you-words"][0](plain) == 0


def test_the_cues_read_the_text_as_a_player_would() -> None:
    assert is_question('Ask: "Who else signs?"') and is_question("Really? ") and not is_question("Why? Because.")
    assert you_words("You're sure your team and YOU agree? Yourself?") == 4
    assert you_words("Young youths") == 0
    assert names_competitor("Try someone else.") and names_competitor("Have you looked at competitors?")
    assert not names_competitor("Another coffee?")


def test_a_cue_player_sees_only_the_texts() -> None:
    def offers(tactics: list[Tactic]) -> list[Offer]:
        return [
            Offer(n, n - 1, Choice(text=text, tactic=tactic, next="x"))
            for n, (text, tactic) in enumerate(zip(TEXTS, tactics, strict=True), start=1)
        ]

    state = None
    for name, (pick, _) in CUE_PLAYERS.items():
        one = cue_policy(pick)(state, offers([Tactic.CLOSE] * 6))  # type: ignore[arg-type]
        other = cue_policy(pick)(state, offers([Tactic.QUALIFY, Tactic.HELP, Tactic.PITCH] * 2))  # type: ignore[arg-type]
        assert one == other == pick(TEXTS) + 1, name


def test_stars_are_averaged_over_the_worlds_by_weight() -> None:
    loaded = load_doc(two_worlds())  # big (weight 2) and small (weight 1)
    # "first" asks, then takes the big plan: 3 stars with the big buyer, 0 with the small one
    assert average_stars(loaded, cue_policy(CUE_PLAYERS["first"][0])) == pytest.approx(2.0)
    ask_then_small = average_stars(loaded, lambda state, offers: offers[-1].number if state.node != "opening" else 1)
    assert ask_then_small == pytest.approx(1.0)  # 0 with the big buyer (weight 2), 3 with the small one (1)
    assert average_stars(loaded, lambda state, offers: 2) == pytest.approx(2.0)  # pitch: wins only with the big buyer


def test_deciding_choices_are_counted_with_their_cues() -> None:
    # the start (asking keeps 3 stars: a question, not the longest), then one decision per world:
    # "The big plan, then." (not the longest) and "The small plan, then." (the longest)
    found = cue_decisions(load_doc(two_worlds()))
    assert (found.decisions, found.longest, found.question) == (3, 1, 1)
    doc = minimal()
    doc["nodes"]["opening"]["choices"].append(choice("Nice weather we're having, isn't it really?", "other", "lost"))
    found = cue_decisions(load_doc(doc))  # "What brings you here?" alone keeps 3 stars; another is longer
    assert (found.decisions, found.longest, found.question) == (1, 0, 1)


def test_a_decision_kept_by_two_choices_or_worth_nothing_is_not_counted() -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["next"] = "won"  # both keep 3 stars
    assert cue_decisions(load_doc(doc)).decisions == 0
    doc = minimal()
    doc["endings"]["won"]["stars"] = 0
    doc["endings"]["won"]["outcome"] = "lost"
    assert cue_decisions(load_doc(doc)).decisions == 0


def test_the_library_sum_averages_scenarios_and_pools_decisions() -> None:
    one = scenario_cues(load_doc(two_worlds()), ["first", "last"], runs=20, seed=1)
    two = scenario_cues(load_doc(minimal()), ["first", "last"], runs=20, seed=1)
    assert list(one.stars) == ["first", "last", RANDOM]
    assert two.stars["first"] == 0 and two.stars["last"] == 3
    library = LibraryCues([one, two])
    assert library.stars_per_scenario("last") == pytest.approx((one.stars["last"] + 3) / 2)
    assert library.decisions.decisions == 4
    text = "\n".join(library.render())
    assert "last" in text and "decisions where exactly one choice keeps the sure best: 4" in text
    assert 0 < one.stars[RANDOM] < 3

"""One wording of a play: the text report, the transcript and the workshop summary say the same sentences."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.saves.helpers import COFFEE, QUALIFIED_OUT, WALK_OUT, coffee, run_of
from trainer.debrief import build_debrief
from trainer.game.workshop import WorkshopSession
from trainer.game.workshop_summary import workshop_summary
from trainer.markdown import md_text
from trainer.report import text_report
from trainer.transcript import run_debrief, run_transcript
from trainer.vocabulary import Outcome
from trainer.wording import OUTCOME_WORDS, debrief_words, ending_badge, outcome_words


def test_every_outcome_has_words_a_player_reads() -> None:
    assert set(OUTCOME_WORDS) == set(Outcome)
    assert all("_" not in words and words[0].isupper() for words in OUTCOME_WORDS.values())
    assert outcome_words("qualified_out") == "Qualified out"
    assert outcome_words("renamed_later") == "renamed_later"  # a newer save's outcome, shown as saved
    assert str(ending_badge(Outcome.REFERRAL, 2)) == "Referral  ★★☆  2 stars"
    assert str(ending_badge(Outcome.LOST, 1)) == "Lost  ★☆☆  1 star"


@pytest.mark.parametrize("numbers", [WALK_OUT, QUALIFIED_OUT])
def test_the_report_the_transcript_and_the_workshop_summary_share_the_debrief_sentences(numbers: list[int]) -> None:
    loaded, engine, _ = coffee()
    assert loaded.scenario is not None
    start, steps = engine.replay(numbers)
    debrief = build_debrief(engine, loaded.analysis, start, steps)
    assert debrief.ending is not None
    words = debrief_words(debrief)
    badge = str(ending_badge(debrief.ending.outcome, debrief.ending.effective_stars))

    report = text_report(loaded.scenario, debrief)
    run = run_of(numbers)
    transcript = run_transcript(run, run_debrief(run, path=COFFEE))
    room = WorkshopSession(engine, loaded.analysis)
    room.play_each(numbers)
    summary = workshop_summary(room, datetime(2026, 1, 1))

    sentences = [s for s in (words.best_possible, words.quiet) if s]
    sentences += list(words.point_of_no_return or ())
    for text, escape in ((report, str), (transcript, md_text), (summary, md_text)):
        assert badge in text
        for sentence in [*sentences, *words.turning_points]:
            assert escape(sentence) in text, sentence
        assert f"What {loaded.scenario.buyer.name} needed" in text

"""What a player reads about a play, worded once: outcomes, stars, the ending badge and the
debrief's sentences.

Every view of a play uses these words: the TUI's screens, `play`'s text report, the
Markdown transcript and the workshop summary. A view adds its own styling or markup
around them, never its own wording. Headless: no Textual, no pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from trainer.tallies import drills_phrase, stars_phrase, stars_symbols, stars_were
from trainer.vocabulary import LESSON_OF_TACTIC, Lesson, Outcome, Tactic

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from trainer.debrief import Debrief, StepReview
    from trainer.habits import CostliestHabit, Proficiency
    from trainer.model import Ending, Scenario

# Qualifying out and earning a referral are good results of their own (see the lessons),
# so no outcome word reads as a failure except "Lost".
OUTCOME_WORDS: dict[Outcome, str] = {
    Outcome.WON: "Won",
    Outcome.LOST: "Lost",
    Outcome.QUALIFIED_OUT: "Qualified out",
    Outcome.REFERRAL: "Referral",
}

TACTIC_PAST: dict[Tactic, str] = {
    Tactic.CLOSE: "you pushed for the close",
    Tactic.PRESSURE: "you turned up the pressure",
    Tactic.PITCH: "you pitched",
    Tactic.QUALIFY: "you qualified",
    Tactic.ASK: "you asked a question",
    Tactic.CONNECT: "you tried to connect",
    Tactic.HELP: "you offered help",
    Tactic.OTHER: "you chose",
}

TOO_LARGE = (
    "This scenario has too many possible states to analyse exactly, so the debrief cannot show "
    "turning points or the best possible ending."
)
NO_TURNING_POINTS = "No turning points: the best outcome stayed in reach all the way."
NO_TURNING_POINTS_WORLDS = "No turning points: every choice kept what you could be sure of in reach, whoever the buyer was."
TURNING_POINTS = "Turning points"
LESSON = "Lesson"


def outcome_words(outcome: Outcome | str) -> str:
    """`Won`, `Qualified out`, ...; a saved outcome this version does not know is shown as saved."""
    try:
        return OUTCOME_WORDS[Outcome(outcome)]
    except ValueError:
        return str(outcome)


@dataclass(frozen=True, slots=True)
class Badge:
    """An ending as a player sees it: `Won  ★★★  3 stars`."""

    words: str
    symbols: str
    phrase: str

    def __str__(self) -> str:
        return f"{self.words}  {self.symbols}  {self.phrase}"


def ending_title(ending: Ending) -> str:
    """An ending's player-facing name: its `title`, else the outcome in words."""
    return ending.title or OUTCOME_WORDS[ending.outcome]


def ending_badge(outcome: Outcome | str, stars: int, title: str | None = None) -> Badge:
    """The badge of an ending: its `title` when the author wrote one, else the outcome in words."""
    return Badge(title or outcome_words(outcome), stars_symbols(stars), stars_phrase(stars))


def badge_of(ending: Ending) -> Badge:
    """The badge of one of the scenario's endings (`ending_title`, the stars)."""
    return ending_badge(ending.outcome, ending.effective_stars, ending.title)


def signed(value: int) -> str:
    return f"{value:+d}"


def meters_line(trust: int, trust_change: int, pressure: int, pressure_change: int) -> str:
    """`trust 40 (+5), pressure 10 (-20)`: the meters after a step, with what it changed."""
    return f"trust {trust} ({signed(trust_change)}), pressure {pressure} ({signed(pressure_change)})"


def in_reach_line(review: StepReview, *, worlds: bool = False) -> str | None:
    """`stars in reach: 3 → 1` (the best still reachable before and after a step), when analysed.
    With hidden `worlds`, when what the player could be sure of moved otherwise, that too:
    `stars in reach: 3 → 3 (sure of, whoever the buyer: 3 → 0)`."""
    if review.best_before is None:
        return None
    line = f"stars in reach: {review.best_before} → {review.best_after}"
    sure = (review.secure_before, review.secure_after)
    if worlds and sure != (review.best_before, review.best_after):
        line += f" (sure of, whoever the buyer: {sure[0]} → {sure[1]})"
    return line


def best_possible_sentence(stars: int, *, worlds: bool = False, secure: int | None = None) -> str:
    """The best ending of the play (with hidden `worlds`: with this play's buyer, and, when it is
    less, what the player could be sure of not knowing which buyer this was)."""
    if not worlds:
        return f"The best ending this scenario offers is worth {stars_phrase(stars)}."
    sentence = f"The best ending with this buyer was worth {stars_phrase(stars)}."
    if secure is not None and secure < stars:
        sentence += f" Not knowing which buyer this was, you could be sure of {stars_phrase(secure)}."
    return sentence


def stopped_sentence(steps: int) -> str:
    """A play (or a workshop path) whose choices ran out before an ending."""
    if steps == 0:
        return "The play stopped before its first choice, before an ending."
    return f"The play stopped after {steps} {'step' if steps == 1 else 'steps'}, before an ending."


def point_of_no_return_sentences(review: StepReview) -> tuple[str, str]:
    """(`Point of no return: step 4.`, `After it, 3 stars were out of reach.`)"""
    return f"Point of no return: step {review.step}.", f"After it, {stars_were(review.best_before or 0)} out of reach."


def _sentence(text: str) -> str:
    """An author's line as a sentence of ours: a full stop added when it has no end mark."""
    return text if text.rstrip().endswith((".", "!", "?", "…", '"', "'", ")")) else text + "."


def labels_phrase(labels: Iterable[str]) -> str:
    """Worlds' labels (each a line the author wrote about the buyer), one after another:
    `Tam runs payroll in one country. Or: Tam has no budget.`"""
    return " Or: ".join(_sentence(label) for label in labels)


ANSWER_LENGTH = 100
"""The longest quote of the buyer's answer in a turning point; longer ones are cut with "…"."""


def explain_turning_point(review: StepReview, labels: Mapping[str, str] | None = None, world: str | None = None) -> str:
    """A turning point, coached, in a player's words: what you said (quoted short), what it did in
    the story (the next line), what it cost, why (the coach on your choice and on every choice
    that would have kept the stars), and the principle in one line. `labels` names the hidden
    worlds by id (none: a scenario without worlds) and `world` is the play's; a gamble (it worked
    with this buyer, not with every buyer the player could still be facing) says so.

    'Step 4: you pitched ("Our premium line…"). Sam: "Sam told…". It cost 2 stars you could have
    been sure of. Coach: … Better: "What do…" … The principle: …'
    No id, condition, flag or meter appears."""
    assert review.secure_before is not None and review.secure_after is not None
    did = f"{TACTIC_PAST[review.tactic]} ({quoted(review.text)})"
    if review.kind == "gamble" and labels:
        parts = [f"Step {review.step} was a gamble: {did}."]
    else:
        parts = [f"Step {review.step}: {did}."]
    if review.answer:
        answer = quoted(review.answer, ANSWER_LENGTH)
        parts.append(f"{review.answer_speaker}: {answer}" if review.answer_speaker else f"Then: {answer}")
    if review.kind != "gamble" or not labels:
        lost = review.secure_before - review.secure_after
        whoever = " whoever the buyer was" if labels else ""
        parts.append(f"It cost {stars_phrase(lost)} you could have been sure of{whoever}.")
    parts += coaching_lines(review, labels, world)
    return " ".join(parts)


def world_reveal(debrief: Debrief) -> tuple[str, ...]:
    """At the end of a play with hidden worlds: `This buyer: <label>`, then the others it could
    have been (`It could have been: <label> Or: <label>`); nothing without worlds."""
    labels = dict(debrief.worlds)
    if debrief.world not in labels:
        return ()
    others = [label for world, label in debrief.worlds if world != debrief.world]
    return (f"This buyer: {labels[debrief.world]}", f"It could have been: {labels_phrase(others)}")


def buyer_line(scenario: Scenario) -> str:
    """`Sam Ortiz, Operations lead, Ortiz Logistics`: who the buyer is, as far as the player is told."""
    buyer = scenario.buyer
    return ", ".join(part for part in (buyer.name, buyer.role, buyer.company) if part)


def needs_heading(buyer_name: str) -> str:
    return f"What {buyer_name} needed"


def lessons(scenario: Scenario, ending: Ending | None) -> list[str]:
    """The scenario's lesson, then the ending's, as far as they are written."""
    return [text for text in (scenario.lesson, ending.lesson if ending is not None else None) if text]


@dataclass(frozen=True, slots=True)
class DebriefWords:
    """The debrief's sentences for one play, in the order every view shows them."""

    best_possible: str | None  # None when the scenario is too large to analyse
    too_large: str | None
    point_of_no_return: tuple[str, str] | None  # the headline, then what it cost
    turning_points: tuple[str, ...]  # one sentence per turning point, in step order
    quiet: str | None  # "No turning points ..." when the play has steps and none turned
    reveal: tuple[str, ...] = ()  # with hidden worlds: which buyer this was, and who else it could have been


def debrief_words(debrief: Debrief) -> DebriefWords:
    """Every sentence of the debrief of `debrief`; with hidden worlds, judged by what the player
    could know (see `explain_turning_point`) and with the buyer revealed (`world_reveal`)."""
    reveal = world_reveal(debrief)
    if not debrief.analysed:
        return DebriefWords(None, TOO_LARGE, None, (), None, reveal)
    worlds = bool(debrief.worlds)
    labels = dict(debrief.worlds)
    first = debrief.point_of_no_return
    return DebriefWords(
        best_possible=best_possible_sentence(debrief.best_possible or 0, worlds=worlds, secure=debrief.secure_possible),
        too_large=None,
        point_of_no_return=point_of_no_return_sentences(first) if first is not None else None,
        turning_points=tuple(explain_turning_point(s, labels, debrief.world) for s in debrief.turning_points),
        quiet=(NO_TURNING_POINTS_WORLDS if worlds else NO_TURNING_POINTS) if not debrief.turning_points and debrief.steps else None,
        reveal=reveal,
    )


ANALYSIS_ONLY = (
    "playing it anyway, for its author: its only errors come from the analysis of every reachable "
    "state (marked soft-lock above), so the scenario can be played up to them; players cannot open it "
    "until they are fixed"
)
"""Said when `play` (or `play --watch`) plays a scenario whose only errors are the analysis's."""
# -- the lessons and the habits (progress, drills, debrief) -----------------------------------

LESSON_NAMES: dict[Lesson, str] = {
    Lesson.QUALIFYING: "Qualifying",
    Lesson.CONNECTING: "Connecting",
    Lesson.TRUST: "No pressure",
    Lesson.ASKING: "Asking",
    Lesson.HELPING: "Helping",
}

LESSON_PRINCIPLES: dict[Lesson, str] = {
    Lesson.QUALIFYING: "Find out whether the need is real and the time is now; ask for the business only once it is.",
    Lesson.CONNECTING: "People buy from people they know, like and trust: take a sincere interest in the person.",
    Lesson.TRUST: "Every pressure technique is a plan to make the buyer do what you want, and buyers sense it.",
    Lesson.ASKING: "Are you telling or asking? A question you have earned finds what telling never will.",
    Lesson.HELPING: "Help first; move the sale on only where what you sell is relevant.",
}

HABIT_PHRASES: dict[str, str] = {
    "pitch": "pitching before you know the need",
    "close": "asking for the business before the need is confirmed",
    "pressure": "pressing with urgency instead of earning trust",
    "gamble": "acting before you know which buyer you face",
    "premature-close": "closing when one more question would have made the sale sure",
}


def habit_phrase(costliest: CostliestHabit) -> str:
    """`pitching before you know the need`: the costliest habit in a player's words."""
    key = costliest.tactic.value if costliest.tactic is not None else costliest.habit.value
    return HABIT_PHRASES[key]


def costliest_sentence(costliest: CostliestHabit) -> str:
    """`Your costliest habit: pitching before you know the need, in 3 of your last 5 runs.`"""
    where = "in your last run" if costliest.of == 1 else f"in {costliest.runs} of your last {costliest.of} runs"
    return f"Your costliest habit: {habit_phrase(costliest)}, {where}."


def next_step_sentence(drills_due: int, scenario: str | None) -> str | None:
    """`Practise: 2 drills due, then The Monday Dock.` (None with nothing to suggest)."""
    if drills_due and scenario:
        return f"Practise: {drills_phrase(drills_due)}, then {scenario}."
    if drills_due:
        return f"Practise: {drills_phrase(drills_due)}."
    return f"Practise: {scenario}." if scenario else None


def proficiency_phrase(proficiency: Proficiency) -> str:
    """`72%, up 12 points` / `40%, down 5 points` / `72%` / `not yet tested`."""
    if proficiency.score is None:
        return "not yet tested"
    text = f"{proficiency.score:.0%}"
    if proficiency.change is not None:
        points = round(proficiency.change * 100)
        text += f", up {points} points" if points > 0 else f", down {-points} points" if points < 0 else ", level"
    return text


def endings_found_phrase(found: int, total: int) -> str:
    """`2 of 6 endings`."""
    return f"{found} of {total} {'ending' if total == 1 else 'endings'}"


def story_so_far(title: str, buyer: str, tactics: Iterable[Tactic]) -> tuple[str, str]:
    """A drill's two lines on the call so far: who, and what you did before this moment."""
    done = [TACTIC_PAST[t].removeprefix("you ") for t in tactics]
    if not done:
        return f"{title}, with {buyer}.", "This is the start of the call."
    if len(done) > 4:
        done = [*done[:2], f"{len(done) - 3} more moves", done[-1]]
    return f"{title}, with {buyer}.", "So far you " + ", then ".join(done) + "."


def drill_verdict(sure: bool, stars: int, *, worlds: bool = False) -> str:
    """After a drill's answer: whether it kept what could be kept (with hidden `worlds`: whoever
    the buyer turns out to be)."""
    whoever = " whoever the buyer is" if worlds else ""
    if sure:
        return f"Sure: that keeps {stars_phrase(stars)} in reach{whoever}."
    return f"Not yet: that lets {stars_phrase(stars)} slip. Here is why."


def habits_count_sentence(runs: int, pushes: int, gambles: int, closes: int) -> str:
    """`In your last 5 runs: a push that cost stars in 3, a gamble in 1, a close before the last question in 2.`"""
    where = "In your last run" if runs == 1 else f"In your last {runs} runs"
    return f"{where}: a push that cost stars in {pushes}, a gamble in {gambles}, a close before the last question in {closes}."


QUOTE_LENGTH = 70
"""The longest quote of a choice in the coaching; longer ones are cut at a word, with "…"."""


def quoted(text: str, limit: int = QUOTE_LENGTH) -> str:
    """`"Our product is the best."`: a choice quoted short (cut at a word past `limit`)."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return f'"{flat}"'


def principle(review: StepReview) -> str:
    """The principle of a decision in one line: the lesson of what would have worked (a question
    or help first), else of what was chosen."""
    ranked = sorted(review.winning_alternatives, key=lambda a: (a.tactic not in (Tactic.QUALIFY, Tactic.HELP), a.number))
    for tactic in [*(a.tactic for a in ranked), review.tactic]:
        lesson = LESSON_OF_TACTIC[tactic]
        if lesson is not None:
            return LESSON_PRINCIPLES[lesson]
    return LESSON_PRINCIPLES[Lesson.QUALIFYING]


def coaching_lines(review: StepReview, labels: Mapping[str, str] | None = None, world: str | None = None) -> list[str]:
    """What a decision teaches, line by line: with hidden buyers, a gamble's who-it-worked-with;
    the coach on what was said; at a turning point, every choice that would have kept the stars,
    with the coach on each; and the principle. No ids, no conditions, no meters."""
    lines: list[str] = []
    if review.kind == "gamble" and labels:
        if world is not None and world in labels:
            lines.append(f"It worked only because of who this buyer was: {_sentence(labels[world])}")
        others = [labels[w] for w in review.risk_worlds if w in labels and w != world]
        if others:
            lines.append(f"It would have cost stars if instead: {labels_phrase(others)}")
    elif review.is_turning_point and labels:
        risky = [labels[w] for w in review.risk_worlds if w in labels]
        if risky and len(risky) < len(labels):
            lines.append(f"It costs stars when: {labels_phrase(risky)}")
    if review.feedback:
        lines.append(f"Coach: {_sentence(review.feedback)}")
    for alternative in review.winning_alternatives:
        better = f'Better: "{" ".join(alternative.text.split())}"'  # in full: what to say next time
        lines.append(f"{better} {_sentence(alternative.feedback)}" if alternative.feedback else f"{better}.")
    lines.append(f"The principle: {principle(review)}")
    return lines


def real_calls_sentence(real_calls: int, runs: int) -> str:
    """`Played as real calls (no meters, no tactics): 3 of 5 runs.`"""
    return f"Played as real calls (no meters, no tactics): {real_calls} of {runs} {'run' if runs == 1 else 'runs'}."


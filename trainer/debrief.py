"""The debrief of a play: where the best outcome slipped away, and what would have kept it.

The facts only; `trainer.wording` puts them in a player's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.engine import Engine, InterruptFired, PlayState, RouteTaken, Transition
from trainer.model import Ending, Tactic
from trainer.secure import SecureAnalysis


@dataclass(frozen=True, slots=True)
class Alternative:
    """An offered choice at a decision, with the best stars still in reach after it
    (in the real world) and the stars the player could still be sure of."""

    number: int
    index: int
    tactic: Tactic
    text: str
    best_after: int | None
    secure_after: int | None = None
    choice_id: str | None = None
    secure_here: int | None = None  # what the player could be sure of after it, having seen what it shows with this buyer
    feedback: str | None = None  # the coach's feedback on it


@dataclass(frozen=True, slots=True)
class StepReview:
    """One decision of the play, as the debrief shows it."""

    step: int  # 1-based
    node: str
    prompt: str  # what the buyer (or narrator) said
    speaker: str | None  # who said it, as displayed (None: the narrator)
    number: int
    tactic: Tactic
    text: str
    feedback: str | None
    trust: int  # after the step's effects
    pressure: int
    trust_change: int
    pressure_change: int
    best_before: int | None
    best_after: int | None
    alternatives: tuple[Alternative, ...]
    interrupt: InterruptFired | None
    routes: tuple[RouteTaken, ...]
    secure_before: int | None = None
    secure_after: int | None = None
    risk_worlds: tuple[str, ...] = ()  # worlds whose branch fell below secure_before; () without worlds
    choice_id: str | None = None
    open_worlds: int = 1  # hidden worlds not yet told apart when the choice was made
    answer: str = ""  # what came next in the story: the next line said, or the ending's text
    answer_speaker: str | None = None  # who said it, as displayed (None: the narrator, or an ending)

    @property
    def is_turning_point(self) -> bool:
        """`secure_after < secure_before`: the player lost stars they could have been sure of."""
        return (
            self.secure_before is not None
            and self.secure_after is not None
            and self.secure_after < self.secure_before
        )

    @property
    def kind(self) -> str | None:
        """At a turning point: "gamble" when it still worked in the real world
        (`best_after == best_before`), else "lost"; None elsewhere."""
        if not self.is_turning_point:
            return None
        return "gamble" if self.best_after == self.best_before else "lost"

    @property
    def winning_alternatives(self) -> tuple[Alternative, ...]:
        """Offered choices whose `secure_after` equals `secure_before` (ascending number)."""
        if not self.is_turning_point:
            return ()
        return tuple(a for a in self.alternatives if a.secure_after == self.secure_before)


@dataclass(frozen=True, slots=True)
class Debrief:
    scenario_id: str
    steps: tuple[StepReview, ...]
    ending_id: str | None
    ending: Ending | None
    best_possible: int | None
    analysed: bool  # False when the state space was too large to analyse
    world: str | None = None  # the play's world; None without [[worlds]]
    secure_possible: int | None = None  # secure of the play's start information state
    worlds: tuple[tuple[str, str], ...] = ()  # every world as (id, label), in file order; () without worlds
    opening: tuple[RouteTaken, ...] = ()  # the check nodes routed through at the start, before step 1

    @property
    def turning_points(self) -> tuple[StepReview, ...]:
        return tuple(s for s in self.steps if s.is_turning_point)

    @property
    def point_of_no_return(self) -> StepReview | None:
        """The first turning point that lost stars in this play (a gamble that worked is not
        one): after it, the best outcome was out of reach."""
        return next((s for s in self.turning_points if s.kind == "lost"), None)

    @property
    def stars(self) -> int | None:
        return self.ending.effective_stars if self.ending else None


def build_debrief(
    engine: Engine, analysis: SecureAnalysis | None, start: Transition, steps: list[Transition], *, origin: int = 0
) -> Debrief:
    """Review a play step by step against the exact analysis (when there is one): `best_*`
    in the play's world (`start.state.world`), `secure_*` by what the player could know.

    `origin`: the play was started from a state (`trainer.start_at`) reached by the first
    `origin` steps; only the steps after them are reviewed (numbered from 1), and the best
    and secure possible are those of the state it started from."""
    usable = analysis if analysis is not None and not analysis.too_large else None
    world = start.state.world
    real = usable.world(world) if usable else None
    compiled = engine.compiled
    reviews: list[StepReview] = []
    before: PlayState = start.state
    info = usable.start_info(world) if usable else None
    secure_possible = usable.secure(info) if usable else None
    best_possible = real.best_possible if real else None
    for number, step in enumerate(steps, start=1 - origin):
        event = step.event
        assert event is not None
        if number < 1:  # the way to the state the play started from
            if usable and info is not None:
                info = usable.next_info(info, event.number, world)
            before = step.state
            if number == 0:
                secure_possible = usable.secure(info) if usable else None
                best_possible = real.best(*engine._ints(before)) if real else None
            continue
        target, t, p, f = engine._ints(before)
        offered = compiled.offered(target, t, p, f)
        node = engine.scenario.nodes[before.node]
        decision = usable.decision(info, event.number) if usable and info is not None else None
        alternatives = tuple(
            Alternative(
                number=n,
                index=c.index,
                tactic=c.tactic,
                text=node.choices[c.index].text,  # type: ignore[index]
                best_after=real.best(*compiled.apply(c, t, p, f)[:4]) if real else None,
                secure_after=decision.alternatives_after[n - 1] if decision else None,
                choice_id=node.choices[c.index].id,  # type: ignore[index]
                secure_here=usable.secure(usable.next_info(info, n, world)) if usable and info is not None else None,
                feedback=node.choices[c.index].feedback,  # type: ignore[index]
            )
            for n, c in enumerate(offered, start=1)
        )
        reviews.append(
            StepReview(
                step=number,
                node=before.node,
                prompt=engine.text(before),
                speaker=engine.speaker(before),
                number=event.number,
                tactic=event.choice.tactic,
                text=event.choice.text,
                feedback=event.choice.feedback,
                trust=event.trust_after,
                pressure=event.pressure_after,
                trust_change=event.trust_change,
                pressure_change=event.pressure_change,
                best_before=real.best(target, t, p, f) if real else None,
                best_after=alternatives[event.number - 1].best_after,
                alternatives=alternatives,
                interrupt=event.interrupt,
                routes=event.routes,
                secure_before=decision.secure_before if decision else None,
                secure_after=decision.secure_after if decision else None,
                risk_worlds=decision.risk_worlds if decision else (),
                choice_id=event.choice.id,
                open_worlds=len(usable.worlds_of(info)) if usable and info is not None else 1,
                answer=engine.text(step.state),
                answer_speaker=engine.speaker(step.state),
            )
        )
        if usable and info is not None:
            info = usable.next_info(info, event.number, world)
        before = step.state
    final = steps[-1].state if steps else start.state
    return Debrief(
        scenario_id=engine.scenario.id,
        steps=tuple(reviews),
        ending_id=final.node if final.ended else None,
        ending=engine.ending(final),
        best_possible=best_possible,
        analysed=usable is not None,
        world=world,
        secure_possible=secure_possible,
        worlds=tuple((w.id, w.label) for w in engine.scenario.worlds or ()),
        opening=start.routes if not origin else (),  # started from a state: its way there is not told
    )

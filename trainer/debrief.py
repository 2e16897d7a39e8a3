"""The debrief of a play: where the best outcome slipped away, and what would have kept it.

The facts only; `trainer.wording` puts them in a player's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.engine import Engine, InterruptFired, PlayState, RouteTaken, Transition
from trainer.model import Ending, Tactic
from trainer.solver import Analysis


@dataclass(frozen=True, slots=True)
class Alternative:
    """An offered choice at a decision, with the best stars still in reach after it."""

    number: int
    index: int
    tactic: Tactic
    text: str
    best_after: int | None


@dataclass(frozen=True, slots=True)
class StepReview:
    """One decision of the play, as the debrief shows it."""

    step: int  # 1-based
    node: str
    prompt: str  # what the buyer (or narrator) said
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

    @property
    def is_turning_point(self) -> bool:
        return self.best_before is not None and self.best_after is not None and self.best_after < self.best_before

    @property
    def winning_alternatives(self) -> tuple[Alternative, ...]:
        """Offered choices that would have kept `best_before` in reach."""
        if not self.is_turning_point:
            return ()
        return tuple(a for a in self.alternatives if a.best_after == self.best_before)


@dataclass(frozen=True, slots=True)
class Debrief:
    scenario_id: str
    steps: tuple[StepReview, ...]
    ending_id: str | None
    ending: Ending | None
    best_possible: int | None
    analysed: bool  # False when the state space was too large to analyse

    @property
    def turning_points(self) -> tuple[StepReview, ...]:
        return tuple(s for s in self.steps if s.is_turning_point)

    @property
    def point_of_no_return(self) -> StepReview | None:
        """The first turning point: after it, the best outcome was out of reach."""
        return next(iter(self.turning_points), None)

    @property
    def stars(self) -> int | None:
        return self.ending.effective_stars if self.ending else None


def build_debrief(
    engine: Engine, analysis: Analysis | None, start: Transition, steps: list[Transition]
) -> Debrief:
    """Review a play step by step against the exact analysis (when there is one)."""
    usable = analysis if analysis is not None and not analysis.too_large else None
    compiled = engine.compiled
    reviews: list[StepReview] = []
    before: PlayState = start.state
    for number, step in enumerate(steps, start=1):
        event = step.event
        assert event is not None
        target, t, p, f = engine._ints(before)
        offered = compiled.offered(target, t, p, f)
        node = engine.scenario.nodes[before.node]
        alternatives = tuple(
            Alternative(
                number=n,
                index=c.index,
                tactic=c.tactic,
                text=node.choices[c.index].text,  # type: ignore[index]
                best_after=usable.best(*compiled.apply(c, t, p, f)[:4]) if usable else None,
            )
            for n, c in enumerate(offered, start=1)
        )
        reviews.append(
            StepReview(
                step=number,
                node=before.node,
                prompt=engine.text(before),
                number=event.number,
                tactic=event.choice.tactic,
                text=event.choice.text,
                feedback=event.choice.feedback,
                trust=event.trust_after,
                pressure=event.pressure_after,
                trust_change=event.trust_change,
                pressure_change=event.pressure_change,
                best_before=usable.best(target, t, p, f) if usable else None,
                best_after=alternatives[event.number - 1].best_after,
                alternatives=alternatives,
                interrupt=event.interrupt,
                routes=event.routes,
            )
        )
        before = step.state
    final = steps[-1].state if steps else start.state
    return Debrief(
        scenario_id=engine.scenario.id,
        steps=tuple(reviews),
        ending_id=final.node if final.ended else None,
        ending=engine.ending(final),
        best_possible=usable.best_possible if usable else None,
        analysed=usable is not None,
    )

"""Play reports: the machine-readable JSON of the format, and a plain-text transcript."""

from __future__ import annotations

from typing import Any

from trainer.debrief import Debrief, explain_turning_point, stars_phrase
from trainer.model import Scenario


def play_report(debrief: Debrief) -> dict[str, Any]:
    """The format's play report (see "Machine-readable play report")."""
    return {
        "scenario": debrief.scenario_id,
        "steps": [
            {
                "node": s.node,
                "choice": s.number,
                "tactic": s.tactic.value,
                "trust": s.trust,
                "pressure": s.pressure,
                "best_before": s.best_before,
                "best_after": s.best_after,
            }
            for s in debrief.steps
        ],
        "ending": (
            {"id": debrief.ending_id, "outcome": debrief.ending.outcome.value, "stars": debrief.ending.effective_stars}
            if debrief.ending is not None
            else None
        ),
        "best_possible": debrief.best_possible,
        "turning_points": [
            {
                "step": s.step,
                "tactic": s.tactic.value,
                "best_before": s.best_before,
                "best_after": s.best_after,
                "winning_alternatives": [{"choice": a.number, "tactic": a.tactic.value} for a in s.winning_alternatives],
            }
            for s in debrief.turning_points
        ],
    }


def text_report(scenario: Scenario, debrief: Debrief) -> str:
    """A readable transcript with the meters after each step, then the debrief."""
    lines = [f"{scenario.title}", f"Buyer: {_buyer_line(scenario)}", ""]
    for s in debrief.steps:
        lines.append(f"{s.step}. {s.prompt}")
        lines.append(f"   You ({s.tactic.value}): {s.text}")
        lines.append(f"   trust {s.trust} ({s.trust_change:+d})   pressure {s.pressure} ({s.pressure_change:+d})")
        if s.interrupt is not None:
            lines.append(f"   -> {s.interrupt.when}: the conversation goes to {s.interrupt.next}")
        if s.feedback:
            lines.append(f"   Coach: {s.feedback}")
        lines.append("")
    lines.append("Debrief")
    if debrief.ending is None:
        lines.append("The play stopped before an ending.")
    else:
        lines.append(
            f"Ending: {debrief.ending_id} ({debrief.ending.outcome.value}, {stars_phrase(debrief.ending.effective_stars)})"
        )
        lines.append(debrief.ending.text)
    if not debrief.analysed:
        lines.append("This scenario is too large to analyse, so turning points cannot be shown.")
    else:
        lines.append(f"Best possible from the start: {stars_phrase(debrief.best_possible or 0)}.")
        if debrief.turning_points:
            lines.append("Turning points:")
            lines.extend(f"- {explain_turning_point(s)}" for s in debrief.turning_points)
            first = debrief.point_of_no_return
            assert first is not None
            lines.append(f"Point of no return: step {first.step}.")
        elif debrief.steps:
            lines.append("No turning points: the best outcome stayed in reach all the way.")
    if scenario.buyer.needs:
        lines.append("What the buyer needed: " + "; ".join(scenario.buyer.needs))
    if scenario.lesson:
        lines.append(f"Lesson: {scenario.lesson}")
    if debrief.ending is not None and debrief.ending.lesson:
        lines.append(debrief.ending.lesson)
    return "\n".join(lines) + "\n"


def _buyer_line(scenario: Scenario) -> str:
    buyer = scenario.buyer
    return ", ".join(part for part in (buyer.name, buyer.role, buyer.company) if part)

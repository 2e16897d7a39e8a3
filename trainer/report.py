"""Play reports: the machine-readable JSON of the format, and a plain-text transcript."""

from __future__ import annotations

from typing import Any

from trainer.debrief import Debrief, StepReview
from trainer.engine import narration
from trainer.model import Scenario
from trainer.wording import (
    LESSON,
    TURNING_POINTS,
    badge_of,
    buyer_line,
    debrief_words,
    in_reach_line,
    lessons,
    meters_line,
    needs_heading,
    stopped_sentence,
)


def play_report(debrief: Debrief) -> dict[str, Any]:
    """The format's play report ("Machine-readable play report", with worlds)."""
    return {
        "scenario": debrief.scenario_id,
        "world": debrief.world,
        "steps": [
            {
                "node": s.node,
                "choice": s.number,
                **_choice_id(s.choice_id),
                "tactic": s.tactic.value,
                "trust": s.trust,
                "pressure": s.pressure,
                "best_before": s.best_before,
                "best_after": s.best_after,
                "secure_before": s.secure_before,
                "secure_after": s.secure_after,
            }
            for s in debrief.steps
        ],
        "ending": (
            {"id": debrief.ending_id, "outcome": debrief.ending.outcome.value, "stars": debrief.ending.effective_stars}
            if debrief.ending is not None
            else None
        ),
        "best_possible": debrief.best_possible,
        "secure_possible": debrief.secure_possible,
        "turning_points": [
            {
                "step": s.step,
                "tactic": s.tactic.value,
                "kind": s.kind,
                "best_before": s.best_before,
                "best_after": s.best_after,
                "secure_before": s.secure_before,
                "secure_after": s.secure_after,
                "risk_worlds": list(s.risk_worlds),
                "winning_alternatives": [
                    {"choice": a.number, **_choice_id(a.choice_id), "tactic": a.tactic.value}
                    for a in s.winning_alternatives
                ],
            }
            for s in debrief.turning_points
        ],
    }


def _choice_id(choice_id: str | None) -> dict[str, str]:
    """`"choice_id"` only for choices that have one."""
    return {"choice_id": choice_id} if choice_id is not None else {}


def text_report(scenario: Scenario, debrief: Debrief, *, explain: bool = False) -> str:
    """A readable transcript with the meters after each step, then the debrief (words from `trainer.wording`).

    It shows what a player sees: the author's words, never a condition, a flag or an id.
    `explain` adds the machinery for an author: node ids, the interrupts and routes taken with
    their conditions, the ending's id.
    """
    lines = [f"{scenario.title}", f"Buyer: {buyer_line(scenario)}", ""]
    opening = [f"{who + ': ' if who else ''}{text}" for who, text in narration(scenario, None, debrief.opening)]
    lines += [*opening, ""] if opening else []
    for s in debrief.steps:
        where = f" [{s.node}]" if explain else ""
        lines.append(f"{s.step}.{where} {s.speaker + ': ' if s.speaker else ''}{s.prompt}")
        lines.append(f"   You ({s.tactic.value}): {s.text}")
        reach = in_reach_line(s, worlds=bool(debrief.worlds))
        lines.append("   " + meters_line(s.trust, s.trust_change, s.pressure, s.pressure_change) + (f"; {reach}" if reach else ""))
        if explain:
            lines += [f"   {line}" for line in _machinery(scenario, s)]
        lines += [f"   {who + ': ' if who else ''}{text}" for who, text in narration(scenario, s.interrupt, s.routes)]
        if s.feedback:
            lines.append(f"   Coach: {s.feedback}")
        lines.append("")
    lines.append("Debrief")
    lines += [f"{LESSON}: {text}" for text in lessons(scenario, debrief.ending)]  # the lesson first
    if debrief.ending is None:
        lines.append(stopped_sentence(len(debrief.steps)))
    else:
        lines.append(str(badge_of(debrief.ending)))
        if explain:
            lines.append(f"(ending {debrief.ending_id})")
        lines.append(debrief.ending.text)
    words = debrief_words(debrief)
    lines += words.reveal
    lines += [line for line in (words.too_large, words.best_possible) if line]
    if words.point_of_no_return:
        lines.append(" ".join(words.point_of_no_return))
    if words.turning_points:
        lines.append(f"{TURNING_POINTS}:")
        lines += [f"- {sentence}" for sentence in words.turning_points]
    if words.quiet:
        lines.append(words.quiet)
    if scenario.buyer.needs:
        lines.append(f"{needs_heading(scenario.buyer.name)}: " + "; ".join(scenario.buyer.needs))
    return "\n".join(lines) + "\n"


def _machinery(scenario: Scenario, step: StepReview) -> list[str]:
    """For an author (`--explain`): the interrupt and the routes a step went through, as written."""
    lines = []
    if step.interrupt is not None:
        lines.append(f"(interrupt {step.interrupt.index + 1}: {step.interrupt.when} -> {step.interrupt.next})")
    for route in step.routes:
        failed = [r.when for r in (scenario.nodes[route.node].routes or [])[: route.index] if r.when is not None]
        held = route.when if route.when is not None else "otherwise"
        unless = f"; not {' nor '.join(failed)}" if failed else ""
        lines.append(f"(route {route.node}.routes[{route.index}]: {held}{unless} -> {route.next})")
    return lines

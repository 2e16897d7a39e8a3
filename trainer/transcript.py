"""A finished run as a Markdown transcript with its debrief, for a coach. Headless.

The debrief is rebuilt by replaying the run on its scenario (`run_debrief`),
so turning points use the exact analysis; when the scenario has changed or
is gone, the transcript is written from the run's own record, with a line
saying why the debrief is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from trainer.debrief import Debrief, build_debrief, explain_turning_point, stars_phrase
from trainer.engine import Engine
from trainer.markdown import md_text
from trainer.model import Outcome, Scenario
from trainer.saves.models import Run
from trainer.saves.records import CannotContinue, locate_scenario, replay
from trainer.validation import LoadedPack, load_scenario

OUTCOME_WORDS = {
    Outcome.WON.value: "won",
    Outcome.LOST.value: "lost",
    Outcome.QUALIFIED_OUT.value: "qualified out",
    Outcome.REFERRAL.value: "referral",
}


@dataclass(frozen=True, slots=True)
class RunDebrief:
    scenario: Scenario
    debrief: Debrief


def run_debrief(run: Run, packs: Sequence[LoadedPack] = (), *, path: Path | None = None) -> RunDebrief:
    """Replay `run` on its scenario (found in `packs`, or at `path`) and debrief it.
    `CannotContinue` says why not (scenario gone, invalid now, or changed)."""
    path = path or locate_scenario(run.scenario, packs)
    if path is None:
        raise CannotContinue(f'the scenario "{run.scenario.label}" is no longer installed')
    loaded = load_scenario(path)
    if not loaded.ok or loaded.compiled is None:
        raise CannotContinue(f"the scenario file {path.name} now has errors")
    engine = Engine(loaded.compiled)
    replayed = replay(engine, run)
    if not replayed.steps or engine.ending(replayed.steps[-1].state) is None:
        raise CannotContinue("the scenario has changed: the same choices no longer reach an ending")
    assert loaded.scenario is not None
    return RunDebrief(loaded.scenario, build_debrief(engine, loaded.analysis, replayed.start, replayed.steps))


def run_transcript(run: Run, rebuilt: RunDebrief | None = None, *, player: str | None = None, missing: str | None = None) -> str:
    """Markdown: who, when, what was said step by step with the meters, the ending, the debrief.
    Without `rebuilt`, from the saved run alone (`missing` says why there is no debrief)."""
    ref = run.scenario
    scenario = rebuilt.scenario if rebuilt else None
    pack = f"{ref.pack} {ref.pack_version}".strip() or "a scenario file"
    lines = [f"# Transcript: {md_text(ref.label)}", ""]
    if player:
        lines.append(f"- Player: {md_text(player)}")
    lines += [
        f"- Date: {run.finished.astimezone():%Y-%m-%d %H:%M}",
        f"- Scenario: {md_text(ref.id)} ({md_text(pack)})",
        f"- Run: {md_text(run.id)}",
    ]
    if scenario is not None:
        buyer = scenario.buyer
        lines.append(f"- Buyer: {md_text(', '.join(p for p in (buyer.name, buyer.role, buyer.company) if p))}")
    lines += [
        f"- Ending: {OUTCOME_WORDS.get(run.ending.outcome, run.ending.outcome)}, {stars_phrase(run.stars)}",
        "",
        "## The conversation",
        "",
        f"Start: trust {run.start_trust}, pressure {run.start_pressure}.",
        "",
    ]
    lines += _steps_from_debrief(rebuilt.debrief) if rebuilt else _steps_from_run(run)
    lines += ["## Ending", ""]
    if scenario is not None and run.ending.id in scenario.endings:
        lines += [md_text(scenario.endings[run.ending.id].text), ""]
    lines += [f"**{OUTCOME_WORDS.get(run.ending.outcome, run.ending.outcome).capitalize()}**, {stars_phrase(run.stars)}.", ""]
    lines += ["## Debrief", ""]
    if rebuilt is None:
        lines.append(f"The debrief could not be rebuilt: {md_text(missing or 'the scenario was not found')}.")
        if run.best_possible is not None:
            lines.append(f"When it was played, the best ending was worth {stars_phrase(run.best_possible)}.")
    else:
        lines += _debrief_lines(rebuilt.debrief)
        lines += _lessons(rebuilt.scenario, rebuilt.debrief)
    return "\n".join(lines).rstrip() + "\n"


def _steps_from_debrief(debrief: Debrief) -> list[str]:
    lines: list[str] = []
    for s in debrief.steps:
        turning = " — turning point" if s.is_turning_point else ""
        lines += [
            f"### Step {s.step}{turning}",
            "",
            f"> {md_text(s.prompt)}",
            "",
            f"**You** ({s.tactic.value}): {md_text(s.text)}",
            "",
            f"Trust {s.trust} ({s.trust_change:+d}), pressure {s.pressure} ({s.pressure_change:+d})."
            + (f" In reach: {s.best_before} → {s.best_after} stars." if s.best_before is not None else ""),
        ]
        if s.interrupt is not None:
            lines.append(f"Interrupt: {md_text(s.interrupt.when)}.")
        if s.feedback:
            lines += ["", f"*Coach:* {md_text(s.feedback)}"]
        lines.append("")
    return lines


def _steps_from_run(run: Run) -> list[str]:
    lines: list[str] = []
    trust, pressure = run.start_trust, run.start_pressure
    for number, s in enumerate(run.steps, start=1):
        lines += [f"### Step {number}", ""]
        if s.prompt:
            lines += [f"> {md_text(s.prompt)}", ""]
        said = md_text(s.text) if s.text else f"choice {s.number}"
        lines += [
            f"**You** ({md_text(s.tactic)}): {said}",
            "",
            f"Trust {s.trust} ({s.trust - trust:+d}), pressure {s.pressure} ({s.pressure - pressure:+d}).",
        ]
        if s.feedback:
            lines += ["", f"*Coach:* {md_text(s.feedback)}"]
        lines.append("")
        trust, pressure = s.trust, s.pressure
    return lines


def _debrief_lines(debrief: Debrief) -> list[str]:
    if not debrief.analysed:
        return ["This scenario is too large to analyse, so turning points cannot be shown.", ""]
    lines = [f"Best possible from the start: {stars_phrase(debrief.best_possible or 0)}.", ""]
    if debrief.turning_points:
        first = debrief.point_of_no_return
        assert first is not None
        lines += [f"**Point of no return: step {first.step}.**", "", "Turning points:", ""]
        lines += [f"- {md_text(explain_turning_point(s))}" for s in debrief.turning_points]
        lines.append("")
    elif debrief.steps:
        lines += ["No turning points: the best outcome stayed in reach all the way.", ""]
    return lines


def _lessons(scenario: Scenario, debrief: Debrief) -> list[str]:
    lines: list[str] = []
    if scenario.buyer.needs:
        lines += [f"What {md_text(scenario.buyer.name)} needed:", "", *[f"- {md_text(n)}" for n in scenario.buyer.needs], ""]
    for text in (scenario.lesson, debrief.ending.lesson if debrief.ending else None):
        if text:
            lines += [f"**Lesson:** {md_text(text)}", ""]
    return lines

"""A finished run as a Markdown transcript with its debrief, for a coach. Headless.

The debrief is rebuilt by replaying the run on its scenario (`run_debrief`),
so turning points use the exact analysis; when the scenario has changed or
is gone, the transcript is written from the run's own record, with a line
saying why the debrief is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from trainer.debrief import Debrief, build_debrief
from trainer.engine import Engine, narration
from trainer.loader import LoadedScenario
from trainer.markdown import md_text
from trainer.model import Scenario
from trainer.saves.models import Run
from trainer.saves.records import CannotContinue, locate_scenario, replay
from trainer.tallies import stars_phrase
from trainer.validation import LoadedPack, load_scenario
from trainer.wording import (
    LESSON,
    TURNING_POINTS,
    buyer_line,
    debrief_words,
    ending_badge,
    in_reach_line,
    lessons,
    meters_line,
    needs_heading,
)


@dataclass(frozen=True, slots=True)
class RunDebrief:
    scenario: Scenario
    debrief: Debrief


def run_debrief(
    run: Run,
    packs: Sequence[LoadedPack] = (),
    *,
    path: Path | None = None,
    load: Callable[[Path], LoadedScenario] = load_scenario,
) -> RunDebrief:
    """Replay `run` on its scenario (found in `packs`, or at `path`, read by `load`: a cache
    serves many runs of one scenario) and debrief it. `CannotContinue` says why not (scenario
    gone, invalid now, or changed)."""
    path = path or locate_scenario(run.scenario, packs)
    if path is None:
        raise CannotContinue(f'the scenario "{run.scenario.label}" is no longer installed')
    loaded = load(path)
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
        lines.append(f"- Buyer: {md_text(buyer_line(scenario))}")
    ending = scenario.endings.get(run.ending.id) if scenario is not None else None
    badge = ending_badge(run.ending.outcome, run.stars, ending.title if ending is not None else None)
    lines += [
        f"- Ending: {md_text(str(badge))}",
        "",
        "## The conversation",
        "",
        f"Start: trust {run.start_trust}, pressure {run.start_pressure}.",
        "",
    ]
    lines += _steps_from_debrief(rebuilt.scenario, rebuilt.debrief) if rebuilt else _steps_from_run(run)
    lines += ["## Ending", ""]
    if ending is not None:
        lines += [md_text(ending.text), ""]
    lines += [f"**{md_text(badge.words)}**  {badge.symbols}  {badge.phrase}", ""]
    lines += ["## Debrief", ""]
    if rebuilt is None:
        lines.append(f"The debrief could not be rebuilt: {md_text(missing or 'the scenario was not found')}.")
        if run.best_possible is not None:
            lines.append(f"When it was played, the best ending was worth {stars_phrase(run.best_possible)}.")
    else:
        lines += debrief_markdown(rebuilt.scenario, rebuilt.debrief)
    return "\n".join(lines).rstrip() + "\n"


def _steps_from_debrief(scenario: Scenario, debrief: Debrief) -> list[str]:
    lines: list[str] = []
    for who, text in narration(scenario, None, debrief.opening):  # told before the first step
        lines += [f"*{md_text(who + ': ' if who else '')}{md_text(text)}*", ""]
    for s in debrief.steps:
        turning = " — turning point" if s.is_turning_point else ""
        lines += [
            f"### Step {s.step}{turning}",
            "",
            f"> {md_text(s.prompt)}",
            "",
            f"**You** ({s.tactic.value}): {md_text(s.text)}",
            "",
            _sentence(
                meters_line(s.trust, s.trust_change, s.pressure, s.pressure_change), in_reach_line(s, worlds=bool(debrief.worlds))
            ),
        ]
        for who, text in narration(scenario, s.interrupt, s.routes):
            lines += ["", f"*{md_text(who + ': ' if who else '')}{md_text(text)}*"]
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
            _sentence(meters_line(s.trust, s.trust - trust, s.pressure, s.pressure - pressure)),
        ]
        if s.feedback:
            lines += ["", f"*Coach:* {md_text(s.feedback)}"]
        lines.append("")
        trust, pressure = s.trust, s.pressure
    return lines


def _sentence(*parts: str | None) -> str:
    """`Trust 40 (+5), pressure 10 (+0); stars in reach: 3 → 3.`"""
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:] + "."


def debrief_markdown(scenario: Scenario, debrief: Debrief) -> list[str]:
    """The debrief in Markdown (the transcript's and the workshop summary's): which buyer this was
    (with hidden worlds), the sentences, the needs, the lessons."""
    return _lesson(scenario, debrief) + _debrief_lines(debrief) + _needs(scenario)


def debrief_findings_markdown(debrief: Debrief) -> list[str]:
    """The debrief's findings of one play in Markdown, without the scenario's lessons: which
    buyer it was, the best possible, the point of no return and the turning points (the workshop
    summary gives one per path)."""
    return _debrief_lines(debrief)


def _debrief_lines(debrief: Debrief) -> list[str]:
    words = debrief_words(debrief)
    lines: list[str] = []
    for n, line in enumerate(words.reveal):  # the buyer first (bold), then who else it could have been
        lines += [f"**{md_text(line)}**" if n == 0 else md_text(line), ""]
    lines += [line for line in (words.too_large, words.best_possible) if line] + [""]
    if words.point_of_no_return:
        headline, cost = words.point_of_no_return
        lines += [f"**{headline}** {cost}", ""]
    if words.turning_points:
        lines += [f"{TURNING_POINTS}:", "", *[f"- {md_text(t)}" for t in words.turning_points], ""]
    if words.quiet:
        lines += [words.quiet, ""]
    return lines


def lessons_markdown(scenario: Scenario, debrief: Debrief) -> list[str]:
    """The buyer's needs and the lessons of the ending reached, in Markdown (the workshop summary's last part)."""
    return _needs(scenario) + _lesson(scenario, debrief)


def _lesson(scenario: Scenario, debrief: Debrief) -> list[str]:
    """The lesson first: the scenario's, then the ending's."""
    lines: list[str] = []
    for text in lessons(scenario, debrief.ending):
        lines += [f"**{LESSON}:** {md_text(text)}", ""]
    return lines


def _needs(scenario: Scenario) -> list[str]:
    if not scenario.buyer.needs:
        return []
    return [f"{md_text(needs_heading(scenario.buyer.name))}:", "", *[f"- {md_text(n)}" for n in scenario.buyer.needs], ""]

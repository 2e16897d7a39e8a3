"""The Markdown summary a facilitator hands out after a session."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from trainer.atomic import write_atomic
from trainer.debrief import Debrief
from trainer.game.workshop import PlayPath, WorkshopSession
from trainer.markdown import md_cell, md_table, md_text
from trainer.transcript import debrief_findings_markdown, lessons_markdown
from trainer.wording import (
    badge_of,
    buyer_line,
    stopped_sentence,
)


def summary_path(folder: Path, scenario_id: str, when: datetime) -> Path:
    """`<folder>/<scenario>-<YYYYmmdd-HHMMSS>.md`."""
    return folder / f"{scenario_id}-{when:%Y%m%d-%H%M%S}.md"


def save_workshop_summary(folder: Path, session: WorkshopSession, when: datetime) -> Path:
    """Write the summary of `session` into `folder` (see `Game.workshop_summaries`); its path.
    Raises `OSError`."""
    path = summary_path(folder, session.engine.scenario.id, when)
    write_atomic(path, workshop_summary(session, when).encode("utf-8"))
    return path


def workshop_summary(session: WorkshopSession, when: datetime) -> str:
    """Scenario, the headline path the facilitator marked, then every path with its votes, its
    ending and its own turning points; the debrief's lessons last."""
    scenario = session.engine.scenario
    headline = session.path(session.headline) if session.headline is not None else None
    lines = [
        f"# Workshop summary: {md_text(scenario.title)}",
        "",
        f"- Date: {when:%Y-%m-%d %H:%M}",
        f"- Buyer: {md_text(buyer_line(scenario))}",
        f"- Paths played: {len(session.paths)}",
        f"- Headline path: {headline.label if headline else 'none marked (m marks the current path)'}",
        "",
    ]
    ordered = ([headline] if headline else []) + [p for p in session.paths if p is not headline]
    for path in ordered:
        title = f"The headline: path {path.label}" if path is headline else f"Path {path.label}"
        lines += [f"## {title} ({_origin(path)})", "", *_path_section(session, path), ""]
    lesson_path = headline or session.current
    lines += ["## Lessons", "", *lessons_markdown(scenario, session.debrief(lesson_path))]
    return "\n".join(lines).rstrip() + "\n"


def _origin(path: PlayPath) -> str:
    return f"branched from path {path.parent} after step {path.branched_at}" if path.parent else "the first path"


def _path_section(session: WorkshopSession, path: PlayPath) -> list[str]:
    """A path's table of steps and votes, its ending, and its findings (turning points included)."""
    debrief = session.debrief(path)
    return [*_path_table(session, path), "", _ending_line(debrief), "", *debrief_findings_markdown(debrief)]


def _path_table(session: WorkshopSession, path: PlayPath) -> list[str]:
    if not path.steps:
        return ["No choices made on this path."]
    rows = []
    before = session.start.state
    for i, step in enumerate(path.steps, start=1):
        event = step.transition.event
        assert event is not None
        votes = "—" if step.votes is None else ", ".join(f"{n}: {c}" for n, c in enumerate(step.votes.counts, 1))
        if step.tie_broken:
            votes += " (tie; facilitator's pick)"
        rows.append(
            [
                str(i),
                md_cell(session.engine.text(before)),
                votes,
                f"{event.number}. {md_cell(event.choice.text)}",
                event.choice.tactic.value,
                f"{event.trust_after} ({event.trust_change:+d})",
                f"{event.pressure_after} ({event.pressure_change:+d})",
            ]
        )
        before = step.transition.state
    return md_table(["Step", "The buyer said", "Votes", "Played", "Tactic", "Trust", "Pressure"], rows)


def _ending_line(debrief: Debrief) -> str:
    if debrief.ending is None:
        return stopped_sentence(len(debrief.steps))
    return f"**Ending:** {md_text(str(badge_of(debrief.ending)))}. {md_text(debrief.ending.text)}"


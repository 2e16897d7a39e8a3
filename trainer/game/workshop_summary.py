"""The Markdown summary a facilitator hands out after a session."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from trainer.atomic import write_atomic
from trainer.debrief import Debrief
from trainer.game.workshop import PlayPath, WorkshopSession
from trainer.markdown import md_cell, md_table, md_text
from trainer.transcript import debrief_markdown
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
    """Scenario, the room's votes at each step, the path taken, alternatives explored, the debrief."""
    scenario = session.engine.scenario
    lines = [
        f"# Workshop summary: {md_text(scenario.title)}",
        "",
        f"- Date: {when:%Y-%m-%d %H:%M}",
        f"- Buyer: {md_text(buyer_line(scenario))}",
        f"- Paths played: {len(session.paths)}",
        "",
        f"## The path the room took (path {session.current.label})",
        "",
        *_path_table(session, session.current),
        "",
        _ending_line(session.debrief(session.current)),
    ]
    others = [p for p in session.paths if p is not session.current]
    if others:
        lines += ["", "## Alternatives explored", ""]
        for path in others:
            origin = f"branched from path {path.parent} after step {path.branched_at}" if path.parent else "the first path"
            lines += [f"### Path {path.label} ({origin})", "", *_path_table(session, path), "", _ending_line(session.debrief(path)), ""]
    lines += ["", "## Debrief", "", *debrief_markdown(scenario, session.debrief(session.current))]
    return "\n".join(lines).rstrip() + "\n"


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


"""The library list: pack headings, then each scenario (broken ones dimmed, with their error)."""

from __future__ import annotations

from textual.content import Content

from trainer.game.library_rows import LibraryEntry, PackHeading
from trainer.tallies import stars_symbols
from trainer.text_safety import visible
from trainer.tui.widgets.row_list import Row, RowList


def heading_prompt(heading: PackHeading) -> Content:
    count = "1 scenario" if heading.playable_count == 1 else f"{heading.playable_count} scenarios"
    head = Content.assemble((visible(heading.name), "bold $primary"), ("  ·  " + count, "dim"))
    if heading.problem:
        return Content("\n").join([head, Content.assemble(("⚠ ", "$warning"), visible(heading.problem))])
    return head


def entry_prompt(entry: LibraryEntry) -> Content:
    if not entry.playable:
        return Content("\n").join(
            [Content.styled(visible(entry.title), "strike"), Content.assemble(("⚠ cannot be played: ", "bold"), visible(entry.problem or ""))]
        )
    s = entry.card
    assert s is not None
    title = Content.assemble((s.title, "bold"))
    if entry.best is not None:
        title = Content.assemble(title, ("  ✓ played", "$success"), ("  best " + stars_symbols(entry.best), "$warning"))
    who = ", ".join(part for part in (s.buyer_name, s.buyer_role, s.buyer_company) if part)
    tags = "  ".join(f"#{tag}" for tag in s.tags)
    facts = Content.assemble(who, ("  ·  ", "dim"), (s.difficulty, "italic"), ("  " + tags if tags else "", "$accent"))
    lines = [title, facts]
    if s.summary:
        lines.append(Content.styled(s.summary, "dim"))
    return Content("\n").join(lines)


class ScenarioList(RowList[LibraryEntry | PackHeading]):
    """Picking a playable scenario's row posts `RowList.Picked` with its `LibraryEntry`; a pack's
    heading and a scenario that cannot be played are rows that cannot be picked."""

    def show(self, entries: list[LibraryEntry], query: str = "") -> int:
        """List the entries matching `query`; returns how many scenarios are shown."""
        rows: list[Row[LibraryEntry | PackHeading] | None] = []
        heading: PackHeading | None = None
        shown = 0
        for entry in entries:
            if not entry.matches(query):
                continue
            if rows:
                rows.append(None)
            if entry.pack is not heading:
                heading = entry.pack
                rows += [Row(heading_prompt(heading), heading, disabled=True), None]
            rows.append(Row(entry_prompt(entry), entry, disabled=not entry.playable))
            shown += 1
        self.set_rows(rows)
        return shown

"""The library list: pack headings, then each scenario (broken ones dimmed, with their error)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets.option_list import Option

from trainer.game.library_rows import LibraryEntry, PackHeading
from trainer.tallies import stars_symbols
from trainer.text_safety import visible
from trainer.tui.widgets.paged_list import PagedOptionList


def heading_prompt(heading: PackHeading) -> Content:
    count = "1 scenario" if heading.count == 1 else f"{heading.count} scenarios"
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


class EntryOption(Option):
    """A scenario's row: it carries its library entry."""

    def __init__(self, entry: LibraryEntry) -> None:
        super().__init__(entry_prompt(entry), disabled=not entry.playable)
        self.entry = entry


class ScenarioList(PagedOptionList):
    """Selecting a playable row posts `OptionList.OptionSelected` with its `EntryOption`."""

    def show(self, entries: list[LibraryEntry], query: str = "") -> int:
        """List the entries matching `query`; returns how many scenarios are shown."""
        options: list[Option | None] = []
        heading: PackHeading | None = None
        shown = 0
        for entry in entries:
            if not entry.matches(query):
                continue
            if options:
                options.append(None)
            if entry.pack is not heading:
                heading = entry.pack
                options.append(Option(heading_prompt(heading), disabled=True))
                options.append(None)
            options.append(EntryOption(entry))
            shown += 1
        self.set_options(options)
        first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        self.highlighted = first
        return shown

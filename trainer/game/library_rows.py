"""The library's rows: every scenario of every pack, broken ones with their first error.

Built from the library index's cards, so the library shows without the
pydantic models being imported. Headless.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from trainer.library_index import Listing, ScenarioCard, describe

__all__ = ["BestResults", "LibraryEntry", "PackHeading", "describe", "library_entries"]

BestResults = Mapping[tuple[str, str], int]
"""Best stars so far by (pack id, scenario id); empty until saves exist."""


class PackHeading(NamedTuple):
    """A pack's heading row; `problem` when its manifest (or the pack as a whole) is broken."""

    name: str
    playable_count: int
    problem: str | None = None


class LibraryEntry(NamedTuple):
    """One scenario file: playable when its card is, else listed with `problem`."""

    pack: PackHeading
    path: Path
    card: ScenarioCard | None
    problem: str | None = None
    best: int | None = None

    @property
    def playable(self) -> bool:
        return self.card is not None and self.card.playable and self.problem is None

    @property
    def title(self) -> str:
        return self.card.title if self.card is not None else self.path.name

    def matches(self, query: str) -> bool:
        """Every word of `query` appears in the title, buyer, tags, summary, difficulty or pack."""
        words = query.casefold().split()
        if not words:
            return True
        parts = [self.title, self.pack.name, self.path.name, self.problem or ""]
        if self.card is not None:
            c = self.card
            parts += [c.summary, c.difficulty, *c.tags, c.buyer_name, c.buyer_role, c.buyer_company]
        haystack = " ".join(parts).casefold()
        return all(word in haystack for word in words)


def library_entries(listing: Listing, best: BestResults | None = None) -> list[LibraryEntry]:
    best = best or {}
    entries: list[LibraryEntry] = []
    for pack in listing.packs:
        heading = PackHeading(pack.name, pack.playable_count, pack.problem)
        pack_id = pack.id if pack.id is not None else pack.folder
        if not pack.scenarios:
            entries.append(LibraryEntry(heading, Path(pack.folder), None, heading.problem or "no scenarios"))
        for card in pack.scenarios:
            entries.append(
                LibraryEntry(
                    heading,
                    Path(card.path),
                    card,
                    card.problem,
                    best.get((pack_id, card.id)) if card.id is not None else None,
                )
            )
    return entries

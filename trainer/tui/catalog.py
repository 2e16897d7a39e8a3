"""The library's rows: every scenario of every pack, broken ones with their first error. Headless."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from trainer.diagnostics import Diagnostic
from trainer.model import Scenario
from trainer.validation import LoadedPack

BestResults = Mapping[tuple[str, str], int]
"""Best stars so far by (pack id, scenario id); empty until saves exist."""


@dataclass(frozen=True, slots=True)
class PackHeading:
    """A pack's heading row; `problem` when its manifest (or the pack as a whole) is broken."""

    name: str
    count: int
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class LibraryEntry:
    """One scenario file: playable when `scenario` is set, else listed with `problem`."""

    pack: PackHeading
    path: Path
    scenario: Scenario | None
    problem: str | None = None
    best: int | None = None

    @property
    def playable(self) -> bool:
        return self.scenario is not None and self.problem is None

    @property
    def title(self) -> str:
        return self.scenario.title if self.scenario is not None else self.path.name

    def matches(self, query: str) -> bool:
        """Every word of `query` appears in the title, buyer, tags, summary, difficulty or pack."""
        words = query.casefold().split()
        if not words:
            return True
        parts = [self.title, self.pack.name, self.path.name, self.problem or ""]
        if self.scenario is not None:
            s = self.scenario
            parts += [s.summary or "", s.difficulty.value, *s.tags, s.buyer.name, s.buyer.role or "", s.buyer.company or ""]
        haystack = " ".join(parts).casefold()
        return all(word in haystack for word in words)


def describe(diagnostic: Diagnostic) -> str:
    """`broken.toml:11: trust must be from 0 to 100; got 150` (file name only, never a full path)."""
    where = Path(diagnostic.file).name
    if diagnostic.line is not None:
        where += f":{diagnostic.line}"
    return f"{where}: {diagnostic.message}"


def library_entries(packs: list[LoadedPack], best: BestResults | None = None) -> list[LibraryEntry]:
    best = best or {}
    entries: list[LibraryEntry] = []
    for pack in packs:
        pack_error = next((d for d in pack.diagnostics if d.is_error), None)
        heading = PackHeading(
            pack.manifest.name if pack.manifest is not None else pack.path.name,
            sum(1 for s in pack.scenarios if s.ok),
            describe(pack_error) if pack_error is not None else None,
        )
        pack_id = pack.manifest.id if pack.manifest is not None else str(pack.path)
        if not pack.scenarios:
            entries.append(LibraryEntry(heading, pack.path, None, heading.problem or "no scenarios"))
        for loaded in pack.scenarios:
            error = loaded.first_error
            scenario = loaded.scenario
            entries.append(
                LibraryEntry(
                    heading,
                    loaded.path,
                    scenario,
                    describe(error) if error is not None else None,
                    best.get((pack_id, scenario.id)) if scenario is not None else None,
                )
            )
    return entries

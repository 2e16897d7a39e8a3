"""Where packs are found, and which pack wins when two share an id (see `trainer.library`).

Light: no pydantic, so the library's first listing (`trainer.cards`) finds packs the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from trainer.paths import user_packs_dir


class PackSource(StrEnum):
    """Where a pack was found; the order of this enum is the order of precedence, lowest first."""

    BUILTIN = "built-in"
    ENTRY_POINT = "entry point"
    USER = "user folder"
    COMMAND_LINE = "command line"

    @property
    def precedence(self) -> int:
        return list(PackSource).index(self)


@dataclass(frozen=True, slots=True)
class PackLocation:
    """A place where a pack should be: a folder, or why it could not be found."""

    source: PackSource
    origin: str
    folder: Path | None
    problem: str | None = None


def user_pack_locations(folder: Path | None = None) -> list[PackLocation]:
    """Sub-folders of the user's pack folder, sorted by name; hidden ones (".install-...") skipped."""
    root = folder if folder is not None else user_packs_dir()
    try:
        entries = sorted(root.iterdir(), key=lambda p: p.name)
    except FileNotFoundError:
        return []
    except OSError as error:
        return [PackLocation(PackSource.USER, str(root), None, f"the pack folder cannot be read: {error.strerror or error}")]
    return [
        PackLocation(PackSource.USER, str(entry), entry)
        for entry in entries
        if not entry.name.startswith(".") and entry.is_dir()
    ]


def without_repeats(locations: list[PackLocation]) -> list[PackLocation]:
    """The same folder reached twice (e.g. `--pack scenarios`) is one pack, found where it was first found."""
    seen: set[Path] = set()
    kept = []
    for location in locations:
        if location.folder is not None:
            key = _resolved(location.folder)
            if key in seen:
                continue
            seen.add(key)
        kept.append(location)
    return kept


def _resolved(folder: Path) -> Path:
    try:
        return folder.resolve()
    except (OSError, RuntimeError):
        return folder.absolute()


def winners(found: Sequence[tuple[str | None, PackSource]]) -> dict[str, int]:
    """For each pack id, the position in `found` (id and source, in discovery order) of the pack
    that wins it: the one from the later source; within one source, the first found."""
    won: dict[str, int] = {}
    for position, (pack_id, source) in enumerate(found):
        if pack_id is None:
            continue
        current = won.get(pack_id)
        if current is None or source.precedence > found[current][1].precedence:
            won[pack_id] = position
    return won

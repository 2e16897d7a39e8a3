"""Finding the packs the game offers: the built-in pack, then packs named on the command line."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from trainer.validation import LoadedPack, load_pack

BUILTIN_PACK_DIR = Path(__file__).resolve().parent.parent / "scenarios"


def discover_packs(extra: Sequence[Path] = (), *, analyse: bool = False) -> list[LoadedPack]:
    """Every pack, built-in first. A broken pack is returned too, with its diagnostics.

    `analyse=False` runs the schema and rule checks only (fast, for listing);
    the exact analysis runs when a scenario is opened.
    """
    folders = [BUILTIN_PACK_DIR, *extra]
    return [load_pack(folder, analyse=analyse) for folder in folders]

"""Finding the packs the game offers.

Four sources, looked at in this order (the order packs are listed in):

1. the built-in pack (`scenarios/` of this project);
2. packs installed with pip that declare an entry point in the group
   `trainer.packs` (sorted by entry point name);
3. the user's pack folder, `trainer.paths.user_packs_dir()`: every
   sub-folder not starting with "." (sorted by folder name);
4. `--pack PATH` on the command line, in the order given.

Two packs with the same id: the one from the *later* source above wins
(command line > user folder > entry points > built-in), so a pack under
development given with `--pack` overrides the installed copy. Within one
source the first found wins. The other one is "shadowed": left out of the
game, and reported with a warning.

A broken pack never stops the others: loading each pack is isolated, and a
pack that cannot be read is returned with its diagnostics and the status
`broken`.
"""

from __future__ import annotations

import importlib.metadata
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from types import ModuleType

from trainer.analysed import AnalysedTexts
from trainer.codes import Code
from trainer.diagnostics import DiagnosticList
from trainer.limits import DEFAULT_STATE_BUDGET
from trainer.loader import LoadedScenario
from trainer.pack_sources import (
    PackLocation,
    PackSource,
    user_pack_locations,
    winners,
    without_repeats,
)
from trainer.paths import builtin_pack_dir
from trainer.validation import LoadedPack, load_pack

BUILTIN_PACK_DIR = builtin_pack_dir()
ENTRY_POINT_GROUP = "trainer.packs"
PACK_TIMEOUT = 30.0
STOP_POLL = 0.05
"""Seconds between two looks at the stop signal while a pack loads."""
"""Seconds one pack may take to load during discovery before it is listed as broken."""


class PackStatus(StrEnum):
    OK = "ok"
    PARTIAL = "partial"  # the manifest is fine, but some scenarios have errors (the others are playable)
    BROKEN = "broken"  # no usable manifest or no playable scenario
    SHADOWED = "shadowed"  # another pack with the same id wins


@dataclass(slots=True)
class DiscoveredPack(LoadedPack):
    """A `LoadedPack` with where it came from and what state it is in."""

    source: PackSource = PackSource.COMMAND_LINE
    origin: str = ""  # the folder, or "name = value" of the entry point
    shadowed_by: DiscoveredPack | None = None

    @property
    def id(self) -> str | None:
        return self.manifest.id if self.manifest is not None else None

    @property
    def playable(self) -> list[LoadedScenario]:
        return [s for s in self.scenarios if s.ok]

    @property
    def status(self) -> PackStatus:
        if self.shadowed_by is not None:
            return PackStatus.SHADOWED
        if not self.manifest_ok or not self.playable:
            return PackStatus.BROKEN
        if not self.ok:
            return PackStatus.PARTIAL
        return PackStatus.OK

    @property
    def reason(self) -> str | None:
        """Why the pack is not fully usable, in one line; None when it is."""
        if self.shadowed_by is not None:
            return f'shadowed by the pack with the same id from {self.shadowed_by.source} ({self.shadowed_by.origin})'
        errors = [d for d in self.all_diagnostics if d.is_error]
        if not errors:
            return None
        first = errors[0].render()
        more = f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        if self.manifest_ok and not self.playable:
            return f"no playable scenario: {first}{more}"
        return first + more


@dataclass(slots=True)
class Discovery:
    """Every pack found (in discovery order), and the warnings about duplicate ids."""

    found: list[DiscoveredPack] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def packs(self) -> list[DiscoveredPack]:
        """The packs in play: every pack found but the shadowed ones."""
        return [p for p in self.found if p.shadowed_by is None]

    @property
    def shadowed(self) -> list[DiscoveredPack]:
        return [p for p in self.found if p.shadowed_by is not None]


# -- the sources ----------------------------------------------------------------------------


def entry_point_locations() -> list[PackLocation]:
    """Packs installed with pip: entry points in the group `trainer.packs`, sorted by name.

    The object an entry point names is resolved to the pack folder like this:
    a module (a package) -> the folder holding its `__init__.py`;
    a `str` or `os.PathLike` -> that path; a callable -> called with no
    arguments, and its `str` or `os.PathLike` result is the path.
    Any failure (import error, wrong type, missing folder, and even
    `sys.exit()` or `KeyboardInterrupt` raised by the pack's code) makes that
    one pack broken, with the reason; the others load as usual.
    """
    try:
        found = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
    except Exception as error:  # noqa: BLE001 - broken metadata of one distribution must not stop the game
        return [PackLocation(PackSource.ENTRY_POINT, ENTRY_POINT_GROUP, None, f"entry points cannot be read: {error}")]
    unique = {(ep.name, ep.value): ep for ep in found}
    locations = []
    for (name, value), entry_point in sorted(unique.items()):
        origin = f"{name} = {value}"
        try:
            folder = resolve_pack_object(entry_point.load())
        except BaseException as error:  # noqa: BLE001 - a third-party pack's code may fail in any way, sys.exit() included
            locations.append(
                PackLocation(PackSource.ENTRY_POINT, origin, None, f"entry point failed: {type(error).__name__}: {error}")
            )
            continue
        locations.append(PackLocation(PackSource.ENTRY_POINT, origin, folder))
    return locations


def resolve_pack_object(obj: object) -> Path:
    """The pack folder an entry point's object stands for (see `entry_point_locations`)."""
    if isinstance(obj, ModuleType):
        file = getattr(obj, "__file__", None)
        if not file:
            raise TypeError(f"module {obj.__name__} has no folder on disk (a namespace package?)")
        return Path(file).resolve().parent
    if isinstance(obj, (str, os.PathLike)):
        return Path(obj)
    if callable(obj):
        result = obj()
        if isinstance(result, (str, os.PathLike)):
            return Path(result)
        raise TypeError(f"the callable returned {type(result).__name__}, not a path to the pack folder")
    raise TypeError(f"{type(obj).__name__} is not a module, a path or a callable returning a path")


def pack_locations(extra: Sequence[Path] = (), *, entry_points: bool = True, user: bool = True) -> list[PackLocation]:
    """Every place to look, in discovery order."""
    locations = [PackLocation(PackSource.BUILTIN, str(BUILTIN_PACK_DIR), BUILTIN_PACK_DIR)]
    if entry_points:
        locations += entry_point_locations()
    if user:
        locations += user_pack_locations()
    locations += [PackLocation(PackSource.COMMAND_LINE, str(path), Path(path)) for path in extra]
    return without_repeats(locations)


# -- loading ----------------------------------------------------------------------------------


def load_location(
    location: PackLocation,
    *,
    analyse: bool = False,
    budget: int = DEFAULT_STATE_BUDGET,
    analysed: AnalysedTexts | None = None,
) -> DiscoveredPack:
    """Load one pack, never raising: whatever goes wrong becomes its diagnostics."""
    if location.folder is None:
        return _broken(location, Path(location.origin), location.problem or "pack not found", code=Code.PACK_SOURCE)
    folder = location.folder
    if not folder.is_dir():
        return _broken(location, folder, "is not a folder; a pack is a folder with pack.toml and scenarios/", code=Code.NOT_A_PACK)
    manifest = folder / "pack.toml"
    if not (manifest.exists() or manifest.is_symlink()):  # a link or a pipe: reading it says what is wrong
        return _broken(location, folder, "is a folder without pack.toml, so it is not a pack", code=Code.NOT_A_PACK)
    try:
        loaded = load_pack(folder, analyse=analyse, budget=budget, analysed=analysed)
    except Exception as error:  # noqa: BLE001 - isolation: one pack's failure must not stop the others
        return _broken(location, folder, f"could not be loaded ({type(error).__name__}: {error})", code=Code.PACK_CRASH)
    values = {f.name: getattr(loaded, f.name) for f in fields(LoadedPack)}
    return DiscoveredPack(**values, source=location.source, origin=location.origin)


def load_in_time(
    location: PackLocation,
    timeout: float,
    *,
    analyse: bool = False,
    budget: int = DEFAULT_STATE_BUDGET,
    stop: threading.Event | None = None,
    analysed: AnalysedTexts | None = None,
) -> DiscoveredPack:
    """`load_location`, or a broken pack when it has not finished within `timeout` seconds (or
    once `stop` is set: the program is closing and will not wait for the checks)."""
    done: list[DiscoveredPack] = []
    worker = threading.Thread(
        target=lambda: done.append(load_location(location, analyse=analyse, budget=budget, analysed=analysed)),
        name=f"load pack {location.origin}",
        daemon=True,  # a read stuck in the file system, or an analysis, must not keep the program from exiting
    )
    worker.start()
    deadline = time.monotonic() + timeout
    while worker.is_alive() and not (stop is not None and stop.is_set()):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        worker.join(min(left, STOP_POLL))
    if done:
        return done[0]
    if stop is not None and stop.is_set():
        return _broken(location, location.folder or Path(location.origin), "was not checked: the game was closing", code=Code.PACK_TIMEOUT)
    return _broken(
        location,
        location.folder or Path(location.origin),
        f"took longer than {timeout:g} s to read, so it was left out (a slow or stuck file system?); "
        "check the folder and start again",
        code=Code.PACK_TIMEOUT,
    )


def _broken(location: PackLocation, folder: Path, message: str, *, code: Code) -> DiscoveredPack:
    problems = DiagnosticList(location.origin)
    problems.error(message, code=code)
    return DiscoveredPack(folder, None, [], problems.items, source=location.source, origin=location.origin)


def find_packs(
    extra: Sequence[Path] = (),
    *,
    analyse: bool = False,
    budget: int = DEFAULT_STATE_BUDGET,
    entry_points: bool = True,
    user: bool = True,
    timeout: float = PACK_TIMEOUT,
    stop: threading.Event | None = None,
    analysed: AnalysedTexts | None = None,
) -> Discovery:
    """Every pack from every source, with duplicate ids resolved (see the module's doc).

    Each pack gets `timeout` seconds to load; one that takes longer (a slow or
    stuck file system) is listed as broken and left loading in the background.
    Once `stop` is set, no pack is waited for (what is found then is not to be used).
    `analysed`: the scenario texts not to explore again (see `trainer.validation.explore_scenario`).
    """
    found = [
        load_in_time(loc, timeout, analyse=analyse, budget=budget, stop=stop, analysed=analysed)
        for loc in pack_locations(extra, entry_points=entry_points, user=user)
    ]
    won = {pack_id: found[at] for pack_id, at in winners([(p.id, p.source) for p in found]).items()}
    discovery = Discovery(found)
    for pack in found:
        winner = won.get(pack.id) if pack.id is not None else None
        if winner is not None and winner is not pack:
            pack.shadowed_by = winner
            discovery.warnings.append(
                f'two packs have the id "{pack.id}": using the one from {winner.source} ({winner.origin}), '
                f"ignoring the one from {pack.source} ({pack.origin}); "
                "precedence: command line > user folder > entry points > built-in"
            )
    return discovery


def discover_packs(extra: Sequence[Path] = (), *, analyse: bool = False) -> list[LoadedPack]:
    """Every pack in play, built-in first. A broken pack is returned too, with its diagnostics.

    `analyse=False` runs the schema and rule checks only (fast, for listing);
    the exact analysis runs when a scenario is opened. The items are
    `DiscoveredPack`s (with `source`, `status` and `reason`); packs shadowed
    by another with the same id are left out (see `find_packs` for them and
    the warnings).
    """
    return list(find_packs(extra, analyse=analyse).packs)

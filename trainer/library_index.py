"""What the library lists, kept between launches so the game starts at once.

The index holds the cards the library shows (title, buyer, difficulty, tags,
summary and the first error of every scenario of every pack) for one set of
pack locations. The game shows the index straight away, then loads every
pack in the background and refreshes the list, and the index, when anything
changed. Playing a scenario always checks its file again, so a stale card
can never start a broken play. This module does not import pydantic.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from trainer import __version__
from trainer.files import FileRefused, read_regular_file
from trainer.text_safety import is_utf8_name, visible

if TYPE_CHECKING:
    import threading

    from trainer.analysed import AnalysedTexts
    from trainer.diagnostics import Diagnostic
    from trainer.validation import LoadedPack

INDEX_VERSION = 1
MAX_INDEX_BYTES = 32 * 1024 * 1024
"""The largest kept listing read (a few KB a pack); a larger one is rebuilt."""


def index_path() -> Path:
    """`$XDG_CACHE_HOME/trainer/library-index.json` (default `~/.cache/...`)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "trainer" / "library-index.json"


def analysed_path(index: Path) -> Path:
    """Where the texts that passed the state-space checks are kept: beside the listing `index`."""
    return index.with_name("analysed.json")


class ScenarioCard(NamedTuple):
    """One scenario file as the library lists it; `problem` when it cannot be played."""

    path: str
    id: str | None
    title: str
    summary: str = ""
    difficulty: str = ""
    tags: tuple[str, ...] = ()
    buyer_name: str = ""
    buyer_role: str = ""
    buyer_company: str = ""
    problem: str | None = None

    @property
    def playable(self) -> bool:
        return self.id is not None and self.problem is None


class PackCard(NamedTuple):
    """One pack: its heading and its scenarios; `problem` when the pack as a whole is broken."""

    folder: str
    id: str | None
    name: str
    version: str | None = None
    source: str = ""
    problem: str | None = None
    scenarios: tuple[ScenarioCard, ...] = ()

    @property
    def playable_count(self) -> int:
        return sum(1 for s in self.scenarios if s.playable)


class Listing(NamedTuple):
    """Every pack card, and the warnings of discovery (two packs with one id)."""

    packs: tuple[PackCard, ...]
    warnings: tuple[str, ...] = ()


def describe(diagnostic: Diagnostic) -> str:
    """`broken.toml:11: trust must be from 0 to 100; got 150` (file name only, never a full path)."""
    where = Path(diagnostic.file).name
    if diagnostic.line is not None:
        where += f":{diagnostic.line}"
    return visible(f"{where}: {diagnostic.message}")


def listing_from_packs(packs: Iterable[LoadedPack], warnings: Sequence[str] = ()) -> Listing:
    """Cards for loaded packs (a `DiscoveredPack` also brings its source and reason)."""
    cards = []
    for pack in packs:
        manifest = pack.manifest
        pack_error = next((d for d in pack.diagnostics if d.is_error), None)
        scenarios = []
        for loaded in pack.scenarios:
            scenario = loaded.scenario
            error = loaded.first_error
            buyer = scenario.buyer if scenario is not None else None
            scenarios.append(
                ScenarioCard(
                    path=_shown_path(loaded.path),
                    id=scenario.id if scenario is not None else None,
                    title=scenario.title if scenario is not None else visible(loaded.path.name),
                    summary=(scenario.summary or "") if scenario is not None else "",
                    difficulty=scenario.difficulty.value if scenario is not None else "",
                    tags=tuple(scenario.tags) if scenario is not None else (),
                    buyer_name=buyer.name if buyer is not None else "",
                    buyer_role=(buyer.role or "") if buyer is not None else "",
                    buyer_company=(buyer.company or "") if buyer is not None else "",
                    problem=describe(error) if error is not None else None,
                )
            )
        problem = describe(pack_error) if pack_error is not None else None
        if problem is None and not pack.scenarios:
            problem = "no scenarios"
        cards.append(
            PackCard(
                folder=_shown_path(pack.path),
                id=manifest.id if manifest is not None else None,
                name=manifest.name if manifest is not None else visible(pack.path.name),
                version=manifest.version if manifest is not None else None,
                source=str(getattr(pack, "source", "")),
                problem=problem,
                scenarios=tuple(scenarios),
            )
        )
    return Listing(tuple(cards), tuple(visible(w) for w in warnings))


def _shown_path(path: Path) -> str:
    """The path as is; one whose name is not UTF-8 (never playable: the loader refuses it) escaped."""
    text = str(path)
    return text if is_utf8_name(text) else visible(text)


def read_index(path: Path, key: Sequence[str]) -> Listing | None:
    """The listing saved for `key` (the pack locations), or None: missing, corrupt, stale format."""
    try:
        data = json.loads(read_regular_file(path, MAX_INDEX_BYTES))
        if data.get("index") != INDEX_VERSION or data.get("trainer") != __version__ or data.get("key") != list(key):
            return None
        return Listing(
            tuple(
                PackCard(**{**p, "scenarios": tuple(ScenarioCard(**{**s, "tags": tuple(s["tags"])}) for s in p["scenarios"])})
                for p in data["packs"]
            ),
            tuple(data.get("warnings", ())),
        )
    except (FileRefused, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # a cache: when in doubt, rebuild it


def write_index(path: Path, key: Sequence[str], listing: Listing) -> None:
    """Save the listing; a cache that cannot be written is simply not kept."""
    from trainer.atomic import write_atomic  # only when writing: reading stays light

    data: dict[str, Any] = {
        "index": INDEX_VERSION,
        "trainer": __version__,
        "key": list(key),
        "packs": [p._asdict() | {"scenarios": [s._asdict() for s in p.scenarios]} for p in listing.packs],
        "warnings": list(listing.warnings),
    }
    with contextlib.suppress(OSError, ValueError):  # ValueError: a name that is not UTF-8 slipped through
        write_atomic(path, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def listing_key(extra: Sequence[Path], *, builtin: bool = True) -> list[str]:
    """What a listing depends on besides the files themselves: where packs are looked for."""
    from trainer.paths import builtin_pack_dir, user_packs_dir

    places = [str(builtin_pack_dir()), str(user_packs_dir())] if builtin else []
    return places + [str(Path(p).absolute()) for p in extra]


def discover(
    extra: Sequence[Path],
    *,
    builtin: bool = True,
    check_states: int = 0,
    stop: threading.Event | None = None,
    analysed: AnalysedTexts | None = None,
) -> tuple[list[LoadedPack], Listing]:
    """Load every pack and make its cards: schema and rule checks, and with `check_states`
    the state-space checks too (soft-locks), for scenarios of up to that many states, except
    for texts in `analysed` (see `trainer.analysed`).

    With `builtin`, from every source (see `trainer.library`, and its `find_packs` for `stop`);
    else only `extra`.
    """
    analyse = check_states > 0
    if builtin:
        from trainer.library import find_packs

        discovery = find_packs(extra, analyse=analyse, budget=max(check_states, 1), stop=stop, analysed=analysed)
        packs: list[LoadedPack] = list(discovery.packs)
        return packs, listing_from_packs(packs, discovery.warnings)
    from trainer.validation import load_pack

    packs = [load_pack(Path(folder), analyse=analyse, budget=max(check_states, 1), analysed=analysed) for folder in extra]
    return packs, listing_from_packs(packs)


def discover_listing(extra: Sequence[Path], *, builtin: bool = True) -> Listing:
    """The cards of every pack (see `discover`)."""
    return discover(extra, builtin=builtin)[1]

"""The validator's diagnostics for a document as an editor holds it: the same code as `validate`.

A scenario inside a pack is checked as `validate PACK` checks it (its label in the pack, the
pack-level duplicate-id check against the files before it, its `[[tests]]`); any other
scenario file as `validate FILE`; `pack.toml` as the manifest part of `validate PACK`.
`check_stages` gives the quick result (no state space) then everything `validate` does.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trainer.diagnostics import Diagnostic
from trainer.files import FileRefused, read_regular_file
from trainer.limits import DEFAULT_STATE_BUDGET
from trainer.loader import LoadedScenario, parse_toml_bytes
from trainer.model import MAX_FILE_BYTES
from trainer.scenario_tests import test_diagnostics
from trainer.secure import SecureAnalysis
from trainer.validation import (
    check_parsed_scenario,
    explore_scenario,
    load_pack,
    load_pack_scenario,
    mark_duplicate_id,
    mark_duplicate_title,
    pack_scenario_label,
    refused_link,
    scenario_files,
    title_key,
)

MAX_RANGED_STATES = 500_000
"""Past this many states, hover shows the worlds that reach a node but not its meter ranges."""


def find_pack(path: Path) -> Path | None:
    """The pack folder a file belongs to: the folder of `pack.toml`, or the pack whose
    `scenarios/` holds the file; None for a scenario file outside any pack."""
    if path.name == "pack.toml":
        return path.parent
    if path.parent.name == "scenarios" and (path.parent.parent / "pack.toml").is_file():
        return path.parent.parent
    return None


_TOP_FORMAT = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n|[ \t]*[^\[\s#][^\n]*\n)*?[ \t]*format[ \t]*=")
_NODE_TABLE = re.compile(r"^[ \t]*\[\[?[ \t]*(?:nodes|endings)[ \t]*[.\]]", re.MULTILINE)


def is_trainer_file(path: Path, text: str) -> bool:
    """A file the server checks: a pack's `pack.toml` or scenario, or a TOML file that reads
    like a scenario (`format =` before its first table, or a `[nodes...]` table). Other TOML
    files an editor opens (`pyproject.toml`, ...) are left alone."""
    if find_pack(path) is not None:
        return True
    head = text[:MAX_FILE_BYTES]
    return bool(_TOP_FORMAT.match(head) or _NODE_TABLE.search(head))


@dataclass(frozen=True, slots=True)
class CheckRequest:
    """One document to check: its file, its text in the editor, and its pack's other open files."""

    path: Path
    text: str
    label: str  # the file as diagnostics name it
    pack: Path | None = None
    pack_label: str = ""  # the pack folder as diagnostics name it
    open_files: dict[Path, str] = field(default_factory=dict)  # other documents of the pack, as the editor holds them
    budget: int = DEFAULT_STATE_BUDGET

    @property
    def raw(self) -> bytes:
        return self.text.encode("utf-8", "surrogatepass")

    @property
    def is_manifest(self) -> bool:
        return self.pack is not None and self.path.name == "pack.toml"


@dataclass(frozen=True, slots=True)
class Reach:
    """What the analysis knows of one node or ending: the meters it is reached with and in which worlds."""

    trust: tuple[int, int] | None
    pressure: tuple[int, int] | None
    worlds: tuple[str, ...]  # empty for a scenario without [[worlds]]


@dataclass(slots=True)
class CheckResult:
    diagnostics: list[Diagnostic]
    complete: bool  # False: the quick check only (no state space, no tests)
    reach: dict[str, Reach] | None = None  # None: not analysed (errors, or too large)
    scenario_id: str | None = None  # the valid scenario's id, for the pack's other files


def check_stages(request: CheckRequest) -> Iterator[CheckResult]:
    """The quick result (schema and the format's rules: every diagnostic of `validate` but the
    state space's and the tests'), then the full one (everything `validate` reports for this file,
    in its order, and the analysis's reach): one parse and one rules check of the text serve both.
    A result that is `complete` is the last."""
    if request.is_manifest:
        yield manifest_check(request)
        return
    refused = refused_link(request.pack.resolve(), request.path, request.label) if request.pack is not None else None
    if refused is not None:
        yield CheckResult(refused.diagnostics, complete=True)
        return
    parsed = parse_toml_bytes(request.raw, request.path, request.label)
    loaded = check_parsed_scenario(parsed, analyse=False, budget=request.budget)
    loaded.source = request.raw
    yield CheckResult(loaded.diagnostics, complete=False)
    explore_scenario(loaded, parsed.diagnostics, request.budget)
    if request.pack is not None:
        _mark_pack_level(request, loaded)
    diagnostics = loaded.diagnostics + test_diagnostics(loaded)
    reach = _reach(loaded.analysis) if loaded.analysis is not None and not loaded.analysis.too_large else None
    sid = loaded.scenario.id if loaded.scenario is not None else None
    yield CheckResult(diagnostics, complete=True, reach=reach, scenario_id=sid)


def rules_check(request: CheckRequest) -> CheckResult:
    """The quick result of `check_stages` (the full one for `pack.toml`)."""
    return next(check_stages(request))


def full_check(request: CheckRequest) -> CheckResult:
    """The full result of `check_stages`."""
    *_, last = check_stages(request)
    return last


def manifest_check(request: CheckRequest) -> CheckResult:
    assert request.pack is not None
    pack = load_pack(request.pack, analyse=False, label=request.pack_label, manifest_raw=request.raw)
    return CheckResult(pack.diagnostics, complete=True)


def _mark_pack_level(request: CheckRequest, loaded: LoadedScenario) -> None:
    """The pack-level checks of `load_pack` for this file: its id and its title against the files
    before it. Only the earlier files that could matter (same id or same title, read cheaply first)
    are loaded in full, in the pack's order, as `load_pack` loads them."""
    assert request.pack is not None
    if loaded.scenario is None:
        return
    sid, key = loaded.scenario.id, title_key(loaded.scenario.title)
    seen: dict[str, str] = {}
    titles: dict[str, str] = {}
    root = request.pack.resolve()
    for file in scenario_files(request.pack):
        if file >= request.path:
            break
        text = request.open_files.get(file)
        raw = text.encode("utf-8", "surrogatepass") if text is not None else _read(file)
        if raw is None:
            continue
        other_id, other_title = _peek(raw)
        if other_id != sid and not (isinstance(other_title, str) and title_key(other_title) == key):
            continue
        earlier = load_pack_scenario(
            root, file, pack_scenario_label(request.pack_label, file), analyse=True, budget=request.budget, raw=raw
        )
        if mark_duplicate_id(earlier, seen):
            mark_duplicate_title(earlier, titles)
    if mark_duplicate_id(loaded, seen):
        mark_duplicate_title(loaded, titles)


def _read(file: Path) -> bytes | None:
    try:
        return read_regular_file(file, MAX_FILE_BYTES)
    except FileRefused:
        return None


def _peek(raw: bytes) -> tuple[object, object]:
    """A file's id and title, parsed without any check (None, None if it cannot be parsed)."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None, None
    return data.get("id"), data.get("title")


def _reach(analysis: SecureAnalysis) -> dict[str, Reach]:
    """Each reached node's and ending's meter ranges (scene nodes) and worlds."""
    compiled = analysis.compiled
    ranges: dict[int, list[int]] = {}
    worlds: dict[int, list[str]] = {}
    measured = analysis.state_count <= MAX_RANGED_STATES
    for world, per_world in zip(analysis.worlds, analysis.analyses, strict=True):
        coverage = per_world.coverage
        reached = (coverage.nodes | coverage.endings) if coverage is not None else set()
        for target in reached:
            if world is not None:
                worlds.setdefault(target, []).append(world)
        if not measured:
            continue
        for node, trust, pressure, _flags in per_world.states():
            seen = ranges.get(node)
            if seen is None:
                ranges[node] = [trust, trust, pressure, pressure]
            else:
                seen[0], seen[1] = min(seen[0], trust), max(seen[1], trust)
                seen[2], seen[3] = min(seen[2], pressure), max(seen[3], pressure)
    reached_any = set(worlds) | set(ranges) | (analysis.coverage.nodes | analysis.coverage.endings if analysis.coverage else set())
    out: dict[str, Reach] = {}
    for target in reached_any:
        found = ranges.get(target)
        out[compiled.ids[target]] = Reach(
            (found[0], found[1]) if found else None,
            (found[2], found[3]) if found else None,
            tuple(worlds.get(target, ())),
        )
    return out

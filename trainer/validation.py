"""Loading a scenario or a pack with every check: schema, rules and state space."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from trainer.analysed import AnalysedTexts
from trainer.codes import Code
from trainer.compiled import CompiledScenario
from trainer.diagnostics import Diagnostic, DiagnosticList, format_toml_path
from trainer.limits import DEFAULT_STATE_BUDGET
from trainer.loader import LoadedScenario, ParsedFile, parse_toml_bytes, read_toml, reread, validate_model
from trainer.model import Choice, Ending, Interrupt, Node, PackManifest, Route, Scenario, Variant, World
from trainer.rules import check_format_version, check_id, check_scenario_rules
from trainer.secure import SecureAnalysis
from trainer.solver import StuckState
from trainer.text_safety import is_utf8_name

MAX_STUCK_REPORTS = 5


def load_scenario(
    path: Path,
    *,
    label: str | None = None,
    analyse: bool = True,
    budget: int = DEFAULT_STATE_BUDGET,
    analysed: AnalysedTexts | None = None,
) -> LoadedScenario:
    """Read, check and (with `analyse`) explore one scenario file (see `explore_scenario` for `analysed`)."""
    return check_parsed_scenario(read_toml(path, label), analyse=analyse, budget=budget, analysed=analysed)


def load_scenario_bytes(
    raw: bytes, label: str = "<scenario>", *, analyse: bool = True, budget: int = DEFAULT_STATE_BUDGET
) -> LoadedScenario:
    return check_parsed_scenario(parse_toml_bytes(raw, Path(label), label), analyse=analyse, budget=budget)


def check_parsed_scenario(
    parsed: ParsedFile, *, analyse: bool, budget: int, analysed: AnalysedTexts | None = None
) -> LoadedScenario:
    """Schema and the format's rules, then (with `analyse`) `explore_scenario`."""
    problems = parsed.diagnostics
    result = LoadedScenario(parsed.path, None, label=parsed.label)
    if parsed.data is None:
        result.diagnostics = problems.items
        return result
    scenario = validate_model(Scenario, parsed.data, problems)
    if scenario is None:
        partial, known = _partial_scenario(parsed.data)
        check_scenario_rules(partial, problems, known_targets=known)
    else:
        check_scenario_rules(scenario, problems)
        if not problems.has_errors:  # a scenario with errors is never handed on to be shown
            result.scenario = scenario
    result.diagnostics = sorted(problems.items, key=_position)
    if analyse:
        explore_scenario(result, problems, budget, text=parsed.text, analysed=analysed)
    return result


def explore_scenario(
    loaded: LoadedScenario,
    problems: DiagnosticList,
    budget: int,
    *,
    text: str | None = None,
    analysed: AnalysedTexts | None = None,
) -> None:
    """The state-space analysis of a scenario that `check_parsed_scenario` (without `analyse`)
    found valid, once; `problems` is its file's diagnostic list. Nothing to do for one with errors.

    With `analysed` (and the file's `text`), a text that passed before with nothing to say is
    compiled but not explored again (`loaded.analysis` stays None), and one that passes now is
    added to it."""
    if loaded.scenario is None:
        return
    compiled = CompiledScenario(loaded.scenario)
    loaded.compiled = compiled
    if analysed is not None and text is not None and analysed.knows(text):
        return
    said = len(problems.items)
    analysis = SecureAnalysis(compiled, budget=budget, track=True)
    check_state_space(analysis, problems, budget)
    loaded.analysis = analysis
    if analysed is not None and text is not None and len(problems.items) == said:
        analysed.add(text)
    if problems.has_errors:
        loaded.scenario = None
    loaded.diagnostics = sorted(problems.items, key=_position)


def drawable_scenario(path: Path) -> tuple[Scenario | None, list[Diagnostic]]:
    """A scenario to draw (`graph`), even when the format's rules fail (a `next` may name no
    node), as long as its keys and values are right (None otherwise); and every diagnostic but
    the analysis's (it is not run)."""
    loaded = load_scenario(path, analyse=False)
    if loaded.scenario is not None:
        return loaded.scenario, loaded.diagnostics
    parsed = read_toml(path)
    if parsed.data is None:
        return None, loaded.diagnostics
    try:
        return Scenario.model_validate(parsed.data), loaded.diagnostics
    except ValidationError:
        return None, loaded.diagnostics


def _position(d: Diagnostic) -> tuple[int, int]:
    return (d.line or 0, d.column or 0)


def _partial_scenario(data: dict[str, Any]) -> tuple[Scenario, set[str]]:
    """The parts of a schema-invalid scenario that are valid, for the other rules."""
    known: set[str] = set()

    def table(key: str) -> dict[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            return {}
        known.update(value)
        return value

    nodes = {name: node for name, raw in table("nodes").items() if (node := _salvage_node(raw)) is not None}
    endings = {name: ending for name, raw in table("endings").items() if (ending := _valid(Ending, raw))}
    interrupts = _valid_items(Interrupt, data.get("interrupts"))
    worlds = _valid_items(World, data.get("worlds")) or None
    text = lambda key, fallback: data[key] if isinstance(data.get(key), str) else fallback  # noqa: E731
    partial = Scenario.model_construct(  # type: ignore[call-arg]  # deliberately partial: title, buyer, meters may be broken
        format=1,  # the schema errors already cover a wrong format
        id=text("id", "x"),
        start=text("start", next(iter(nodes), "")),
        nodes=nodes,
        endings=endings,
        interrupts=interrupts,
        worlds=worlds,
    )
    if not isinstance(data.get("start"), str):
        known.add(partial.start)
    return partial, known


ModelT = TypeVar("ModelT", bound=BaseModel)


def _valid(model: type[ModelT], raw: Any) -> ModelT | None:
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def _valid_items(model: type[ModelT], raw: Any) -> list[ModelT]:
    if not isinstance(raw, list):
        return []
    return [item for value in raw if (item := _valid(model, value)) is not None]


def _salvage_node(raw: Any) -> Node | None:
    """A node built from whichever of its parts are valid (schema errors are reported already)."""
    node = _valid(Node, raw)
    if node is not None or not isinstance(raw, dict):
        return node

    def parts(key: str, model: type[ModelT]) -> list[ModelT] | None:
        return _valid_items(model, raw[key]) if isinstance(raw.get(key), list) else None

    return Node.model_construct(
        text=raw.get("text") if isinstance(raw.get("text"), str) else "",
        variants=parts("variants", Variant),
        choices=parts("choices", _LenientChoice),
        routes=parts("routes", Route),
    )


class _LenientChoice(Choice):
    """A choice whose effects and wording may be broken but whose links and conditions can be checked."""

    model_config = ConfigDict(extra="ignore")
    text: str = ""
    tactic: Any = None
    trust: Any = 0
    pressure: Any = 0
    feedback: Any = ""


def check_state_space(analysis: SecureAnalysis, problems: DiagnosticList, budget: int) -> None:
    """Soft-locks (errors), never-reached parts and the worlds' warnings."""
    compiled = analysis.compiled
    scenario = compiled.scenario
    if analysis.too_large:
        counted = "reachable states" if scenario.worlds is None else "(world, state) pairs and information states"
        problems.warning(
            f"more than {budget:,} {counted}: too large to analyse, so soft-locks and "
            "unreachable parts were not checked and the debrief will not show turning points",
            code=Code.TOO_MANY_STATES,
        )
        if max(compiled.ending_stars, default=0) == 0:
            problems.warning(_ZERO_STARS, ("endings",), code=Code.ZERO_STARS)
        return
    seen_nodes: set[str] = set()
    for world, per_world in zip(analysis.worlds, analysis.analyses, strict=True):
        for stuck in per_world.stuck_states(limit=per_world.state_count):
            if stuck.node in seen_nodes:
                continue
            seen_nodes.add(stuck.node)
            problems.error(_stuck_message(stuck, world), ("nodes", stuck.node), code=Code.SOFT_LOCK)
            if len(seen_nodes) >= MAX_STUCK_REPORTS:
                break
    coverage = analysis.coverage
    assert coverage is not None
    for target, name in enumerate(compiled.node_ids):
        if target not in coverage.nodes:
            problems.warning(f'node "{name}" is never reached by any play', ("nodes", name), code=Code.UNREACHABLE)
            continue
        node = scenario.nodes[name]
        conditional: tuple[tuple[str, Sequence[Choice | Variant], set[tuple[int, int]], str], ...] = (
            ("choices", node.choices or (), coverage.choices, "choice is never offered"),
            ("variants", node.variants or (), coverage.variants, "variant never shown"),
        )
        for key, items, seen, what in conditional:
            for i, item in enumerate(items):
                if (target, i) not in seen:
                    problems.warning(
                        f'{what}: its when = "{item.when}" does not hold in any state '
                        "in which a play reaches this node",
                        ("nodes", name, key, i, "when"),
                        code=Code.NEVER_OFFERED,
                    )
    for offset, name in enumerate(compiled.ending_ids):
        if compiled.node_count + offset not in coverage.endings:
            problems.warning(f'ending "{name}" is never reached by any play', ("endings", name), code=Code.UNREACHABLE)
    for i, interrupt in enumerate(scenario.interrupts):
        if i not in coverage.interrupts:
            problems.warning(
                f'interrupt never fires: when = "{interrupt.when}" never holds after a choice',
                ("interrupts", i),
                code=Code.NEVER_FIRES,
            )
    if analysis.best_possible == 0:
        problems.warning(_ZERO_STARS, ("endings",), code=Code.ZERO_STARS)
    if scenario.worlds is not None and not problems.has_errors:
        check_worlds_analysis(analysis, problems)


def check_worlds_analysis(analysis: SecureAnalysis, problems: DiagnosticList) -> None:
    """The contract's warnings about hidden worlds."""
    scenario = analysis.compiled.scenario
    position = {w.id: i for i, w in enumerate(scenario.worlds or ())}
    for first, second in analysis.never_told_apart():
        problems.warning(
            f'worlds "{first}" and "{second}" can never be told apart: every play observes the same '
            "texts and endings in both; make a node, a choice's text or an ending depend on a flag one "
            "of them sets",
            ("worlds", position[str(second)]),
            code=Code.WORLDS_ALIKE,
        )
    reported: set[int] = set()
    for world in analysis.worlds:
        info = analysis.start_info(world)
        if info is None or info in reported:
            continue
        reported.add(info)
        together = analysis.worlds_of(info)
        secure = analysis.secure(info) or 0
        bests = [analysis.world(w).best_possible or 0 for w in together]
        if secure < min(bests):
            names = ", ".join(f'"{w}"' for w in together)
            problems.warning(
                f"no way of playing finds out in time which world it is: from the start a player can be "
                f"sure of {secure} star(s), though each of the worlds {names} offers at least {min(bests)} "
                "to a player who knew it; let a question reveal the world before the choices that depend on it",
                ("worlds",),
                code=Code.LATE_DISCOVERY,
            )
    compiled = analysis.compiled
    for difference in analysis.hidden_differences:
        (node_a, index_a), (node_b, index_b) = difference.first, difference.second
        other = format_toml_path(("nodes", compiled.ids[node_b], "choices", index_b))
        names = ", ".join(f'"{w}"' for w in difference.worlds)
        problems.warning(
            f"this choice and {other} show the same text at the same number in worlds not yet told apart "
            f"({names}) but differ in effects, flags or next; the meters could tell the worlds apart, which "
            "the analysis ignores: make the texts differ, or the consequences the same",
            ("nodes", compiled.ids[node_a], "choices", index_a),
            code=Code.HIDDEN_DIFFERENCE,
        )


_ZERO_STARS = "the best ending any play can reach is worth 0 stars; give the player a way to do well"


def _stuck_message(stuck: StuckState, world: str | None = None) -> str:
    flags = ", ".join(sorted(stuck.flags)) or "none"
    path = ",".join(map(str, stuck.path)) or "none (the start)"
    where = f'at node "{stuck.node}" with trust {stuck.trust}, pressure {stuck.pressure} and flags {flags}'
    if stuck.no_choice_offered:
        what = f"soft-lock: no choice is offered {where} (every choice's when is false)"
    else:
        what = f"soft-lock: no ending can be reached {where}"
    start = "the start" if world is None else f'the start in world "{world}"'
    return f"{what}; reached by the choices {path} from {start}"


# -- packs ----------------------------------------------------------------------------


@dataclass(slots=True)
class LoadedPack:
    """A pack folder: its manifest, its scenarios, and the problems found."""

    path: Path
    manifest: PackManifest | None
    scenarios: list[LoadedScenario] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def all_diagnostics(self) -> list[Diagnostic]:
        return self.diagnostics + [d for s in self.scenarios for d in s.diagnostics]

    @property
    def ok(self) -> bool:
        return self.manifest is not None and not any(d.is_error for d in self.all_diagnostics)

    @property
    def manifest_ok(self) -> bool:
        return self.manifest is not None and not any(d.is_error for d in self.diagnostics)


def load_pack(
    folder: Path,
    *,
    analyse: bool = True,
    budget: int = DEFAULT_STATE_BUDGET,
    label: str | None = None,
    keep_analyses: bool = False,
    manifest_raw: bytes | None = None,
    analysed: AnalysedTexts | None = None,
) -> LoadedPack:
    """Read a pack folder: `pack.toml` and `scenarios/*.toml`.

    Each scenario's state-space analysis is dropped once its diagnostics are
    made (so a pack never holds more than one at a time), unless `keep_analyses`.
    `manifest_raw` is `pack.toml` as an editor holds it (read from disk when None);
    `analysed`: the texts not to explore again (see `explore_scenario`).
    """
    label = label if label is not None else str(folder)
    manifest_file = folder / "pack.toml"
    manifest_label = _join(label, "pack.toml")
    if manifest_raw is None:
        parsed = read_toml(manifest_file, manifest_label)
    else:
        parsed = parse_toml_bytes(manifest_raw, manifest_file, manifest_label)
    problems = parsed.diagnostics
    if not is_utf8_name(folder.name):
        problems.error(
            "the pack's folder name is not valid UTF-8 (shown with \\x escapes); rename the folder using UTF-8 characters",
            code=Code.FILE_NAME,
        )
    manifest = None
    if parsed.data is not None:
        manifest = validate_model(PackManifest, parsed.data, problems)
        if manifest is not None:
            check_format_version(manifest.format, problems)
            check_id(manifest.id, ("id",), "pack id", problems)
    pack = LoadedPack(folder, manifest)
    files = scenario_files(folder)
    if not files:
        problems.error(
            f"no scenarios found: put one scenario per file in {_join(label, 'scenarios')}/*.toml",
            code=Code.EMPTY_PACK,
        )
    seen: dict[str, str] = {}
    titles: dict[str, str] = {}
    root = folder.resolve()
    for file in files:
        file_label = pack_scenario_label(label, file)
        loaded = load_pack_scenario(root, file, file_label, analyse=analyse, budget=budget, analysed=analysed)
        if not keep_analyses:
            loaded.analysis = None
        if mark_duplicate_id(loaded, seen):
            mark_duplicate_title(loaded, titles)
        pack.scenarios.append(loaded)
    pack.diagnostics = problems.items
    return pack


def scenario_files(folder: Path) -> list[Path]:
    """A pack's scenario files, in the order `load_pack` reads them."""
    scenario_dir = folder / "scenarios"
    return sorted(scenario_dir.glob("*.toml")) if scenario_dir.is_dir() else []


def pack_scenario_label(pack_label: str, file: Path) -> str:
    return _join(pack_label, f"scenarios/{file.name}")


def load_pack_scenario(
    root: Path,
    file: Path,
    label: str,
    *,
    analyse: bool,
    budget: int,
    raw: bytes | None = None,
    analysed: AnalysedTexts | None = None,
) -> LoadedScenario:
    """One scenario file of the pack whose resolved folder is `root` (a link is refused);
    `raw` is the file's text as an editor holds it, read from disk when None."""
    refused = refused_link(root, file, label)
    if refused is not None:
        return refused
    if raw is None:
        return load_scenario(file, label=label, analyse=analyse, budget=budget, analysed=analysed)
    loaded = check_parsed_scenario(parse_toml_bytes(raw, file, label), analyse=analyse, budget=budget, analysed=analysed)
    loaded.source = raw
    return loaded


def refused_link(root: Path, file: Path, label: str) -> LoadedScenario | None:
    """A scenario file of the pack in `root` refused for being a link (or leading out of the
    pack); None for a plain file inside it."""
    if not file.is_symlink() and file.resolve().is_relative_to(root):
        return None
    refused = DiagnosticList(label)
    refused.error("is a link; a pack's files must be plain files inside the pack", code=Code.LINK)
    return LoadedScenario(file, None, refused.items)


def mark_duplicate_id(loaded: LoadedScenario, seen: dict[str, str]) -> bool:
    """The pack-level check: a valid scenario whose id an earlier file of the pack (in `seen`:
    id -> file label) already uses gets a `duplicate-id` error; a new id is added to `seen`.
    True when the scenario is valid and its id new."""
    if loaded.scenario is None:
        return False
    sid = loaded.scenario.id
    if sid not in seen:
        seen[sid] = loaded.label
        return True
    duplicate = DiagnosticList(loaded.label, reread(loaded).diagnostics.locate)
    duplicate.error(
        f'scenario id "{sid}" is already used by {seen[sid]}; ids must be unique within a pack',
        ("id",),
        code=Code.DUPLICATE_ID,
    )
    loaded.diagnostics = loaded.diagnostics + duplicate.items
    return False


def mark_duplicate_title(loaded: LoadedScenario, titles: dict[str, str]) -> None:
    """A warning when a valid scenario's title is already another scenario's in the pack (the library
    would show two rows alike); `titles` maps each title seen (folded) to its file."""
    assert loaded.scenario is not None
    title = loaded.scenario.title
    key = title_key(title)
    if key not in titles:
        titles[key] = loaded.label
        return
    duplicate = DiagnosticList(loaded.label, reread(loaded).diagnostics.locate)
    duplicate.warning(
        f'title "{title}" is already the title of {titles[key]}; the library would show two scenarios '
        "alike: give each scenario of a pack its own title",
        ("title",),
        code=Code.DUPLICATE_TITLE,
    )
    loaded.diagnostics = loaded.diagnostics + duplicate.items


def title_key(title: str) -> str:
    """Titles compare without case and runs of spaces."""
    return " ".join(title.casefold().split())


def _join(label: str, name: str) -> str:
    return f"{label.rstrip('/')}/{name}"

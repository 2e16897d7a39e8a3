"""The format's rules that span several places: ids, references, conditions, flags, routes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from trainer.codes import Code, schema_code
from trainer.conditions import KEYWORDS, ConditionError, flags_in, parse_condition
from trainer.diagnostics import DiagnosticList, TomlPath
from trainer.model import FORMAT_VERSION, Choice, Node, Scenario
from trainer.vocabulary import FLAG_NAME_RULE, ID_RULE, is_flag_name, is_id


@dataclass(frozen=True, slots=True)
class ConditionSite:
    path: TomlPath  # the `when` key
    text: str


def check_format_version(value: object, problems: DiagnosticList) -> None:
    if value != FORMAT_VERSION or isinstance(value, bool):
        problems.error(
            f"format must be {FORMAT_VERSION} (this version of trainer reads format {FORMAT_VERSION}); got {value!r}",
            ("format",),
            code=Code.FORMAT_VERSION,
        )


def check_id(value: str, path: TomlPath, what: str, problems: DiagnosticList) -> None:
    if not is_id(value):
        problems.error(
            f'{what} "{value}" {ID_RULE}',
            path,
            code=Code.BAD_ID,
        )


def condition_sites(scenario: Scenario) -> Iterator[ConditionSite]:
    for i, interrupt in enumerate(scenario.interrupts):
        yield ConditionSite(("interrupts", i, "when"), interrupt.when)
    for name, node in scenario.nodes.items():
        for i, variant in enumerate(node.variants or ()):
            yield ConditionSite(("nodes", name, "variants", i, "when"), variant.when)
        for i, choice in enumerate(node.choices or ()):
            if choice.when is not None:
                yield ConditionSite(("nodes", name, "choices", i, "when"), choice.when)
        for i, route in enumerate(node.routes or ()):
            if route.when is not None:
                yield ConditionSite(("nodes", name, "routes", i, "when"), route.when)


def check_scenario_rules(
    scenario: Scenario, problems: DiagnosticList, known_targets: set[str] | None = None
) -> None:
    """Every rule that does not need the state space. `known_targets` adds ids of
    nodes and endings that exist but failed schema checks, so they are not
    reported twice."""
    check_format_version(scenario.format, problems)
    check_id(scenario.id, ("id",), "scenario id", problems)
    nodes, endings = scenario.nodes, scenario.endings
    targets = set(nodes) | set(endings) | (known_targets or set())
    names = sorted(targets)
    for name in nodes:
        check_id(name, ("nodes", name), "node id", problems)
        if name in endings:
            problems.error(
                f'"{name}" is both a node and an ending; nodes and endings share one namespace, rename one',
                ("endings", name),
                code=Code.DUPLICATE_ID,
            )
    for name in endings:
        check_id(name, ("endings", name), "ending id", problems)

    if scenario.start in endings and scenario.start not in nodes:
        problems.error(
            f'start = "{scenario.start}" names an ending; start must name a node', ("start",), code=Code.BAD_START
        )
    elif scenario.start not in targets:
        problems.error(
            f'start = "{scenario.start}" names no node.{problems.suggest(scenario.start, nodes)}',
            ("start",),
            code=Code.UNKNOWN_TARGET,
        )

    def reference(value: str, path: TomlPath) -> None:
        if value not in targets:
            problems.error(
                f'next = "{value}" names no node or ending.{problems.suggest(value, names)}',
                path,
                code=Code.UNKNOWN_TARGET,
            )

    for i, interrupt in enumerate(scenario.interrupts):
        reference(interrupt.next, ("interrupts", i, "next"))
    for name, node in nodes.items():
        _check_node_shape(name, node, problems)
        for i, choice in enumerate(node.choices or ()):
            reference(choice.next, ("nodes", name, "choices", i, "next"))
        for i, route in enumerate(node.routes or ()):
            reference(route.next, ("nodes", name, "routes", i, "next"))

    set_flags = _check_flag_effects(scenario, problems)
    tested = _check_conditions(scenario, set_flags, problems)
    for flag, path in set_flags.items():
        if flag not in tested:
            problems.warning(
                f'flag "{flag}" is set but never tested in any "when"; test it or remove it',
                path,
                code=Code.FLAG_UNUSED,
            )
    _check_clears(scenario, set_flags, problems)
    _check_feedback(scenario, problems)
    _check_route_cycles(scenario, problems)
    _check_worlds(scenario, problems)
    _check_choice_ids(scenario, problems)
    _check_titles(scenario, problems)
    _check_tests(scenario, problems)


def _check_node_shape(name: str, node: Node, problems: DiagnosticList) -> None:
    path: TomlPath = ("nodes", name)
    if node.choices is not None and node.routes is not None:
        problems.error(
            "a node has either choices (a scene node) or routes (a check node), never both",
            path + ("routes",),
            code=Code.NODE_SHAPE,
        )
        return
    if node.choices is None and node.routes is None:
        problems.error(
            "this node has neither [[choices]] nor [[routes]]; add choices (a scene node) "
            "or routes (a check node)",
            path,
            code=Code.NODE_SHAPE,
        )
        return
    if node.choices is not None and node.text is None:
        problems.error('missing required key "text" (a scene node needs text)', path, code=schema_code("missing"))
    if node.routes is not None:
        if node.variants is not None:
            problems.error(
                "variants belong to scene nodes; a check node's text is shown as narration as it is",
                path + ("variants",),
                code=Code.NODE_SHAPE,
            )
        last = len(node.routes) - 1
        for i, route in enumerate(node.routes):
            if i < last and route.when is None:
                problems.error(
                    f'route {i} has no "when"; only the last route may omit it (routes after it could never be taken)',
                    path + ("routes", i),
                    code=Code.ROUTE_WHEN,
                )
            if i == last and route.when is not None:
                problems.error(
                    'the last route must have no "when": it is the default taken when no other route holds',
                    path + ("routes", i, "when"),
                    code=Code.ROUTE_WHEN,
                )


def _choices(scenario: Scenario) -> Iterator[tuple[TomlPath, Choice]]:
    for name, node in scenario.nodes.items():
        for i, choice in enumerate(node.choices or ()):
            yield ("nodes", name, "choices", i), choice


def _flag_lists(scenario: Scenario) -> Iterator[tuple[TomlPath, str, list[str]]]:
    """Every list of flag names: each world's `set`, then each choice's `set` and `clear`."""
    for i, world in enumerate(scenario.worlds or ()):
        yield ("worlds", i), "set", world.set
    for path, choice in _choices(scenario):
        yield path, "set", choice.set
        yield path, "clear", choice.clear


def _check_flag_effects(scenario: Scenario, problems: DiagnosticList) -> dict[str, TomlPath]:
    """Check flag names in `set` and `clear` (worlds' `set` included); return each set flag
    and where it is first set."""
    set_flags: dict[str, TomlPath] = {}
    for path, key, flags in _flag_lists(scenario):
        for j, flag in enumerate(flags):
            where = path + (key, j)
            if flag in KEYWORDS:
                problems.error(
                    f'"{flag}" is a reserved word and cannot be a flag name; choose another name',
                    where,
                    code=Code.BAD_FLAG,
                )
            elif not is_flag_name(flag):
                problems.error(
                    f'flag name "{flag}" {FLAG_NAME_RULE}',
                    where,
                    code=Code.BAD_FLAG,
                )
            elif key == "set":
                set_flags.setdefault(flag, where)
    return set_flags


def _check_conditions(scenario: Scenario, set_flags: dict[str, TomlPath], problems: DiagnosticList) -> set[str]:
    tested: set[str] = set()
    for site in condition_sites(scenario):
        try:
            expr = parse_condition(site.text)
        except ConditionError as error:
            problems.error(
                f'malformed condition "{_clip(site.text)}": {error.message} (at character {error.offset + 1})',
                site.path,
                code=Code.CONDITION_SYNTAX,
                value_offset=error.offset,
            )
            continue
        for flag in flags_in(expr):
            tested.add(flag.name)
            if flag.name not in set_flags:
                hint = problems.suggest(flag.name, set_flags)
                problems.error(
                    f'flag "{flag.name}" is tested but never set by any choice, so this test is always false.'
                    f"{hint or ' Add it to a choice’s set = [...] or fix the name.'}",
                    site.path,
                    code=Code.FLAG_NEVER_SET,
                    value_offset=flag.offset,
                )
    return tested


def _check_clears(scenario: Scenario, set_flags: dict[str, TomlPath], problems: DiagnosticList) -> None:
    for path, choice in _choices(scenario):
        for j, flag in enumerate(choice.clear):
            if flag not in set_flags and flag not in KEYWORDS and is_flag_name(flag):
                problems.warning(
                    f'clear = ["{flag}"] clears a flag that no choice sets.{problems.suggest(flag, set_flags)}',
                    path + ("clear", j),
                    code=Code.CLEAR_UNSET,
                )


def _check_feedback(scenario: Scenario, problems: DiagnosticList) -> None:
    for path, choice in _choices(scenario):
        if choice.feedback is None:
            problems.warning(
                "choice has no feedback; say why this move works or backfires with this buyer now",
                path,
                code=Code.NO_FEEDBACK,
            )


def _check_route_cycles(scenario: Scenario, problems: DiagnosticList) -> None:
    """A loop made only of check-node routes could route forever."""
    nodes = scenario.nodes
    graph = {
        name: [r.next for r in node.routes or () if r.next in nodes and nodes[r.next].is_check]
        for name, node in nodes.items()
        if node.is_check
    }
    done: set[str] = set()
    reported: set[frozenset[str]] = set()
    for root in graph:
        if root in done:
            continue
        stack: list[str] = [root]
        on_stack = {root}
        iterators = [iter(graph[root])]
        while iterators:
            nxt = next(iterators[-1], None)
            if nxt is None:
                finished = stack.pop()
                on_stack.discard(finished)
                done.add(finished)
                iterators.pop()
                continue
            if nxt in on_stack:
                cycle = stack[stack.index(nxt) :]
                if frozenset(cycle) in reported:
                    continue
                reported.add(frozenset(cycle))
                loop = " -> ".join([*cycle, nxt])
                problems.error(
                    f"check nodes route in a loop ({loop}) with no scene node between; "
                    "send one route to a scene node or an ending",
                    ("nodes", nxt, "routes"),
                    code=Code.ROUTE_CYCLE,
                )
            elif nxt not in done:
                stack.append(nxt)
                on_stack.add(nxt)
                iterators.append(iter(graph[nxt]))


def check_one_line(value: str, path: TomlPath, what: str, problems: DiagnosticList) -> None:
    """Labels, titles and test names: not empty, no line break."""
    if not value.strip():
        problems.error(f"{what} is empty; write a short line of text", path, code=Code.BAD_LABEL)
    elif "\n" in value or "\r" in value:
        problems.error(f"{what} must be one line; remove the line break", path, code=Code.BAD_LABEL)


def _check_worlds(scenario: Scenario, problems: DiagnosticList) -> None:
    seen: dict[str, int] = {}
    for i, world in enumerate(scenario.worlds or ()):
        check_id(world.id, ("worlds", i, "id"), "world id", problems)
        if world.id in seen:
            problems.error(
                f'world id "{world.id}" is already used by worlds[{seen[world.id]}]; world ids must be unique',
                ("worlds", i, "id"),
                code=Code.DUPLICATE_ID,
            )
        seen.setdefault(world.id, i)
        check_one_line(world.label, ("worlds", i, "label"), "a world's label", problems)


def _check_choice_ids(scenario: Scenario, problems: DiagnosticList) -> None:
    for name, node in scenario.nodes.items():
        seen: dict[str, int] = {}
        for i, choice in enumerate(node.choices or ()):
            if choice.id is None:
                continue
            where: TomlPath = ("nodes", name, "choices", i, "id")
            if choice.id.isdigit():
                problems.error(
                    f'choice id "{choice.id}" is all digits, so it would read as a choice number; '
                    "use a word, e.g. \"why-now\"",
                    where,
                    code=Code.BAD_ID,
                )
            else:
                check_id(choice.id, where, "choice id", problems)
            if choice.id in seen:
                problems.error(
                    f'choice id "{choice.id}" is already used by choices[{seen[choice.id]}] of this node; '
                    "choice ids must be unique within their node",
                    where,
                    code=Code.DUPLICATE_ID,
                )
            seen.setdefault(choice.id, i)


def _check_titles(scenario: Scenario, problems: DiagnosticList) -> None:
    for name, ending in scenario.endings.items():
        if ending.title is not None:
            check_one_line(ending.title, ("endings", name, "title"), "an ending's title", problems)


def _check_tests(scenario: Scenario, problems: DiagnosticList) -> None:
    worlds = [w.id for w in scenario.worlds or ()]
    choice_ids = sorted({c.id for node in scenario.nodes.values() for c in node.choices or () if c.id})
    names: dict[str, int] = {}
    for i, test in enumerate(scenario.tests):
        path: TomlPath = ("tests", i)
        check_one_line(test.name, path + ("name",), "a test's name", problems)
        if test.name in names:
            problems.error(
                f'test name "{test.name}" is already used by tests[{names[test.name]}]; give each test its own name',
                path + ("name",),
                code=Code.DUPLICATE_ID,
            )
        names.setdefault(test.name, i)
        if test.world is not None and not worlds:
            problems.error(
                f'world = "{test.world}", but this scenario has no [[worlds]]; remove the key',
                path + ("world",),
                code=Code.UNKNOWN_WORLD,
            )
        elif test.world is not None and test.world not in worlds:
            problems.error(
                f'world = "{test.world}" names no world.{problems.suggest(test.world, worlds)} '
                f"The worlds are: {', '.join(worlds)}",
                path + ("world",),
                code=Code.UNKNOWN_WORLD,
            )
        if test.ending is not None and test.ending not in scenario.endings:
            problems.error(
                f'ending = "{test.ending}" names no ending.{problems.suggest(test.ending, list(scenario.endings))}',
                path + ("ending",),
                code=Code.UNKNOWN_TARGET,
            )
        for j, entry in enumerate(test.choices):
            if isinstance(entry, str) and entry not in choice_ids:
                hint = problems.suggest(entry, choice_ids) or (
                    " No choice has an id yet: add id = \"...\" to the choice." if not choice_ids else ""
                )
                problems.error(
                    f'"{entry}" names no choice: no choice in this scenario has this id.{hint}',
                    path + ("choices", j),
                    code=Code.UNKNOWN_CHOICE,
                )


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."

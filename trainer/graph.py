"""A scenario as a graph, in Mermaid or Graphviz DOT, for authors to see its shape.

Drawn: scene nodes (boxes), check nodes (diamonds), endings (rounded,
coloured by outcome, with their stars), choices (solid arrows labelled with
the choice's number among the node's choices, its tactic and its `when`),
routes (dashed arrows labelled with their `when`, or "else"), and
interrupts (hexagons with thick arrows to where they send the play).

A scenario with `[[worlds]]` also gets a legend naming each world (its id,
its label and the flags it sets), and every branch whose condition reads a
flag that a world sets (a choice's or a route's `when`, an interrupt's), or
a node with such a condition (its variants', choices' or routes'), is marked
"depends on the world" and drawn in the worlds' colour: these are the places
where the hidden world changes what happens or what the player sees.

Health: routes are numbered in the order they are tried; a `next` that names no node or ending
is drawn to a red "no such node" box (the command still exits 1); with an `Overlay`, plays'
counts label the edges (`--coverage`: what a playtest never reached is greyed) and a play's path
is drawn bold, its turning points marked (`--choices`). `render_pack` draws every scenario of a
pack side by side.

Scenario text is untrusted: graph ids are generated (`s0`, `n0`, `e0`, `i0`),
never taken from the file, and every label is escaped for its format.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from trainer.conditions import ConditionError, flags_in, parse_condition
from trainer.model import Outcome, Scenario

GRAPH_FORMATS = ("mermaid", "dot")

OUTCOME_COLOURS: dict[Outcome, tuple[str, str]] = {  # (fill, stroke)
    Outcome.WON: ("#c8e6c9", "#2e7d32"),
    Outcome.REFERRAL: ("#bbdefb", "#1565c0"),
    Outcome.QUALIFIED_OUT: ("#fff3c4", "#f9a825"),
    Outcome.LOST: ("#ffcdd2", "#c62828"),
}
INTERRUPT_COLOUR = "#6a1b9a"
WORLD_COLOUR = "#00838f"
WORLD_FILL = "#e0f7fa"
WORLD_MARK = "depends on the world"


MISSING_COLOUR = "#d50000"
MISSING_FILL = "#ffebee"
PATH_COLOUR = "#ff6f00"
TURNING_COLOUR = "#b71c1c"
GREY_FILL, GREY_STROKE, GREY_TEXT = "#f5f5f5", "#bdbdbd", "#9e9e9e"
TURNING_MARK = "turning point"

EdgeKey = tuple[str, str, int]
"""What an edge draws: ("choice", node, index), ("route", node, index), ("interrupt", "", index) or ("start", "", 0)."""


@dataclass(frozen=True, slots=True)
class Overlay:
    """What is drawn over the shape: how often each edge was taken (`--coverage`; `reached`: the
    nodes and endings any play reached, the others greyed), and one play (`--choices`): the edges
    of its `path`, its `turning` points."""

    counts: Mapping[EdgeKey, int] | None = None
    reached: frozenset[str] | None = None
    path: frozenset[EdgeKey] = frozenset()
    turning: frozenset[EdgeKey] = frozenset()


@dataclass(frozen=True, slots=True)
class Edge:
    source: str  # generated id
    target: str
    label: str
    kind: str  # "choice" | "route" | "interrupt" | "start"
    world: bool = False  # its condition reads a flag that a world sets
    broken: bool = False  # its `next` names no node or ending
    on_path: bool = False  # the play given (`--choices`) went this way
    turning: bool = False  # ... and it was a turning point


@dataclass(frozen=True, slots=True)
class Vertex:
    gid: str
    label: str
    kind: str  # "scene" | "check" | "ending" | "interrupt" | "start" | "world" | "missing"
    outcome: Outcome | None = None
    world: bool = False  # its text (variants) or its condition (interrupts) reads a world's flag
    greyed: bool = False  # no play of the playtest reached it (`--coverage`)


def world_flags(scenario: Scenario) -> frozenset[str]:
    """Every flag that some world sets at the start."""
    return frozenset(flag for world in scenario.worlds or () for flag in world.set)


def reads_world(condition: str | None, flags: frozenset[str]) -> bool:
    """Whether `condition` tests one of `flags` (a malformed condition reads none)."""
    if not condition or not flags:
        return False
    try:
        return any(flag.name in flags for flag in flags_in(parse_condition(condition)))
    except ConditionError:
        return False


def _marked(label: str, world: bool) -> str:
    return f"{label}\n{WORLD_MARK}" if world else label


def build(scenario: Scenario, overlay: Overlay | None = None) -> tuple[list[Vertex], list[Edge]]:
    """The vertices and edges of a scenario, in file order; a `next` naming no node or ending
    leads to a "missing" vertex (one per name)."""
    overlay = overlay or Overlay()
    gid: dict[str, str] = {}
    flags = world_flags(scenario)
    reached = overlay.reached

    def grey(name: str) -> bool:
        return reached is not None and name not in reached

    vertices = [Vertex("s0", "start", "start")]
    for index, (name, node) in enumerate(scenario.nodes.items()):
        gid[name] = f"n{index}"
        conditions = [v.when for v in node.variants or ()] + [c.when for c in node.choices or ()]
        varies = any(reads_world(when, flags) for when in conditions + [r.when for r in node.routes or ()])
        kind = "check" if node.is_check else "scene"
        vertices.append(Vertex(gid[name], _marked(name, varies), kind, world=varies, greyed=grey(name)))
    for index, (name, ending) in enumerate(scenario.endings.items()):
        gid[name] = f"e{index}"
        stars = "★" * ending.effective_stars or "no stars"
        label = f"{name}\n{ending.outcome.value}, {stars}"
        vertices.append(Vertex(gid[name], label, "ending", ending.outcome, greyed=grey(name)))
    missing: dict[str, str] = {}

    def target(name: str) -> tuple[str, bool]:
        if name in gid:
            return gid[name], False
        if name not in missing:
            missing[name] = f"x{len(missing)}"
            vertices.append(Vertex(missing[name], f"{name}\nno such node or ending", "missing"))
        return missing[name], True

    edges: list[Edge] = []

    def edge(source: str, key: EdgeKey, next_: str, label: str, kind: str, world: bool = False) -> None:
        to, broken = target(next_)
        count = overlay.counts.get(key, 0) if overlay.counts is not None else None
        turning = key in overlay.turning
        parts = [label] if label else []
        if world and kind != "interrupt":  # an interrupt's mark is on its hexagon
            parts.append(WORLD_MARK)
        if count is not None:
            parts.append(f"taken {count}")
        if turning:
            parts.append(TURNING_MARK)
        edges.append(Edge(source, to, "\n".join(parts), kind, world, broken, key in overlay.path, turning))

    edge("s0", ("start", "", 0), scenario.start, "", "start")
    for name, node in scenario.nodes.items():
        for index, choice in enumerate(node.choices or ()):
            label = f"{index + 1} · {choice.tactic.value}"
            if choice.when:
                label += f" · if {choice.when}"
            edge(gid[name], ("choice", name, index), choice.next, label, "choice", reads_world(choice.when, flags))
        for index, route in enumerate(node.routes or ()):
            label = f"{index + 1} · {route.when or 'else'}"  # numbered in the order the routes are tried
            edge(gid[name], ("route", name, index), route.next, label, "route", reads_world(route.when, flags))
    for index, interrupt in enumerate(scenario.interrupts):
        vertex = f"i{index}"
        world = reads_world(interrupt.when, flags)
        label = _marked(f"interrupt {index + 1}, after any choice:\n{interrupt.when}", world)
        vertices.append(Vertex(vertex, label, "interrupt", world=world))
        edge(vertex, ("interrupt", "", index), interrupt.next, "", "interrupt", world)
    worlds = scenario.worlds or []
    total = sum(w.weight for w in worlds)
    for index, w in enumerate(worlds):
        drawn = f", weight {w.weight} of {total}" if len({v.weight for v in worlds}) > 1 else ""
        sets = f"sets {', '.join(w.set)}" if w.set else "sets no flag"
        vertices.append(Vertex(f"w{index}", f"world {w.id}{drawn}:\n{w.label}\n{sets}", "world"))
    return vertices, edges


LEGEND_TITLE = "hidden worlds: one is drawn at the start of each play"


def render(scenario: Scenario, fmt: str = "mermaid", overlay: Overlay | None = None) -> str:
    return render_pack([(scenario.id, scenario, overlay)], fmt, title=scenario.id, clusters=False)


def render_pack(
    scenarios: Sequence[tuple[str, Scenario, Overlay | None]], fmt: str = "mermaid", *, title: str, clusters: bool = True
) -> str:
    """Several scenarios in one graph (a pack's overview: each in a box titled by its caption),
    or one scenario (`clusters` False). Ids stay generated and unique across the scenarios."""
    if fmt not in GRAPH_FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; choose from {', '.join(GRAPH_FORMATS)}")
    parts: list[tuple[str, list[Vertex], list[Edge]]] = []
    offsets: dict[str, int] = {}
    for caption, scenario, overlay in scenarios:
        vertices, edges = build(scenario, overlay)
        renamed: dict[str, str] = {}
        for v in vertices:
            letter = v.gid[0]
            renamed[v.gid] = f"{letter}{offsets.get(letter, 0) + int(v.gid[1:])}"
        for letter in {v.gid[0] for v in vertices}:
            offsets[letter] = offsets.get(letter, 0) + sum(1 for v in vertices if v.gid[0] == letter)
        vertices = [_with_gid(v, renamed[v.gid]) for v in vertices]
        edges = [_with_ends(e, renamed[e.source], renamed[e.target]) for e in edges]
        parts.append((caption, vertices, edges))
    return _to_mermaid(parts, clusters) if fmt == "mermaid" else _to_dot(parts, title, clusters)


def _with_gid(v: Vertex, gid: str) -> Vertex:
    return Vertex(gid, v.label, v.kind, v.outcome, v.world, v.greyed)


def _with_ends(e: Edge, source: str, target: str) -> Edge:
    return Edge(source, target, e.label, e.kind, e.world, e.broken, e.on_path, e.turning)


def to_mermaid(scenario: Scenario, overlay: Overlay | None = None) -> str:
    return render(scenario, "mermaid", overlay)


def to_dot(scenario: Scenario, overlay: Overlay | None = None) -> str:
    return render(scenario, "dot", overlay)


# -- Mermaid ------------------------------------------------------------------------------------

_MERMAID_SAFE = set(" _-.,:!?'+*/=()")


def mermaid_text(text: str) -> str:
    """Text for inside a quoted Mermaid label: anything but letters, digits and a few
    harmless marks becomes an entity code (`#35;`), newlines become `<br>`."""
    lines = text.split("\n")
    return "<br>".join(
        "".join(c if (c.isalnum() and c.isprintable()) or c in _MERMAID_SAFE else f"#{ord(c)};" for c in line)
        for line in lines
    )


_MERMAID_SHAPES = {
    "start": ('(("', '"))'),
    "scene": ('["', '"]'),
    "check": ('{"', '"}'),
    "ending": ('(["', '"])'),
    "interrupt": ('{{"', '"}}'),
    "missing": ('["', '"]'),
}


def _mermaid_vertex(v: Vertex) -> str:
    left, right = _MERMAID_SHAPES[v.kind]
    if v.kind == "missing":
        css = ":::missing"
    elif v.greyed:
        css = ":::unreached"
    elif v.outcome is not None:
        css = f":::{v.outcome.value}"
    elif v.kind in ("check", "interrupt"):
        css = f":::{v.kind}"
    else:
        css = ":::varies" if v.world else ""
    return f"{v.gid}{left}{mermaid_text(v.label)}{right}{css}"


def _to_mermaid(parts: list[tuple[str, list[Vertex], list[Edge]]], clusters: bool) -> str:
    out = ["flowchart TD"]
    all_edges: list[Edge] = []
    legend: list[Vertex] = []
    used: set[str] = set()
    for number, (caption, vertices, edges) in enumerate(parts):
        indent = "        " if clusters else "    "
        if clusters:
            out.append(f'    subgraph scenario{_letters(number)}["{mermaid_text(caption)}"]')
        for v in vertices:
            if v.kind == "world":
                if clusters:  # a pack: each scenario's worlds in its own box
                    out.append(f'{indent}{v.gid}["{mermaid_text(v.label)}"]:::world')
                    used.add("world")
                else:
                    legend.append(v)
                continue
            used.add(v.kind if v.kind in ("check", "interrupt", "missing") else "")
            used.add("unreached" if v.greyed else "")
            used.add("varies" if v.world else "")
            out.append(indent + _mermaid_vertex(v))
        arrows = {"choice": "-->", "route": "-.->", "interrupt": "==>", "start": "-->"}
        for e in edges:
            label = f'|"{mermaid_text(e.label)}"|' if e.label else ""
            out.append(f"{indent}{e.source} {arrows[e.kind]}{label} {e.target}")
        all_edges += edges
        if clusters:
            out.append("    end")
    if legend:
        out.append(f'    subgraph worlds["{mermaid_text(LEGEND_TITLE)}"]')
        out += [f'        {v.gid}["{mermaid_text(v.label)}"]:::world' for v in legend]
        out.append("    end")
    for outcome, (fill, stroke) in OUTCOME_COLOURS.items():
        out.append(f"    classDef {outcome.value} fill:{fill},stroke:{stroke},stroke-width:2px")
    out.append("    classDef check fill:#eeeeee,stroke:#616161")
    out.append(f"    classDef interrupt fill:#f3e5f5,stroke:{INTERRUPT_COLOUR}")
    if legend or "world" in used:
        out.append(f"    classDef world fill:{WORLD_FILL},stroke:{WORLD_COLOUR}")
        out.append(f"    classDef varies stroke:{WORLD_COLOUR},stroke-width:3px")
    if "missing" in used:
        out.append(f"    classDef missing fill:{MISSING_FILL},stroke:{MISSING_COLOUR},stroke-width:3px,color:{MISSING_COLOUR}")
    if "unreached" in used:
        out.append(f"    classDef unreached fill:{GREY_FILL},stroke:{GREY_STROKE},color:{GREY_TEXT}")
    styles = (
        ([i for i, e in enumerate(all_edges) if e.kind == "interrupt"], INTERRUPT_COLOUR, 3),
        ([i for i, e in enumerate(all_edges) if e.world and e.kind != "interrupt"], WORLD_COLOUR, 3),
        ([i for i, e in enumerate(all_edges) if e.on_path], PATH_COLOUR, 4),
        ([i for i, e in enumerate(all_edges) if e.turning], TURNING_COLOUR, 5),
        ([i for i, e in enumerate(all_edges) if e.broken], MISSING_COLOUR, 3),
    )
    for links, colour, width in styles:  # later lines win: a broken edge is red whatever else it is
        if links:
            out.append(f"    linkStyle {','.join(map(str, links))} stroke:{colour},stroke-width:{width}px")
    return "\n".join(out) + "\n"


def _letters(number: int) -> str:
    """0 -> "a", 25 -> "z", 26 -> "ba": a subgraph id without digits."""
    text = ""
    while True:
        number, rest = divmod(number, 26)
        text = chr(ord("a") + rest) + text
        if number == 0:
            return text


# -- Graphviz DOT ---------------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A double-quoted DOT string; backslashes are escaped so `\\N`, `\\l` and friends stay literal."""
    cleaned = "".join(c if c.isprintable() or c == "\n" else " " for c in text)
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot_vertex(v: Vertex) -> str:
    attrs = {"label": dot_string(v.label)}
    if v.world:
        attrs.update(color=f'"{WORLD_COLOUR}"', penwidth="3")
    if v.kind == "start":
        attrs.update(shape="circle", style="filled", fillcolor='"#424242"', fontcolor="white")
    elif v.kind == "scene":
        attrs.update(shape="box")
    elif v.kind == "check":
        attrs.update(shape="diamond", style="filled", fillcolor='"#eeeeee"')
    elif v.kind == "interrupt":
        attrs.update(shape="hexagon", color=f'"{WORLD_COLOUR if v.world else INTERRUPT_COLOUR}"')
    elif v.kind == "missing":
        attrs.update(
            shape="box", style='"filled,dashed"', fillcolor=f'"{MISSING_FILL}"', color=f'"{MISSING_COLOUR}"',
            fontcolor=f'"{MISSING_COLOUR}"', penwidth="3",
        )
    else:
        assert v.outcome is not None
        fill, stroke = OUTCOME_COLOURS[v.outcome]
        attrs.update(shape="box", style='"rounded,filled"', fillcolor=f'"{fill}"', color=f'"{stroke}"', penwidth="2")
    if v.greyed:
        attrs.update(style='"filled"' if v.kind != "ending" else '"rounded,filled"', fillcolor=f'"{GREY_FILL}"')
        attrs.update(color=f'"{GREY_STROKE}"', fontcolor=f'"{GREY_TEXT}"')
    return f"{v.gid} [{', '.join(f'{k}={val}' for k, val in attrs.items())}];"


def _dot_edge(e: Edge) -> str:
    attrs = {"label": dot_string(e.label)} if e.label else {}
    if e.kind == "route":
        attrs["style"] = "dashed"
    elif e.kind == "interrupt":
        attrs.update(style="bold", penwidth="3", color=f'"{INTERRUPT_COLOUR}"')
    if e.world and e.kind != "interrupt":
        attrs.update(color=f'"{WORLD_COLOUR}"', fontcolor=f'"{WORLD_COLOUR}"', penwidth="2")
    if e.on_path:
        attrs.update(color=f'"{PATH_COLOUR}"', penwidth="4")
    if e.turning:
        attrs.update(color=f'"{TURNING_COLOUR}"', fontcolor=f'"{TURNING_COLOUR}"', penwidth="5")
    if e.broken:
        attrs.update(color=f'"{MISSING_COLOUR}"', fontcolor=f'"{MISSING_COLOUR}"', penwidth="3")
    suffix = f" [{', '.join(f'{k}={val}' for k, val in attrs.items())}]" if attrs else ""
    return f"{e.source} -> {e.target}{suffix};"


def _to_dot(parts: list[tuple[str, list[Vertex], list[Edge]]], title: str, clusters: bool) -> str:
    out = [
        f"digraph {dot_string(title)} {{",
        "    rankdir=TB;",
        '    node [fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ]
    legend: list[Vertex] = []
    for number, (caption, vertices, edges) in enumerate(parts):
        indent = "        " if clusters else "    "
        if clusters:
            out += [f"    subgraph cluster_{number} {{", f'        label={dot_string(caption)}; fontname="Helvetica";']
        for v in vertices:
            if v.kind == "world" and clusters:  # a pack: each scenario's worlds in its own box
                out.append(f'{indent}{v.gid} [label={dot_string(v.label)}, shape=note, style=filled, fillcolor="{WORLD_FILL}"];')
            elif v.kind == "world":
                legend.append(v)
            else:
                out.append(indent + _dot_vertex(v))
        out += [indent + _dot_edge(e) for e in edges]
        if clusters:
            out.append("    }")
    if legend:
        out += [
            "    subgraph cluster_worlds {",
            f"        label={dot_string(LEGEND_TITLE)};",
            f'        style=filled; fillcolor="{WORLD_FILL}"; color="{WORLD_COLOUR}"; fontname="Helvetica";',
        ]
        out += [f"        {v.gid} [label={dot_string(v.label)}, shape=note];" for v in legend]
        out.append(f"        {' -> '.join(v.gid for v in legend)} [style=invis];  // keeps the worlds in file order")
        out.append("    }")
    out.append("}")
    return "\n".join(out) + "\n"

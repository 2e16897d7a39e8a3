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

Scenario text is untrusted: graph ids are generated (`s0`, `n0`, `e0`, `i0`),
never taken from the file, and every label is escaped for its format.
"""

from __future__ import annotations

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


@dataclass(frozen=True, slots=True)
class Edge:
    source: str  # generated id
    target: str
    label: str
    kind: str  # "choice" | "route" | "interrupt" | "start"
    world: bool = False  # its condition reads a flag that a world sets


@dataclass(frozen=True, slots=True)
class Vertex:
    gid: str
    label: str
    kind: str  # "scene" | "check" | "ending" | "interrupt" | "start" | "world"
    outcome: Outcome | None = None
    world: bool = False  # its text (variants) or its condition (interrupts) reads a world's flag


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


def build(scenario: Scenario) -> tuple[list[Vertex], list[Edge]]:
    """The vertices and edges of a (valid) scenario, in file order."""
    gid: dict[str, str] = {}
    flags = world_flags(scenario)
    vertices = [Vertex("s0", "start", "start")]
    for index, (name, node) in enumerate(scenario.nodes.items()):
        gid[name] = f"n{index}"
        conditions = [v.when for v in node.variants or ()] + [c.when for c in node.choices or ()]
        varies = any(reads_world(when, flags) for when in conditions + [r.when for r in node.routes or ()])
        vertices.append(Vertex(gid[name], _marked(name, varies), "check" if node.is_check else "scene", world=varies))
    for index, (name, ending) in enumerate(scenario.endings.items()):
        gid[name] = f"e{index}"
        stars = "★" * ending.effective_stars or "no stars"
        vertices.append(Vertex(gid[name], f"{name}\n{ending.outcome.value}, {stars}", "ending", ending.outcome))
    edges = [Edge("s0", gid[scenario.start], "", "start")] if scenario.start in gid else []
    for name, node in scenario.nodes.items():
        for number, choice in enumerate(node.choices or (), start=1):
            label = f"{number} · {choice.tactic.value}"
            if choice.when:
                label += f" · if {choice.when}"
            world = reads_world(choice.when, flags)
            if choice.next in gid:
                edges.append(Edge(gid[name], gid[choice.next], _marked(label, world), "choice", world))
        for route in node.routes or ():
            world = reads_world(route.when, flags)
            if route.next in gid:
                edges.append(Edge(gid[name], gid[route.next], _marked(route.when or "else", world), "route", world))
    for index, interrupt in enumerate(scenario.interrupts):
        vertex = f"i{index}"
        world = reads_world(interrupt.when, flags)
        label = _marked(f"interrupt {index + 1}, after any choice:\n{interrupt.when}", world)
        vertices.append(Vertex(vertex, label, "interrupt", world=world))
        if interrupt.next in gid:
            edges.append(Edge(vertex, gid[interrupt.next], "", "interrupt", world))
    worlds = scenario.worlds or []
    total = sum(w.weight for w in worlds)
    for index, w in enumerate(worlds):
        drawn = f", weight {w.weight} of {total}" if len({v.weight for v in worlds}) > 1 else ""
        sets = f"sets {', '.join(w.set)}" if w.set else "sets no flag"
        vertices.append(Vertex(f"w{index}", f"world {w.id}{drawn}:\n{w.label}\n{sets}", "world"))
    return vertices, edges


LEGEND_TITLE = "hidden worlds: one is drawn at the start of each play"


def render(scenario: Scenario, fmt: str = "mermaid") -> str:
    if fmt == "mermaid":
        return to_mermaid(scenario)
    if fmt == "dot":
        return to_dot(scenario)
    raise ValueError(f"unknown graph format {fmt!r}; choose from {', '.join(GRAPH_FORMATS)}")


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


def to_mermaid(scenario: Scenario) -> str:
    vertices, edges = build(scenario)
    out = ["flowchart TD"]
    shapes = {
        "start": ('(("', '"))'),
        "scene": ('["', '"]'),
        "check": ('{"', '"}'),
        "ending": ('(["', '"])'),
        "interrupt": ('{{"', '"}}'),
    }
    legend = [v for v in vertices if v.kind == "world"]
    for v in vertices:
        if v.kind == "world":
            continue
        left, right = shapes[v.kind]
        if v.outcome is not None:
            css = f":::{v.outcome.value}"
        elif v.kind in ("check", "interrupt"):
            css = f":::{v.kind}"
        else:
            css = ":::varies" if v.world else ""
        out.append(f"    {v.gid}{left}{mermaid_text(v.label)}{right}{css}")
    arrows = {"choice": "-->", "route": "-.->", "interrupt": "==>", "start": "-->"}
    for e in edges:
        label = f'|"{mermaid_text(e.label)}"|' if e.label else ""
        out.append(f"    {e.source} {arrows[e.kind]}{label} {e.target}")
    if legend:
        out.append(f'    subgraph worlds["{mermaid_text(LEGEND_TITLE)}"]')
        out += [f'        {v.gid}["{mermaid_text(v.label)}"]:::world' for v in legend]
        out.append("    end")
    for outcome, (fill, stroke) in OUTCOME_COLOURS.items():
        out.append(f"    classDef {outcome.value} fill:{fill},stroke:{stroke},stroke-width:2px")
    out.append("    classDef check fill:#eeeeee,stroke:#616161")
    out.append(f"    classDef interrupt fill:#f3e5f5,stroke:{INTERRUPT_COLOUR}")
    if legend:
        out.append(f"    classDef world fill:{WORLD_FILL},stroke:{WORLD_COLOUR}")
        out.append(f"    classDef varies stroke:{WORLD_COLOUR},stroke-width:3px")
    interrupt_links = [str(i) for i, e in enumerate(edges) if e.kind == "interrupt"]
    if interrupt_links:
        out.append(f"    linkStyle {','.join(interrupt_links)} stroke:{INTERRUPT_COLOUR},stroke-width:3px")
    world_links = [str(i) for i, e in enumerate(edges) if e.world and e.kind != "interrupt"]
    if world_links:
        out.append(f"    linkStyle {','.join(world_links)} stroke:{WORLD_COLOUR},stroke-width:3px")
    return "\n".join(out) + "\n"


# -- Graphviz DOT ---------------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A double-quoted DOT string; backslashes are escaped so `\\N`, `\\l` and friends stay literal."""
    cleaned = "".join(c if c.isprintable() or c == "\n" else " " for c in text)
    return '"' + cleaned.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(scenario: Scenario) -> str:
    vertices, edges = build(scenario)
    out = [
        f"digraph {dot_string(scenario.id)} {{",
        "    rankdir=TB;",
        '    node [fontname="Helvetica", fontsize=11];',
        '    edge [fontname="Helvetica", fontsize=9];',
    ]
    legend = [v for v in vertices if v.kind == "world"]
    for v in vertices:
        if v.kind == "world":
            continue
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
        else:
            assert v.outcome is not None
            fill, stroke = OUTCOME_COLOURS[v.outcome]
            attrs.update(shape="box", style='"rounded,filled"', fillcolor=f'"{fill}"', color=f'"{stroke}"', penwidth="2")
        out.append(f"    {v.gid} [{', '.join(f'{k}={val}' for k, val in attrs.items())}];")
    for e in edges:
        attrs = {"label": dot_string(e.label)} if e.label else {}
        if e.kind == "route":
            attrs["style"] = "dashed"
        elif e.kind == "interrupt":
            attrs.update(style="bold", penwidth="3", color=f'"{INTERRUPT_COLOUR}"')
        if e.world and e.kind != "interrupt":
            attrs.update(color=f'"{WORLD_COLOUR}"', fontcolor=f'"{WORLD_COLOUR}"', penwidth="2")
        suffix = f" [{', '.join(f'{k}={val}' for k, val in attrs.items())}]" if attrs else ""
        out.append(f"    {e.source} -> {e.target}{suffix};")
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

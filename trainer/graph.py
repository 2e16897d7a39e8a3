"""A scenario as a graph, in Mermaid or Graphviz DOT, for authors to see its shape.

Drawn: scene nodes (boxes), check nodes (diamonds), endings (rounded,
coloured by outcome, with their stars), choices (solid arrows labelled with
the choice's number among the node's choices, its tactic and its `when`),
routes (dashed arrows labelled with their `when`, or "else"), and
interrupts (hexagons with thick arrows to where they send the play).

Scenario text is untrusted: graph ids are generated (`s0`, `n0`, `e0`, `i0`),
never taken from the file, and every label is escaped for its format.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.model import Outcome, Scenario

GRAPH_FORMATS = ("mermaid", "dot")

OUTCOME_COLOURS: dict[Outcome, tuple[str, str]] = {  # (fill, stroke)
    Outcome.WON: ("#c8e6c9", "#2e7d32"),
    Outcome.REFERRAL: ("#bbdefb", "#1565c0"),
    Outcome.QUALIFIED_OUT: ("#fff3c4", "#f9a825"),
    Outcome.LOST: ("#ffcdd2", "#c62828"),
}
INTERRUPT_COLOUR = "#6a1b9a"


@dataclass(frozen=True, slots=True)
class Edge:
    source: str  # generated id
    target: str
    label: str
    kind: str  # "choice" | "route" | "interrupt" | "start"


@dataclass(frozen=True, slots=True)
class Vertex:
    gid: str
    label: str
    kind: str  # "scene" | "check" | "ending" | "interrupt" | "start"
    outcome: Outcome | None = None


def build(scenario: Scenario) -> tuple[list[Vertex], list[Edge]]:
    """The vertices and edges of a (valid) scenario, in file order."""
    gid: dict[str, str] = {}
    vertices = [Vertex("s0", "start", "start")]
    for index, (name, node) in enumerate(scenario.nodes.items()):
        gid[name] = f"n{index}"
        vertices.append(Vertex(gid[name], name, "check" if node.is_check else "scene"))
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
            if choice.next in gid:
                edges.append(Edge(gid[name], gid[choice.next], label, "choice"))
        for route in node.routes or ():
            if route.next in gid:
                edges.append(Edge(gid[name], gid[route.next], route.when or "else", "route"))
    for index, interrupt in enumerate(scenario.interrupts):
        vertex = f"i{index}"
        vertices.append(Vertex(vertex, f"interrupt {index + 1}, after any choice:\n{interrupt.when}", "interrupt"))
        if interrupt.next in gid:
            edges.append(Edge(vertex, gid[interrupt.next], "", "interrupt"))
    return vertices, edges


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
    for v in vertices:
        left, right = shapes[v.kind]
        css = f":::{v.outcome.value}" if v.outcome is not None else (f":::{v.kind}" if v.kind in ("check", "interrupt") else "")
        out.append(f"    {v.gid}{left}{mermaid_text(v.label)}{right}{css}")
    arrows = {"choice": "-->", "route": "-.->", "interrupt": "==>", "start": "-->"}
    for e in edges:
        label = f'|"{mermaid_text(e.label)}"|' if e.label else ""
        out.append(f"    {e.source} {arrows[e.kind]}{label} {e.target}")
    for outcome, (fill, stroke) in OUTCOME_COLOURS.items():
        out.append(f"    classDef {outcome.value} fill:{fill},stroke:{stroke},stroke-width:2px")
    out.append("    classDef check fill:#eeeeee,stroke:#616161")
    out.append(f"    classDef interrupt fill:#f3e5f5,stroke:{INTERRUPT_COLOUR}")
    interrupt_links = [str(i) for i, e in enumerate(edges) if e.kind == "interrupt"]
    if interrupt_links:
        out.append(f"    linkStyle {','.join(interrupt_links)} stroke:{INTERRUPT_COLOUR},stroke-width:3px")
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
    for v in vertices:
        attrs = {"label": dot_string(v.label)}
        if v.kind == "start":
            attrs.update(shape="circle", style="filled", fillcolor='"#424242"', fontcolor="white")
        elif v.kind == "scene":
            attrs.update(shape="box")
        elif v.kind == "check":
            attrs.update(shape="diamond", style="filled", fillcolor='"#eeeeee"')
        elif v.kind == "interrupt":
            attrs.update(shape="hexagon", color=f'"{INTERRUPT_COLOUR}"')
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
        suffix = f" [{', '.join(f'{k}={val}' for k, val in attrs.items())}]" if attrs else ""
        out.append(f"    {e.source} -> {e.target}{suffix};")
    out.append("}")
    return "\n".join(out) + "\n"

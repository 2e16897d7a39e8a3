"""Hover: what an id stands for, who links to it, and what the analysis knows of it.

Plain text only (scenario text is untrusted: shown literally, control characters escaped).
"""

from __future__ import annotations

from typing import Any

from trainer.diagnostics import format_toml_path
from trainer.lsp.checks import Reach
from trainer.lsp.index import DocumentIndex, Kind, Occurrence, Role
from trainer.text_safety import visible

MAX_SHOWN_TEXT = 400
MAX_LISTED = 12


def hover_text(index: DocumentIndex, offset: int, reach: dict[str, Reach] | None) -> tuple[Occurrence, str] | None:
    """The occurrence under the cursor and its hover text, if the cursor is on an id."""
    found = index.at(offset)
    if found is None:
        return None
    describe = {Kind.TARGET: _target, Kind.FLAG: _flag, Kind.CHOICE: _choice, Kind.WORLD: _world}[found.kind]
    return found, visible("\n".join(describe(index, found.name, reach)), lines=True)  # ids in places too


def _clip(text: str, limit: int = MAX_SHOWN_TEXT) -> str:
    text = visible(text.strip(), lines=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(data: dict[str, Any] | None, *path: str) -> dict[str, Any]:
    value: Any = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, dict) else {}


def _where(o: Occurrence) -> str:
    """A place, as the TOML path of its table: `nodes.pain.choices[0]`, `start`, `tests[1]`."""
    path = o.path
    if len(path) >= 2 and isinstance(path[-1], int) and (path[-2] in ("set", "clear") or path[:1] == ("tests",)):
        path = path[:-2]
    if len(path) > 1 and path[-1] in ("next", "when", "id", "world", "ending"):
        path = path[:-1]
    return format_toml_path(path)


def _listed(title: str, places: list[str]) -> list[str]:
    if not places:
        return [f"{title}: none"]
    shown = list(dict.fromkeys(places))
    more = f" (and {len(shown) - MAX_LISTED} more)" if len(shown) > MAX_LISTED else ""
    return [f"{title}: " + ", ".join(shown[:MAX_LISTED]) + more]


def _target(index: DocumentIndex, name: str, reach: dict[str, Reach] | None) -> list[str]:
    table = index.table(name)
    lines: list[str] = []
    if table == "endings":
        ending = _table(index.data, "endings", name)
        stars = ending.get("stars")
        lines.append(f'ending "{visible(name)}": {visible(str(ending.get("outcome", "?")))}' + (f", {stars} star(s)" if isinstance(stars, int) else ""))
        if isinstance(ending.get("text"), str):
            lines.append(_clip(ending["text"]))
    elif table == "nodes":
        node = _table(index.data, "nodes", name)
        speaker = node.get("speaker", "buyer")
        lines.append(f'{index.node_kind(name)} "{visible(name)}" (speaker: {visible(str(speaker))})')
        if isinstance(node.get("text"), str):
            lines.append(_clip(node["text"]))
        outgoing = [
            f'{key}[{i}] -> {visible(str(item.get("next")))}'
            for key in ("choices", "routes")
            for i, item in enumerate(node.get(key) or [])
            if isinstance(item, dict)
        ]
        lines += _listed("Leads to", outgoing)
    else:
        return [f'"{visible(name)}" names no node or ending in this file']
    incoming = [_where(o) for o in index.named(Kind.TARGET, name) if o.role is Role.REFERENCE]
    lines += _listed("Reached from", incoming)
    lines += _reach_lines(name, reach)
    return lines


def _reach_lines(name: str, reach: dict[str, Reach] | None) -> list[str]:
    if reach is None:
        return ["Analysis: not available (the file has errors, is too large to analyse, or is still being checked)"]
    found = reach.get(name)
    if found is None:
        return ["Analysis: no play reaches it"]
    out = []
    if found.trust is not None and found.pressure is not None:
        out.append(
            f"Analysis: reached with trust {_span(found.trust)} and pressure {_span(found.pressure)}"
        )
    else:
        out.append("Analysis: reached by some play")
    if found.worlds:
        out.append("In worlds: " + ", ".join(visible(w) for w in found.worlds))
    return out


def _span(values: tuple[int, int]) -> str:
    low, high = values
    return str(low) if low == high else f"{low} to {high}"


def _flag(index: DocumentIndex, name: str, reach: dict[str, Reach] | None) -> list[str]:
    occurrences = index.named(Kind.FLAG, name)
    lines = [f'flag "{visible(name)}"']
    lines += _listed("Set by", [_where(o) for o in occurrences if o.role is Role.DEFINITION])
    lines += _listed("Cleared by", [_where(o) for o in occurrences if o.path[-2:-1] == ("clear",)])
    lines += _listed("Tested in", [_where(o) for o in occurrences if o.path[-1:] == ("when",)])
    return lines


def _choice(index: DocumentIndex, name: str, reach: dict[str, Reach] | None) -> list[str]:
    lines = [f'choice id "{visible(name)}"']
    for o in index.definitions(Kind.CHOICE, name):
        node, number = o.path[1], o.path[3]
        choices = _table(index.data, "nodes", str(node)).get("choices")
        choice = choices[number] if isinstance(choices, list) and isinstance(number, int) and number < len(choices) else {}
        text = choice.get("text") if isinstance(choice, dict) else None
        lines.append(f"{_where(o)}: " + (_clip(text, 120) if isinstance(text, str) else "(no text)"))
    if len(lines) == 1:
        lines.append("no choice in this file has this id")
    lines += _listed("Used by tests", [_where(o) for o in index.named(Kind.CHOICE, name) if o.role is Role.REFERENCE])
    return lines


def _world(index: DocumentIndex, name: str, reach: dict[str, Reach] | None) -> list[str]:
    lines = [f'world "{visible(name)}"']
    worlds = (index.data or {}).get("worlds")
    for world in worlds if isinstance(worlds, list) else []:
        if isinstance(world, dict) and world.get("id") == name:
            if isinstance(world.get("label"), str):
                lines.append(_clip(world["label"], 200))
            flags = [visible(str(f)) for f in world.get("set") or []]
            lines.append("Flags set at the start: " + (", ".join(flags) or "none"))
    lines += _listed("Used by tests", [_where(o) for o in index.named(Kind.WORLD, name) if o.role is Role.REFERENCE])
    return lines

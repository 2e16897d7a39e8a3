"""The outline of a scenario file: nodes (with their choices), endings, worlds and tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from trainer.lsp.index import DocumentIndex, Header, dotted_key
from trainer.text_safety import visible

_KINDS = ("nodes", "endings", "worlds", "tests")


@dataclass(slots=True)
class Symbol:
    """One outline entry: its name, what it is, the span it covers and the span of its name."""

    name: str
    kind: str  # "node" | "check node" | "ending" | "world" | "test" | "choice"
    start: int
    end: int
    name_start: int
    name_end: int
    children: list[Symbol] = field(default_factory=list)


def outline(index: DocumentIndex) -> list[Symbol]:
    """The file's symbols, from its table headers, in text order."""
    document = index.document
    headers = index.headers
    out: list[Symbol] = []
    counters: dict[str, int] = {}
    for i, header in enumerate(headers):
        end = headers[i + 1].start if i + 1 < len(headers) else len(document.text)
        end = _trim(document.text, header.start, end)
        keys = header.keys
        if not keys or keys[0] not in _KINDS:
            continue
        owner = out[-1] if out else None
        if keys[0] in ("nodes", "endings") and len(keys) >= 2:
            name = keys[1]
            if owner is not None and owner.name == name and _table_of(owner) == keys[0]:
                owner.end = end
                if len(keys) == 3 and keys[2] == "choices" and header.array:
                    owner.children.append(_choice_symbol(index, header, name, len(owner.children), end))
                continue
            kind = "ending" if keys[0] == "endings" else index.node_kind(name)
            start, stop = _name_span(index, header, 1)
            symbol = Symbol(name, kind, header.start, end, start, stop)
            if len(keys) == 3 and keys[2] == "choices" and header.array:
                symbol.children.append(_choice_symbol(index, header, name, 0, end))
            out.append(symbol)
        elif keys in (("worlds",), ("tests",)) and header.array:
            number = counters.get(keys[0], 0)
            counters[keys[0]] = number + 1
            name = _item_name(index.data, keys[0], number)
            start, stop = _name_span(index, header, 0)
            out.append(Symbol(name, keys[0][:-1], header.start, end, start, stop))
    return out


def _table_of(symbol: Symbol) -> str:
    return {"node": "nodes", "check node": "nodes", "ending": "endings"}.get(symbol.kind, "")


def _trim(text: str, start: int, end: int) -> int:
    """The end of a table's text without the blank lines before the next header."""
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return max(end, start + 1)


def _name_span(index: DocumentIndex, header: Header, part: int) -> tuple[int, int]:
    document = index.document
    line = document.line(document.position(header.start).line)
    line_start = document.line_start(document.position(header.start).line)
    offset = header.start - line_start
    parts, _ = dotted_key(line, offset + (2 if header.array else 1))
    if len(parts) > part:
        return line_start + parts[part][1], line_start + parts[part][2]
    return header.start, header.end


def _item_name(data: dict[str, Any] | None, key: str, number: int) -> str:
    items = (data or {}).get(key)
    item = items[number] if isinstance(items, list) and number < len(items) else None
    field_name = "id" if key == "worlds" else "name"
    value = item.get(field_name) if isinstance(item, dict) else None
    return visible(value) if isinstance(value, str) and value else f"{key}[{number}]"


def _choice_symbol(index: DocumentIndex, header: Header, node: str, number: int, end: int) -> Symbol:
    choices = (((index.data or {}).get("nodes") or {}).get(node) or {}).get("choices")
    choice = choices[number] if isinstance(choices, list) and number < len(choices) else None
    label = f"choices[{number}]"
    if isinstance(choice, dict):
        text = choice.get("id") or choice.get("text")
        if isinstance(text, str) and text:
            label += ": " + visible(text if len(text) <= 60 else text[:59] + "…")
    return Symbol(label, "choice", header.start, end, header.start, header.end)

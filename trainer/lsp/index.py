"""Where every id of a scenario file is written: nodes and endings, flags, choice ids, worlds.

Built from the text alone (the validator's `SourceMap` for values, a line scanner for
table headers and dotted keys), so it still answers while the file is half typed and
not valid TOML: whatever stands before the first unreadable spot is indexed.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from trainer.conditions import KEYWORDS
from trainer.diagnostics import TomlPath
from trainer.lsp.document import Document
from trainer.source_map import SourceMap, is_escaped

NODE_TABLES = ("nodes", "endings")


class Kind(StrEnum):
    """What an id names. Nodes and endings share one namespace, so one kind."""

    TARGET = "node or ending"
    FLAG = "flag"
    CHOICE = "choice id"
    WORLD = "world"


class Role(StrEnum):
    DEFINITION = "definition"  # a node's or ending's table, a choice's `id`, a world's `id`, a flag's `set`
    REFERENCE = "reference"  # a `next`, `start`, test entry, flag in a `when` or a `clear`


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place an id is written: its span in the normalized text and what it is there."""

    kind: Kind
    name: str
    start: int
    end: int
    role: Role
    path: TomlPath  # the TOML path of the key or value it stands in

    @property
    def owner(self) -> str | None:
        """The node of a choice id, of a `next` or a `when`; None elsewhere."""
        return str(self.path[1]) if len(self.path) > 1 and self.path[0] == "nodes" else None


@dataclass(frozen=True, slots=True)
class Header:
    """A `[table]` or `[[array]]` header: its line and its keys."""

    line: int
    keys: tuple[str, ...]
    array: bool
    start: int
    end: int


@dataclass(slots=True)
class DocumentIndex:
    """Every occurrence of an id in one document, in text order."""

    document: Document
    occurrences: list[Occurrence] = field(default_factory=list)
    headers: list[Header] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _data: dict[str, Any] | bool | None = False  # False: not parsed yet

    @property
    def data(self) -> dict[str, Any] | None:
        """The parsed TOML (read on first use), or None when the text is not valid TOML."""
        if self._data is False:
            try:
                self._data = tomllib.loads(self.document.text)
            except (tomllib.TOMLDecodeError, RecursionError):
                self._data = None
        return self._data if isinstance(self._data, dict) else None

    def at(self, offset: int) -> Occurrence | None:
        """The occurrence under a cursor at `offset` (its end counts: the cursor after a word)."""
        i = bisect_right(self._starts, offset) - 1
        while i >= 0:
            found = self.occurrences[i]
            if found.start <= offset <= found.end:
                return found
            if found.end < offset - 200:
                break
            i -= 1
        return None

    def named(self, kind: Kind, name: str) -> list[Occurrence]:
        return [o for o in self.occurrences if o.kind is kind and o.name == name]

    def definitions(self, kind: Kind, name: str) -> list[Occurrence]:
        return [o for o in self.named(kind, name) if o.role is Role.DEFINITION]

    def names(self, kind: Kind, role: Role | None = None) -> list[str]:
        """Distinct names of `kind` (defined ones with `role`), in order of first appearance."""
        return list(dict.fromkeys(o.name for o in self.occurrences if o.kind is kind and (role is None or o.role is role)))

    def targets(self, table: str) -> list[str]:
        """Ids of the nodes (`table` "nodes") or endings ("endings") defined in the file."""
        return list(
            dict.fromkeys(
                o.name for o in self.occurrences if o.kind is Kind.TARGET and o.role is Role.DEFINITION and o.path[0] == table
            )
        )

    def header_before(self, line: int) -> Header | None:
        """The table header in force on a line (the last one above or on it)."""
        found = None
        for header in self.headers:
            if header.line > line:
                break
            found = header
        return found

    def node_kind(self, name: str) -> str:
        """"check node" for a node with routes and no choices (as `Node.is_check`), else "node"."""
        node = ((self.data or {}).get("nodes") or {}).get(name)
        return "check node" if isinstance(node, dict) and "routes" in node and "choices" not in node else "node"

    def table(self, name: str) -> str | None:
        """"nodes" or "endings": where the target `name` is defined."""
        first = next(iter(self.definitions(Kind.TARGET, name)), None)
        return str(first.path[0]) if first else None


def build_index(document: Document) -> DocumentIndex:
    """The index of a document (tolerant of malformed text)."""
    index = DocumentIndex(document)
    text = document.text
    found: list[Occurrence] = []
    _scan_keys(document, index.headers, found)
    for path, offset in SourceMap(text).values.items():
        _value_occurrences(text, path, offset, found)
    found.sort(key=lambda o: (o.start, o.end))
    index.occurrences = found
    index._starts = [o.start for o in found]
    return index


# -- keys and headers -------------------------------------------------------------

_KEY = re.compile(r"""[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'""")
_SPACE = re.compile(r"[ \t]*")


def dotted_key(line: str, pos: int) -> tuple[list[tuple[str, int, int]], int]:
    """The dotted key at `pos` of a line: each part with its span (inside quotes), and where it ends."""
    parts: list[tuple[str, int, int]] = []
    while True:
        pos = _SPACE.match(line, pos).end()  # type: ignore[union-attr]  # matches the empty string too
        match = _KEY.match(line, pos)
        if match is None:
            return parts, pos
        token = match.group()
        if token[0] in "\"'":
            parts.append((token[1:-1], match.start() + 1, match.end() - 1))
        else:
            parts.append((token, match.start(), match.end()))
        pos = _SPACE.match(line, match.end()).end()  # type: ignore[union-attr]
        if not line.startswith(".", pos):
            return parts, pos
        pos += 1


def _scan_keys(document: Document, headers: list[Header], found: list[Occurrence]) -> None:
    """Headers and keys that name a node or an ending, line by line (multi-line strings skipped)."""
    table: tuple[str, ...] = ()
    closing: str | None = None  # the quote that ends the multi-line string we are in
    for number in range(document.line_count):
        line = document.line(number)
        if closing is not None:
            if _closes(line, closing):
                closing = None
            continue
        start = document.line_start(number)
        stripped = len(line) - len(line.lstrip(" \t"))
        if line.startswith("[", stripped):
            array = line.startswith("[[", stripped)
            parts, end = dotted_key(line, stripped + (2 if array else 1))
            if not parts:
                continue
            table = tuple(p[0] for p in parts)
            close = line.find("]", end)
            headers.append(Header(number, table, array, start + stripped, start + (close + (2 if array else 1) if close >= 0 else len(line))))
            _node_key(table, parts, 0, start, found)
            continue
        parts, end = dotted_key(line, stripped)
        if not parts or not line.startswith("=", end):
            continue
        _node_key(table + tuple(p[0] for p in parts), parts, len(table), start, found)
        value = line[_SPACE.match(line, end + 1).end() :]  # type: ignore[union-attr]
        for quote in ('"""', "'''"):
            if value.startswith(quote) and not _closes(value[3:], quote):
                closing = quote


def _closes(line: str, quote: str) -> bool:
    at = line.find(quote)
    while at >= 0 and quote == '"""' and is_escaped(line, at):
        at = line.find(quote, at + 1)
    return at >= 0


def _node_key(keys: tuple[str, ...], parts: list[tuple[str, int, int]], first: int, line_start: int, found: list[Occurrence]) -> None:
    """A node's or ending's id where `keys` (the full path) names one and the line writes it."""
    if len(keys) >= 2 and keys[0] in NODE_TABLES and first <= 1 < first + len(parts):
        name, start, end = parts[1 - first]
        found.append(Occurrence(Kind.TARGET, name, line_start + start, line_start + end, Role.DEFINITION, (keys[0], name)))


# -- values -------------------------------------------------------------------------

_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*")


_ONE_LINE_STRING = re.compile(r"""(?:"([^"\\\n]*)"|'([^'\n]*)')""")


def string_span(text: str, offset: int) -> tuple[int, int] | None:
    """The span of a one-line string value's content at `offset` (None for other values, for
    multi-line strings and for strings with escapes, which no id can hold)."""
    if text.startswith(('"""', "'''"), offset):
        return None
    match = _ONE_LINE_STRING.match(text, offset)
    if match is None:
        return None
    return match.start() + 1, match.end() - 1


def _value_occurrences(text: str, path: TomlPath, offset: int, found: list[Occurrence]) -> None:
    span = string_span(text, offset)
    if span is None:
        return
    start, end = span
    name = text[start:end]
    kind_role = _value_kind(path)
    if kind_role is not None:
        kind, role = kind_role
        found.append(Occurrence(kind, name, start, end, role, path))
    elif path and path[-1] == "when":
        for match in _WORD.finditer(name):
            if match.group() not in KEYWORDS:
                found.append(Occurrence(Kind.FLAG, match.group(), start + match.start(), start + match.end(), Role.REFERENCE, path))


def _value_kind(path: TomlPath) -> tuple[Kind, Role] | None:
    """What a string value at `path` names, if an id."""
    match path:
        case ("start",) | ("interrupts", int(), "next") | ("nodes", str(), "choices" | "routes", int(), "next"):
            return Kind.TARGET, Role.REFERENCE
        case ("tests", int(), "ending"):
            return Kind.TARGET, Role.REFERENCE
        case ("tests", int(), "world"):
            return Kind.WORLD, Role.REFERENCE
        case ("tests", int(), "choices", int()):
            return Kind.CHOICE, Role.REFERENCE
        case ("worlds", int(), "id"):
            return Kind.WORLD, Role.DEFINITION
        case ("nodes", str(), "choices", int(), "id"):
            return Kind.CHOICE, Role.DEFINITION
        case ("worlds", int(), "set", int()) | ("nodes", str(), "choices", int(), "set", int()):
            return Kind.FLAG, Role.DEFINITION
        case ("nodes", str(), "choices", int(), "clear", int()):
            return Kind.FLAG, Role.REFERENCE
    return None

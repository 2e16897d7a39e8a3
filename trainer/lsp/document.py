"""An editor's document as the loader reads it, and positions in it.

The loader drops a byte-order mark and reads CRLF as LF before it reports a line and a
column, so the same is done here and positions are mapped back: lines are unchanged, and
only the first line's columns move by one when the file starts with a byte-order mark.
Positions are 0-based lines and code-point columns; the server converts them to the
client's encoding (UTF-16 by default).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from lsprotocol import types

BOM = "\ufeff"


@dataclass(slots=True)
class Document:
    """One document's text, normalized as the loader reads it."""

    raw: str
    text: str = field(init=False)
    bom: bool = field(init=False)
    _starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.bom = self.raw.startswith(BOM)
        self.text = self.raw.removeprefix(BOM).replace("\r\n", "\n")
        self._starts = [0]
        find = self.text.find
        at = find("\n")
        while at >= 0:
            self._starts.append(at + 1)
            at = find("\n", at + 1)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line(self, number: int) -> str:
        """The text of 0-based line `number`, without its newline ("" past the end)."""
        if not 0 <= number < len(self._starts):
            return ""
        start = self._starts[number]
        end = self._starts[number + 1] - 1 if number + 1 < len(self._starts) else len(self.text)
        return self.text[start:end]

    def line_start(self, number: int) -> int:
        return self._starts[max(0, min(number, len(self._starts) - 1))]

    def position(self, offset: int) -> types.Position:
        """The editor position of a character offset in `text`."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect_right(self._starts, offset) - 1
        column = offset - self._starts[line]
        return types.Position(line=line, character=column + (1 if line == 0 and self.bom else 0))

    def offset(self, position: types.Position) -> int:
        """The character offset in `text` of an editor position (clamped to the text)."""
        if position.line >= len(self._starts):
            return len(self.text)
        column = position.character - (1 if position.line == 0 and self.bom else 0)
        return min(self._starts[position.line] + max(0, min(column, len(self.line(position.line)))), len(self.text))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def at_line_column(self, line: int, column: int) -> int:
        """The offset of a diagnostic's 1-based line and column (as the loader counts them)."""
        line = max(1, min(line, len(self._starts)))
        return min(self._starts[line - 1] + max(0, column - 1), len(self.text))

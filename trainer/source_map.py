"""Where each TOML path stands in a file's text, for diagnostics.

`tomllib` returns values without positions, so this scanner reads the text
once more, only when a file has something to report, and records the line
and column of every key, table header and array element.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_right

from trainer.diagnostics import TomlPath

_BARE_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class SourceMap:
    """Positions of TOML paths in one document; tolerant of malformed text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
        self.keys: dict[TomlPath, int] = {}
        self.values: dict[TomlPath, int] = {}
        self._array_index: dict[TomlPath, int] = {}
        with contextlib.suppress(IndexError, ValueError):  # keep what was found before the text stopped making sense
            _Scanner(self).scan()

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def __call__(self, path: TomlPath, value_offset: int | None = None) -> tuple[int | None, int | None]:
        """Line and column of `path`, or of its nearest located ancestor.

        With `value_offset`, the position inside the path's string value
        (accurate when the string holds no escapes).
        """
        if value_offset is not None and path in self.values:
            start = self.values[path]
            quote = self.text[start : start + 3]
            skip = 3 if quote in ('"""', "'''") else 1
            return self.line_col(start + skip + value_offset)
        for end in range(len(path), -1, -1):
            offset = self.keys.get(path[:end])
            if offset is not None:
                return self.line_col(offset)
        return None, None


class _Scanner:
    def __init__(self, source: SourceMap) -> None:
        self.map = source
        self.text = source.text
        self.pos = 0

    # -- helpers --
    def peek(self, n: int = 1) -> str:
        return self.text[self.pos : self.pos + n]

    def skip_blank(self, newlines: bool) -> None:
        text = self.text
        while self.pos < len(text):
            c = text[self.pos]
            if c in " \t" or (newlines and c in "\r\n"):
                self.pos += 1
            elif c == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def skip_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    def record(self, path: TomlPath, offset: int) -> None:
        self.map.keys.setdefault(path, offset)

    # -- document --
    def scan(self) -> None:
        table: TomlPath = ()
        while True:
            self.skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return
            start = self.pos
            if self.peek(2) == "[[":
                self.pos += 2
                keys = self.key_path()
                table = self.array_table(keys, start)
                self.skip_line()
            elif self.peek() == "[":
                self.pos += 1
                keys = self.key_path()
                table = self.resolve(keys)
                self.record(table, start)
                self.skip_line()
            else:
                self.key_value(table)
                self.skip_line()

    def resolve(self, keys: list[str]) -> TomlPath:
        """Insert the current index of every array of tables along the way."""
        path: TomlPath = ()
        for key in keys:
            path = (*path, key)
            if path in self.map._array_index:
                path = (*path, self.map._array_index[path])
        return path

    def array_table(self, keys: list[str], start: int) -> TomlPath:
        parent = self.resolve(keys[:-1])
        array = (*parent, keys[-1])
        index = self.map._array_index.get(array, -1) + 1
        self.map._array_index[array] = index
        self.record(array, start)
        element = (*array, index)
        self.record(element, start)
        return element

    def key_path(self) -> list[str]:
        keys: list[str] = []
        while True:
            self.skip_blank(newlines=False)
            keys.append(self.key())
            self.skip_blank(newlines=False)
            if self.peek() == ".":
                self.pos += 1
                continue
            return keys

    def key(self) -> str:
        c = self.peek()
        if c in "\"'":
            return self.string()
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in _BARE_KEY_CHARS:
            self.pos += 1
        if self.pos == start:
            raise ValueError("no key")
        return self.text[start : self.pos]

    def key_value(self, table: TomlPath) -> None:
        start = self.pos
        keys = self.key_path()
        path = (*table, *keys)
        for end in range(len(table) + 1, len(path) + 1):
            self.record(path[:end], start)
        self.skip_blank(newlines=False)
        if self.peek() != "=":
            raise ValueError("no =")
        self.pos += 1
        self.skip_blank(newlines=False)
        self.value(path)

    # -- values --
    def value(self, path: TomlPath) -> None:
        self.map.values.setdefault(path, self.pos)
        c = self.peek()
        if c in "\"'":
            self.string()
        elif c == "[":
            self.array(path)
        elif c == "{":
            self.inline_table(path)
        else:
            text = self.text
            while self.pos < len(text) and text[self.pos] not in ",]}\n#":
                self.pos += 1

    def array(self, path: TomlPath) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "]":
                self.pos += 1
                return
            if self.pos >= len(self.text):
                raise ValueError("unterminated array")
            element = (*path, index)
            self.record(element, self.pos)
            self.value(element)
            index += 1
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.pos += 1

    def inline_table(self, path: TomlPath) -> None:
        self.pos += 1
        while True:
            self.skip_blank(newlines=True)
            if self.peek() == "}":
                self.pos += 1
                return
            if self.pos >= len(self.text):
                raise ValueError("unterminated table")
            self.key_value(path)
            self.skip_blank(newlines=True)
            if self.peek() == ",":
                self.pos += 1

    def string(self) -> str:
        text = self.text
        for quote in ('"""', "'''"):
            if text.startswith(quote, self.pos):
                end = self.pos + 3
                while True:
                    end = text.index(quote, end)
                    if quote == '"""' and is_escaped(text, end):
                        end += 1
                        continue
                    break
                while text.startswith(quote[0], end + 3):  # up to two quotes may end the string
                    end += 1
                value = text[self.pos + 3 : end]
                self.pos = end + 3
                return value
        quote = text[self.pos]
        end = self.pos + 1
        while True:
            end = text.index(quote, end)
            if quote == '"' and is_escaped(text, end):
                end += 1
                continue
            break
        value = text[self.pos + 1 : end]
        self.pos = end + 1
        return value


def is_escaped(text: str, index: int) -> bool:
    """The character at `index` follows an odd run of backslashes (a basic string's escape)."""
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1

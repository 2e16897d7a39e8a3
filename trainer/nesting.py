"""How deep a TOML document nests its arrays and inline tables, found without parsing it.

`tomllib` parses nested arrays and inline tables recursively, so a few hundred
brackets would end in a `RecursionError`; `deepest_bracket` finds the first
bracket past the limit (outside strings and comments) in one linear scan, for
an error that names the line.
"""

from __future__ import annotations

import re

MAX_NESTING = 32
"""Arrays and tables nested in one another, at most (documented in docs/authoring.md, "Limits")."""

_TOKEN = re.compile(r"\"\"\"|'''|[\"'#\[\]{}]")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"?')
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""(?:"{1,2}(?!"))?)?', re.S)


def deepest_bracket(text: str, limit: int = MAX_NESTING) -> int | None:
    """The offset of the first `[` or `{` nested deeper than `limit`, outside strings and comments; else None."""
    depth = 0
    pos = 0
    while (match := _TOKEN.search(text, pos)) is not None:
        token, start = match.group(), match.start()
        pos = start + len(token)
        if token in "[{":
            depth += 1
            if depth > limit:
                return start
        elif token in "]}":
            depth = max(depth - 1, 0)
        elif token == "#":
            pos = _end_of(text, "\n", start)
        elif token == '"""':
            pos = _ML_BASIC.match(text, start).end()  # type: ignore[union-attr]
        elif token == '"':
            pos = _BASIC.match(text, start).end()  # type: ignore[union-attr]
        elif token == "'''":
            pos = _end_of(text, "'''", pos) + 3
            while text.startswith("'", pos):
                pos += 1
        else:  # a literal string ends at its quote, or at the end of the line when unterminated
            pos = min(_end_of(text, "'", pos) + 1, _end_of(text, "\n", pos))
    return None


def _end_of(text: str, what: str, start: int) -> int:
    found = text.find(what, start)
    return len(text) if found < 0 else found

"""The TOML slips authors make most, said in their words instead of the parser's.

`tomllib` reports where it gave up ("Illegal character '\\n'", "Expected newline or end of
document after a statement", "Cannot declare ('nodes', 'a') twice"). `explain` turns the
common causes into a message that says what is wrong and how to fix it, at the place the
author has to look (the line where the string opened, the second table with the line of the
first). Anything it does not recognise keeps the parser's words.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from trainer.source_map import SourceMap

SYNTAX = "TOML syntax error"


@dataclass(frozen=True, slots=True)
class Slip:
    """A TOML syntax error as the author reads it: the message and where it is (1-based)."""

    message: str
    line: int | None
    column: int | None


def explain(text: str, message: str, line: int | None, column: int | None) -> Slip:
    """The author's reading of `tomllib`'s `message` at `line`:`column` in `text`."""
    for explainer in (_unclosed_string, _quote_inside, _declared_twice, _key_twice, _bare_text):
        slip = explainer(text, message, line, column)
        if slip is not None:
            return Slip(f"{SYNTAX}: {slip.message}", slip.line, slip.column)
    return Slip(f"{SYNTAX}: {message}", line, column)


# -- a string left open --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _OpenString:
    line: int
    column: int
    delimiter: str  # ", ', """ or '''


def open_string(text: str) -> _OpenString | None:
    """The first string that is not closed: a one-line string still open at the end of its line,
    or a multi-line string still open at the end of the file. Comments are skipped."""
    i, line, line_start = 0, 1, 0
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            line, line_start = line + 1, i + 1
            i += 1
        elif char == "#":
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
        elif char in "\"'":
            start = _OpenString(line, i - line_start + 1, char * 3 if text.startswith(char * 3, i) else char)
            end = _string_end(text, i, start.delimiter)
            if end is None:
                return start
            line += text.count("\n", i, end)
            if len(start.delimiter) == 3 and "\n" in text[i:end]:
                line_start = text.rfind("\n", i, end) + 1
            i = end
        else:
            i += 1
    return None


def _string_end(text: str, start: int, delimiter: str) -> int | None:
    """The offset just after the string opened at `start`, or None when it is never closed (a
    one-line string: before its line ends)."""
    i = start + len(delimiter)
    escapes = delimiter[0] == '"'
    while i < len(text):
        char = text[i]
        if escapes and char == "\\":
            i += 2
            continue
        if char == "\n" and len(delimiter) == 1:
            return None
        if text.startswith(delimiter, i):
            end = i + len(delimiter)
            while end < len(text) and end - i < 5 and text[end] == delimiter[0]:  # up to two quotes before the end
                end += 1
            return end
        i += 1
    return None


_STRING_ERRORS = ("Illegal character '\\n'", "Unterminated string", 'Expected "\'"')


def _unclosed_string(text: str, message: str, line: int | None, column: int | None) -> Slip | None:
    if not message.startswith(_STRING_ERRORS):
        return None
    found = open_string(text)
    if found is None or (line is not None and found.line > line):
        return None
    quote = found.delimiter
    if len(quote) == 3:
        return Slip(f"this {quote} string is never closed: end the text with {quote}", found.line, found.column)
    return Slip(
        f"a string is not closed on this line: end it with {quote} on the same line "
        f'(a text over several lines goes between """ and """)',
        found.line,
        found.column,
    )


# -- a quote inside a string ---------------------------------------------------------------------

_AFTER_STATEMENT = "Expected newline or end of document after a statement"


def _quote_inside(text: str, message: str, line: int | None, column: int | None) -> Slip | None:
    if not message.startswith(_AFTER_STATEMENT) or line is None or column is None or column < 2:
        return None
    source = _line(text, line)
    before = source[column - 2 : column - 1]
    if before == '"':
        return Slip(
            'a quote inside the text ends the string early: write \\" for each quote inside it, '
            """or put the text in single quotes: 'She said "no".'""",
            line,
            column - 1,
        )
    if before == "'":
        return Slip(
            "an apostrophe inside a single-quoted string ends it early: put the text in double quotes "
            """instead: "Don't worry." """.rstrip(),
            line,
            column - 1,
        )
    return None


# -- a table or a key given twice --------------------------------------------------------------------

_DECLARED_TWICE = re.compile(r"^Cannot declare (\(.*\)) twice")
_HEADER = re.compile(r"^\s*\[(?!\[)\s*(?P<key>[^\[\]#]+?)\s*\](?!\])")
_KEY_PART = re.compile(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*""")


def dotted_key(text: str) -> tuple[str, ...] | None:
    """`nodes . "a b"` -> ("nodes", "a b"); None when it is not a key."""
    parts: list[str] = []
    pos = 0
    while True:
        match = _KEY_PART.match(text, pos)
        if match is None:
            return None
        parts.append(next(group for group in match.groups() if group is not None))
        pos = match.end()
        if pos == len(text):
            return tuple(parts)
        if text[pos] != ".":
            return None
        pos += 1


def _declared_twice(text: str, message: str, line: int | None, column: int | None) -> Slip | None:
    match = _DECLARED_TWICE.match(message)
    if match is None:
        return None
    try:
        key = ast.literal_eval(match.group(1))
    except (ValueError, SyntaxError):
        return None
    if not isinstance(key, tuple) or not all(isinstance(k, str) for k in key):
        return None
    name = ".".join(key)
    located = SourceMap(text)  # the text up to the second table is valid TOML: the map has the first
    offset = located.keys.get(key)
    first = located.line_col(offset)[0] if offset is not None else None
    where = f"first on line {first}" if first not in (None, line) else "once already"
    return Slip(
        f"the table [{name}] is declared twice ({where}): keep one [{name}] and put all its keys under it, "
        "or give one of them another name",
        line,
        1,
    )


_ASSIGNMENT = re.compile(r"^\s*(?P<key>[^=#\[]+?)\s*=")


def _key_twice(text: str, message: str, line: int | None, column: int | None) -> Slip | None:
    if not message.startswith("Cannot overwrite a value") or line is None:
        return None
    lines = text.split("\n")
    assignment = _ASSIGNMENT.match(_line(text, line))
    key = dotted_key(assignment["key"]) if assignment else None
    if key is None:
        return None
    name = ".".join(key)
    for number in range(line - 1, 0, -1):
        source = lines[number - 1]
        if _HEADER.match(source) or source.lstrip().startswith("[["):
            break
        other = _ASSIGNMENT.match(source)
        if other and dotted_key(other["key"]) == key:
            return Slip(f"the key {name} is given twice in one table (first on line {number}): keep one", line, 1)
    return Slip(f"the key {name} is given twice in one table: keep one", line, 1)


# -- text without quotes ----------------------------------------------------------------------------


def _bare_text(text: str, message: str, line: int | None, column: int | None) -> Slip | None:
    if not message.startswith("Invalid value") or line is None or column is None:
        return None
    rest = _line(text, line)[column - 1 :]
    if not rest.strip() or rest.lstrip().startswith("#"):
        return Slip('the value after "=" is missing: write it on the same line, e.g. text = "Hello."', line, column)
    if not rest[:1].isalpha() or rest.startswith(("true", "false", "inf", "nan")):
        return None
    return Slip('a text value goes between quotes, e.g. text = "Hello." (numbers, true and false do not)', line, column)


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line - 1] if 1 <= line <= len(lines) else ""

"""The terminal-safety rule: untrusted text is shown literally, never as control codes.

`visible` is the one function every exit uses (CLI output and diagnostics,
crash lines, the TUI's notices and widgets, Markdown exports): control,
escape, C1, bidirectional-control and line-separator characters come out as
visible escapes (`\\x1b`, `\\u202e`), and a file name byte that is not UTF-8
(kept by Python as a lone surrogate) as the byte (`\\xe9`).

`forbidden()` is the stricter set the loader refuses inside scenario files.
"""

from __future__ import annotations

import io
import re
import sys
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TextIO


@cache
def forbidden() -> re.Pattern[str]:
    """The characters refused inside scenario files: C0 except tab and newline, DEL, C1, and the
    bidirectional embedding, override and isolate controls. Compiled on first need (as `unsafe`)."""
    return re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


_UNSAFE = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"


@cache
def unsafe(*, lines: bool = False) -> re.Pattern[str]:
    """The characters `visible` escapes; with `lines`, all but newline and tab. Compiled on first
    need (each costs the game's start 0.7 ms, and most text has none: see `visible`)."""
    kept = _UNSAFE.replace("\x00-\x1f", "\x00-\x08\x0b-\x1f") if lines else _UNSAFE
    return re.compile(f"[{kept}]")


def visible(text: str, *, lines: bool = False) -> str:
    """`text` safe to write to a terminal or a page: unsafe characters shown as escapes.

    One line by default (newlines and tabs escaped too, so a value can never
    start a line of its own); with `lines=True` newlines and tabs are kept.
    """
    if text.isprintable():
        return text  # every unsafe character is a control, format, surrogate or separator: none here
    return unsafe(lines=lines).sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code in _SHORT:
        return _SHORT[code]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


_SHORT = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}


class VisibleWriter(io.TextIOBase):
    """A text stream that passes everything written through `visible(lines=True)`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text, lines=True))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", "utf-8")


@contextmanager
def visible_output() -> Iterator[None]:
    """While inside, everything printed to stdout and stderr obeys the rule."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleWriter(sys.stdout), VisibleWriter(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def is_utf8_name(name: str) -> bool:
    """False for a file name holding bytes that are not UTF-8 (lone surrogates)."""
    return not any("\ud800" <= char <= "\udfff" for char in name)


def describe_char(char: str) -> str:
    """`U+001B (ESCAPE)`."""
    name = unicodedata.name(char, "") or _C0_NAMES.get(ord(char), "control character")
    return f"U+{ord(char):04X} ({name})"


_C0_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
             0x1B: "ESCAPE", 0x7F: "DELETE"}


def forbidden_message(char: str) -> str:
    kind = "bidirectional control" if "\u202a" <= char <= "\u2069" else "control character"
    return (
        f"{kind} {describe_char(char)} is not allowed in scenario files; "
        "delete it (text is shown literally, so it could hide or reorder what players read)"
    )

"""Problems found in scenario and pack files, reported to authors."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from trainer.codes import Code, SchemaCode, Severity
from trainer.text_safety import visible

TomlPath = tuple[str | int, ...]

Locator = Callable[[TomlPath, "int | None"], tuple["int | None", "int | None"]]
"""`(path, value_offset) -> (line, column)`: where a TOML path stands in a file's text."""


def format_toml_path(path: TomlPath) -> str:
    """`("nodes", "pain", "choices", 0, "next")` -> `nodes.pain.choices[0].next`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = part if _is_bare_key(part) else '"' + part.replace('"', '\\"') + '"'
            out += f".{text}" if out else text
    return out


def _is_bare_key(key: str) -> bool:
    return bool(key) and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem: where it is, what is wrong and, where known, how to fix it."""

    severity: Severity
    message: str
    file: str
    path: TomlPath
    line: int | None
    column: int | None
    code: Code | SchemaCode

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def toml_path(self) -> str:
        return format_toml_path(self.path)

    def render(self) -> str:
        """`file:line:col: error: message [toml.path]`."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        suffix = f" [{self.toml_path}]" if self.path else ""
        return visible(f"{where}: {self.severity.value}: {self.message}{suffix}")

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.value,
            "code": self.code,
            "path": self.toml_path,
            "message": self.message,
        }


MAX_SUGGESTIONS = 20
""""Did you mean" hints per file: each compares a word with every name, so a file full of typos stays linear."""


@dataclass(slots=True)
class DiagnosticList:
    """Collects diagnostics for one file; locates them lazily in its source."""

    file: str
    locate: Locator | None = None
    items: list[Diagnostic] = field(default_factory=list)
    suggestions_left: int = MAX_SUGGESTIONS

    def suggest(self, word: str, names: Collection[str]) -> str:
        """`did_you_mean` among the file's own names, for the first `MAX_SUGGESTIONS` unknown words of the file."""
        if self.suggestions_left <= 0:
            return ""
        self.suggestions_left -= 1
        return did_you_mean(word, names)

    def add(
        self,
        severity: Severity,
        message: str,
        path: TomlPath = (),
        *,
        code: Code | SchemaCode,
        line: int | None = None,
        column: int | None = None,
        value_offset: int | None = None,
    ) -> None:
        """Record a problem; the line is found from `path` when not given.

        `value_offset` points inside a string value (a condition's error
        position) and is added to the column where that value starts.
        A registered code always has its registered severity.
        """
        if isinstance(code, Code) and code.severity is not severity:
            raise ValueError(f"{code} is registered as a{'n' if code.severity is Severity.ERROR else ''} {code.severity}")
        if line is None and self.locate is not None:
            line, column = self.locate(path, value_offset)
        self.items.append(
            Diagnostic(severity, message, self.file, path, line, column, code)
        )

    def error(self, message: str, path: TomlPath = (), *, code: Code | SchemaCode, **where: int | None) -> None:
        """`add` an error; `where` is `line`, `column` or `value_offset`."""
        self.add(Severity.ERROR, message, path, code=code, **where)

    def warning(self, message: str, path: TomlPath = (), *, code: Code, **where: int | None) -> None:
        self.add(Severity.WARNING, message, path, code=code, **where)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)


def count_errors(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.is_error:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


MAX_SUGGESTED_WORD = 100
"""Longer words get no hint: ids and keys are at most 64 characters."""
MAX_FUZZY_CANDIDATES = 200
"""Past this many names, only one-edit typos are suggested (a fuzzy match over every name would cost too much)."""


def did_you_mean(word: str, candidates: Collection[str]) -> str:
    """` Did you mean "x"?` for the closest candidate, or an empty string.

    A name one edit away (a letter added, dropped, changed, or two swapped) is
    found by lookup, in time that does not grow with the number of names; a
    fuzzy match runs only over short lists.
    """
    import difflib

    if len(word) > MAX_SUGGESTED_WORD:  # no name is that long; comparing would cost its length squared
        return ""
    names = candidates if isinstance(candidates, (set, frozenset, dict)) else set(candidates)
    one_edit = next((n for n in _one_edit_away(word) if n in names), None)
    if one_edit is not None:
        return _DID_YOU_MEAN.format(one_edit)
    if len(names) > MAX_FUZZY_CANDIDATES:
        return ""
    close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
    return _DID_YOU_MEAN.format(close[0]) if close else ""


_DID_YOU_MEAN = ' Did you mean "{}"?'
_SUGGESTED = re.compile(r' Did you mean "([^"\n]*)"\?')


def suggested_name(message: str) -> str | None:
    """The name a message's `did_you_mean` hint proposes (None without one): for quick fixes."""
    found = _SUGGESTED.search(message)
    return found.group(1) if found else None


def _one_edit_away(word: str) -> list[str]:
    letters = sorted(set(word) | set("abcdefghijklmnopqrstuvwxyz0123456789_-"))
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    swapped = [a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1]
    dropped = [a + b[1:] for a, b in cuts if b]
    changed = [a + c + b[1:] for a, b in cuts if b for c in letters if c != b[0]]
    added = [a + c + b for a, b in cuts for c in letters]
    return swapped + dropped + changed + added

"""Problems found in scenario and pack files, reported to authors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

TomlPath = tuple[str | int, ...]

Locator = Callable[[TomlPath, "int | None"], tuple["int | None", "int | None"]]
"""`(path, value_offset) -> (line, column)`: where a TOML path stands in a file's text."""


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


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
    path: TomlPath = ()
    line: int | None = None
    column: int | None = None
    code: str = "invalid"

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
        return f"{where}: {self.severity.value}: {self.message}{suffix}"

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


@dataclass(slots=True)
class DiagnosticList:
    """Collects diagnostics for one file; locates them lazily in its source."""

    file: str
    locate: Locator | None = None
    items: list[Diagnostic] = field(default_factory=list)

    def add(
        self,
        severity: Severity,
        message: str,
        path: TomlPath = (),
        *,
        code: str = "invalid",
        line: int | None = None,
        column: int | None = None,
        value_offset: int | None = None,
    ) -> None:
        """Record a problem; the line is found from `path` when not given.

        `value_offset` points inside a string value (a condition's error
        position) and is added to the column where that value starts.
        """
        if line is None and self.locate is not None:
            line, column = self.locate(path, value_offset)
        self.items.append(
            Diagnostic(severity, message, self.file, path, line, column, code)
        )

    def error(self, message: str, path: TomlPath = (), **kw: object) -> None:
        self.add(Severity.ERROR, message, path, **kw)  # type: ignore[arg-type]

    def warning(self, message: str, path: TomlPath = (), **kw: object) -> None:
        self.add(Severity.WARNING, message, path, **kw)  # type: ignore[arg-type]

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


def did_you_mean(word: str, candidates: Sequence[str]) -> str:
    """` Did you mean "x"?` for the closest candidate, or an empty string."""
    import difflib

    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f' Did you mean "{close[0]}"?' if close else ""

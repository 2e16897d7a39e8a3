"""The validator's diagnostics as the protocol carries them: same message, code and start.

`validate` gives a line and a column; the range runs from there over what stands there (a
key and its value, a table header, a string, a word), so the editor underlines the whole
thing. Each diagnostic carries its TOML path and its "did you mean" name in `data`, for
the code actions, and a duplicate points at the first declaration as related information.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from lsprotocol import types

from trainer.codes import Code, Severity
from trainer.diagnostics import Diagnostic, suggested_name
from trainer.lsp.document import Document
from trainer.lsp.index import DocumentIndex, Kind, Occurrence, Role, dotted_key, string_span
from trainer.text_safety import visible

SOURCE = "trainer"
_WORD = re.compile(r"[A-Za-z0-9_-]+")

FileLocator = Callable[[Path], "types.Location | None"]
"""Where another file's `id` is written (for a duplicated scenario id), if it can be read."""


def span_at(text: str, start: int) -> int:
    """The end of what stands at `start`: a header, a key with its value, a string or a word."""
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    line = text[start:line_end]
    if line.startswith("["):
        close = line.rfind("]")
        return start + close + 1 if close >= 0 else line_end
    string = string_span(text, start)
    if string is not None:
        return string[1] + 1
    parts, after = dotted_key(line, 0)
    if parts and line.startswith("=", after):
        value = line.split(" #", 1)[0].rstrip()
        return start + max(len(value), after)
    word = _WORD.match(text, start)
    return word.end() if word else min(start + 1, line_end)


def to_protocol(
    diagnostic: Diagnostic,
    document: Document,
    index: DocumentIndex | None,
    uri: str,
    locate_file: FileLocator | None = None,
) -> types.Diagnostic:
    """One validator diagnostic for the editor."""
    if diagnostic.line is None:
        start = 0
    else:
        start = document.at_line_column(diagnostic.line, diagnostic.column or 1)
    end = span_at(document.text, start)
    data: dict[str, object] = {"path": list(diagnostic.path)}
    hint = suggested_name(diagnostic.message)
    if hint is not None:
        data["suggestion"] = hint
    return types.Diagnostic(
        range=document.range(start, end),
        message=visible(diagnostic.message),  # it may quote the file's text
        severity=types.DiagnosticSeverity.Error if diagnostic.severity is Severity.ERROR else types.DiagnosticSeverity.Warning,
        code=str(diagnostic.code),
        source=SOURCE,
        data=data,
        related_information=_related(diagnostic, index, uri, locate_file) or None,
    )


def _related(
    diagnostic: Diagnostic, index: DocumentIndex | None, uri: str, locate_file: FileLocator | None
) -> list[types.DiagnosticRelatedInformation]:
    if diagnostic.code is not Code.DUPLICATE_ID:
        return []
    path = diagnostic.path
    if path == ("id",):
        return _pack_duplicate(diagnostic, locate_file)
    if index is None:
        return []
    first = None
    match path:
        case ("endings", str(name)):
            first = next((o for o in index.definitions(Kind.TARGET, name) if o.path[0] == "nodes"), None)
            what = f'node "{name}"'
        case ("worlds", int(), "id"):
            first = next(iter(_defined_at(index, Kind.WORLD, path)), None)
            what = "the first world with this id"
        case ("nodes", str(node), "choices", int(), "id"):
            first = next((o for o in _defined_at(index, Kind.CHOICE, path) if o.owner == node), None)
            what = "the first choice with this id"
        case _:
            return []
    if first is None:
        return []
    location = types.Location(uri=uri, range=index.document.range(first.start, first.end))
    return [types.DiagnosticRelatedInformation(location=location, message=f"{what} is declared here")]


def _defined_at(index: DocumentIndex, kind: Kind, path: tuple[object, ...]) -> list[Occurrence]:
    """Definitions of the id written at `path` (its first declaration first)."""
    written = next((o for o in index.occurrences if o.path == path and o.kind is kind), None)
    if written is None:
        return []
    return [o for o in index.named(kind, written.name) if o.role is Role.DEFINITION]


def _pack_duplicate(diagnostic: Diagnostic, locate_file: FileLocator | None) -> list[types.DiagnosticRelatedInformation]:
    found = re.search(r" is already used by (.+); ids must be unique", diagnostic.message)
    if found is None or locate_file is None:
        return []
    location = locate_file(Path(found.group(1)))
    if location is None:
        return []
    return [types.DiagnosticRelatedInformation(location=location, message="this scenario uses the id first")]

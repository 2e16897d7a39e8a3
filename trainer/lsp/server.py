"""The protocol wiring: pygls features that call the plain modules of `trainer.lsp`.

Edits are debounced; each check runs in a child process (`trainer.lsp.runner`) that the
next edit kills; requests that read a document's index run in pygls's thread pool, so a
large document never stalls the notifications that follow.
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from trainer import __version__
from trainer.codes import Code
from trainer.errors import TrainerError
from trainer.files import FileRefused, read_regular_file
from trainer.lsp import actions, completion, hover, navigation, symbols
from trainer.lsp.checks import CheckRequest, CheckResult, Reach, find_pack, is_trainer_file
from trainer.lsp.diagnostics import SOURCE, to_protocol
from trainer.lsp.document import Document
from trainer.lsp.index import DocumentIndex, build_index
from trainer.lsp.runner import CheckRunner
from trainer.model import MAX_FILE_BYTES
from trainer.source_map import SourceMap
from trainer.text_safety import visible
from trainer.validation import pack_scenario_label

DEBOUNCE_SECONDS = 0.25
"""Quiet time after the last edit before a document is checked."""

MAX_INDEXED_CHARACTERS = MAX_FILE_BYTES
"""Past this size a document is only checked (the validator says it is too large); no index is built."""

REQUEST_FAILED = -32803  # LSP's RequestFailed: a request understood but refused, with a reason


class Refused(JsonRpcException, TrainerError):
    """A request refused with a reason for the author (sent as the error's message)."""

    CODE = REQUEST_FAILED


@dataclass(slots=True)
class DocumentState:
    """What the server keeps of an open document."""

    uri: str
    path: Path
    version: int = 0
    timer: asyncio.TimerHandle | None = None
    reach: dict[str, Reach] | None = None
    scenario_id: str | None = None
    index: tuple[int, DocumentIndex] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class ScenarioLanguageServer(LanguageServer):
    """The language server for scenario files and `pack.toml`."""

    def __init__(self) -> None:
        super().__init__("trainer", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.states: dict[str, DocumentState] = {}
        self.runner = CheckRunner(self._on_result)
        self.loop: asyncio.AbstractEventLoop | None = None

    # -- documents -----------------------------------------------------------------
    def text(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    def lines(self, uri: str) -> Sequence[str]:
        return self.workspace.get_text_document(uri).lines

    def document_index(self, uri: str) -> DocumentIndex | None:
        """The index of the document as it is now (built once per version); None if too large or closed."""
        state = self.states.get(uri)
        if state is None:
            return None
        with state.lock:
            version = state.version
            if state.index is not None and state.index[0] == version:
                return state.index[1]
            text = self.text(uri)
            if len(text) > MAX_INDEXED_CHARACTERS:
                return None
            index = build_index(Document(text))
            state.index = (version, index)
            return index

    def offset(self, uri: str, index: DocumentIndex, position: types.Position) -> int:
        here = self.workspace.position_codec.position_from_client_units(self.lines(uri), position)
        return index.document.offset(types.Position(line=here.line, character=here.character))

    def client_range(self, uri: str, document: Document, start: int, end: int) -> types.Range:
        return self.workspace.position_codec.range_to_client_units(self.lines(uri), document.range(start, end))

    # -- checks ------------------------------------------------------------------------
    def changed(self, uri: str, version: int | None) -> None:
        """An edit: kill the running check, wait for a pause, then check."""
        state = self.states.get(uri)
        if state is None:
            return
        state.version = version if version is not None else state.version + 1
        self.runner.cancel(uri)
        if state.timer is not None:
            state.timer.cancel()
        loop = asyncio.get_running_loop()
        self.loop = loop
        state.timer = loop.call_later(DEBOUNCE_SECONDS, self.check, uri)

    def check(self, uri: str, quick: bool = True) -> None:
        state = self.states.get(uri)
        if state is None:
            return
        state.timer = None
        if not is_trainer_file(state.path, self.text(uri)):
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[], version=state.version))
            return
        self.runner.submit(uri, state.version, self.request(state), quick=quick)

    def request(self, state: DocumentState) -> CheckRequest:
        pack = find_pack(state.path)
        if pack is None:
            return CheckRequest(state.path, self.text(state.uri), self.label(state.path))
        pack_label = self.label(pack)
        label = pack_label.rstrip("/") + "/pack.toml" if state.path.name == "pack.toml" else pack_scenario_label(pack_label, state.path)
        open_files = {
            other.path: self.text(other.uri)
            for other in self.states.values()
            if other is not state and find_pack(other.path) == pack and other.path.name != "pack.toml"
        }
        return CheckRequest(state.path, self.text(state.uri), label, pack, pack_label, open_files)

    def label(self, path: Path) -> str:
        """A file as `validate` run from the workspace's root names it."""
        root = Path(self.workspace.root_path or os.getcwd())
        try:
            return str(path.relative_to(root)) or "."
        except ValueError:
            return str(path)

    def _on_result(self, uri: str, version: int, result: CheckResult) -> None:
        loop = self.loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.publish, uri, version, result)

    def publish(self, uri: str, version: int, result: CheckResult) -> None:
        state = self.states.get(uri)
        if state is None or state.version != version:
            return  # superseded: a newer check is on its way
        text = self.text(uri)
        document = Document(text)
        needs_index = any(d.code == Code.DUPLICATE_ID for d in result.diagnostics) and len(text) <= MAX_INDEXED_CHARACTERS
        index = self.document_index(uri) if needs_index else None
        lines = self.lines(uri)
        codec = self.workspace.position_codec
        published = []
        for diagnostic in result.diagnostics:
            item = to_protocol(diagnostic, document, index, uri, self.locate_id)
            item.range = codec.range_to_client_units(lines, item.range)
            for related in item.related_information or ():
                if related.location.uri == uri:
                    related.location.range = codec.range_to_client_units(lines, related.location.range)
            published.append(item)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=published, version=version)
        )
        if result.complete:
            state.reach = result.reach
            if result.scenario_id != state.scenario_id:
                state.scenario_id = result.scenario_id
                self.recheck_pack(state)

    def recheck_pack(self, changed: DocumentState) -> None:
        """A scenario's id changed: the pack's other open scenarios may gain or lose a duplicate."""
        pack = find_pack(changed.path)
        if pack is None:
            return
        for other in list(self.states.values()):
            if other is not changed and other.path.name != "pack.toml" and find_pack(other.path) == pack:
                self.check(other.uri, quick=False)

    def locate_id(self, label: Path) -> types.Location | None:
        """Where the `id` of another file of the pack is written (for a duplicated scenario id)."""
        path = label if label.is_absolute() else Path(self.workspace.root_path or os.getcwd()) / label
        uri = from_fs_path(str(path))
        if uri is None:
            return None
        state = self.states.get(uri)
        if state is not None:
            text = self.text(uri)
        else:
            try:
                text = read_regular_file(path, MAX_FILE_BYTES).decode("utf-8", "replace")
            except FileRefused:
                return None
        document = Document(text)
        line, column = SourceMap(document.text)(("id",))
        if line is None:
            return None
        start = document.at_line_column(line, column or 1)
        return types.Location(uri=uri, range=document.range(start, start + 2))


server = ScenarioLanguageServer()


def _path(uri: str) -> Path:
    return Path(to_fs_path(uri) or uri)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ScenarioLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.states[uri] = DocumentState(uri, _path(uri), params.text_document.version)
    ls.changed(uri, params.text_document.version)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ScenarioLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.changed(params.text_document.uri, params.text_document.version)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ScenarioLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    state = ls.states.pop(uri, None)
    ls.runner.cancel(uri)
    if state is not None and state.timer is not None:
        state.timer.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.INITIALIZED)
def initialized(ls: ScenarioLanguageServer, params: types.InitializedParams) -> None:
    ls.loop = asyncio.get_running_loop()
    ls.runner.warm()


@server.feature(types.SHUTDOWN)
def shutdown(ls: ScenarioLanguageServer, params: Any) -> None:
    ls.runner.close()


class _AtCursor(Protocol):
    """Any request made at a cursor (definition, references, rename, completion, hover)."""

    @property
    def text_document(self) -> types.TextDocumentIdentifier: ...

    @property
    def position(self) -> types.Position: ...


def _cursor(
    ls: ScenarioLanguageServer, params: _AtCursor
) -> tuple[str, DocumentIndex, int] | None:
    """The document, its index and the cursor's offset in it (None when the document has no index)."""
    uri = params.text_document.uri
    index = ls.document_index(uri)
    if index is None:
        return None
    return uri, index, ls.offset(uri, index, params.position)


def _locations(ls: ScenarioLanguageServer, uri: str, index: DocumentIndex, spans: list[tuple[int, int]]) -> list[types.Location]:
    return [types.Location(uri=uri, range=ls.client_range(uri, index.document, s, e)) for s, e in spans]


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@server.thread()
def definition(ls: ScenarioLanguageServer, params: types.DefinitionParams) -> list[types.Location] | None:
    if (here := _cursor(ls, params)) is None:
        return None
    uri, index, offset = here
    return _locations(ls, uri, index, navigation.definition(index, offset)) or None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@server.thread()
def references(ls: ScenarioLanguageServer, params: types.ReferenceParams) -> list[types.Location] | None:
    if (here := _cursor(ls, params)) is None:
        return None
    uri, index, offset = here
    return _locations(ls, uri, index, navigation.references(index, offset, params.context.include_declaration)) or None


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
@server.thread()
def prepare_rename(ls: ScenarioLanguageServer, params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
    if (here := _cursor(ls, params)) is None:
        return None
    uri, index, offset = here
    try:
        found = navigation.prepare_rename(index, offset)
    except navigation.RenameRefused as refused:
        raise Refused(str(refused)) from None
    return types.PrepareRenamePlaceholder(range=ls.client_range(uri, index.document, found.start, found.end), placeholder=found.name)


@server.feature(types.TEXT_DOCUMENT_RENAME)
@server.thread()
def rename(ls: ScenarioLanguageServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    if (here := _cursor(ls, params)) is None:
        return None
    uri, index, offset = here
    try:
        edits = navigation.rename(index, offset, params.new_name)
    except navigation.RenameRefused as refused:
        raise Refused(str(refused)) from None
    changes = [types.TextEdit(range=ls.client_range(uri, index.document, e.start, e.end), new_text=e.text) for e in edits]
    return types.WorkspaceEdit(changes={uri: changes})


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=['"', " ", "[", "."]),
)
@server.thread()
def complete(ls: ScenarioLanguageServer, params: types.CompletionParams) -> types.CompletionList | None:
    if (here := _cursor(ls, params)) is None:
        return None
    uri, index, offset = here
    items = completion.complete(index, offset, manifest=_path(uri).name == "pack.toml")
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_HOVER)
@server.thread()
def on_hover(ls: ScenarioLanguageServer, params: types.HoverParams) -> types.Hover | None:
    if (here := _cursor(ls, params)) is None:
        return None
    uri, index, offset = here
    state = ls.states.get(uri)
    found = hover.hover_text(index, offset, state.reach if state is not None else None)
    if found is None:
        return None
    occurrence, text = found
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.PlainText, value=text),
        range=ls.client_range(uri, index.document, occurrence.start, occurrence.end),
    )


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
@server.thread()
def code_actions(ls: ScenarioLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    index = ls.document_index(uri)
    if index is None:
        return None
    out: list[types.CodeAction] = []
    for diagnostic in params.context.diagnostics:
        if diagnostic.source != SOURCE:
            continue
        here = ls.workspace.position_codec.range_from_client_units(ls.lines(uri), diagnostic.range)
        start = index.document.offset(types.Position(line=here.start.line, character=here.start.character))
        end = index.document.offset(types.Position(line=here.end.line, character=here.end.character))
        for fix in actions.fixes(index, str(diagnostic.code), diagnostic.message, diagnostic.data, start, end):
            edits = [
                types.TextEdit(range=ls.client_range(uri, index.document, s, e), new_text=text) for s, e, text in fix.edits
            ]
            out.append(
                types.CodeAction(
                    title=visible(fix.title),
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=fix.preferred or None,
                    edit=types.WorkspaceEdit(changes={uri: edits}),
                )
            )
    return out


_SYMBOL_KINDS = {
    "node": types.SymbolKind.Class,
    "check node": types.SymbolKind.Interface,
    "ending": types.SymbolKind.Event,
    "world": types.SymbolKind.EnumMember,
    "test": types.SymbolKind.Method,
    "choice": types.SymbolKind.Field,
}


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@server.thread()
def document_symbols(ls: ScenarioLanguageServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol] | None:
    uri = params.text_document.uri
    index = ls.document_index(uri)
    if index is None:
        return None

    def convert(symbol: symbols.Symbol) -> types.DocumentSymbol:
        return types.DocumentSymbol(
            name=visible(symbol.name),
            detail=symbol.kind,
            kind=_SYMBOL_KINDS[symbol.kind],
            range=ls.client_range(uri, index.document, symbol.start, symbol.end),
            selection_range=ls.client_range(uri, index.document, symbol.name_start, symbol.name_end),
            children=[convert(child) for child in symbol.children] or None,
        )

    return [convert(symbol) for symbol in symbols.outline(index)]


def serve() -> int:
    """Speak the protocol over stdin and stdout until the client says exit (or goes away)."""
    stdout = sys.__stdout__ if sys.__stdout__ is not None else sys.stdout  # past `visible_output`'s wrapper
    try:
        server.start_io(cast(BinaryIO, sys.stdin.buffer), cast(BinaryIO, stdout.buffer))
    finally:
        server.runner.close()
    return 0

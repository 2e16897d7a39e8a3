"""A real `python -m trainer lsp` over stdio, driven by pygls's client; killed in teardown."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest_asyncio
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
TIMEOUT = 60.0


@dataclass
class Session:
    """The client, what the server published, and helpers to wait for it."""

    client: LanguageClient
    root: Path
    published: dict[str, list[types.PublishDiagnosticsParams]] = field(default_factory=dict)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    versions: dict[str, int] = field(default_factory=dict)

    def uri(self, path: Path) -> str:
        uri = from_fs_path(str(path))
        assert uri is not None
        return uri

    def open(self, path: Path, text: str | None = None) -> str:
        uri = self.uri(path)
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(
                    uri=uri, language_id="toml", version=1, text=path.read_text() if text is None else text
                )
            )
        )
        return uri

    def replace(self, uri: str, text: str) -> int:
        """Send the whole new text; returns the new version."""
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self.versions[uri]

    async def diagnostics(
        self, uri: str, until: Callable[[list[types.Diagnostic]], bool] = lambda d: True, *, version: int | None = None
    ) -> list[types.Diagnostic]:
        """The first published diagnostics of `uri` (at `version`, if given) that satisfy `until`."""

        async def wait() -> list[types.Diagnostic]:
            seen = 0
            while True:
                items = self.published.get(uri, [])
                for params in items[seen:]:
                    if (version is None or params.version == version) and until(params.diagnostics):
                        return params.diagnostics
                seen = len(items)
                self.arrived.clear()
                await self.arrived.wait()

        return await asyncio.wait_for(wait(), TIMEOUT)

    def position(self, text: str, needle: str, shift: int = 0) -> types.Position:
        """The position of `needle` (plus `shift` characters) in `text` (ASCII before it)."""
        at = text.index(needle) + shift
        line = text.count("\n", 0, at)
        return types.Position(line=line, character=at - (text.rfind("\n", 0, at) + 1))


def children_of(pid: int) -> set[int]:
    """Every process started by `pid`, transitively (Linux /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                kids = {int(x) for x in (task / "children").read_text().split()}
            except OSError:
                continue
            todo.extend(kids - found)
            found |= kids
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def make_pack(tmp_path: Path, first_call: str) -> Path:
    """A pack to edit: the tests' small pack (a broken and a soft-locked scenario among
    others) and `first_call` as scenarios/first-call.toml."""
    folder = tmp_path / "pack"
    shutil.copytree(FIXTURES / "tui-pack", folder)
    (folder / "scenarios" / "first-call.toml").write_text(first_call)
    return folder


@pytest_asyncio.fixture
async def lsp(tmp_path: Path) -> AsyncIterator[Session]:
    client = LanguageClient("trainer-tests", "1")
    session = Session(client, tmp_path)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: types.PublishDiagnosticsParams) -> None:
        session.published.setdefault(params.uri, []).append(params)
        session.arrived.set()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    await client.start_io(sys.executable, "-m", "trainer", "lsp", cwd=str(tmp_path), env=env)
    server = client._server
    assert server is not None
    try:
        await asyncio.wait_for(
            client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(), root_uri=session.uri(tmp_path), process_id=os.getpid()
                )
            ),
            TIMEOUT,
        )
        client.initialized(types.InitializedParams())
        yield session
    finally:
        helpers = children_of(server.pid) if Path("/proc").is_dir() else set()
        if server.returncode is None:
            try:
                await asyncio.wait_for(client.shutdown_async(None), 10)
                client.exit(None)
                await asyncio.wait_for(server.wait(), 10)
            except (TimeoutError, RuntimeError, ConnectionError):
                pass
        if server.returncode is None:
            server.kill()
        await asyncio.wait_for(client.stop(), 10)
        for _ in range(100):  # the check processes go with the server
            if not any(alive(pid) for pid in helpers):
                break
            await asyncio.sleep(0.1)
        leftover = [pid for pid in helpers if alive(pid)]
        for pid in leftover:
            os.kill(pid, 9)
        assert server.returncode is not None
        assert not leftover, f"processes left running after the server exited: {leftover}"

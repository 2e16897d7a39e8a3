"""Diagnostics latency of `python -m trainer lsp` after an edit, through the real protocol
(pygls's client over stdio), on the largest built-in scenario and on a generated 2,000-node
one; against `validate`'s own work on the same text in this process (the baseline).

For each file: a typo in a `next` (time until its error is published), then the fix (time
until the quick check's diagnostics are published, then until the full check's: state space
and tests). The server waits 0.25 s after the last edit before it checks (debounce).

    python benchmarks/bench_lsp.py
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import tomli_w
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trainer.scenario_tests import test_diagnostics
from trainer.validation import load_scenario, load_scenario_bytes

from generated import chain_scenario

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 3


class Probe:
    """A client that records when each version's diagnostics arrive."""

    def __init__(self) -> None:
        self.client = LanguageClient("bench", "1")
        self.arrivals: dict[int, list[float]] = {}
        self.event = asyncio.Event()

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.arrivals.setdefault(params.version or 0, []).append(time.perf_counter())
            self.event.set()

    async def wait(self, version: int, count: int, timeout: float = 600) -> list[float]:
        deadline = time.perf_counter() + timeout
        while len(self.arrivals.get(version, [])) < count:
            self.event.clear()
            await asyncio.wait_for(self.event.wait(), max(0.01, deadline - time.perf_counter()))
        return self.arrivals[version]


async def measure(path: Path, text: str, typo: str, fixed: str) -> list[tuple[float, float, float]]:
    probe = Probe()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    await probe.client.start_io(sys.executable, "-m", "trainer", "lsp", env=env, cwd=str(path.parent))
    try:
        await probe.client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
        probe.client.initialized(types.InitializedParams())
        uri = from_fs_path(str(path)) or ""
        probe.client.text_document_did_open(
            types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(uri=uri, language_id="toml", version=1, text=text))
        )
        await probe.wait(1, 2)
        version = 1
        results = []
        for _ in range(ROUNDS):
            times = []
            for new_text, count in ((typo, 2), (fixed, 2)):
                version += 1
                sent = time.perf_counter()
                probe.client.text_document_did_change(
                    types.DidChangeTextDocumentParams(
                        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                        content_changes=[types.TextDocumentContentChangeWholeDocument(text=new_text)],
                    )
                )
                arrived = await probe.wait(version, count)
                times.append([t - sent for t in arrived])
            results.append((times[0][0], times[1][0], times[1][1]))
        return results
    finally:
        await probe.client.shutdown_async(None)
        probe.client.exit(None)
        await probe.client.stop()


def baseline(path: Path, text: str) -> float:
    """`validate`'s work on the same text, in this process: load, analyse, run the tests."""
    start = time.perf_counter()
    loaded = load_scenario_bytes(text.encode(), str(path))
    test_diagnostics(loaded)
    return time.perf_counter() - start


def report(name: str, path: Path, text: str) -> None:
    typo = text.replace('next = "', 'next = "x', 1)
    results = asyncio.run(measure(path, text, typo, text))
    base = baseline(path, text)
    best = [min(r[i] for r in results) for i in range(3)]
    print(f"{name} ({len(text.encode()):,} bytes, {text.count('[nodes.'):,} node tables)")
    print(f"  validate's own work (baseline, in process): {base * 1000:8.0f} ms")
    print(f"  typo -> its error published:               {best[0] * 1000:8.0f} ms")
    print(f"  fix  -> quick diagnostics published:       {best[1] * 1000:8.0f} ms")
    print(f"  fix  -> full diagnostics (state space):    {best[2] * 1000:8.0f} ms  ({best[2] / base:.2f}x the baseline)")


def main() -> None:
    builtin = max((ROOT / "scenarios" / "scenarios").glob("*.toml"), key=lambda f: f.stat().st_size)
    load_scenario(builtin)  # warm the imports for the baseline
    report(f"largest built-in scenario, {builtin.name}", builtin, builtin.read_text())
    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp) / "generated.toml"
        text = tomli_w.dumps(chain_scenario(0, node_count=2000))
        generated.write_text(text)
        report("generated scenario, 2,000 nodes", generated, text)


if __name__ == "__main__":
    main()

"""A tiny misbehaving "LRS" on aiohttp, in a thread, on a free loopback port: for the faults a
real LRS will not make on demand (500s, answers slower than the timeout, answers not JSON)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class FakeLrs:
    url: str
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path)


@contextmanager
def fake_lrs(handler: Handler) -> Iterator[FakeLrs]:
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    box: dict[str, object] = {}

    async def record(request: web.Request) -> web.StreamResponse:
        fake.requests.append((request.method, request.path))
        return await handler(request)

    async def start() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", record)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        box["runner"] = runner
        box["port"] = runner.addresses[0][1]
        ready.set()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)
    fake = FakeLrs(f"http://127.0.0.1:{box['port']}/xAPI/")
    try:
        yield fake
    finally:
        runner = box["runner"]
        assert isinstance(runner, web.AppRunner)
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()

"""`trainer serve` refuses websockets from other sites and sessions past its cap (a real server and client on loopback)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import aiohttp
import pytest

from tests.workshop.test_serve import fetch, free_port
from trainer.serving import capacity_refusal, origin_refusal, own_origins


@pytest.fixture
def server() -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "trainer", "serve", "--port", str(port), "--max-sessions", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 30)
        yield port
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


async def handshake_status(session: aiohttp.ClientSession, url: str, origin: str | None) -> int:
    headers = {"Origin": origin} if origin else {}
    try:
        ws = await session.ws_connect(url, headers=headers, timeout=aiohttp.ClientWSTimeout(ws_close=5))
    except aiohttp.WSServerHandshakeError as error:
        return error.status
    await ws.close()
    return 101


async def scenario(port: int) -> None:
    url = f"http://127.0.0.1:{port}"
    ws_url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
    async with aiohttp.ClientSession() as session:
        assert await handshake_status(session, ws_url, "http://evil.example") == 403
        assert await handshake_status(session, ws_url, f"http://127.0.0.1:{port + 1}") == 403
        assert await handshake_status(session, ws_url, None) == 403
        first = await session.ws_connect(ws_url, headers={"Origin": f"http://localhost:{port}"})
        try:
            await first.receive(timeout=30)  # the game process started and speaks
            assert await handshake_status(session, ws_url, url) == 503
            async with session.get(url + "/") as page:
                assert page.status == 503
                text = await page.text()
                assert "1 game sessions are running" in text and "--max-sessions" in text
        finally:
            await first.close()
        for _ in range(50):  # the slot is given back once the game has stopped
            async with session.get(url + "/") as page:
                if page.status == 200:
                    break
            await asyncio.sleep(0.2)
        else:
            pytest.fail("the session slot was not given back")


def test_foreign_origins_are_refused_and_sessions_capped(server: int) -> None:
    asyncio.run(scenario(server))


def test_the_rules_name_the_origins_and_the_cap() -> None:
    allowed = own_origins("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert {"http://127.0.0.1:8000", "http://localhost:8000", "http://[::1]:8000"} <= allowed
    assert origin_refusal("http://LOCALHOST:8000", allowed) is None
    assert origin_refusal("http://localhost:8000.evil.example", allowed) is not None
    assert origin_refusal("null", allowed) is not None
    wide = own_origins("0.0.0.0", 8000, "http://0.0.0.0:8000")
    assert "http://localhost:8000" not in wide
    assert capacity_refusal(2, 3) is None and "3 game sessions" in (capacity_refusal(3, 3) or "")


def test_max_sessions_below_one_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    from trainer.cli import main

    assert main(["serve", "--max-sessions", "0"]) == 2
    assert "--max-sessions must be 1 or more" in capsys.readouterr().err

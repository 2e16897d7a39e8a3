"""The phones' voting room: votes per second through the real server on a loopback port, and the
projector counter's latency (a phone's vote until the workshop screen shows it), against a
baseline of bare aiohttp requests to the same kind of server in the same run.

    python benchmarks/bench_room.py [--phones 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trainer.game.room import RoomDecision, RoomLimits, VotingRoom
from trainer.room_server import RoomServer

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "first-call.toml"


async def phones_voting(server: RoomServer, room: VotingRoom, phones: int, rounds: int) -> tuple[float, int]:
    """Every phone joins, then votes `rounds` times (changing its vote), all at once: seconds, votes."""
    base = f"http://127.0.0.1:{server.port}"
    headers = {"Origin": base, "Content-Type": "application/json"}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as http:

        async def join() -> str:
            async with http.post(base + "/join", json={"code": room.code}, headers=headers) as response:
                return str((await response.json())["token"])

        tokens = await asyncio.gather(*(join() for _ in range(phones)))

        async def vote(token: str, choice: int) -> int:
            body = {"code": room.code, "token": token, "decision": 1, "choice": choice}
            async with http.post(base + "/vote", json=body, headers=headers) as response:
                return response.status

        began = time.perf_counter()
        statuses: list[int] = []
        for round_ in range(rounds):
            statuses += await asyncio.gather(*(vote(t, 1 + (n + round_) % 3) for n, t in enumerate(tokens)))
        took = time.perf_counter() - began
    assert all(s == 200 for s in statuses), set(statuses)
    expected = [0, 0, 0]
    for n in range(phones):
        expected[(n + rounds - 1) % 3] += 1
    assert room.counts() == expected, (room.counts(), expected)
    return took, len(statuses)


async def baseline(phones: int, rounds: int) -> float:
    """The same requests to a bare aiohttp handler that parses the JSON and answers."""

    async def handler(request: web.Request) -> web.Response:
        await request.json()
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/vote", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100)) as http:

        async def vote(n: int) -> None:
            async with http.post(f"http://127.0.0.1:{port}/vote", json={"choice": n}) as response:
                await response.read()

        began = time.perf_counter()
        for _ in range(rounds):
            await asyncio.gather(*(vote(n) for n in range(phones)))
        took = time.perf_counter() - began
    await runner.cleanup()
    return took


async def projector_latency(samples: int) -> list[float]:
    """A workshop on screen (headless Textual, 80x24) with the room open: one phone votes, and the
    time until the projector's status line shows the new "voted" count."""
    from tests.workshop.test_room import Phone
    from trainer.game.room import RoomPlace
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.workshop import WorkshopScreen

    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as saves:
        app = TrainerApp([], saves=Path(saves), builtin=False, workshop=True, open_file=FIXTURE, room=RoomPlace("127.0.0.1", 0))
        async with app.run_test(size=(80, 24)) as pilot:
            while not (isinstance(app.stage, WorkshopScreen) and app.game.room_server is not None):
                await pilot.pause(0.05)
            screen = app.stage
            server = app.game.room_server
            room = screen.session.room
            assert room is not None
            status = screen.query_one("#ws-status")
            async with aiohttp.ClientSession() as http:
                for n in range(samples):
                    phone = Phone(http, server)
                    await phone.join(room.code)
                    began = time.perf_counter()
                    await phone.vote(1 + n % 2)
                    while f"voted {n + 1}" not in str(status.render()):
                        await asyncio.sleep(0.001)
                    latencies.append(time.perf_counter() - began)
    return latencies


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--samples", type=int, default=30)
    args = parser.parse_args()
    room = VotingRoom(limits=RoomLimits(participants=max(300, args.phones)))
    room.show(RoomDecision(1, "Dana", "What is this about?", (), ("a", "b", "c")))
    server = RoomServer(room, "127.0.0.1", 0)
    server.start()
    try:
        took, votes = await phones_voting(server, room, args.phones, args.rounds)
    finally:
        server.stop()
    bare = await baseline(args.phones, args.rounds)
    print(f"{args.phones} phones, {votes} votes (each phone changing its vote {args.rounds - 1} times), counts exact")
    print(f"room server : {votes / took:8.0f} votes/s  ({took:.2f} s)")
    print(f"bare aiohttp: {votes / bare:8.0f} requests/s  ({bare:.2f} s)   ratio {took / bare:.2f}x")
    latencies = await projector_latency(args.samples)
    print(
        f"projector counter latency over {len(latencies)} votes: median {statistics.median(latencies) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())

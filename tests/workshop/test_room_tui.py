"""A facilitated play with phones voting through a real room server on a loopback port: the join
screen, hidden votes and the projector's counters, keypad hands added, the reveal, the timer, and
a crash with the room resumed (same code, same phones)."""

from __future__ import annotations

from pathlib import Path

import aiohttp
from textual.pilot import Pilot

from tests.conftest import FIXTURES
from tests.tui.helpers import choose, make_app, texts, told, until
from tests.workshop.test_room import Phone
from tests.workshop.test_workshop_tui import opened
from trainer.game.room import RoomPlace, VotingRoom, qr_rows
from trainer.room_server import RoomServer
from trainer.tui.screens.room_join import RoomJoinScreen
from trainer.tui.screens.workshop import WorkshopScreen
from trainer.tui.widgets.votes import VotesCell

FIRST_CALL = FIXTURES / "first-call.toml"


def room_app(saves: Path, open_file: Path | None = FIRST_CALL):  # type: ignore[no-untyped-def]
    app = make_app(saves, workshop=True, open_file=open_file, room=RoomPlace("127.0.0.1", 0))
    app.animation_level = "none"
    return app


async def joined_room(pilot: Pilot[int]) -> tuple[WorkshopScreen, RoomJoinScreen]:
    await until(pilot, lambda: isinstance(pilot.app.screen, RoomJoinScreen))
    join = pilot.app.screen
    assert isinstance(join, RoomJoinScreen)
    stage = pilot.app.stage  # type: ignore[attr-defined]
    assert isinstance(stage, WorkshopScreen) and stage.session.room is not None
    return stage, join


async def voting(pilot: Pilot[int]) -> tuple[WorkshopScreen, VotingRoom, RoomServer]:
    """The join screen closed: the workshop, its room and the room's server."""
    screen, _ = await joined_room(pilot)
    await choose(pilot, "escape")
    room, server = screen.session.room, pilot.app.game.room_server  # type: ignore[attr-defined]
    assert room is not None and server is not None
    return screen, room, server


def status(screen: WorkshopScreen) -> str:
    from tests.tui.helpers import text_of

    return text_of(screen.query_one("#ws-status"))


async def test_phones_vote_hidden_until_the_reveal_and_keypad_hands_add(saves: Path) -> None:
    app = room_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, join = await joined_room(pilot)
        room = screen.session.room
        assert room is not None and join.url.startswith("http://127.0.0.1:") and join.url.endswith(f"/?room={room.code}")
        shown = texts(pilot, "#room-qr")
        assert shown.splitlines() == qr_rows(join.url)  # the QR code of the URL, beside it
        assert room.code in texts(pilot, "#room-code") and join.url in texts(pilot, "#room-url")
        assert "--room-host ADDRESS" in texts(pilot, "#room-reach")
        await choose(pilot, "escape")
        assert pilot.app.screen is screen
        server = app.game.room_server
        assert server is not None
        async with aiohttp.ClientSession() as http:
            phones = [Phone(http, server) for _ in range(12)]
            for phone in phones:
                assert await phone.join(room.code) == 200
            for n, phone in enumerate(phones):
                assert (await phone.vote(1 if n < 5 else 2, code=room.code))[0] == 200
            await phone.vote(1, code=room.code)  # the last phone changes its mind: 6 to 6
            await until(pilot, lambda: "joined 12 · voted 12" in status(screen))
            assert all(cell.hidden for cell in screen.query(VotesCell))  # hidden on the projector
            assert "v reveals" in status(screen)
            await choose(pilot, "2", "2")  # two hands in the room, on the keypad
            assert "hands 2" in status(screen)
            view = await phones[0].state()
            assert view["counts"] is None  # and hidden on the phones
            await choose(pilot, "enter")  # enter reveals first
            assert room.revealed and not room.open
            assert [cell.count for cell in screen.query(VotesCell)] == [6, 8]
            assert (await phones[0].state())["counts"] == [6, 8]
            assert (await phones[1].vote(2, code=room.code))[0] == 409  # closed at the reveal
            await choose(pilot, "enter")  # then plays the most voted
            assert screen.session.current.steps[0].number == 2 and screen.session.current.steps[0].votes is not None
            assert screen.session.current.steps[0].votes.counts == (6, 8)
            await until(pilot, lambda: room.decision is not None and room.decision.number == 2)
            assert room.open and room.voted == 0 and not room.revealed
            assert (await phones[0].vote(1, decision=1, code=room.code))[0] == 409  # an old decision
            assert (await phones[0].vote(1, decision=2, code=room.code))[0] == 200


async def test_the_timer_closes_the_vote_at_zero(saves: Path) -> None:
    app = room_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, room, _ = await voting(pilot)
        now = [5000.0]
        room.clock = lambda: now[0]
        await choose(pilot, "t")
        assert room.seconds_left() == 30
        await until(pilot, lambda: "0:30" in status(screen))
        await choose(pilot, "t")
        assert room.seconds_left() == 60
        now[0] += 61
        await until(pilot, lambda: not room.open)
        assert "Time is up" in told(pilot)
        assert "closed" in status(screen)


async def test_a_crash_keeps_the_room_and_its_phones(saves: Path) -> None:
    app = room_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        screen, room, server = await voting(pilot)
        code = room.code
        async with aiohttp.ClientSession() as http:
            phone = Phone(http, server)
            await phone.join(code)
            await phone.vote(2, code=code)
        token = phone.token
        await until(pilot, lambda: "voted 1" in status(screen))
        app.game._writer.flush()
        app.game._writer.close = lambda timeout=None: True  # type: ignore[method-assign]  # a crash: no last write
    again = room_app(saves, open_file=None)
    async with again.run_test(size=(80, 24)) as pilot:
        from trainer.tui.screens.confirm import ConfirmScreen

        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await choose(pilot, "y")
        screen, _ = await joined_room(pilot)
        room = screen.session.room
        assert room is not None and room.code == code and room.voted == 1 and room.counts() == [0, 1]
        await choose(pilot, "escape")
        server = again.game.room_server
        assert server is not None
        async with aiohttp.ClientSession() as http:
            phone = Phone(http, server)
            phone.token, phone.code = token, code  # the page kept its token: no need to join again
            assert (await phone.vote(1, code=code))[0] == 200
        assert room.counts() == [1, 0]


async def test_leaving_the_workshop_stops_the_room(saves: Path) -> None:
    app = room_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined_room(pilot)
        await choose(pilot, "escape")
        server = app.game.room_server
        assert server is not None
        await choose(pilot, "escape")  # nothing played: straight to the library
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "LibraryScreen")
        assert app.game.room_server is None
        async with aiohttp.ClientSession() as http:
            try:
                async with http.get(f"http://127.0.0.1:{server.port}/", timeout=aiohttp.ClientTimeout(total=2)):
                    raise AssertionError("the room still answers")
            except aiohttp.ClientConnectionError:
                pass


async def test_r_opens_the_room_in_a_workshop_started_without_it(saves: Path) -> None:
    app = make_app(saves, workshop=True, open_file=FIRST_CALL)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        assert screen.session.room is None
        app.room = RoomPlace("127.0.0.1", 0)  # where it listens (the default is 127.0.0.1:8765)
        await choose(pilot, "r")
        await until(pilot, lambda: isinstance(pilot.app.screen, RoomJoinScreen))
        assert screen.session.room is not None


async def test_a_taken_room_port_is_said_in_one_line(saves: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app = make_app(saves, workshop=True, open_file=FIRST_CALL, room=RoomPlace("127.0.0.1", port))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await opened(pilot)
            await until(pilot, lambda: "already in use" in told(pilot))
            assert f"port {port} on 127.0.0.1 is already in use; choose another with --room-port" in told(pilot)
            assert screen.session.room is None and app.game.room_server is None
            await choose(pilot, "1", "enter")  # the workshop goes on with hands
            assert screen.session.step_count == 1

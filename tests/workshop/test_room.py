"""The phones' voting room over real HTTP on a loopback port: joins, votes, changed votes,
hidden counts, the reveal, the timer, and every kind of bad request refused with its reason."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest

from trainer.game.room import RoomDecision, RoomLimits, VotingRoom
from trainer.room_server import CSP, MAX_BODY, RoomServer

DECISION = RoomDecision(1, "Dana", "You have five minutes. What is this about?", (), ("Sign today.", "Why did you take the call?", "Tell me more."))


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def room(clock: Clock) -> VotingRoom:
    room = VotingRoom(code="4821", clock=clock)
    room.show(DECISION)
    return room


@pytest.fixture
def server(room: VotingRoom) -> Iterator[RoomServer]:
    server = RoomServer(room, "127.0.0.1", 0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def http(server: RoomServer) -> AsyncIterator[Phone]:
    async with aiohttp.ClientSession() as session:
        yield Phone(session, server)


class Phone:
    """One phone's browser: requests from the room's own page (Origin and Sec-Fetch-Site set)."""

    def __init__(self, session: aiohttp.ClientSession, server: RoomServer) -> None:
        self.session = session
        self.base = f"http://127.0.0.1:{server.port}"
        self.headers = {"Origin": self.base, "Sec-Fetch-Site": "same-origin"}
        self.token = ""
        self.code = "4821"

    async def post(self, path: str, body: Any, **headers: str) -> tuple[int, dict[str, Any]]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent = {**self.headers, "Content-Type": "application/json", **headers}
        async with self.session.post(self.base + path, data=data, headers={k: v for k, v in sent.items() if v}) as response:
            return response.status, await response.json(content_type=None)

    async def join(self, code: str = "4821") -> int:
        status, data = await self.post("/join", {"code": code})
        if status == 200:
            self.token, self.code = data["token"], code
        return status

    async def vote(self, choice: object, decision: object = 1, code: str | None = None) -> tuple[int, dict[str, Any]]:
        return await self.post("/vote", {"code": code or self.code, "token": self.token, "decision": decision, "choice": choice})

    async def state(self) -> dict[str, Any]:
        async with self.session.get(f"{self.base}/state", params={"code": self.code, "token": self.token}, headers=self.headers) as response:
            assert response.status == 200
            return await response.json()


async def test_the_page_is_static_with_a_strict_policy(http: Phone) -> None:
    async with http.session.get(http.base + "/?room=4821", headers={"Sec-Fetch-Site": "none"}) as response:
        page = await response.text()
        assert response.status == 200 and response.headers["Content-Security-Policy"] == CSP
        assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert '<script src="/room.js" defer></script>' in page and "<script>" not in page and "onclick" not in page
    async with http.session.get(http.base + "/room.js") as response:
        script = await response.text()
    assert "textContent" in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in script, f"the page must not turn server text into HTML ({sink})"


async def test_a_vote_counts_once_per_phone_and_can_change(http: Phone, room: VotingRoom) -> None:
    assert await http.join() == 200
    assert (await http.vote(2))[0] == 200
    assert room.counts() == [0, 1, 0] and room.voted == 1
    assert (await http.vote(3))[0] == 200  # the same token again: replaces the first
    assert room.counts() == [0, 0, 1] and room.voted == 1 and room.joined == 1
    view = await http.state()
    assert view["mine"] == 3 and view["counts"] is None  # hidden until the reveal
    room.set_keypad([4, 0, 0])
    room.reveal()
    view = await http.state()
    assert view["counts"] == [4, 0, 1] and not view["open"]  # keypad hands add to the phones


@pytest.mark.parametrize("code", ["0000", "", None, 4821, "48210"])
async def test_a_wrong_or_missing_room_code_is_refused(http: Phone, room: VotingRoom, code: object) -> None:
    status, data = await http.post("/join", {"code": code} if code is not None else {})
    assert status == 403 and "room code" in data["error"] and room.joined == 0
    assert await http.join() == 200
    status, data = await http.post("/vote", {"code": code, "token": http.token, "decision": 1, "choice": 1})
    assert status == 403 and room.voted == 0


@pytest.mark.parametrize("choice", [0, 4, -1, "1", 1.0, None, True])
async def test_a_vote_for_a_choice_not_offered_is_refused(http: Phone, room: VotingRoom, choice: object) -> None:
    await http.join()
    status, data = await http.vote(choice)
    assert status == 400 and "Choose 1 to 3" in data["error"] and room.voted == 0


async def test_a_vote_after_voting_closed_or_for_an_old_decision_is_refused(http: Phone, room: VotingRoom, clock: Clock) -> None:
    await http.join()
    room.start_timer(30)
    clock.now += 31  # the timer ran out
    status, data = await http.vote(1)
    assert status == 409 and "closed" in data["error"] and room.voted == 0
    room.show(RoomDecision(2, None, "Next.", (), ("a", "b")))
    status, data = await http.vote(1, decision=1)
    assert status == 409 and "moved on" in data["error"]
    assert (await http.vote(1, decision=2))[0] == 200
    room.close()
    assert (await http.vote(2, decision=2))[0] == 409 and room.counts() == [1, 0]


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[1, 2]", b'{"code": ', b"\xff\xfe", b"[" * 200 + b"]" * 200, b'"a string"'],
    ids=["text", "array", "truncated", "binary", "deep", "string"],
)
async def test_a_garbage_body_is_refused(http: Phone, room: VotingRoom, body: bytes) -> None:
    status, data = await http.post("/join", body)
    assert status == 400 and "JSON" in data["error"] and room.joined == 0


async def test_an_oversized_body_is_refused(http: Phone, room: VotingRoom) -> None:
    status, data = await http.post("/join", {"code": "4821", "pad": "x" * MAX_BODY})
    assert status == 413 and "too large" in data["error"] and room.joined == 0


async def test_a_body_that_is_not_json_typed_is_refused(http: Phone, room: VotingRoom) -> None:
    status, _ = await http.post("/join", {"code": "4821"}, **{"Content-Type": "text/plain"})
    assert status == 415 and room.joined == 0  # a cross-site form can send text/plain without asking


async def test_a_flood_from_one_phone_is_refused_and_others_still_vote(http: Phone, room: VotingRoom, server: RoomServer) -> None:
    await http.join()
    statuses = [(await http.vote(1 + n % 3))[0] for n in range(30)]
    assert statuses.count(200) == room.limits.vote_burst and statuses.count(429) == 30 - room.limits.vote_burst
    other = Phone(http.session, server)
    await other.join()
    assert (await other.vote(2))[0] == 200 and room.voted == 2


async def test_joins_stop_at_the_room_size(server: RoomServer, room: VotingRoom) -> None:
    room.limits = RoomLimits(participants=5)
    async with aiohttp.ClientSession() as session:
        statuses = [await Phone(session, server).join() for _ in range(7)]
    assert statuses == [200] * 5 + [503, 503] and room.joined == 5


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://evil.example"},
        {"Origin": "", "Sec-Fetch-Site": "cross-site"},
        {"Origin": ""},  # a POST with no Origin: not from a browser page of this room
        {"Origin": "null"},
    ],
    ids=["cross-site", "other-origin", "fetch-site", "no-origin", "null-origin"],
)
async def test_votes_and_joins_only_from_the_rooms_own_page(http: Phone, room: VotingRoom, headers: dict[str, str]) -> None:
    status, data = await http.post("/join", {"code": "4821"}, **headers)
    assert status == 403 and "own page" in data["error"] and room.joined == 0


async def test_live_connections_only_from_the_rooms_own_page(http: Phone, room: VotingRoom) -> None:
    await http.join()
    params = {"code": "4821", "token": http.token}
    for headers in ({"Origin": "http://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        async with http.session.get(http.base + "/events", params=params, headers=headers) as response:
            assert response.status == 403
    async with http.session.get(http.base + "/events", params={"code": "0000", "token": http.token}) as response:
        assert response.status == 403
    async with http.session.get(http.base + "/", headers={"Sec-Fetch-Site": "cross-site"}) as response:
        assert response.status == 403  # a page elsewhere cannot frame or load the room


async def test_another_host_name_is_refused(http: Phone) -> None:
    """DNS rebinding: a name that resolves to this machine is still not the room's address."""
    async with http.session.get(http.base + "/", headers={"Host": "evil.example:80"}) as response:
        assert response.status == 403


async def test_the_page_follows_the_room_live(http: Phone, room: VotingRoom) -> None:
    await http.join()
    params = {"code": "4821", "token": http.token}
    async with http.session.get(http.base + "/events", params=params, headers=http.headers) as response:
        assert response.headers["Content-Type"] == "text/event-stream"

        async def next_view() -> dict[str, Any]:
            while True:
                line = (await asyncio.wait_for(response.content.readline(), 5)).decode()
                if line.startswith("data: "):
                    return dict(json.loads(line[6:]))

        first = await next_view()
        assert first["decision"]["line"] == DECISION.line and first["open"]
        room.reveal()
        assert (await next_view())["revealed"]
        room.show(RoomDecision(2, None, "<script>alert(1)</script> [b]x[/b]", (), ("<b>bold</b>",)))
        view = await next_view()
        assert view["decision"]["line"] == "<script>alert(1)</script> [b]x[/b]"  # as text, for textContent


async def test_many_phones_vote_and_change_their_votes_concurrently(server: RoomServer, room: VotingRoom) -> None:
    phones_count = 200
    connector = aiohttp.TCPConnector(limit=100)
    async with aiohttp.ClientSession(connector=connector) as session:
        phones = [Phone(session, server) for _ in range(phones_count)]
        assert await asyncio.gather(*(phone.join() for phone in phones)) == [200] * phones_count
        first = await asyncio.gather(*(phone.vote(1 + n % 3) for n, phone in enumerate(phones)))
        assert all(status == 200 for status, _ in first)
        # Every phone changes its mind twice; the last vote is (n + 2) % 3 + 1.
        for round_ in (1, 2):
            changed = await asyncio.gather(*(phone.vote(1 + (n + round_) % 3) for n, phone in enumerate(phones)))
            assert all(status == 200 for status, _ in changed)
    expected = [0, 0, 0]
    for n in range(phones_count):
        expected[(n + 2) % 3] += 1
    assert room.joined == phones_count and room.voted == phones_count
    assert room.counts() == expected and sum(expected) == phones_count


async def test_every_answer_carries_the_strict_policy(http: Phone, room: VotingRoom) -> None:
    """Not only the page: its script and style, the votes, every refusal and the live stream."""
    await http.join()
    good = {"code": "4821", "token": http.token}
    requests: list[tuple[str, str, dict[str, str], bytes | None, int]] = [
        ("GET", "/room.js", {}, None, 200),
        ("GET", "/room.css", {}, None, 200),
        ("GET", "/nothing-here", {}, None, 404),
        ("GET", "/join", {}, None, 405),
        ("POST", "/join", {"Content-Type": "application/json"}, b"[]", 400),
        ("POST", "/join", {"Content-Type": "application/json"}, b'{"pad": "' + b"x" * MAX_BODY + b'"}', 413),
        ("POST", "/vote", {"Content-Type": "application/json"}, json.dumps({**good, "decision": 1, "choice": 1}).encode(), 200),
        ("GET", "/state?code=0000&token=x", {}, None, 403),
        ("GET", "/", {"Host": "evil.example:80"}, None, 403),
    ]
    for method, path, headers, body, expected in requests:
        sent = {**http.headers, **headers}
        async with http.session.request(method, http.base + path, data=body, headers=sent) as response:
            assert (response.status, response.headers.get("Content-Security-Policy")) == (expected, CSP), (method, path)
    async with http.session.get(http.base + "/events", params=good, headers=http.headers) as response:
        assert response.status == 200 and response.headers["Content-Security-Policy"] == CSP


async def test_the_page_is_told_when_the_room_closes(http: Phone, server: RoomServer) -> None:
    """The workshop ended: an open page hears `closed` (and stops retrying), not only a dropped line."""
    await http.join()
    params = {"code": "4821", "token": http.token}
    async with http.session.get(http.base + "/events", params=params, headers=http.headers) as response:
        assert (await asyncio.wait_for(response.content.readline(), 5)).startswith(b"data: ")
        await asyncio.get_running_loop().run_in_executor(None, server.stop)
        heard = []
        while line := await asyncio.wait_for(response.content.readline(), 5):
            heard.append(line.decode())
    assert "event: closed\n" in heard

"""The workshop's voting room on the web: a small aiohttp server that serves the phones' page
and turns their requests into calls on a `trainer.game.room.VotingRoom`.

Safe by default: it binds to loopback unless the facilitator names an address; it serves votes
only (no facilitator action exists here); it answers page loads, votes and live connections only
from its own origin (the Host must be its own; a cross-site request, by `Origin` or by
`Sec-Fetch-Site`, is refused); the page is a static file with no inline script, sent with a strict
Content-Security-Policy, and puts scenario text on the page as text, never as HTML; bodies are
at most 1 KB of JSON; phones, votes and joins are bounded by the room. It runs on a thread of
its own and stops with the session.
"""

from __future__ import annotations

import asyncio
import json
import threading
from importlib import resources
from typing import Any

from aiohttp import web

from trainer.game.room import RoomError, VotingRoom
from trainer.listening import is_loopback, machine_addresses

MAX_BODY = 1024
"""The largest request body accepted (a vote is about 100 bytes)."""
MAX_STREAMS_PER_PHONE = 3
KEEPALIVE_SECONDS = 15.0
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
PAGE_FILES = {"/": ("index.html", "text/html"), "/room.js": ("room.js", "text/javascript"), "/room.css": ("room.css", "text/css")}


def page_file(name: str) -> bytes:
    return resources.files("trainer.room_page").joinpath(name).read_bytes()


def own_hosts(host: str, port: int) -> frozenset[str]:
    """The `Host` values (and so the origins) of the server's own page."""
    names = {host}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "[::1]", "::1"}
    if host in ("0.0.0.0", "::", ""):
        names |= {"localhost", "127.0.0.1", *machine_addresses()}
    return frozenset(f"{name}:{port}".lower() for name in names) | frozenset(name.lower() for name in names if port == 80)


class RoomServer:
    """Serves `room` on `host:port` (port 0: any free port) from a thread; `start` returns the
    URL phones open, `stop` ends it (live connections included)."""

    def __init__(self, room: VotingRoom, host: str = "127.0.0.1", port: int = 0) -> None:
        self.room = room
        self.host = host
        self.port = port
        self.hosts: frozenset[str] = frozenset()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._tick: asyncio.Event | None = None
        self._streams: dict[str, int] = {}
        self._stopping = False

    # -- life --
    def start(self, timeout: float = 10.0) -> str:
        """Bind and serve; the URL for phones. Raises `OSError` (e.g. the port is taken)."""
        self._thread = threading.Thread(target=self._run, name="room-server", daemon=True)
        self._thread.start()
        self._ready.wait(timeout)
        if self._error is not None:
            raise self._error
        self.room.listeners.append(self._changed)
        return self.url

    @property
    def url(self) -> str:
        """The page phones open, with the room code."""
        shown = self.host
        if self.host in ("0.0.0.0", "::", ""):
            shown = next(iter(machine_addresses()), "127.0.0.1")
        if ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{self.port}/?room={self.room.code}"

    def stop(self, timeout: float = 5.0) -> None:
        if self._changed in self.room.listeners:
            self.room.listeners.remove(self._changed)
        loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        self._stopping = True
        if loop.is_running():
            loop.call_soon_threadsafe(self._wake)
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
        thread.join(timeout)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._setup())
        except BaseException as error:  # noqa: BLE001 - handed to `start`, which raises it
            self._error = error
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.close()

    async def _setup(self) -> None:
        self._tick = asyncio.Event()
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.router.add_get("/", self._page)
        app.router.add_get("/room.js", self._page)
        app.router.add_get("/room.css", self._page)
        app.router.add_post("/join", self._join)
        app.router.add_post("/vote", self._vote)
        app.router.add_get("/state", self._state)
        app.router.add_get("/events", self._events)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, backlog=512)
        await site.start()
        sockets = getattr(site._server, "sockets", None)
        if self.port == 0 and sockets:
            self.port = int(sockets[0].getsockname()[1])
        self.hosts = own_hosts(self.host, self.port)

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        asyncio.get_running_loop().stop()

    # -- change notices, from any thread --
    def _changed(self, public: bool) -> None:
        loop = self._loop
        if public and loop is not None and loop.is_running():
            loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:
        tick, self._tick = self._tick, asyncio.Event()
        if tick is not None:
            tick.set()

    # -- the guard every request passes --
    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            return self._error_response(403, refusal)
        try:
            response = await handler(request)
        except RoomError as error:
            response = self._error_response(error.status, str(error))
        except web.HTTPRequestEntityTooLarge:
            response = self._error_response(413, f"The request is too large (at most {MAX_BODY} bytes).")
        except web.HTTPException as error:
            response = self._error_response(error.status, error.reason)
        if not response.prepared:
            response.headers.update(HEADERS)
        return response

    def _refusal(self, request: web.Request) -> str | None:
        """Why a request is refused as not from the server's own page, or None."""
        if request.host.lower() not in self.hosts:
            return "This room answers only at its own address."
        origin = request.headers.get("Origin")
        if origin is not None and origin.lower().rstrip("/") not in {f"http://{h}" for h in self.hosts}:
            return "Votes are accepted only from the room's own page."
        site = request.headers.get("Sec-Fetch-Site")
        if site is not None and site not in ("same-origin", "none"):
            return "Votes are accepted only from the room's own page."
        if request.method == "POST" and origin is None:
            return "Votes are accepted only from the room's own page."
        return None

    @staticmethod
    def _error_response(status: int, reason: str) -> web.Response:
        response = web.json_response({"error": reason}, status=status)
        response.headers.update(HEADERS)
        return response

    # -- the page --
    async def _page(self, request: web.Request) -> web.Response:
        name, kind = PAGE_FILES[request.path]
        return web.Response(body=page_file(name), content_type=kind, charset="utf-8")

    # -- the phones' requests --
    async def _body(self, request: web.Request) -> dict[str, Any]:
        if request.content_type != "application/json":
            raise RoomError(415, "Send JSON.")
        raw = await request.read()
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            raise RoomError(400, "The request is not valid JSON.") from None
        if not isinstance(data, dict):
            raise RoomError(400, "The request is not a JSON object.")
        return data

    async def _join(self, request: web.Request) -> web.Response:
        data = await self._body(request)
        token = self.room.join(data.get("code"), request.remote or "")
        return web.json_response({"token": token, **self.room.view(token)})

    async def _vote(self, request: web.Request) -> web.Response:
        data = await self._body(request)
        self.room.vote(data.get("code"), data.get("token"), data.get("decision"), data.get("choice"))
        return web.json_response({"ok": True, "mine": data.get("choice")})

    def _phone(self, request: web.Request) -> str:
        code, token = request.query.get("code"), request.query.get("token")
        if not self.room.known(code, token):
            raise RoomError(403, "Wrong room code, or this phone has not joined: open the room's link again.")
        assert token is not None
        return token

    async def _state(self, request: web.Request) -> web.Response:
        return web.json_response(self.room.view(self._phone(request)))

    async def _events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: the room's view now, then again at each change the phones see; a
        `closed` event when the room stops."""
        token = self._phone(request)
        if self._streams.get(token, 0) >= MAX_STREAMS_PER_PHONE:
            raise RoomError(429, "Too many open pages on this phone.")
        response = web.StreamResponse(headers={**HEADERS, "Content-Type": "text/event-stream", "X-Accel-Buffering": "no"})
        await response.prepare(request)
        self._streams[token] = self._streams.get(token, 0) + 1
        try:
            while not self._stopping:
                tick = self._tick
                await response.write(f"data: {json.dumps(self.room.view(token))}\n\n".encode())
                if tick is None:
                    break
                try:
                    await asyncio.wait_for(tick.wait(), KEEPALIVE_SECONDS)
                except TimeoutError:
                    await response.write(b": keep-alive\n\n")
            await response.write(b"event: closed\ndata: {}\n\n")  # the workshop ended: the page says so, and stops retrying
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self._streams[token] -= 1
        return response

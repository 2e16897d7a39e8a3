"""Guards for `trainer serve`: websockets only from the server's own origin, and a cap on sessions.

textual-serve starts a game process for every websocket on `/ws`. Without a
check, any web page open in the facilitator's browser could open one
(cross-site websocket hijacking) and read the screen or send keys, and any
number of connections would start any number of games.
"""

from __future__ import annotations

import logging
from typing import Any

from trainer.listening import is_loopback

DEFAULT_MAX_SESSIONS = 12
"""Games served at once by default (each is a process of its own)."""

log = logging.getLogger("trainer.serve")


def own_origins(host: str, port: int, public_url: str) -> frozenset[str]:
    """The origins of the server's own page: its public URL, and every loopback name when bound to loopback."""
    hosts = {host}
    if is_loopback(host):
        hosts |= {"localhost", "127.0.0.1", "::1"}
    origins = {public_url.rstrip("/").lower()}
    for name in hosts:
        shown = f"[{name}]" if ":" in name else name
        origins.add(f"http://{shown}:{port}".lower())
        if port == 80:
            origins.add(f"http://{shown}".lower())
    return frozenset(origins)


def origin_refusal(origin: str | None, allowed: frozenset[str]) -> str | None:
    """Why a websocket from `origin` is refused, or None when it comes from the server's own page."""
    if origin is None:
        return "refused: a game session can only be opened from this server's own page (no Origin was sent)"
    if origin.rstrip("/").lower() not in allowed:
        return (
            "refused: a game session can only be opened from this server's own page, "
            "not from another site; open the address serve printed"
        )
    return None


def capacity_refusal(sessions: int, max_sessions: int) -> str | None:
    """Why another session is refused, or None while there is room."""
    if sessions < max_sessions:
        return None
    return (
        f"refused: {sessions} game sessions are running, the most this server allows; "
        "close one, or start serve again with a larger --max-sessions"
    )


def guarded_server(base: type[Any]) -> type[Any]:
    """textual-serve's `Server` class with the origin check and the session cap."""

    class GuardedServer(base):
        max_sessions: int = DEFAULT_MAX_SESSIONS
        sessions: int = 0

        async def handle_index(self, request: Any) -> Any:
            from aiohttp import web

            refusal = capacity_refusal(self.sessions, self.max_sessions)
            if refusal is not None:
                return web.Response(status=503, text=f"trainer: {refusal}\n")
            return await super().handle_index(request)

        async def handle_websocket(self, request: Any) -> Any:
            from aiohttp import web

            allowed = own_origins(self.host, self.port, self.public_url)
            refusal = origin_refusal(request.headers.get("Origin"), allowed)
            status = 403
            if refusal is None:
                refusal, status = capacity_refusal(self.sessions, self.max_sessions), 503
            if refusal is not None:
                log.warning("websocket from %s %s", request.remote, refusal)
                return web.Response(status=status, text=f"trainer: {refusal}\n")
            self.sessions += 1
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions -= 1

    return GuardedServer

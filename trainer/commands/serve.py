"""`trainer serve`: the game in a browser, through textual-serve."""

from __future__ import annotations

import argparse
import errno
import shlex
import sys

from trainer.listening import in_use_message, is_loopback, port_taken
from trainer.serving import DEFAULT_MAX_SESSIONS, guarded_server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer serve` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Serve the game through textual-serve: every browser session starts its own game. "
        "There is no authentication, so it binds to this machine only unless --host says otherwise. "
        "Sessions are accepted only from the server's own page (never from another site open in the "
        "browser), and at most --max-sessions at once. "
        "On a projector, add ?fontsize=28 (or larger) to the URL."
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"games served at once; more are refused (default {DEFAULT_MAX_SESSIONS})",
    )
    parser.set_defaults(run=run)


def game_command(args: argparse.Namespace) -> str:
    """The command each browser session runs: this interpreter, the same game options."""
    argv = [sys.executable, "-m", "trainer"]
    if args.saves:
        argv += ["--saves", args.saves]
    for pack in args.pack:
        argv += ["--pack", pack]
    if args.workshop:
        argv.append("--workshop")
    return shlex.join(argv)


def run(args: argparse.Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print("trainer serve: textual-serve is not installed; run: python -m pip install textual-serve", file=sys.stderr)
        return 1
    if not 0 < args.port < 65536:
        print(f"trainer serve: --port must be from 1 to 65535; got {args.port}", file=sys.stderr)
        return 2
    if args.max_sessions < 1:
        print(f"trainer serve: --max-sessions must be 1 or more; got {args.max_sessions}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(
            f"trainer serve: WARNING: binding to {args.host} makes the game reachable from other machines, "
            "and it has no authentication: anyone who can reach this port can play and read the scenarios.",
            file=sys.stderr,
        )
    if port_taken(args.host, args.port):
        print(in_use_message("serve", args.host, args.port), file=sys.stderr)
        return 2
    url = f"http://{args.host}:{args.port}"
    print(f"Serving trainer at {url}  (projector: {url}/?fontsize=28)  Ctrl+C stops.", flush=True)
    server = guarded_server(Server)(game_command(args), host=args.host, port=args.port, title="trainer")
    server.max_sessions = args.max_sessions
    try:
        server.serve()
    except OSError as error:  # taken between the check and the bind
        if error.errno != errno.EADDRINUSE:
            raise
        print(in_use_message("serve", args.host, args.port), file=sys.stderr)
        return 2
    return 0

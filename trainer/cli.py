"""`python -m trainer`: the game, and the tools for scenario authors.

Each command lives in its own module under `trainer.commands`, imported only when
that command runs: the game starts without loading the authors' tools (and the
models they pull in), and `--help` lists every command from the table below.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, NamedTuple

from trainer import __version__
from trainer.crash import report_crash
from trainer.errors import TrainerError
from trainer.text_safety import visible, visible_output

if TYPE_CHECKING:
    import argparse


class Command(NamedTuple):
    """A subcommand: its name, its one line in `--help`, and the module that runs it
    (with `register(parser)` adding its arguments and the `run` function as a default)."""

    name: str
    help: str
    module: str


COMMANDS = (
    Command("validate", "check scenario files and pack folders", "trainer.commands.validate"),
    Command("play", "play a scenario file (in the terminal UI, or scripted with --choices)", "trainer.commands.play"),
    Command("packs", "list, install and remove scenario packs", "trainer.commands.packs"),
    Command("schema", "print the JSON Schema of scenario files or pack.toml (for editors)", "trainer.commands.schema"),
    Command("new", "start a new pack or scenario from a commented, working example", "trainer.commands.new"),
    Command("playtest", "play a scenario or pack many times and report endings and coverage", "trainer.commands.playtest"),
    Command("graph", "draw a scenario as a Mermaid or Graphviz graph", "trainer.commands.graph"),
    Command("serve", "serve the game to web browsers (for a projector or a remote room)", "trainer.commands.serve"),
    Command("export", "write a finished run as a Markdown transcript with its debrief", "trainer.commands.export"),
    Command("lrs", "set the Learning Record Store (xAPI) a player's results go to", "trainer.commands.lrs"),
    Command("sync", "send finished runs to the Learning Record Store", "trainer.commands.sync"),
    Command("report", "a team's runs and habits per player and lesson, from an LRS or a folder", "trainer.commands.report"),
    Command("lsp", "language server for scenario files (diagnostics, go to definition, rename) in your editor", "trainer.commands.lsp"),
)


ROOM_HOST = "127.0.0.1"
ROOM_PORT = 8765


def game_defaults() -> dict[str, object]:
    """The game's options when none is given: the parser's defaults, and the game's arguments
    when `python -m trainer` runs with no argument at all (then argparse is not even loaded)."""
    return {
        "saves": None, "pack": [], "workshop": False, "watch": False,
        "room": False, "room_host": ROOM_HOST, "room_port": ROOM_PORT,
    }


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The command line, with the arguments of the `chosen` command only (its module is
    imported); every other command is listed by name and help, its arguments unread."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="trainer",
        description="A role-play game that trains salespeople out of \"Always Be Closing\". "
        "Without a command, it starts the game.",
    )
    parser.add_argument("--version", action="version", version=f"trainer {__version__}")
    add_game_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        if command.name == chosen:
            importlib.import_module(command.module).register(commands.add_parser(command.name, help=command.help))
        else:
            commands.add_parser(command.name, help=command.help, add_help=False)
    return parser


def add_game_options(parser: argparse.ArgumentParser) -> None:
    """Options of the game itself (also accepted by `play FILE`)."""
    parser.set_defaults(**game_defaults())
    parser.add_argument("--saves", metavar="DIR", help="where saves live (default: saves/, or $TRAINER_SAVES)")
    parser.add_argument("--pack", metavar="PATH", action="append", help="also load this pack folder")
    parser.add_argument("--workshop", action="store_true", help="projector layout for facilitated sessions")
    parser.add_argument(
        "--watch", action="store_true", help="for authors: check a pack again when one of its files is saved"
    )
    parser.add_argument(
        "--room",
        action="store_true",
        help="with --workshop: phones vote (a page, a QR code and a room code on the projector; r in a workshop opens it too)",
    )
    parser.add_argument(
        "--room-host",
        metavar="ADDRESS",
        help=f"address the voting room listens on (default {ROOM_HOST}: this computer only); name one of this "
        "machine's addresses (the join screen lists them) to let phones on the network join",
    )
    parser.add_argument("--room-port", metavar="N", type=port_number, help=f"port of the voting room (default {ROOM_PORT})")


def port_number(text: str) -> int:
    """A TCP port, 1 to 65535 (for argparse)."""
    import argparse

    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"a port is a number from 1 to 65535; got {text!r}")
    return port


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace | SimpleNamespace:
    """Find the command first (`--help` and `--version` end here), then read its arguments.
    With no argument at all (how a player starts the game) the defaults, without a parser:
    loading argparse and building the parser was 9 ms of each launch."""
    if not (sys.argv[1:] if argv is None else argv):
        return SimpleNamespace(command=None, **game_defaults())
    parser = build_parser()
    chosen = parser.parse_known_args(argv)[0].command
    return (build_parser(chosen) if chosen else parser).parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; everything it prints passes through `trainer.text_safety.visible`."""
    with visible_output():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    args = parse_arguments(argv)
    what = f"running '{args.command}'" if args.command else "running the game"
    try:
        if args.command is None:
            from trainer.tui.launch import launch_game

            return launch_game(args)
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except TrainerError as error:  # a message for a person that no command caught: said, not a crash
        print(visible(f"trainer: {error}"), file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback for users
        report_crash(error, what)
        return 70

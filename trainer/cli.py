"""`python -m trainer`: the game, and the tools for scenario authors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from trainer import __version__
from trainer.commands import export, graph, new, packs, play, playtest, schema, serve, validate
from trainer.crash import report_crash
from trainer.errors import TrainerError

COMMANDS = (validate, play, packs, schema, new, playtest, graph, serve, export)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trainer",
        description="A role-play game that trains salespeople out of \"Always Be Closing\". "
        "Without a command, it starts the game.",
    )
    parser.add_argument("--version", action="version", version=f"trainer {__version__}")
    add_game_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(commands)
    return parser


def add_game_options(parser: argparse.ArgumentParser) -> None:
    """Options of the game itself (also accepted by `play FILE`)."""
    parser.add_argument("--saves", metavar="DIR", help="where saves live (default: saves/, or $TRAINER_SAVES)")
    parser.add_argument("--pack", metavar="PATH", action="append", default=[], help="also load this pack folder")
    parser.add_argument("--workshop", action="store_true", help="projector layout for facilitated sessions")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
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
        print(f"trainer: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the last line of defence: no traceback for users
        report_crash(error, what)
        return 70

"""Entry points the CLI calls: the game, or the game opened on one scenario file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from trainer.crash import report_crash
from trainer.library_index import index_path
from trainer.paths import saves_dir
from trainer.tui.collector import pause_while_starting, resume_after_start

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace

    from textual.app import App

    from trainer.game.room import RoomPlace
    from trainer.start_at import StartAt
    from trainer.tui.app import TrainerApp

    Arguments = argparse.Namespace | SimpleNamespace
    """The command line read (`trainer.cli.parse_arguments`)."""


def _app(args: Arguments, open_file: Path | None = None) -> TrainerApp:
    from trainer.tui.app import TrainerApp

    return TrainerApp(
        [Path(p).expanduser() for p in args.pack],
        saves=saves_dir(args.saves),
        open_file=open_file,
        open_world=getattr(args, "world", None),
        open_at=_start_at(args),
        author=getattr(args, "author", False),
        watch=getattr(args, "watch", False),
        workshop=args.workshop or getattr(args, "room", False),
        room=_room(args),
        library_index=index_path(),
    )


def _room(args: Arguments) -> RoomPlace | None:
    """`--room`: where the phones' voting room listens (its module is loaded only then)."""
    if not getattr(args, "room", False):
        return None
    from trainer.game.room import RoomPlace

    return RoomPlace(args.room_host, args.room_port)


def _start_at(args: Arguments) -> StartAt | None:
    """`play FILE --at NODE ...` (checked by the command before the game opens)."""
    if getattr(args, "at", None) is None:
        return None
    from trainer.game.author import start_of

    return start_of(args.at, args.trust, args.pressure, args.set, getattr(args, "world", None))


def run_app(app: App[int], *, headless: bool = False) -> int:
    """Run the game; an unexpected error becomes a report file and one line, never a traceback."""
    app.run(headless=headless)
    error = app._exception
    if error is not None:
        report_crash(error, "running the game")
        return 70
    return app.return_code or 0


def launch_game(args: Arguments) -> int:
    """`python -m trainer`: the library, then play."""
    return _launch(args)


def launch_play(args: Arguments, path: Path) -> int:
    """`python -m trainer play FILE`: straight into a play of FILE."""
    return _launch(args, path)


def _launch(args: Arguments, open_file: Path | None = None) -> int:
    """The game, with the garbage collector paused until its first frame (`trainer.tui.collector`):
    Textual is imported and set up on the way."""
    pause_while_starting()
    try:
        return run_app(_app(args, open_file))
    finally:
        resume_after_start()  # when the game ended before its first frame

"""Entry points the CLI calls: the game, or the game opened on one scenario file."""

from __future__ import annotations

import argparse
from pathlib import Path

from trainer.library_index import index_path
from trainer.paths import saves_dir


def _app(args: argparse.Namespace, open_file: Path | None = None):  # type: ignore[no-untyped-def]
    from trainer.tui.app import TrainerApp

    return TrainerApp(
        [Path(p).expanduser() for p in args.pack],
        saves=saves_dir(args.saves),
        open_file=open_file,
        workshop=args.workshop,
        library_index=index_path(),
    )


def launch_game(args: argparse.Namespace) -> int:
    """`python -m trainer`: the library, then play."""
    app = _app(args)
    app.run()
    return app.return_code or 0


def launch_play(args: argparse.Namespace, path: Path) -> int:
    """`python -m trainer play FILE`: straight into a play of FILE."""
    app = _app(args, path)
    app.run()
    return app.return_code or 0

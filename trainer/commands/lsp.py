"""`trainer lsp`: the language server for scenario files and pack.toml, over stdio."""

from __future__ import annotations

import argparse


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer lsp` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Start a Language Server Protocol server on stdin/stdout for scenario files and pack.toml: "
        "the diagnostics of `validate` as you type, go to definition, references, rename, completion, "
        "hover, quick fixes and an outline. Editors start it; see docs/authoring.md."
    )
    parser.add_argument("--stdio", action="store_true", help="accepted for editors that pass it (stdio is the only transport)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.lsp.server import serve  # pygls is imported only when the server starts

    return serve()

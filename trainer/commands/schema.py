"""`trainer schema scenario|pack`: print the JSON Schema that editors use to complete and check files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.atomic import write_atomic
from trainer.schema import SCHEMA_KINDS, render, schema_for


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer schema` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Print the JSON Schema (draft-07) of a scenario file or of pack.toml, generated from "
        "the format's models, for editors such as Taplo / Even Better TOML. Point a file at it with a "
        "first line like: #:schema ./scenario.schema.json"
    )
    parser.add_argument("kind", choices=SCHEMA_KINDS, help="which file's schema")
    parser.add_argument("--output", "-o", metavar="FILE", help="write it to FILE instead of printing it")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    text = render(schema_for(args.kind))
    if args.output:
        write_atomic(Path(args.output), text.encode("utf-8"))
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0

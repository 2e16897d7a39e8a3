"""`trainer new pack DIR` / `trainer new scenario FILE`: a valid, playable starting point."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.scaffold import ScaffoldError, new_pack, new_scenario, shell_path
from trainer.text_safety import visible


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer new` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Write a starting point that validates with no warnings and can be played, "
        "with comments that teach the format. Never overwrites anything."
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    pack = kinds.add_parser("pack", help="a pack folder: pack.toml, one scenario, editor schemas, README")
    pack.add_argument("folder", metavar="DIR", help="a new (or empty) folder")
    pack.add_argument("--id", dest="pack_id", help="the pack id (default: from the folder name)")
    pack.add_argument("--name", help="the pack's display name")
    pack.add_argument("--author", help="the first author (default: Your Name)")
    pack.set_defaults(run=run_pack)
    scenario = kinds.add_parser("scenario", help="one scenario file")
    scenario.add_argument("file", metavar="FILE", help="a new .toml file (e.g. my-pack/scenarios/renewal.toml)")
    scenario.add_argument("--id", dest="scenario_id", help="the scenario id (default: from the file name)")
    scenario.set_defaults(run=run_scenario)


def run_pack(args: argparse.Namespace) -> int:
    try:
        written = new_pack(Path(args.folder), args.pack_id, args.name, args.author)
    except ScaffoldError as error:
        print(visible(f"trainer new pack: {error}"), file=sys.stderr)
        return 1
    _report(written)
    print(visible(f"next: python -m trainer validate --strict {shell_path(args.folder)}"))
    return 0


def run_scenario(args: argparse.Namespace) -> int:
    try:
        written = new_scenario(Path(args.file), args.scenario_id)
    except ScaffoldError as error:
        print(visible(f"trainer new scenario: {error}"), file=sys.stderr)
        return 1
    _report(written)
    print(visible(f"next: python -m trainer validate --strict {shell_path(args.file)}"))
    return 0


def _report(paths: list[Path]) -> None:
    for path in paths:
        print(visible(f"wrote {shell_path(path)}"))

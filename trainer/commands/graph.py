"""`trainer graph FILE [--format mermaid|dot]`: draw a scenario's nodes, choices, routes and endings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.graph import GRAPH_FORMATS, render
from trainer.text_safety import visible
from trainer.validation import load_scenario


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer graph` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Print a scenario as a graph: scene nodes, check nodes, endings coloured by outcome, "
        "choices labelled with their number and tactic, routes dashed and interrupts bold; with hidden "
        "worlds, a legend of the worlds, and every branch that reads a world's flag marked. "
        "Mermaid renders on GitHub and in many editors; for DOT: dot -Tsvg -o graph.svg"
    )
    parser.add_argument("file", metavar="FILE", help="a scenario .toml file")
    parser.add_argument("--format", choices=GRAPH_FORMATS, default="mermaid", help="output format (default mermaid)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if path.is_dir():
        print(visible(f"trainer graph: {path} is a folder; give one scenario .toml file"), file=sys.stderr)
        return 2
    loaded = load_scenario(path, analyse=False)
    if not loaded.ok or loaded.scenario is None:
        for d in loaded.diagnostics:
            if d.is_error:
                print(visible(d.render()), file=sys.stderr)
        return 1
    sys.stdout.write(render(loaded.scenario, args.format))
    return 0

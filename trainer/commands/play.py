"""`trainer play FILE [--choices 2,1,3] [--json]`: play a scenario."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trainer.commands.validate import add_budget_option
from trainer.debrief import build_debrief
from trainer.engine import ChoiceNotOffered, Engine
from trainer.errors import TrainerError
from trainer.report import play_report, text_report
from trainer.validation import load_scenario


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer play` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Without --choices, open the game on this scenario. With --choices, play the "
        "given choice numbers (1-based among those offered, as a player presses them) and print "
        "a transcript and debrief, or the play report with --json."
    )
    parser.add_argument("file", metavar="FILE", help="a scenario .toml file")
    parser.add_argument("--choices", metavar="N,N,...", help="choice numbers to play, e.g. 2,1,3")
    parser.add_argument("--json", action="store_true", help="print the machine-readable play report")
    add_budget_option(parser)
    parser.set_defaults(run=run)


class ChoicesError(TrainerError, ValueError):
    """`--choices` that are not a list of choice numbers."""


def parse_choices(text: str) -> list[int]:
    """`"2,1,3"` -> `[2, 1, 3]`; every item must be a positive whole number."""
    if not text.strip():
        return []
    numbers = []
    for position, item in enumerate(text.split(","), start=1):
        item = item.strip()
        if not (item.isascii() and item.isdigit()) or int(item) < 1:
            raise ChoicesError(f"choice {position} is {item!r}: choices are positive whole numbers, e.g. 2,1,3")
        numbers.append(int(item))
    return numbers


def run(args: argparse.Namespace) -> int:
    if args.choices is None:
        if args.json:
            print("trainer play: --json needs --choices (e.g. --choices 2,1,3)", file=sys.stderr)
            return 2
        from trainer.tui.launch import launch_play

        return launch_play(args, Path(args.file))
    try:
        numbers = parse_choices(args.choices)
    except ChoicesError as error:
        print(f"trainer play: {error}", file=sys.stderr)
        return 2
    loaded = load_scenario(Path(args.file), budget=args.max_states)
    if not loaded.ok:
        for d in loaded.diagnostics:
            if d.is_error:
                print(d.render(), file=sys.stderr)
        return 1
    assert loaded.compiled is not None
    engine = Engine(loaded.compiled)
    try:
        start, steps = engine.replay(numbers)
    except ChoiceNotOffered as error:
        print(f"trainer play: {error}", file=sys.stderr)
        return 2
    debrief = build_debrief(engine, loaded.analysis, start, steps)
    if args.json:
        print(json.dumps(play_report(debrief), indent=2))
    else:
        assert loaded.scenario is not None
        sys.stdout.write(text_report(loaded.scenario, debrief))
    return 0

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
from trainer.vocabulary import is_id
from trainer.worlds import UnknownWorld, draw_world, find_world


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer play` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Without --choices, open the game on this scenario. With --choices, play the "
        "given choice numbers (1-based among those offered, as a player presses them) and print "
        "a transcript and debrief, or the play report with --json."
    )
    parser.add_argument("file", metavar="FILE", help="a scenario .toml file")
    parser.add_argument(
        "--choices", metavar="N,N,...", help="choices to play: numbers among those offered, or choice ids, e.g. 2,why-now,3"
    )
    parser.add_argument("--world", metavar="ID", help="play in this hidden world (default: drawn at random)")
    parser.add_argument(
        "--seed", metavar="N", help="make the draw of the world repeatable (a whole number; ignored without worlds)"
    )
    parser.add_argument("--json", action="store_true", help="print the machine-readable play report")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="in the text report, also show node ids, interrupts and routes with their conditions (for authors)",
    )
    add_budget_option(parser)
    parser.set_defaults(run=run)


class ChoicesError(TrainerError, ValueError):
    """`--choices` that are not a list of choice numbers."""


def parse_choices(text: str) -> list[int | str]:
    """`"2,why-now,3"` -> `[2, "why-now", 3]`: positive whole numbers or choice ids."""
    if not text.strip():
        return []
    choices: list[int | str] = []
    for position, item in enumerate(text.split(","), start=1):
        item = item.strip()
        if item.isascii() and item.isdigit() and int(item) >= 1:
            choices.append(int(item))
        elif is_id(item) and not item.isdigit():
            choices.append(item)
        else:
            raise ChoicesError(
                f"choice {position} is {item!r}: choices are positive whole numbers or choice ids, e.g. 2,why-now,3"
            )
    return choices


def parse_seed(text: str | None) -> int | None:
    """`--seed`: a whole number (may be negative), or None when not given."""
    if text is None:
        return None
    item = text.strip()
    digits = item[1:] if item[:1] in "+-" else item
    if not (digits.isascii() and digits.isdigit()):
        raise ChoicesError(f"--seed must be a whole number, e.g. --seed 7; got {text!r}")
    return int(item)


def _world_exists(path: Path, world: str) -> bool:
    """Before opening the game: a `--world` that names no world is a usage error (an invalid
    file is left to the game, which shows why)."""
    scenario = load_scenario(path, analyse=False).scenario
    if scenario is None:
        return True
    try:
        find_world(scenario, world)
    except UnknownWorld as error:
        print(f"trainer play: --world: {error}", file=sys.stderr)
        return False
    return True


def run(args: argparse.Namespace) -> int:
    try:
        seed = parse_seed(args.seed)
    except ChoicesError as error:
        print(f"trainer play: {error}", file=sys.stderr)
        return 2
    if args.choices is None:
        if args.json:
            print("trainer play: --json needs --choices (e.g. --choices 2,1,3)", file=sys.stderr)
            return 2
        if args.world is not None and not _world_exists(Path(args.file), args.world):
            return 2
        from trainer.tui.launch import launch_play

        return launch_play(args, Path(args.file))
    try:
        choices = parse_choices(args.choices)
    except ChoicesError as error:
        print(f"trainer play: {error}", file=sys.stderr)
        return 2
    loaded = load_scenario(Path(args.file), budget=args.max_states)
    if not loaded.ok:
        for d in loaded.diagnostics:
            if d.is_error:
                print(d.render(), file=sys.stderr)
        return 1
    assert loaded.compiled is not None and loaded.scenario is not None
    world = args.world
    try:
        if world is not None:
            find_world(loaded.scenario, world)
        else:
            world = draw_world(loaded.scenario, seed)
    except UnknownWorld as error:
        print(f"trainer play: --world: {error}", file=sys.stderr)
        return 2
    engine = Engine(loaded.compiled)
    try:
        start, steps = engine.replay(choices, world)
    except ChoiceNotOffered as error:
        print(f"trainer play: {error}", file=sys.stderr)
        return 2
    debrief = build_debrief(engine, loaded.analysis, start, steps)
    if args.json:
        print(json.dumps(play_report(debrief), indent=2))
    else:
        sys.stdout.write(text_report(loaded.scenario, debrief, explain=args.explain))
    return 0

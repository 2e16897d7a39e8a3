"""`trainer play FILE [--choices 2,1,3] [--json]`: play a scenario."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.commands.budget import add_budget_option
from trainer.errors import TrainerError
from trainer.vocabulary import is_id

if TYPE_CHECKING:
    from trainer.start_at import StartAt

# Without --choices this command opens the game, which shows its first frame before it loads the
# checks and the engine (in the background): they are imported below where a report needs them.


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
    author = parser.add_argument_group(
        "for authors", "start anywhere, see the machinery, and replay every edit as you save"
    )
    author.add_argument(
        "--at",
        metavar="NODE",
        help="start at this scene node, in a state some play from the start reaches (the nearest one that "
        "matches --trust, --pressure, --set and --world)",
    )
    author.add_argument("--trust", metavar="N", help="with --at: exactly this trust (0-100; default: any)")
    author.add_argument("--pressure", metavar="N", help="with --at: exactly this pressure (0-100; default: any)")
    author.add_argument(
        "--set", metavar="FLAG,FLAG", help="with --at: exactly these flags set, the world's included (default: any; '' for none)"
    )
    author.add_argument(
        "--author", action="store_true", help="in the game: open the author view (node, flags, hidden choices, routes; key a)"
    )
    author.add_argument(
        "--watch",
        action="store_true",
        default=argparse.SUPPRESS,  # also a game option (`python -m trainer --watch`): not reset here
        help="in the game: check the file again on every save and replay your choices on the new version",
    )
    add_budget_option(parser)
    parser.set_defaults(run=run)


def start_at(args: argparse.Namespace) -> StartAt | None:
    """`--at NODE [--trust N --pressure N --set a,b]` (raises `ChoicesError` on a bad value)."""
    if args.at is None:
        given = [f"--{name}" for name in ("trust", "pressure", "set") if getattr(args, name) is not None]
        if given:
            raise ChoicesError(f"{' and '.join(given)} {'needs' if len(given) == 1 else 'need'} --at NODE (where the play starts)")
        return None
    from trainer.game.author import start_of

    try:
        return start_of(args.at, args.trust, args.pressure, args.set, args.world)
    except TrainerError as error:
        raise ChoicesError(str(error)) from None


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


def _start_exists(path: Path, world: str | None, at: StartAt | None) -> bool:
    """Before opening the game: a `--world` that names no world, or an `--at` state no play
    reaches, is a usage error (an invalid file is left to the game, which shows why)."""
    if world is None and at is None:
        return True
    from trainer.start_at import reach
    from trainer.validation import load_scenario
    from trainer.worlds import find_world

    loaded = load_scenario(path, analyse=at is not None)
    if not loaded.ok or loaded.scenario is None:
        return True
    try:
        if at is not None:
            reach(loaded, at)
        elif world is not None:
            find_world(loaded.scenario, world)
    except TrainerError as error:
        print(f"trainer play: {'--at' if at is not None else '--world'}: {error}", file=sys.stderr)
        return False
    return True


def run(args: argparse.Namespace) -> int:
    try:
        seed = parse_seed(args.seed)
        at = start_at(args)
    except ChoicesError as error:
        print(f"trainer play: {error}", file=sys.stderr)
        return 2
    if args.choices is None:
        if args.json:
            print("trainer play: --json needs --choices (e.g. --choices 2,1,3)", file=sys.stderr)
            return 2
        if not _start_exists(Path(args.file), args.world, at):
            return 2
        from trainer.tui.launch import launch_play

        return launch_play(args, Path(args.file))
    if getattr(args, "watch", False) or args.author:
        print("trainer play: --watch and --author are for the game; leave out --choices", file=sys.stderr)
        return 2
    try:
        choices = parse_choices(args.choices)
    except ChoicesError as error:
        print(f"trainer play: {error}", file=sys.stderr)
        return 2
    return report(args, choices, seed, at)


def report(args: argparse.Namespace, choices: list[int | str], seed: int | None, at: StartAt | None) -> int:
    """`play FILE --choices ...`: play them and print the transcript and debrief (or `--json`)."""
    import json

    from trainer.debrief import build_debrief
    from trainer.engine import ChoiceNotOffered, Engine
    from trainer.game.play import PlaySession
    from trainer.report import play_report, text_report
    from trainer.validation import load_scenario
    from trainer.wording import ANALYSIS_ONLY
    from trainer.worlds import UnknownWorld, draw_world, find_world

    loaded = load_scenario(Path(args.file), budget=args.max_states)
    if not loaded.ok:
        for d in loaded.diagnostics:
            if d.is_error:
                print(d.render(), file=sys.stderr)
        if not loaded.replayable:
            return 1
        print(f"trainer play: {ANALYSIS_ONLY}", file=sys.stderr)
    assert loaded.compiled is not None
    scenario = loaded.compiled.scenario
    world = args.world
    try:
        if world is not None:
            find_world(scenario, world)
        else:
            world = draw_world(scenario, seed)
    except UnknownWorld as error:
        print(f"trainer play: --world: {error}", file=sys.stderr)
        return 2
    engine = Engine(loaded.compiled)
    origin = 0
    try:
        if at is None:
            start, steps = engine.replay(choices, world)
        else:
            began = PlaySession.begin_at(loaded, at)
            start, origin = began.start, began.origin
            steps = began.steps + engine.play_on(began.state, choices)
    except ChoiceNotOffered as error:
        print(f"trainer play: {error}", file=sys.stderr)
        return 2
    except TrainerError as error:  # a state no play reaches (`trainer.start_at.Unreachable`)
        print(f"trainer play: --at: {error}", file=sys.stderr)
        return 2
    debrief = build_debrief(engine, loaded.analysis, start, steps, origin=origin)
    if args.json:
        print(json.dumps(play_report(debrief), indent=2))
    else:
        sys.stdout.write(text_report(scenario, debrief, explain=args.explain))
    return 0

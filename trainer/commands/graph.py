"""`trainer graph FILE|PACK [--format mermaid|dot] [--coverage] [--choices ...]`: draw a scenario's
(or a whole pack's) nodes, choices, routes and endings, and what is wrong with them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.debrief import build_debrief
from trainer.diagnostics import Diagnostic
from trainer.engine import ChoiceNotOffered, Engine
from trainer.errors import TrainerError
from trainer.graph import GRAPH_FORMATS, EdgeKey, Overlay, render_pack
from trainer.model import Scenario
from trainer.playtest import DEFAULT_RUNS, DEFAULT_SEED, playtest_scenario
from trainer.text_safety import visible
from trainer.validation import drawable_scenario, load_scenario
from trainer.worlds import draw_world, find_world


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer graph` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Print a scenario as a graph: scene nodes, check nodes, endings coloured by outcome, "
        "choices labelled with their number and tactic, routes dashed and numbered in the order they are "
        "tried, interrupts bold; with hidden worlds, a legend of the worlds, and every branch that reads a "
        "world's flag marked. A next that names no node or ending is drawn to a red box (and the exit code "
        "is 1). A pack folder draws every scenario of the pack. Mermaid renders on GitHub and in many "
        "editors; for DOT: dot -Tsvg -o graph.svg"
    )
    parser.add_argument("file", metavar="FILE|PACK", help="a scenario .toml file, or a pack folder (an overview)")
    parser.add_argument("--format", choices=GRAPH_FORMATS, default="mermaid", help="output format (default mermaid)")
    parser.add_argument(
        "--coverage",
        action="store_true",
        help="play it as playtest does and label each arrow with how many plays took it; what no play reached is greyed",
    )
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, metavar="N", help="with --coverage: random plays (default %(default)s)")
    parser.add_argument(
        "--choices", metavar="N,N,...", help="draw this play (choice numbers or ids, as play takes them) bold, its turning points marked"
    )
    parser.add_argument("--world", metavar="ID", help="with --choices: the hidden world of that play")
    parser.add_argument("--seed", metavar="N", help=f"the seed of --coverage's plays (default {DEFAULT_SEED}) or of --choices's world")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.commands.play import ChoicesError, parse_choices, parse_seed  # `play`'s reading of --choices

    path = Path(args.file)
    try:
        seed = parse_seed(args.seed)
        choices = parse_choices(args.choices) if args.choices is not None else None
    except ChoicesError as error:
        print(f"trainer graph: {error}", file=sys.stderr)
        return 2
    if path.is_dir():
        if choices is not None:
            print("trainer graph: --choices draws one play: give one scenario file, not a pack", file=sys.stderr)
            return 2
        files = sorted((path / "scenarios").glob("*.toml"))
        if not files:
            print(visible(f"trainer graph: {path} holds no scenarios/*.toml: give a pack folder or a scenario file"), file=sys.stderr)
            return 2
    else:
        files = [path]
    drawn: list[tuple[str, Scenario, Overlay | None]] = []
    problems: list[Diagnostic] = []
    for file in files:
        scenario, diagnostics = drawable_scenario(file)
        problems += [d for d in diagnostics if d.is_error]
        if scenario is None:
            continue
        try:
            overlay = _overlay(file, args, seed, choices) if (args.coverage or choices is not None) else None
        except TrainerError as error:
            print(visible(f"trainer graph: {error}"), file=sys.stderr)
            return 2
        drawn.append((f"{getattr(scenario, 'title', None) or scenario.id} ({file.name})", scenario, overlay))
    for d in problems:
        print(visible(d.render()), file=sys.stderr)
    if drawn:
        title = path.name if path.is_dir() else drawn[0][1].id
        sys.stdout.write(render_pack(drawn, args.format, title=title, clusters=path.is_dir()))
    return 1 if problems else 0


class CannotOverlay(TrainerError):
    """`--coverage` or `--choices` on a scenario that cannot be played."""


def _overlay(file: Path, args: argparse.Namespace, seed: int | None, choices: list[int | str] | None) -> Overlay | None:
    loaded = load_scenario(file)
    if not loaded.ok or loaded.compiled is None or loaded.scenario is None:
        raise CannotOverlay(f"{file}: --coverage and --choices need a scenario without errors (see above)")
    counts = reached = None
    if args.coverage:
        tested = playtest_scenario(loaded, runs=args.runs, seed=DEFAULT_SEED if seed is None else seed, players=None)
        counts, reached = tested.coverage.taken, frozenset(tested.coverage.nodes | tested.coverage.endings)
    path: set[EdgeKey] = set()
    turning: set[EdgeKey] = set()
    if choices is not None:
        world = args.world
        if world is not None:
            find_world(loaded.scenario, world)
        else:
            world = draw_world(loaded.scenario, seed)
        engine = Engine(loaded.compiled)
        try:
            start, steps = engine.replay(choices, world)
        except ChoiceNotOffered as error:
            raise CannotOverlay(f"--choices: {error}") from None
        path.add(("start", "", 0))
        for transition in (start, *steps):
            path.update(("route", r.node, r.index) for r in transition.routes)
            if transition.event is not None:
                path.add(("choice", transition.event.node, transition.event.index))
                if transition.event.interrupt is not None:
                    path.add(("interrupt", "", transition.event.interrupt.index))
        debrief = build_debrief(engine, loaded.analysis, start, steps)
        for review in debrief.turning_points:
            event = steps[review.step - 1].event
            assert event is not None
            turning.add(("choice", event.node, event.index))
    return Overlay(counts, reached, frozenset(path), frozenset(turning))

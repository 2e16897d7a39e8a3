"""`trainer playtest PATH [--runs N] [--seed S] [--min-coverage P] [--player NAME ...] [--format json]`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from trainer.commands.budget import add_budget_option
from trainer.cue_players import CUE_PLAYERS, players_text
from trainer.playtest import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    UNFINISHED,
    Playtest,
    PolicyResult,
    ScenarioPlaytest,
    playtest_path,
)
from trainer.scaffold import shell_path
from trainer.tallies import stars_phrase
from trainer.text_safety import visible

MAX_RUNS = 1_000_000


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer playtest` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Play each scenario with a seeded random player (--runs times) and the policy bots "
        "(pusher: pushes whenever it can; helper: always the first qualify/ask/connect/help choice). "
        "Report the ending distribution, the share of plays that reach the best ending, the meter "
        "ranges seen and the node and choice coverage. The surface-cue players (first, last, longest, ...; "
        "see --player list) play too: each one's stars averaged over the worlds, and how often the one "
        "choice that keeps the sure best is the longest or ends in '?'. "
        "Exit 1 on errors or when --min-coverage is not met."
    )
    parser.add_argument("path", metavar="PATH", help="a scenario .toml file or a pack folder")
    parser.add_argument("--runs", type=int, default=DEFAULT_RUNS, metavar="N", help=f"random plays per scenario (default {DEFAULT_RUNS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S", help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument(
        "--min-coverage",
        type=float,
        metavar="P",
        help="fail unless every scenario's plays take at least P percent of its choices",
    )
    parser.add_argument(
        "--player",
        action="append",
        metavar="NAME",
        help="play only these surface-cue players (repeat, or separate with commas; 'none' for none); "
        "--player list lists them (default: all)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    add_budget_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not 0 <= args.runs <= MAX_RUNS:
        print(f"trainer playtest: --runs must be from 0 to {MAX_RUNS:,}", file=sys.stderr)
        return 2
    if args.min_coverage is not None and not 0 <= args.min_coverage <= 100:
        print("trainer playtest: --min-coverage is a percentage from 0 to 100", file=sys.stderr)
        return 2
    players = chosen_players(args.player)
    if players is None:
        return 2
    if players == ["list"]:
        print("\n".join(players_text()))
        return 0
    path = Path(args.path)
    if not path.exists():
        print(visible(f"trainer playtest: {path}: not found"), file=sys.stderr)
        return 2
    report = playtest_path(path, runs=args.runs, seed=args.seed, budget=args.max_states, players=players)
    below = report.below(args.min_coverage)
    failed = not report.ok or bool(below)
    if args.format == "json":
        json.dump(
            {
                "seed": report.seed,
                "runs": report.runs,
                "min_coverage": args.min_coverage,
                "ok": not failed,
                "errors": [d.to_json() for d in report.errors],
                "scenarios": [s.to_json() for s in report.scenarios],
                "cues": report.cues.to_json(),
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        sys.stdout.write(visible(render_text(report), lines=True))
    for d in report.errors + [d for s in report.scenarios for d in s.errors + s.test_failures]:
        print(visible(d.render()), file=sys.stderr)
    for s in below:
        print(
            visible(
                f"{s.file}: choice coverage {s.choice_coverage:.1f}% is below --min-coverage {args.min_coverage:g}%"
            ),
            file=sys.stderr,
        )
    return 1 if failed else 0


def chosen_players(given: list[str] | None) -> list[str] | None:
    """The cue players named by --player (all by default; ["list"] to list them); None after an error."""
    if not given:
        return list(CUE_PLAYERS)
    names = [name.strip() for item in given for name in item.split(",") if name.strip()]
    if names == ["list"] or names == ["none"]:
        return [] if names == ["none"] else names
    unknown = [name for name in names if name not in CUE_PLAYERS]
    if unknown:
        print(
            visible(f"trainer playtest: no player {unknown[0]!r}; the players are: {', '.join(CUE_PLAYERS)}"),
            file=sys.stderr,
        )
        return None
    return list(dict.fromkeys(names))


def render_text(report: Playtest) -> str:
    lines: list[str] = []
    for s in report.scenarios:
        lines += _scenario_text(s, report)
        lines.append("")
    if len(report.scenarios) > 1 and report.cues.scenarios:
        lines += report.cues.render()
        lines.append("")
    return "\n".join(lines)


def _scenario_text(s: ScenarioPlaytest, report: Playtest) -> list[str]:
    plays = f"{report.runs} random plays" + (f" in each of {len(s.worlds)} worlds" if s.worlds else "")
    head = f"{s.file}: {s.scenario_id or '?'} (seed {report.seed}, {plays})"
    if not s.played:
        return [head, f"  not played: {len(s.errors)} error(s); run python -m trainer validate {s.file}"]
    best = stars_phrase(s.best_stars) if s.best_stars is not None else "unknown"
    out = [head, f"  best ending: {best}"]
    if s.test_failures:
        out.append(f"  tests: {len(s.test_failures)} failed (listed below)")
    cues = s.cues.render() if s.cues is not None else []
    if not s.worlds:
        return out + _policies_text(s.policies, s.all_endings, "  ") + _scripted_text(s) + _coverage_text(s) + cues
    for world in s.worlds:
        out.append(f"  world {world.world}: {world.label} (best ending: {stars_phrase(world.best_stars)})")
        out += _policies_text(world.policies, s.all_endings, "    ")
    return out + _scripted_text(s) + _coverage_text(s, " (all worlds)") + cues


def _scripted_text(s: ScenarioPlaytest) -> list[str]:
    """Each scripted player's play, ready to replay: `pusher -> walked_out: --choices 3,1`."""
    if not s.scripted:
        return []
    out = [f"  scripted plays (replay one: python -m trainer play {shell_path(s.file)} <options shown>):"]
    for play in s.scripted:
        world = f"--world {play.world} " if play.world is not None else ""
        choices = f"--choices {play.choices}" if play.choices else "(no choice: it ended at the start)"
        out.append(f"    {play.policy} -> {play.ending}: {world}{choices}")
    return out


def _policies_text(policies: list[PolicyResult], all_endings: list[str], indent: str) -> list[str]:
    table = [("policy", "plays", "best ending", "avg steps", "trust", "pressure")]
    for p in policies:
        table.append(
            (
                p.policy,
                str(p.plays),
                f"{100 * p.best_share:.1f}%",
                f"{p.average_steps:.1f}",
                f"{p.trust.low}..{p.trust.high}" if p.plays else "-",
                f"{p.pressure.low}..{p.pressure.high}" if p.plays else "-",
            )
        )
    endings = [*all_endings, *([UNFINISHED] if any(p.endings[UNFINISHED] for p in policies) else [])]
    rows = [("ending", *(p.policy for p in policies))]
    rows += [(e, *(str(p.endings[e]) for p in policies)) for e in endings]
    return _table(table, indent) + _table(rows, indent)


def _coverage_text(s: ScenarioPlaytest, scope: str = "") -> list[str]:
    cov = s.coverage
    out = [
        f"  coverage{scope}: nodes {len(cov.nodes)}/{len(s.all_nodes)} ({s.node_coverage:.0f}%), "
        f"choices {len(cov.choices)}/{len(s.all_choices)} ({s.choice_coverage:.1f}%), "
        f"endings {len(cov.endings)}/{len(s.all_endings)}, interrupts {len(cov.interrupts)}/{s.interrupt_count}"
    ]
    never = s.never_taken()
    if never:
        out.append(f"  choices never taken: {', '.join(never)}")
    missed = s.never_reached()
    if missed:
        out.append(f"  never reached: {', '.join(missed)}")
    return out


def _table(rows: Sequence[tuple[str, ...]], indent: str = "  ") -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [indent + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]

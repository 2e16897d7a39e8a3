"""`--max-states N`, the state budget of the exact analysis, as `validate`, `play` and `playtest`
read it. Apart from the commands, so that `play FILE` (the game) does not load the analysis to
read its own arguments."""

from __future__ import annotations

import argparse

from trainer.limits import DEFAULT_STATE_BUDGET


def state_budget(text: str) -> int:
    """`--max-states N`: a whole number of at least 1 (else a usage error, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is below 1: the analysis needs at least one state")
    return value


def add_budget_option(parser: argparse.ArgumentParser) -> None:
    """Give a command `--max-states N`."""
    parser.add_argument(
        "--max-states",
        type=state_budget,
        default=DEFAULT_STATE_BUDGET,
        metavar="N",
        help=f"state budget of the exact analysis (default {DEFAULT_STATE_BUDGET:,})",
    )

"""`trainer export [--profile P] [RUN_ID | --last] [-o FILE]`: a finished run as a Markdown transcript."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.atomic import write_atomic
from trainer.paths import saves_dir
from trainer.saves import CannotContinue, Profile, ProfileError, Run, SaveStore
from trainer.saves.summary import RunSummary
from trainer.text_safety import visible
from trainer.wording import outcome_words


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer export` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Without a run id, list the runs of the profile. With RUN_ID (or a unique "
        "start of it) or --last, print that run as Markdown: every step with the meters, the "
        "ending and the debrief (turning points and lessons), for a coach."
    )
    parser.add_argument("run_id", metavar="RUN_ID", nargs="?", help="the run to export (see the list)")
    parser.add_argument("--last", action="store_true", help="export the latest finished run")
    parser.add_argument("--profile", metavar="P", help="the profile (id or name; default: the one used last)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    parser.add_argument("--saves", metavar="DIR", default=argparse.SUPPRESS, help="where saves live")
    parser.add_argument("--pack", metavar="PATH", action="append", default=argparse.SUPPRESS, help="also look in this pack folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = SaveStore(saves_dir(getattr(args, "saves", None)))
    try:
        profile = chosen_profile(store, args.profile)
    except ProfileError as error:
        print(visible(f"trainer export: {error}"), file=sys.stderr)
        return 2
    if args.run_id and args.last:
        print("trainer export: give a run id or --last, not both", file=sys.stderr)
        return 2
    if not args.run_id and not args.last:
        runs = store.summaries(profile.id)
        _notices(store)
        _list(profile, runs)
        return 0
    chosen: Run | None
    if args.last:
        chosen = store.last_run(profile.id)
        _notices(store)
        if chosen is None:
            print(visible(f'trainer export: {profile.name} has no finished runs yet'), file=sys.stderr)
            return 1
    else:
        chosen = store.run(profile.id, args.run_id)
        _notices(store)
        if chosen is None:
            print(visible(f"trainer export: no single run of {profile.name} matches {args.run_id!r}; "
                            "run `python -m trainer export` to list them"), file=sys.stderr)
            return 1
    text = _transcript(chosen, profile, [Path(p) for p in getattr(args, "pack", [])])
    if args.output:
        try:
            write_atomic(Path(args.output), text.encode("utf-8"))
        except OSError as error:
            print(visible(f"trainer export: cannot write {args.output}: {error.strerror or error}"), file=sys.stderr)
            return 1
        print(visible(f"wrote {args.output}"))
    else:
        sys.stdout.write(text)
    return 0


def _transcript(run: Run, profile: Profile, extra_packs: list[Path]) -> str:
    from trainer.library import discover_packs
    from trainer.transcript import run_debrief, run_transcript

    try:
        rebuilt = run_debrief(run, discover_packs(extra_packs, analyse=False))
    except CannotContinue as error:
        return run_transcript(run, player=profile.name, missing=str(error))
    return run_transcript(run, rebuilt, player=profile.name)


def chosen_profile(store: SaveStore, wanted: str | None) -> Profile:
    """The player named by `--profile` (id or name), else the one used last (`ProfileError`: none such)."""
    if not wanted:
        return store.current_profile()
    found = store.find_profile(wanted)
    if found is None:
        names = ", ".join(p.name for p in store.profiles())
        raise ProfileError(f"no profile {wanted!r} (profiles: {names})")
    return found


def _notices(store: SaveStore) -> None:
    for notice in store.take_notices():
        print(visible(f"trainer export: {notice}"), file=sys.stderr)


def _list(profile: Profile, runs: list[RunSummary]) -> None:
    if not runs:
        print(visible(f"{profile.name} has no finished runs yet."))
        return
    rows = [("RUN", "DATE", "SCENARIO", "ENDING", "STARS")]
    for r in runs:
        rows.append((r.id, f"{r.finished.astimezone():%Y-%m-%d %H:%M}", r.label, outcome_words(r.outcome), str(r.stars)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print(visible("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]))
    print(visible(f"profile: {profile.name}  ·  export one: python -m trainer export RUN_ID (or --last) [-o FILE]"))

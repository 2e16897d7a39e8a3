"""`trainer sync`: send every finished run the LRS has not accepted yet; exit 1 when some could not be."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.commands.export import chosen_profile
from trainer.paths import saves_dir
from trainer.saves import Profile, ProfileError, SaveStore
from trainer.text_safety import visible


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer sync` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Send the player's finished runs that the LRS has not accepted yet (set the LRS with "
        "`python -m trainer lrs`). Runs that cannot be sent wait in the outbox in the saves "
        "folder for the next sync; sending a run twice never stores it twice."
    )
    parser.add_argument("--profile", metavar="P", help="the player (id or name; default: the one used last)")
    parser.add_argument("--all", action="store_true", help="every player of this saves folder that has an LRS set")
    parser.add_argument("--retries", metavar="N", type=int, default=3, help="new tries of a run when the LRS is down or failing (default 3, pausing 1, 2, 4 s)")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=15.0, help="how long one request may take (default 15)")
    parser.add_argument("--saves", metavar="DIR", default=argparse.SUPPRESS, help="where saves live")
    parser.add_argument("--pack", metavar="PATH", action="append", default=argparse.SUPPRESS, help="also look in this pack folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.library import discover_packs
    from trainer.xapi.client import LrsClient
    from trainer.xapi.settings import LrsSettingsError, check_endpoint, load_lrs
    from trainer.xapi.sync import sync_profile

    saves = saves_dir(getattr(args, "saves", None))
    store = SaveStore(saves)
    try:
        profiles: list[Profile] = store.profiles() if args.all else [chosen_profile(store, args.profile)]
    except ProfileError as error:
        return _fail(str(error), 2)
    if args.retries < 0 or args.timeout <= 0:
        return _fail("--retries is 0 or more, and --timeout more than 0", 2)
    packs = None
    delays = tuple(float(2**i) for i in range(min(args.retries, 10)))
    status = 0
    configured = 0
    for profile in profiles:
        try:
            settings = load_lrs(saves, profile.id)
        except LrsSettingsError as error:
            _fail(f"{profile.name}: {error}", 1)
            status = 1
            continue
        if settings is None:
            continue
        configured += 1
        for warning in check_endpoint(settings.url)[1]:
            print(visible(f"trainer sync: warning: {warning}"), file=sys.stderr)
        if packs is None:
            packs = discover_packs([Path(p) for p in getattr(args, "pack", [])], analyse=False)
        result = sync_profile(store, profile.id, settings, packs, client=LrsClient(settings, timeout=args.timeout), delays=delays)
        assert result is not None  # waits for another sender
        for notice in store.take_notices():
            print(visible(f"trainer sync: {notice}"), file=sys.stderr)
        prefix = f"{profile.name}: " if len(profiles) > 1 else ""
        print(visible(prefix + result.summary()))
        for problem in result.problems:
            print(visible(f"trainer sync: {prefix}{problem}"), file=sys.stderr)
        if not result.complete:
            status = 1
    if configured == 0 and status == 0:
        who = "no player here" if args.all else profiles[0].name
        return _fail(f"{who} has no LRS set; set one with: python -m trainer lrs --url URL --user NAME", 2)
    return status


def _fail(message: str, code: int) -> int:
    print(visible(f"trainer sync: {message}"), file=sys.stderr)
    return code

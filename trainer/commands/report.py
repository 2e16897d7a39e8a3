"""`trainer report [FOLDER] [--csv | --markdown]`: the team's runs and habits per player and lesson."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.commands.export import chosen_profile
from trainer.paths import saves_dir
from trainer.saves import ProfileError, SaveStore
from trainer.text_safety import visible


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer report` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "For a manager: per player and per lesson, the runs, the best stars, the habit measures "
        "(pushes before qualifying, pushes and closes that cost stars, gambles) and their trend. "
        "From the LRS set with `python -m trainer lrs` (use a user that may read the team's "
        "statements), or from FOLDER: statement files (.json, e.g. the outboxes' sent/ folders) "
        "and saves folders (their runs)."
    )
    parser.add_argument("folder", metavar="FOLDER", nargs="?", help="read this folder instead of the LRS")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="CSV, one row per player and lesson")
    output.add_argument("--markdown", action="store_true", help="a Markdown table")
    parser.add_argument("--profile", metavar="P", help="whose LRS settings to use (default: the player used last)")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=30.0, help="how long one request may take (default 30)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of printing")
    parser.add_argument("--saves", metavar="DIR", default=argparse.SUPPRESS, help="where saves live")
    parser.add_argument("--pack", metavar="PATH", action="append", default=argparse.SUPPRESS, help="also look in this pack folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.xapi.report import as_csv, as_markdown, as_table, build_report

    if args.folder is not None:
        folder = Path(args.folder)
        if not folder.is_dir():
            return _fail(f"{folder} is not a folder", 2)
        statements, skipped = _folder(folder, [Path(p) for p in getattr(args, "pack", [])])
    else:
        found = _from_lrs(args)
        if isinstance(found, int):
            return found
        statements, skipped = found, []
    for problem in skipped:
        print(visible(f"trainer report: skipped {problem}"), file=sys.stderr)
    report = build_report(statements)
    text = as_csv(report) if args.csv else as_markdown(report) if args.markdown else as_table(report)
    if args.output:
        from trainer.atomic import write_atomic

        try:
            write_atomic(Path(args.output), text.encode("utf-8"))
        except OSError as error:
            return _fail(f"cannot write {args.output}: {error.strerror or error}", 1)
        print(visible(f"wrote {args.output}"))
    else:
        sys.stdout.write(text)
    return 0


def _from_lrs(args: argparse.Namespace) -> list[dict] | int:
    from trainer.xapi.client import LrsClient, LrsError
    from trainer.xapi.settings import LrsSettingsError, check_endpoint, load_lrs

    saves = saves_dir(getattr(args, "saves", None))
    store = SaveStore(saves)
    try:
        profile = chosen_profile(store, args.profile)
        settings = load_lrs(saves, profile.id)
    except (ProfileError, LrsSettingsError) as error:
        return _fail(str(error), 2)
    if settings is None:
        return _fail("no LRS is set: give a FOLDER, or set the LRS with: python -m trainer lrs --url URL --user NAME", 2)
    for warning in check_endpoint(settings.url)[1]:
        print(visible(f"trainer report: warning: {warning}"), file=sys.stderr)
    try:
        # every statement the user may read; the report keeps this profile's (not every LRS filters
        # by a context activity: Ralph 5.1 answers such a query with nothing)
        return list(LrsClient(settings, timeout=args.timeout).statements())
    except LrsError as error:
        return _fail(str(error), 1)


def _folder(folder: Path, packs: list[Path]) -> tuple[list[dict], list[str]]:
    """The statements of a folder, its saves folders' runs included (judged on their scenarios)."""
    from trainer.library import discover_packs
    from trainer.saves import Run
    from trainer.xapi.profile import Actor, run_statements
    from trainer.xapi.report import folder_statements
    from trainer.xapi.sync import run_debriefs

    debrief_of = None
    stores: dict[Path, SaveStore] = {}
    actors: dict[tuple[Path, str], Actor] = {}

    def of_run_file(path: Path) -> list[dict]:
        nonlocal debrief_of
        path = path.absolute()  # <saves>/profiles/<id>/runs/<run id>.toml
        saves, profile_id = path.parents[3], path.parents[1].name
        store = stores.setdefault(saves, SaveStore(saves))
        try:
            run: Run | None = store.run(profile_id, path.stem)
            if (saves, profile_id) not in actors:
                profile = store.profile(profile_id)
                name = profile.name if profile else profile_id
                actors[saves, profile_id] = Actor(name=name, account=profile_id, home_page=saves.resolve().as_uri())
        except ProfileError:
            return []
        if run is None or run.id != path.stem:
            return []
        if debrief_of is None:
            debrief_of = run_debriefs(discover_packs(packs, analyse=False))
        return run_statements(run, actors[saves, profile_id], debrief_of(run))

    return folder_statements(folder, of_run_file)


def _fail(message: str, code: int) -> int:
    print(visible(f"trainer report: {message}"), file=sys.stderr)
    return code

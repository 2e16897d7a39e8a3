"""`trainer packs [list|add PATH|remove ID]`: the packs the game finds, installing and removing them."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trainer.library import DiscoveredPack, find_packs
from trainer.packs import PackInstallError, install_pack, remove_pack
from trainer.paths import user_packs_dir
from trainer.text_safety import visible


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer packs` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Without an action, list every pack the game finds: the built-in pack, packs "
        "installed with pip (entry point group trainer.packs), packs in the user pack folder "
        f"({user_packs_dir()}; set $TRAINER_PACKS to change it) and --pack folders. When two packs "
        "share an id, the command line wins over the user folder, which wins over entry points, "
        "which win over the built-in pack."
    )
    _add_list_options(parser, argparse.SUPPRESS)
    parser.set_defaults(run=run_list, format="text", extra_packs=[])
    actions = parser.add_subparsers(dest="action", metavar="ACTION")

    listing = actions.add_parser("list", help="list the packs (the default)")
    _add_list_options(listing, argparse.SUPPRESS)
    listing.set_defaults(run=run_list)

    add = actions.add_parser(
        "add",
        help="validate a pack folder or .zip and install it into the user pack folder",
        description="Validate a pack folder or a .zip of one and copy it into the user pack folder "
        "as <folder>/<pack id>. Refused, with nothing installed: a pack with errors, links, files "
        "outside the pack, files over the size limits, or an id already installed (unless --force).",
    )
    add.add_argument("path", metavar="PATH", help="a pack folder or a .zip archive")
    add.add_argument("--force", action="store_true", help="replace an installed pack with the same id")
    add.set_defaults(run=run_add)

    remove = actions.add_parser("remove", help="remove an installed pack from the user pack folder")
    remove.add_argument("pack_id", metavar="ID", help="the pack's id (see: python -m trainer packs)")
    remove.set_defaults(run=run_remove)


def _add_list_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--format", choices=("text", "json"), default=default, help="output format (default text)")
    parser.add_argument(
        "--pack", dest="extra_packs", metavar="PATH", action="append", default=default, help="also list this pack folder"
    )


def run_list(args: argparse.Namespace) -> int:
    extra = [Path(p) for p in [*getattr(args, "pack", []), *args.extra_packs]]
    discovery = find_packs(extra)
    if args.format == "json":
        json.dump(
            {
                "user_pack_folder": str(user_packs_dir()),
                "packs": [_pack_json(p) for p in discovery.found],
                "warnings": discovery.warnings,
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
        return 0
    for warning in discovery.warnings:
        print(f"trainer packs: warning: {visible(warning)}", file=sys.stderr)
    rows = [("ID", "VERSION", "SCENARIOS", "STATUS", "SOURCE", "AUTHORS")]
    for pack in discovery.found:
        rows.append(
            (
                pack.id or "?",
                pack.manifest.version if pack.manifest else "?",
                f"{len(pack.playable)}/{len(pack.scenarios)}" if pack.status.value == "partial" else str(len(pack.scenarios)),
                pack.status.value,
                pack.source.value,
                ", ".join(pack.manifest.authors) if pack.manifest else "?",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print(visible("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[-1]).rstrip())
    for pack in discovery.found:
        if pack.reason:
            prefix = f"{pack.id}: " if pack.id else ""
            print(visible(f"{prefix}{pack.status.value}: {pack.reason}"))
    print(visible(f"user pack folder: {user_packs_dir()}"))
    return 0


def _pack_json(pack: DiscoveredPack) -> dict[str, object]:
    manifest = pack.manifest
    return {
        "id": pack.id,
        "name": manifest.name if manifest else None,
        "version": manifest.version if manifest else None,
        "authors": list(manifest.authors) if manifest else [],
        "scenarios": len(pack.scenarios),
        "playable": len(pack.playable),
        "status": pack.status.value,
        "reason": pack.reason,
        "source": pack.source.value,
        "origin": pack.origin,
        "path": str(pack.path),
    }


def run_add(args: argparse.Namespace) -> int:
    try:
        installed = install_pack(Path(args.path), force=args.force)
    except PackInstallError as error:
        for d in error.diagnostics:
            print(visible(d.render()), file=sys.stderr)
        print(visible(f"trainer packs add: refused: {error}"), file=sys.stderr)
        return 1
    for warning in installed.warnings:
        print(visible(f"warning: {warning}"), file=sys.stderr)
    verb = "replaced" if installed.replaced else "installed"
    manifest = installed.pack.manifest
    version = f" {manifest.version}" if manifest else ""
    print(visible(f"{verb} {installed.pack_id}{version} ({len(installed.pack.scenarios)} scenarios) in {installed.folder}"))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    try:
        folder = remove_pack(args.pack_id)
    except PackInstallError as error:
        print(visible(f"trainer packs remove: {error}"), file=sys.stderr)
        return 1
    print(visible(f"removed {args.pack_id} ({folder})"))
    return 0

"""`trainer validate PATH...`: check scenario files and pack folders."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from trainer.codes import Code
from trainer.commands.budget import add_budget_option
from trainer.diagnostics import Diagnostic, DiagnosticList, count_errors
from trainer.scenario_tests import test_diagnostics
from trainer.validation import load_pack, load_scenario


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer validate` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Check scenario files and pack folders against the format. "
        "Exit 0 when there are no errors, 1 when there are, 2 on a usage error."
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a scenario .toml file or a pack folder")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    add_budget_option(parser)
    parser.set_defaults(run=run)


def collect(path: Path, budget: int) -> tuple[list[Diagnostic], int]:
    """Diagnostics of one path, and how many files were read."""
    if path.is_dir() or path.name == "pack.toml":
        folder = path if path.is_dir() else path.parent
        if not _present(folder / "pack.toml"):
            problems = DiagnosticList(str(path))
            problems.error(
                "is a folder without pack.toml; pass a pack folder, or scenario files (e.g. "
                f"{path}/*.toml)",
                code=Code.NOT_A_PACK,
            )
            return problems.items, 0
        pack = load_pack(folder, budget=budget, label=str(folder))
        tests = [d for loaded in pack.scenarios for d in test_diagnostics(loaded)]
        return pack.all_diagnostics + tests, 1 + len(pack.scenarios)
    loaded = load_scenario(path, budget=budget)
    return loaded.diagnostics + test_diagnostics(loaded), 1


def _present(path: Path) -> bool:
    """Something is there (a link or a pipe too: reading it says what is wrong with it)."""
    return path.exists() or path.is_symlink()


def run(args: argparse.Namespace) -> int:
    diagnostics: list[Diagnostic] = []
    files = 0
    for raw in args.paths:
        found, count = collect(Path(raw), args.max_states)
        diagnostics.extend(found)
        files += count
    errors, warnings = count_errors(diagnostics)
    failed = errors > 0 or (args.strict and warnings > 0)
    if args.format == "json":
        json.dump(
            {
                "files": files,
                "errors": errors,
                "warnings": warnings,
                "ok": not failed,
                "diagnostics": [d.to_json() for d in diagnostics],
            },
            sys.stdout,
            indent=2,
        )
        sys.stdout.write("\n")
    else:
        for d in diagnostics:
            print(d.render())
        print(_summary(files, errors, warnings, args.strict))
    return 1 if failed else 0


def _summary(files: int, errors: int, warnings: int, strict: bool) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    verdict = "ok" if errors == 0 and not (strict and warnings) else "failed"
    if strict and warnings and not errors:
        verdict += " (--strict: warnings fail)"
    return f"{plural(files, 'file')} checked: {plural(errors, 'error')}, {plural(warnings, 'warning')}; {verdict}"

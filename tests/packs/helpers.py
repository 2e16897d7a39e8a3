"""Build pack folders and archives in tests, and run the CLI in-process."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

import tomli_w

from tests.core.builders import minimal
from trainer.cli import main


def manifest(pack_id: str = "acme", **changes: Any) -> dict[str, Any]:
    doc = {
        "format": 1,
        "id": pack_id,
        "name": "ACME buyers",
        "version": "1.2.0",
        "authors": ["Jo Writer"],
        "license": "CC-BY-4.0",
    }
    doc.update(changes)
    return doc


def make_pack(folder: Path, pack_id: str = "acme", scenarios: dict[str, dict[str, Any]] | None = None) -> Path:
    """A valid pack with one warning-free scenario (or the scenarios given, by file stem)."""
    (folder / "scenarios").mkdir(parents=True)
    (folder / "pack.toml").write_text(tomli_w.dumps(manifest(pack_id)), encoding="utf-8")
    for stem, doc in (scenarios if scenarios is not None else {"tiny": minimal()}).items():
        (folder / "scenarios" / f"{stem}.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    return folder


def run_cli(*argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `python -m trainer ARGV`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def tree(folder: Path) -> list[str]:
    """Every path under `folder`, hidden ones included, relative and sorted."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))

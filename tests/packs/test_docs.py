"""The authoring guide and the pre-commit hooks stay true to the code."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.packs.helpers import run_cli
from trainer.scaffold import new_pack

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "authoring.md"


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in (REPO / "trainer").rglob("*.py"):
        codes.update(re.findall(r'code="([a-z][a-z0-9_-]*)"', path.read_text(encoding="utf-8")))
    return codes


def test_every_diagnostic_code_is_in_the_reference() -> None:
    codes = emitted_codes()
    assert {"soft-lock", "unknown-target", "pack-crash"} <= codes
    text = GUIDE.read_text(encoding="utf-8")
    missing = sorted(code for code in codes if f"`{code}`" not in text)
    assert missing == [], f"add these codes to docs/authoring.md, Diagnostics: {missing}"


def test_the_guide_documents_the_schema_directive_and_precedence() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert "#:schema ../schemas/scenario.schema.json" in text
    assert "command line beats the user folder, which beats entry points, which\nbeat the built-in pack" in text
    assert "trainer.packs" in text


def test_pre_commit_hooks_run_commands_that_pass_on_a_new_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["trainer-validate", "trainer-playtest"]
    new_pack(tmp_path / "pack")
    monkeypatch.chdir(tmp_path / "pack")
    for hook in hooks:
        program, *argv = shlex.split(hook["entry"])
        assert program == "trainer" and hook["language"] == "python" and hook["pass_filenames"] is False
        code, out, err = run_cli(*argv, *hook["args"])
        assert code == 0, (hook["id"], out, err)

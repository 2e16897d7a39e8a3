"""The authoring guide and the pre-commit hooks stay true to the code."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.packs.helpers import run_cli
from trainer.codes import SCHEMA_PREFIX, Code
from trainer.scaffold import new_pack

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "authoring.md"


HEADING = re.compile(r"^##### (.+) \((error|warning)\b", re.M)


def documented_codes() -> dict[str, str]:
    """Code -> severity, from the guide's `##### `code` (severity)` headings."""
    found: dict[str, str] = {}
    for heading in HEADING.finditer(GUIDE.read_text(encoding="utf-8")):
        for code in re.findall(r"`([a-z][a-z0-9_-]*)`", heading.group(1)):
            found[code] = heading.group(2)
    return found


def test_every_registered_code_is_in_the_reference_with_its_severity() -> None:
    documented = documented_codes()
    assert {"soft-lock", "unknown-target", "pack-crash"} <= set(documented)
    wrong = sorted(f"{code} ({code.severity})" for code in Code if documented.get(code) != code.severity)
    assert wrong == [], f"add these codes to docs/authoring.md, Diagnostics, with this severity: {wrong}"


def test_every_code_in_the_reference_is_registered() -> None:
    stray = sorted(code for code in documented_codes() if not code.startswith(SCHEMA_PREFIX) and code not in set(Code))
    assert stray == [], f"register these codes in trainer.codes.Code, or drop them from the guide: {stray}"


def test_the_reference_table_is_the_registry() -> None:
    rows = ["| code | severity | meaning |", "|---|---|---|"]
    rows += [f"| `{code.value}` | {code.severity} | {code.meaning} |" for code in Code]
    assert "\n".join(rows) + "\n" in GUIDE.read_text(encoding="utf-8"), "docs/authoring.md: the Diagnostics table must list Code as is"


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


def test_a_failing_scenario_test_fails_the_pre_commit_hooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hooks run validate and playtest, which play the scenarios' [[tests]]: a failing one fails both."""
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    new_pack(tmp_path / "pack")
    scenario = tmp_path / "pack" / "scenarios" / "first-call.toml"
    text = scenario.read_text(encoding="utf-8")
    broken = text.replace('world = "files-lost"\nchoices = ["why-today", 1]', 'world = "files-fine"\nchoices = ["why-today", 1]')
    assert broken != text
    scenario.write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "pack")
    for hook in hooks:
        _, *argv = shlex.split(hook["entry"])
        code, out, err = run_cli(*argv, *hook["args"])
        failure = 'test "asking, then qualifying, signs when the files are lost" fails in world "files-fine"'
        assert code == 1 and failure in out + err, (hook["id"], out, err)
    scenario.write_text(text, encoding="utf-8")  # and passes again once the test is right
    assert all(run_cli(*shlex.split(h["entry"])[1:], *h["args"])[0] == 0 for h in hooks)


def github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_inside_the_guide_leads_to_a_heading() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    prose = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    anchors = {github_anchor(h) for h in re.findall(r"^#+ (.+)$", prose, re.M)}
    assert {"11-hidden-worlds-a-buyer-you-have-to-find-out", "test-failed-error-in-validate-and-playtest"} <= anchors
    broken = sorted(set(re.findall(r"\]\(#([^)]+)\)", prose)) - anchors)
    assert broken == [], f"docs/authoring.md links to headings that do not exist: {broken}"


def test_the_tutorials_scripted_plays_of_the_new_pack_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_pack(tmp_path / "acme-retail")
    monkeypatch.chdir(tmp_path)
    text = GUIDE.read_text(encoding="utf-8")
    commands = re.findall(r"^python -m trainer (play acme-retail/scenarios/first-call\.toml .*--choices.*)$", text, re.M)
    assert len(commands) >= 2
    for command in commands:
        code, out, err = run_cli(*shlex.split(command))
        assert code == 0 and err == "" and ("Debrief" in out or out.startswith("{")), command


def test_the_tutorials_playtest_output_is_the_real_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    new_pack(tmp_path / "acme-retail", name="ACME retail buyers", author="Jo Writer")
    monkeypatch.chdir(tmp_path)
    command = "playtest acme-retail --runs 500 --min-coverage 90"
    shown = re.search(rf"python -m trainer {command}\n```\n\n```\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert shown is not None, "docs/authoring.md, step 8: the playtest command and its output"
    assert run_cli(*command.split()) == (0, shown[1], "")

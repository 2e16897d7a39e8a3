"""The authoring guide's hidden-worlds tutorial (step 11) is built from its own Markdown and checked,
so the page cannot rot: each part validates with the output the page shows, the complete file passes
`validate --strict` and its tests, and plays as the page says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.packs.helpers import run_cli
from trainer.engine import Engine
from trainer.scenario_tests import run_tests
from trainer.validation import load_scenario

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"
FILE = "acme-retail/scenarios/bakery-tills.toml"  # where the tutorial saves the file
BLOCK = re.compile(r"<!-- tutorial-worlds: (?P<what>[^>]*?) -->\n```[a-z]*\n(?P<body>.*?)```\n", re.S)
BROKEN = 'validate with ending = "signed" in the second test'


def tutorial_blocks() -> list[tuple[str, str]]:
    """(what, body) of every marked block of step 11, in page order."""
    text = GUIDE.read_text(encoding="utf-8")
    step = text[text.index("### 11. Hidden worlds") : text.index("## Reference")]
    return [(m["what"], m["body"]) for m in BLOCK.finditer(step)]


def final_scenario() -> str:
    """The complete file: the first part, then each part the page says to append."""
    parts = [body for what, body in tutorial_blocks() if what in ("file", "append")]
    return "\n".join(parts)


@pytest.fixture
def author(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The author's folder, as in the tutorial (commands run from it)."""
    (tmp_path / FILE).parent.mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path / FILE


def test_the_page_has_the_parts_in_order() -> None:
    whats = [what for what, _ in tutorial_blocks()]
    assert whats == ["file", "validate", "append", "validate", "append", "validate", BROKEN]


def test_each_part_validates_with_the_output_the_page_shows(author: Path) -> None:
    text = ""
    for what, body in tutorial_blocks():
        if what == "file":
            text = body
        elif what == "append":
            text += "\n" + body
        elif what == "validate":
            author.write_text(text, encoding="utf-8")
            code, out, err = run_cli("validate", "--strict", FILE)
            assert (out, err) == (body, ""), f"docs/authoring.md step 11 shows another validate output:\n{out}"
            assert code == (1 if body.rstrip().endswith(("failed", "(--strict: warnings fail)")) else 0)
        else:
            assert what == BROKEN
            broken = text.replace('ending = "saved"', 'ending = "signed"')
            assert broken.count('ending = "signed"') == 2  # the first test's, and the second test's now
            author.write_text(broken, encoding="utf-8")
            code, out, err = run_cli("validate", "--strict", FILE)
            assert (code, out, err) == (1, body, "")


def test_the_first_part_is_found_out_too_late_and_the_second_fixes_it(author: Path) -> None:
    first = tutorial_blocks()[0][1]
    author.write_text(first, encoding="utf-8")
    codes = [d.code for d in load_scenario(author).diagnostics]
    assert codes == ["late-discovery"]


def test_the_final_scenario_validates_clean_and_its_tests_pass(author: Path) -> None:
    author.write_text(final_scenario(), encoding="utf-8")
    loaded = load_scenario(author)
    assert loaded.ok and loaded.diagnostics == [] and loaded.scenario is not None and loaded.compiled is not None
    scenario = loaded.scenario
    assert [w.id for w in scenario.worlds or ()] == ["growing", "tight"]
    assert len(scenario.tests) == 3 and run_tests(Engine(loaded.compiled)) == []
    # every addition the tutorial says it uses is in the file
    assert scenario.locale == "en-GB" and scenario.interrupts[0].text
    assert all(e.title for e in scenario.endings.values())
    assert any(v.speaker for n in scenario.nodes.values() for v in n.variants or ())
    assert all(c.id for n in scenario.nodes.values() for c in n.choices or ())
    assert run_cli("validate", "--strict", FILE)[0] == 0


def test_the_play_commands_of_the_page_work(author: Path) -> None:
    author.write_text(final_scenario(), encoding="utf-8")
    text = GUIDE.read_text(encoding="utf-8")
    commands = re.findall(rf"^python -m trainer (play {re.escape(FILE)} .*)$", text, re.M)
    assert len(commands) == 4
    for command in commands:
        code, out, err = run_cli(*command.split())
        assert code == 0 and err == "", command
    endings = {
        ("growing", "whats-changing,multi-site"): "signed",
        ("tight", "2,2"): "saved",
    }
    for (world, choices), ending in endings.items():
        report = json.loads(run_cli("play", FILE, "--world", world, "--choices", choices, "--json")[1])
        assert report["ending"]["id"] == ending and report["turning_points"] == []
    seeded = [run_cli("play", FILE, "--seed", "7", "--choices", "1", "--json")[1] for _ in range(2)]
    assert seeded[0] == seeded[1]
    assert run_cli("play", FILE, "--world", "big", "--choices", "1")[0] == 2


def test_the_report_excerpt_on_the_page_is_the_real_report(author: Path) -> None:
    author.write_text(final_scenario(), encoding="utf-8")
    text = GUIDE.read_text(encoding="utf-8")
    step = text[text.index("### 11. Hidden worlds") : text.index("## Reference")]
    excerpt = json.loads("{" + re.search(r"```json\n(.*?)```", step, re.S)[1] + "}")  # type: ignore[index]
    report = json.loads(run_cli("play", FILE, "--world", "growing", "--choices", "big-plan-now", "--json")[1])
    for key, value in excerpt.items():
        if key == "turning_points":
            assert [{k: tp[k] for k in shown} for tp, shown in zip(report[key], value, strict=True)] == value
        else:
            assert report[key] == value, key
    assert excerpt["turning_points"][0]["kind"] == "gamble"

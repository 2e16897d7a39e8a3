"""`graph FILE [--format mermaid|dot]`: the scenario's shape, with untrusted text kept inert."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tomli_w

from tests.core.builders import minimal
from tests.packs.helpers import run_cli
from trainer.graph import build, dot_string, mermaid_text, to_dot, to_mermaid
from trainer.model import Buyer, Choice, Ending, Interrupt, Meters, Node, Scenario, Tactic
from trainer.scaffold import new_scenario


@pytest.fixture
def scaffold(tmp_path: Path) -> Path:
    path = tmp_path / "first.toml"
    new_scenario(path)
    return path


def test_mermaid_draws_nodes_endings_choices_routes_and_interrupts(scaffold: Path) -> None:
    code, out, err = run_cli("graph", str(scaffold))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "flowchart TD"
    assert '    n0["opening"]' in lines
    assert '    n3{"decides"}:::check' in lines  # a check node: a diamond
    assert '    e0(["signed<br>won, #9733;#9733;#9733;"]):::won' in lines
    assert '    e3(["walked_out<br>lost, no stars"]):::lost' in lines
    assert "    s0 --> n0" in lines
    assert '    n0 -->|"2 #183; ask"| n2' in lines  # choice number and tactic
    assert '    n3 -.->|"files_lost and knows_timing and trust #62;= 60"| e0' in lines  # routes dashed
    assert '    n3 -.->|"else"| e1' in lines
    assert "    i0 ==> e3" in lines  # interrupts thick
    for outcome in ("won", "lost", "qualified_out", "referral"):
        assert any(line.startswith(f"    classDef {outcome} fill:") for line in lines)
    edges = [line for line in lines if re.search(r" (-->|-\.->|==>)", line)]
    assert len(edges) == 1 + 7 + 2 + 1  # start, choices, routes, interrupt
    interrupt_index = next(i for i, line in enumerate(edges) if "==>" in line)
    assert f"    linkStyle {interrupt_index} stroke:#6a1b9a,stroke-width:3px" in lines


def test_dot_draws_the_same_graph(scaffold: Path) -> None:
    code, out, err = run_cli("graph", str(scaffold), "--format", "dot")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == 'digraph "first" {' and lines[-1] == "}"
    assert '    n3 [label="decides", shape=diamond, style=filled, fillcolor="#eeeeee"];' in lines
    assert any(line.startswith('    e0 [label="signed\\nwon, ★★★", shape=box, style="rounded,filled", fillcolor="#c8e6c9"') for line in lines)
    assert '    n0 -> n2 [label="2 · ask"];' in lines
    assert '    n3 -> e1 [label="else", style=dashed];' in lines
    assert '    i0 -> e3 [style=bold, penwidth=3, color="#6a1b9a"];' in lines
    assert out.count("->") == 11


def test_conditional_choices_show_their_condition(tmp_path: Path) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["set"] = ["asked"]
    doc["nodes"]["opening"]["choices"][0]["next"] = "opening"
    doc["nodes"]["opening"]["choices"][1]["when"] = "asked"
    doc["endings"].pop("lost")
    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps(doc))
    out = run_cli("graph", str(path))[1]
    assert '    n0 -->|"1 #183; close"| n0' in out
    assert '    n0 -->|"2 #183; qualify #183; if asked"| e0' in out


EVIL = 'x"] --> click n0 call alert() %% <img src=x> `md` \\N'


def evil_scenario() -> Scenario:
    """Built without validation, to show that even unchecked ids and text stay inert."""
    return Scenario.model_construct(
        format=1,
        id=EVIL,
        title="t",
        start=EVIL,
        buyer=Buyer(name="b"),
        meters=Meters(trust=1, pressure=1),
        nodes={
            EVIL: Node.model_construct(
                text="t", choices=[Choice.model_construct(text="c", tactic=Tactic.ASK, next="end", when=EVIL)], routes=None
            ),
        },
        endings={"end": Ending(outcome="won", text="t")},
        interrupts=[Interrupt.model_construct(when=EVIL + "\nnew line", next="end")],
    )


def test_untrusted_text_cannot_break_out_of_mermaid_labels() -> None:
    out = to_mermaid(evil_scenario())
    for line in out.splitlines()[1:]:
        # every quote on a line is a label delimiter: an even number, and nothing after "]" etc.
        assert line.count('"') in (0, 2), line
        assert "<img" not in line and "`" not in line and "%%" not in line
    assert "click" in out  # shown as text, inside quotes
    assert len(out.splitlines()) == len(to_mermaid(evil_scenario()).splitlines())


def test_untrusted_text_cannot_break_out_of_dot_strings() -> None:
    out = to_dot(evil_scenario())
    for line in out.splitlines()[1:-1]:
        unescaped = re.sub(r'\\.', "", line)
        assert unescaped.count('"') % 2 == 0, line
    assert "\\\\N" in out  # a literal backslash-N, not DOT's "node name" escape
    assert "\nnew line" not in out


def test_escapers() -> None:
    assert mermaid_text('a "b" <c> #d') == "a #34;b#34; #60;c#62; #35;d"
    assert mermaid_text("one\ntwo") == "one<br>two"
    assert dot_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    assert dot_string("bell\x07") == '"bell "'


def test_graph_ids_are_generated_not_taken_from_the_file() -> None:
    vertices, edges = build(evil_scenario())
    assert [v.gid for v in vertices] == ["s0", "n0", "e0", "i0"]
    assert {e.source for e in edges} | {e.target for e in edges} <= {"s0", "n0", "e0", "i0"}


def test_an_invalid_scenario_is_not_drawn(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("format = 1\n")
    code, out, err = run_cli("graph", str(path))
    assert code == 1 and out == "" and 'missing required key "id"' in err


def test_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert run_cli("graph", str(tmp_path))[0] == 2
    with pytest.raises(SystemExit) as exit_info:
        run_cli("graph", str(tmp_path), "--format", "svg")
    assert exit_info.value.code == 2

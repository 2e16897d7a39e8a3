"""`graph FILE [--format mermaid|dot]`: the scenario's shape, with untrusted text kept inert."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.core.builders import minimal
from tests.packs.helpers import run_cli
from trainer.graph import build, dot_string, mermaid_text, to_dot, to_mermaid
from trainer.model import Buyer, Choice, Ending, Interrupt, Meters, Node, Scenario, Tactic, World
from trainer.scaffold import new_scenario


@pytest.fixture
def scaffold(tmp_path: Path) -> Path:
    path = tmp_path / "first.toml"
    new_scenario(path)
    return path


def test_mermaid_draws_nodes_endings_choices_routes_and_interrupts(scaffold: Path) -> None:
    code, out, err = run_cli("graph", str(scaffold))
    assert code == 0 and err == ""
    assert_mermaid_syntax(out)
    lines = out.splitlines()
    assert '    n0["opening"]' in lines
    assert '    n3{"decides<br>depends on the world"}:::check' in lines  # a check node: a diamond
    assert '    e0(["signed<br>won, #9733;#9733;#9733;"]):::won' in lines
    assert '    e3(["walked_out<br>lost, no stars"]):::lost' in lines
    assert "    s0 --> n0" in lines
    assert '    n0 -->|"2 #183; ask"| n2' in lines  # choice number and tactic
    assert '    n3 -.->|"1 #183; files_lost and knows_timing and trust #62;= 60<br>depends on the world"| e0' in lines  # dashed
    assert '    n3 -.->|"2 #183; else"| e1' in lines  # routes numbered in the order they are tried
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
    assert (
        '    n3 [label="decides\\ndepends on the world", color="#00838f", penwidth=3, shape=diamond, style=filled, '
        'fillcolor="#eeeeee"];'
    ) in lines
    assert any(line.startswith('    e0 [label="signed\\nwon, ★★★", shape=box, style="rounded,filled", fillcolor="#c8e6c9"') for line in lines)
    assert '    n0 -> n2 [label="2 · ask"];' in lines
    assert '    n3 -> e1 [label="2 · else", style=dashed];' in lines
    assert '    i0 -> e3 [style=bold, penwidth=3, color="#6a1b9a"];' in lines
    assert out.count("->") == 11 + 1  # and the legend's invisible edge, which keeps the worlds in file order


MERMAID_STATEMENT = re.compile(
    r"    (?:"
    r'[a-z]\d+(?:\(\("[^"]*"\)\)|\["[^"]*"\]|\{"[^"]*"\}|\(\["[^"]*"\]\)|\{\{"[^"]*"\}\})(?::::[a-z_]+)?'  # a vertex
    r'|[a-z]\d+ (?:-->|-\.->|==>)(?:\|"[^"]*"\|)? [a-z]\d+'  # an edge
    r'|subgraph [a-z]+\["[^"]*"\]|    [a-z]\d+\["[^"]*"\]:::world|end'  # the legend
    r"|classDef [a-z_]+ [a-z-]+:[#0-9a-z]+(?:,[a-z-]+:[#0-9a-z]+)*"
    r"|linkStyle \d+(?:,\d+)* stroke:#[0-9a-f]{6},stroke-width:\dpx"
    r")"
)


def assert_mermaid_syntax(out: str) -> None:
    """Every line is one statement of the Mermaid flowchart subset `graph` writes; ids are declared before
    use, every linkStyle index is an edge, and subgraphs are closed."""
    lines = out.splitlines()
    assert lines[0] == "flowchart TD" and out.endswith("\n")
    declared: set[str] = set()
    edges = 0
    depth = 0
    for line in lines[1:]:
        assert MERMAID_STATEMENT.fullmatch(line), line
        if vertex := re.fullmatch(r" +([a-z]\d+)[\[({].*", line):
            declared.add(vertex.group(1))
        elif edge := re.fullmatch(r"    ([a-z]\d+) (?:-->|-\.->|==>)(?:\|.*\|)? ([a-z]\d+)", line):
            assert {edge.group(1), edge.group(2)} <= declared, line
            edges += 1
        elif line.startswith("    linkStyle "):
            assert all(int(i) < edges for i in line.split()[1].split(",")), line
        depth += line.startswith("    subgraph ") - (line == "    end")
        assert depth in (0, 1)
    assert depth == 0


def test_worlds_get_a_legend_and_world_dependent_branches_are_marked_in_mermaid(scaffold: Path) -> None:
    out = run_cli("graph", str(scaffold))[1]
    assert_mermaid_syntax(out)
    lines = out.splitlines()
    legend = lines.index('    subgraph worlds["hidden worlds: one is drawn at the start of each play"]')
    assert lines[legend + 1 : legend + 4] == [
        '        w0["world files-lost:<br>Sam\'s office loses client files every week.<br>sets files_lost"]:::world',
        '        w1["world files-fine:<br>Sam\'s files are fine: the call was a favour to a friend.<br>sets no flag"]:::world',
        "    end",
    ]
    assert '    n2["needs<br>depends on the world"]:::varies' in lines  # its variant reads files_lost
    assert '    n0["opening"]' in lines and '    n1["pitched"]' in lines  # nothing there reads a world flag
    edges = [line for line in lines if re.search(r" (-->|-\.->|==>)", line)]
    marked = [i for i, line in enumerate(edges) if "depends on the world" in line]
    assert marked == [8]  # the route that reads files_lost, and no other edge
    assert "    linkStyle 8 stroke:#00838f,stroke-width:3px" in lines
    assert "    classDef world fill:#e0f7fa,stroke:#00838f" in lines


def test_worlds_get_a_legend_in_dot_and_it_renders(scaffold: Path, tmp_path: Path) -> None:
    out = run_cli("graph", str(scaffold), "--format", "dot")[1]
    lines = out.splitlines()
    cluster = lines.index("    subgraph cluster_worlds {")
    assert lines[cluster + 1] == '        label="hidden worlds: one is drawn at the start of each play";'
    assert lines[cluster + 3 : cluster + 7] == [
        '        w0 [label="world files-lost:\\nSam\'s office loses client files every week.\\nsets files_lost", shape=note];',
        '        w1 [label="world files-fine:\\nSam\'s files are fine: the call was a favour to a friend.\\nsets no flag", shape=note];',
        "        w0 -> w1 [style=invis];  // keeps the worlds in file order",
        "    }",
    ]
    world_edges = [line for line in lines if "->" in line and "depends on the world" in line]
    assert world_edges == [
        '    n3 -> e0 [label="1 · files_lost and knows_timing and trust >= 60\\ndepends on the world", style=dashed, '
        'color="#00838f", fontcolor="#00838f", penwidth=2];'
    ]
    svg = html.unescape(svg_text(render_with_dot(out, tmp_path)))
    for text in ("world files-lost:", "Sam's files are fine: the call was a favour to a friend.", "depends on the world"):
        assert text in svg


def svg_text(svg: str) -> str:
    """The texts of an SVG, as written in it (entities kept)."""
    return "\n".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))


def render_with_dot(source: str, tmp_path: Path) -> str:
    """SVG from Graphviz's `dot`, which must accept the file without a warning."""
    dot = shutil.which("dot")
    if dot is None:
        pytest.skip("Graphviz dot is not installed")
    (tmp_path / "g.dot").write_text(source, encoding="utf-8")
    done = subprocess.run([dot, "-Tsvg", str(tmp_path / "g.dot")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return done.stdout


def test_weights_show_in_the_legend_only_when_they_differ(tmp_path: Path) -> None:
    doc = two_worlds()
    doc["worlds"][0]["weight"] = 3
    out = graph_of(doc, tmp_path)
    assert '        w0["world big, weight 3 of 4:<br>A big office.<br>sets big"]:::world' in out
    assert '        w1["world small, weight 1 of 4:<br>A small office.<br>sets no flag"]:::world' in out


def test_conditions_and_interrupts_that_read_a_world_flag_are_marked(tmp_path: Path) -> None:
    doc = two_worlds()
    doc["nodes"]["opening"]["choices"][1]["when"] = "big or asked"
    doc["nodes"]["opening"]["choices"][0]["set"] = ["asked"]
    doc["interrupts"] = [{"when": "big and pressure >= 90", "next": "lost"}]
    out = graph_of(doc, tmp_path)
    assert '    n0 -->|"2 #183; qualify #183; if big or asked<br>depends on the world"| e0' in out
    assert '    n0["opening<br>depends on the world"]:::varies' in out
    assert '    i0{{"interrupt 1, after any choice:<br>big and pressure #62;= 90<br>depends on the world"}}:::interrupt' in out
    dot = graph_of(doc, tmp_path, "dot")
    assert 'i0 [label="interrupt 1, after any choice:\\nbig and pressure >= 90\\ndepends on the world", color="#00838f"' in dot


def test_one_world_scenarios_have_no_legend_and_no_marks(tmp_path: Path) -> None:
    for fmt in ("mermaid", "dot"):
        out = graph_of(minimal(), tmp_path, fmt)
        assert "world" not in out and "subgraph" not in out


def graph_of(doc: dict[str, Any], tmp_path: Path, fmt: str = "mermaid") -> str:
    """`graph --format FMT` of a scenario document, checked: Mermaid statement by statement, DOT by `dot`."""
    path = tmp_path / "s.toml"
    path.write_text(tomli_w.dumps(doc))
    code, out, err = run_cli("graph", str(path), "--format", fmt)
    assert code == 0 and err == ""
    if fmt == "mermaid":
        assert_mermaid_syntax(out)
    else:
        render_with_dot(out, tmp_path)
    return out


def two_worlds() -> dict[str, Any]:
    """The minimal scenario with two worlds told apart at the start: "big" sets the flag `big`."""
    doc = minimal()
    doc["worlds"] = [
        {"id": "big", "label": "A big office.", "set": ["big"]},
        {"id": "small", "label": "A small office."},
    ]
    doc["nodes"]["opening"]["variants"] = [{"when": "big", "text": "We have four hundred desks."}]
    return doc


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


def evil_worlds_scenario() -> Scenario:
    worlds = [
        World.model_construct(id=EVIL, label=EVIL + "\nend", set=["x"], weight=1),
        World.model_construct(id="b", label="subgraph x", set=[], weight=1),
    ]
    return evil_scenario().model_copy(update={"worlds": worlds})


def test_untrusted_world_text_cannot_break_out_of_the_legend(tmp_path: Path) -> None:
    mermaid = to_mermaid(evil_worlds_scenario())
    assert_mermaid_syntax(mermaid)
    assert mermaid.count("    end\n") == 1 and mermaid.count("subgraph") == 2  # the legend's own, and a label
    dot = to_dot(evil_worlds_scenario())
    for line in dot.splitlines()[1:-1]:
        assert re.sub(r"\\.", "", line).count('"') % 2 == 0, line
    svg = render_with_dot(dot, tmp_path)
    assert "<img" not in svg and 'x&quot;] &#45;&#45;&gt; click n0 call alert() %% &lt;img src=x&gt;' in svg_text(svg)


def test_untrusted_text_cannot_break_out_of_mermaid_labels() -> None:
    out = to_mermaid(evil_scenario())
    assert_mermaid_syntax(out)
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


# -- the story's health: broken targets, a pack's overview, coverage, a play's turning points -----------


def test_a_broken_next_is_drawn_to_a_red_box_and_exits_1(scaffold: Path, tmp_path: Path) -> None:
    scaffold.write_text(scaffold.read_text().replace('next = "needs"', 'next = "Polite No"'))
    for fmt in ("mermaid", "dot"):
        code, out, err = run_cli("graph", str(scaffold), "--format", fmt)
        assert code == 1
        assert f'{scaffold}:81:1: error: next = "Polite No" names no node or ending' in err
        if fmt == "mermaid":
            assert_mermaid_syntax(out)
            assert '    x0["Polite No<br>no such node or ending"]:::missing' in out.splitlines()
            assert '    n0 -->|"2 #183; ask"| x0' in out.splitlines() and '    n1 -->|"1 #183; ask"| x0' in out.splitlines()
            broken = [i for i, line in enumerate(e for e in out.splitlines() if " -->" in e or " -.->" in e or " ==>" in e) if "x0" in line]
            assert f"    linkStyle {','.join(map(str, broken))} stroke:#d50000,stroke-width:3px" in out.splitlines()
        else:
            assert 'x0 [label="Polite No\\nno such node or ending", shape=box, style="filled,dashed", fillcolor="#ffebee", color="#d50000"' in out
            assert '    n0 -> x0 [label="2 · ask", color="#d50000", fontcolor="#d50000", penwidth=3];' in out.splitlines()
            svg = html.unescape(svg_text(render_with_dot(out, tmp_path)))
            assert "Polite No" in svg and "no such node or ending" in svg


def test_a_pack_overview_draws_every_scenario_in_its_own_box(tmp_path: Path) -> None:
    from trainer.scaffold import new_pack

    new_pack(tmp_path / "p")
    new_scenario(tmp_path / "p" / "scenarios" / "renewal.toml")
    code, out, err = run_cli("graph", str(tmp_path / "p"), "--format", "dot")
    assert code == 0 and err == ""
    assert '    subgraph cluster_0 {' in out and '        label="First call (first-call.toml)"; fontname="Helvetica";' in out
    assert '        label="Renewal (renewal.toml)"; fontname="Helvetica";' in out
    ids = re.findall(r"^        ([a-z]\d+) \[", out, re.M)
    assert len(ids) == len(set(ids)) == 2 * 12  # start, 4 nodes, 4 endings, an interrupt, 2 worlds: each, ids unique
    svg = html.unescape(svg_text(render_with_dot(out, tmp_path)))
    assert svg.count("walked_out") == 2
    code, out, _ = run_cli("graph", str(tmp_path / "p"))
    assert code == 0 and '    subgraph scenarioa["First call (first-call.toml)"]' in out and '    subgraph scenariob["Renewal (renewal.toml)"]' in out


def test_coverage_labels_each_arrow_with_its_plays_and_greys_what_no_play_reached(scaffold: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("graph", str(scaffold), "--format", "dot", "--coverage", "--runs", "0")  # the bots only
    assert code == 0, err
    lines = out.splitlines()
    assert '    s0 -> n0 [label="taken 4"];' in lines  # two bots in each of two worlds
    assert '    n0 -> n1 [label="1 · pitch\\ntaken 2"];' in lines  # the pusher, in each world
    assert '    n2 -> e2 [label="2 · help\\ntaken 0"];' in lines
    spreadsheet = next(line for line in lines if line.startswith("    e2 ["))
    assert 'fillcolor="#f5f5f5"' in spreadsheet and 'fontcolor="#9e9e9e"' in spreadsheet  # never reached: greyed
    assert 'fillcolor="#f5f5f5"' not in next(line for line in lines if line.startswith("    e0 ["))  # signed: reached
    render_with_dot(out, tmp_path)
    code, out, _ = run_cli("graph", str(scaffold), "--coverage", "--runs", "0")
    assert_mermaid_syntax(out)
    assert '    e2(["spreadsheet<br>qualified_out, #9733;#9733;"]):::unreached' in out.splitlines()


def test_a_play_is_drawn_bold_with_its_turning_points_marked(scaffold: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("graph", str(scaffold), "--format", "dot", "--choices", "3", "--world", "files-lost")
    assert code == 0, err
    lines = out.splitlines()
    assert '    s0 -> n0 [color="#ff6f00", penwidth=4];' in lines
    assert '    n0 -> n3 [label="3 · close\\nturning point", color="#b71c1c", penwidth=5, fontcolor="#b71c1c"];' in lines
    assert '    i0 -> e3 [style=bold, penwidth=4, color="#ff6f00"];' in lines  # the interrupt it fired
    assert '    n0 -> n2 [label="2 · ask"];' in lines  # not taken: as usual
    render_with_dot(out, tmp_path)
    code, out, err = run_cli("graph", str(scaffold), "--choices", "9")
    assert code == 2 and "--choices: step 1: choice 9 is not offered" in err


def test_coverage_and_choices_need_a_scenario_without_errors(scaffold: Path) -> None:
    scaffold.write_text(scaffold.read_text().replace('next = "needs"', 'next = "nowhere"'))
    code, out, err = run_cli("graph", str(scaffold), "--coverage")
    assert code == 2 and "--coverage and --choices need a scenario without errors" in err

"""The language server through the real protocol: `python -m trainer lsp` over stdio, driven
by pygls's client. The fixture kills the server and checks nothing is left running."""

from __future__ import annotations

import asyncio
import contextlib
import runpy
import sys
from pathlib import Path

import pytest
import tomli_w
from lsprotocol import types

from tests.lsp.conftest import FIXTURES, TIMEOUT, Session, alive, children_of, make_pack
from trainer.commands.validate import collect
from trainer.diagnostics import Diagnostic
from trainer.limits import DEFAULT_STATE_BUDGET
from trainer.validation import pack_scenario_label

FIRST_CALL = (FIXTURES / "first-call.toml").read_text()
WITH_ID = FIRST_CALL.replace(
    'text = "Before I say anything: what made you take this call?"',
    'text = "Before I say anything: what made you take this call?"\nid = "why"',
) + '\n[[tests]]\nname = "asking wins"\nchoices = ["why", 1]\nending = "not_yet"\n'

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fixture reads /proc to find leftover processes")


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return make_pack(tmp_path, WITH_ID)


def validated(lsp: Session, pack: Path, file: Path) -> list[Diagnostic]:
    """What `validate pack`, run where the server runs, says of `file`."""
    relative = pack.relative_to(lsp.root)
    with contextlib.chdir(lsp.root):
        diagnostics, _ = collect(relative, DEFAULT_STATE_BUDGET)
    label = pack_scenario_label(str(relative), file)
    return [d for d in diagnostics if d.file == label]


def same(published: list[types.Diagnostic], expected: list[Diagnostic]) -> bool:
    return [(d.message, d.code, d.range.start.line + 1, d.range.start.character + 1) for d in published] == [
        (d.message, str(d.code), d.line, d.column) for d in expected
    ]


async def test_a_typo_in_a_next_then_its_fix(lsp: Session, pack: Path) -> None:
    file = pack / "scenarios" / "first-call.toml"
    uri = lsp.open(file)
    assert await lsp.diagnostics(uri) == ()
    typo = WITH_ID.replace('next = "decides"', 'next = "decide"', 1)
    version = lsp.replace(uri, typo)
    published = await lsp.diagnostics(uri, bool, version=version)
    (problem,) = published
    assert problem.code == "unknown-target" and problem.source == "trainer"
    assert problem.message == 'next = "decide" names no node or ending. Did you mean "decides"?'
    assert problem.severity == types.DiagnosticSeverity.Error
    line = typo.splitlines()[problem.range.start.line]
    assert line[problem.range.start.character : problem.range.end.character] == 'next = "decide"'
    file.write_text(typo)
    assert same(list(published), validated(lsp, pack, file))

    version = lsp.replace(uri, WITH_ID)
    assert await lsp.diagnostics(uri, lambda d: not d, version=version) == ()


async def test_state_space_and_test_diagnostics_arrive_as_validate_gives_them(lsp: Session, pack: Path) -> None:
    file = pack / "scenarios" / "first-call.toml"
    text = WITH_ID.replace('ending = "not_yet"', 'ending = "signed"') + (
        '\n[nodes.lonely]\ntext = "Nobody comes here."\n[[nodes.lonely.choices]]\n'
        'text = "Hello?"\ntactic = "ask"\nnext = "signed"\n'
    )
    file.write_text(text)
    expected = validated(lsp, pack, file)
    assert {str(d.code) for d in expected} == {"unreachable", "no-feedback", "test-failed"}
    uri = lsp.open(file)
    published = await lsp.diagnostics(uri, lambda d: len(d) == len(expected))
    assert same(list(published), expected)


async def test_a_duplicate_scenario_id_points_at_the_first_file(lsp: Session, pack: Path) -> None:
    later = pack / "scenarios" / "z-copy.toml"
    later.write_text(WITH_ID)
    uri = lsp.open(later)
    (problem,) = await lsp.diagnostics(uri, bool)
    assert problem.code == "duplicate-id"
    assert same([problem], validated(lsp, pack, later))
    (related,) = problem.related_information or ()
    assert related.location.uri == lsp.uri(pack / "scenarios" / "first-call.toml")
    assert related.location.range.start.line == WITH_ID.splitlines().index('id = "first-call"')


async def test_definition_references_rename_and_refusals(lsp: Session, pack: Path) -> None:
    uri = lsp.open(pack / "scenarios" / "first-call.toml")
    text = WITH_ID
    doc = types.TextDocumentIdentifier(uri=uri)
    found = await lsp.client.text_document_definition_async(
        types.DefinitionParams(text_document=doc, position=lsp.position(text, 'next = "decides"', 9))
    )
    assert isinstance(found, list) and len(found) == 1
    assert found[0].range.start == lsp.position(text, "[nodes.decides]", 7)

    flag = await lsp.client.text_document_definition_async(
        types.DefinitionParams(text_document=doc, position=lsp.position(text, "and knows_cost", 6))
    )
    assert isinstance(flag, list) and [d.range.start for d in flag] == [lsp.position(text, '["knows_cost"]', 2)]

    choice = await lsp.client.text_document_definition_async(
        types.DefinitionParams(text_document=doc, position=lsp.position(text, 'choices = ["why"', 13))
    )
    assert isinstance(choice, list) and [d.range.start for d in choice] == [lsp.position(text, 'id = "why"', 6)]

    places = await lsp.client.text_document_references_async(
        types.ReferenceParams(
            text_document=doc,
            position=lsp.position(text, "[endings.not_yet]", 10),
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    assert places is not None and len(places) == 4  # the table, two nexts, the test's ending

    edit = await lsp.client.text_document_rename_async(
        types.RenameParams(text_document=doc, position=lsp.position(text, "[endings.not_yet]", 10), new_name="later")
    )
    assert edit is not None and edit.changes is not None
    assert len(edit.changes[uri]) == 4 and {e.new_text for e in edit.changes[uri]} == {"later"}

    for new_name, reason in (("signed", "already the id"), ("Not Yet", "must use lowercase")):
        with pytest.raises(Exception, match=reason):
            await lsp.client.text_document_rename_async(
                types.RenameParams(text_document=doc, position=lsp.position(text, "[endings.not_yet]", 10), new_name=new_name)
            )
    with pytest.raises(Exception, match="put the cursor on"):
        await lsp.client.text_document_prepare_rename_async(
            types.PrepareRenameParams(text_document=doc, position=lsp.position(text, "[meters]", 2))
        )


async def test_completion_hover_code_actions_and_outline(lsp: Session, pack: Path) -> None:
    file = pack / "scenarios" / "first-call.toml"
    uri = lsp.open(file)
    text = WITH_ID
    doc = types.TextDocumentIdentifier(uri=uri)
    listed = await lsp.client.text_document_completion_async(
        types.CompletionParams(text_document=doc, position=lsp.position(text, 'next = "decides"', 8))
    )
    assert isinstance(listed, types.CompletionList)
    assert {"opening", "decides", "signed", "walked_out"} <= {i.label for i in listed.items}

    async def hover_text() -> str:
        found = await lsp.client.text_document_hover_async(
            types.HoverParams(text_document=doc, position=lsp.position(text, 'next = "why_now"', 9))
        )
        assert found is not None and isinstance(found.contents, types.MarkupContent)
        return found.contents.value

    shown = await hover_text()
    assert 'node "why_now"' in shown and "Our carrier missed three pickups last month." in shown
    for _ in range(int(TIMEOUT * 10)):  # the analysis arrives with the full check
        if "Analysis: reached with trust 40 to 48" in shown:
            break
        await asyncio.sleep(0.1)
        shown = await hover_text()
    assert "Analysis: reached with trust 40 to 48" in shown

    typo = text.replace('next = "decides"', 'next = "decide"', 1)
    version = lsp.replace(uri, typo)
    (problem,) = await lsp.diagnostics(uri, bool, version=version)
    fixes = await lsp.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc, range=problem.range, context=types.CodeActionContext(diagnostics=[problem])
        )
    )
    assert fixes is not None
    titles = [f.title for f in fixes if isinstance(f, types.CodeAction)]
    assert titles == ['Change "decide" to "decides"', 'Create node "decide"', 'Create ending "decide"']
    first = fixes[0]
    assert isinstance(first, types.CodeAction) and first.edit is not None and first.edit.changes is not None
    (change,) = first.edit.changes[uri]
    assert change.new_text == "decides" and change.range.start == lsp.position(typo, 'next = "decide"', 8)

    outline = await lsp.client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
    assert outline is not None
    names = [s.name for s in outline if isinstance(s, types.DocumentSymbol)]
    assert names == ["opening", "push_back", "why_now", "decides", "ask_for_it", "signed", "not_yet", "walked_out", "asking wins"]


async def test_malformed_documents_never_crash_the_server(lsp: Session, pack: Path) -> None:
    other = lsp.open(pack.parent / "pyproject.toml", '[project]\nname = "x"\n[tool.x]\nformat = 1\n')
    assert await lsp.diagnostics(other) == ()  # not a scenario: left alone
    file = pack / "scenarios" / "odd.toml"
    uri = lsp.open(file, "")
    await lsp.diagnostics(uri, bool)
    doc = types.TextDocumentIdentifier(uri=uri)
    for text in ("[[[[[[", "a = [" * 5000, "\x00\x1b[31m\u202e = 1", 'x = """\n' * 3, "[nodes.\u00e9]\nnext = \"\U0001f600", "= = ="):
        version = lsp.replace(uri, text)
        published = await lsp.diagnostics(uri, bool, version=version)
        assert all(d.source == "trainer" for d in published)
        await lsp.client.text_document_hover_async(types.HoverParams(text_document=doc, position=types.Position(line=0, character=3)))
        await lsp.client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
        await lsp.client.text_document_completion_async(types.CompletionParams(text_document=doc, position=types.Position(line=0, character=2)))


async def test_a_two_mebibyte_document_is_refused_in_time(lsp: Session, tmp_path: Path) -> None:
    big = 'format = 1\ntext = "' + "word " * (2 * 1024 * 1024 // 5) + '"\n'
    uri = lsp.open(tmp_path / "big.toml", big)
    (problem,) = await lsp.diagnostics(uri, bool)
    assert problem.code == "too-large"
    hover = await asyncio.wait_for(
        lsp.client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=0, character=2))
        ),
        TIMEOUT,
    )
    assert hover is None


async def test_fifty_changes_a_second_end_with_the_last_texts_diagnostics(lsp: Session, pack: Path) -> None:
    uri = lsp.open(pack / "scenarios" / "first-call.toml")
    doc = types.TextDocumentIdentifier(uri=uri)
    version = 1
    for i in range(100):
        text = WITH_ID.replace('next = "decides"', f'next = "decides{i}"', 1)
        version = lsp.replace(uri, text)
        if i % 10 == 0:
            await lsp.client.text_document_hover_async(
                types.HoverParams(text_document=doc, position=lsp.position(text, "[nodes.opening]", 8))
            )
        await asyncio.sleep(0.02)
    (problem,) = await lsp.diagnostics(uri, bool, version=version)
    assert problem.message.startswith('next = "decides99" names no node')
    assert all(p.version in (1, version) or not p.diagnostics or "decides" in p.diagnostics[0].message for p in lsp.published[uri])


async def test_an_edit_kills_the_running_analysis(lsp: Session, tmp_path: Path) -> None:
    generated = runpy.run_path(str(Path(__file__).resolve().parents[2] / "benchmarks" / "generated.py"))
    text = tomli_w.dumps(generated["chain_scenario"](0, node_count=2000))  # its analysis takes many seconds
    uri = lsp.open(tmp_path / "large.toml", text)
    await lsp.diagnostics(uri, version=1)  # the quick check: the analysis is running now
    server = lsp.client._server
    assert server is not None
    running = children_of(server.pid)
    assert running
    lsp.replace(uri, text + "\n# an edit\n")
    for _ in range(50):
        if any(not alive(pid) for pid in running):
            break
        await asyncio.sleep(0.1)
    assert any(not alive(pid) for pid in running), "the check of the old text is still running"


async def test_no_control_character_of_the_file_reaches_the_editor(lsp: Session, pack: Path) -> None:
    """Terminal editors draw hovers, outlines and messages: the file's escapes are shown, not sent raw."""
    file = pack / "scenarios" / "first-call.toml"
    uri = lsp.open(file)
    doc = types.TextDocumentIdentifier(uri=uri)
    quoted = FIRST_CALL.replace('next = "decides"', 'next = "dec\\u001bides"', 1)  # a TOML escape: valid TOML
    version = lsp.replace(uri, quoted)
    published = await lsp.diagnostics(uri, lambda d: any(p.code == "unknown-target" for p in d), version=version)
    assert published and not any("\x1b" in d.message for d in published)
    fixes = await lsp.client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=doc, range=published[0].range, context=types.CodeActionContext(diagnostics=list(published))
        )
    )
    assert not any("\x1b" in f.title for f in fixes or [])

    raw = 'start = "b"\n[nodes.b]\ntext = "x"\n[nodes."a\x1b[31mred"]\ntext = "y"\n[[nodes."a\x1b[31mred".choices]]\nnext = "b"\n'
    version = lsp.replace(uri, raw)
    await lsp.diagnostics(uri, bool, version=version)
    found = await lsp.client.text_document_hover_async(
        types.HoverParams(text_document=doc, position=lsp.position(raw, "[nodes.b]", 7))
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    assert 'nodes."a\\x1b[31mred".choices[0]' in found.contents.value and "\x1b" not in found.contents.value
    outline = await lsp.client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
    names = [s.name for s in outline or [] if isinstance(s, types.DocumentSymbol)]
    assert len(names) == 2 and not any("\x1b" in n for n in names)
    listed = await lsp.client.text_document_completion_async(
        types.CompletionParams(text_document=doc, position=lsp.position(raw, 'next = "b"', 8))
    )
    assert isinstance(listed, types.CompletionList)
    labels = [i.label for i in listed.items]
    assert "b" in labels and len(labels) >= 2 and not any("\x1b" in label for label in labels)

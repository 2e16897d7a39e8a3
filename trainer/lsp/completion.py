"""Completion at the cursor: what may be written there, from the file's own ids and the format.

After `next =` or `start =`: node and ending ids; in a `when`: flags and the condition's
words; after `tactic`, `outcome`, `difficulty`, `speaker`: the format's words; in
`set`/`clear`: flags; in a test: world ids, ending ids, choice ids; at the start of a line:
the keys the table under the cursor allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lsprotocol import types
from pydantic import BaseModel

from trainer.conditions import KEYWORDS
from trainer.loader import model_at
from trainer.lsp.index import DocumentIndex, Kind, Role, dotted_key
from trainer.model import PackManifest, Scenario
from trainer.text_safety import visible
from trainer.vocabulary import Difficulty, Outcome, Tactic

_LAST_KEY = re.compile(r"([A-Za-z0-9_-]+)\s*=[^=]*$")
_WORDS = {
    "tactic": [t.value for t in Tactic],
    "outcome": [o.value for o in Outcome],
    "difficulty": [d.value for d in Difficulty],
    "speaker": ["buyer", "narrator"],
}


@dataclass(frozen=True, slots=True)
class Context:
    """Where the cursor stands: the table's path, and the key whose value is being written (if any)."""

    table: tuple[str | int, ...]
    key: str | None
    in_string: bool


def context_at(index: DocumentIndex, offset: int) -> Context:
    document = index.document
    position = document.position(offset)
    line = document.line(position.line)
    before = line[: offset - document.line_start(position.line)]
    header = index.header_before(position.line)
    table: tuple[str | int, ...] = ()
    if header is not None:
        table = header.keys + ((0,) if header.array else ())
    found = _LAST_KEY.search(before)
    if found is None:
        return Context(table, None, False)
    keys, _ = dotted_key(before, 0)
    if keys and len(keys) > 1 and found.start() == len(before) - len(before.lstrip(" \t")):
        table = table + tuple(k[0] for k in keys[:-1])
    value = before[found.end(1) :]
    return Context(table, found.group(1), value.count('"') % 2 == 1 or value.count("'") % 2 == 1)


def complete(index: DocumentIndex, offset: int, manifest: bool = False) -> list[types.CompletionItem]:
    """The completion items at `offset`."""
    context = context_at(index, offset)
    if context.key is None:
        return _keys(context.table, manifest)
    if manifest:
        return []
    names, kind = _values(index, context)
    quote = "" if context.in_string else '"'
    items = [
        types.CompletionItem(label=visible(name), kind=kind, detail=detail, insert_text=f"{quote}{name}{quote}")
        for name, detail in names
    ]
    if context.key == "when":
        items += [
            types.CompletionItem(label=word, kind=types.CompletionItemKind.Keyword, detail="condition word")
            for word in sorted(KEYWORDS)
        ]
    return items


def _values(index: DocumentIndex, context: Context) -> tuple[list[tuple[str, str]], types.CompletionItemKind]:
    key = context.key
    in_test = context.table[:1] == ("tests",)
    if key in ("next", "start") or (in_test and key == "ending"):
        nodes = [(n, "node") for n in index.targets("nodes")]
        endings = [(e, "ending") for e in index.targets("endings")]
        if key == "start":
            return nodes, types.CompletionItemKind.Reference
        if key == "ending":
            return endings, types.CompletionItemKind.Reference
        return nodes + endings, types.CompletionItemKind.Reference
    if key == "when":  # the flags that something sets: testing any other is an error
        return [(f, "flag") for f in index.names(Kind.FLAG, Role.DEFINITION)], types.CompletionItemKind.Variable
    if key in ("set", "clear"):
        return [(f, "flag") for f in index.names(Kind.FLAG)], types.CompletionItemKind.Variable
    if in_test and key == "world":
        return [(w, "world") for w in index.names(Kind.WORLD, Role.DEFINITION)], types.CompletionItemKind.Value
    if in_test and key == "choices":
        return [(c, "choice id") for c in index.names(Kind.CHOICE, Role.DEFINITION)], types.CompletionItemKind.Value
    if key in _WORDS:
        return [(w, key) for w in _WORDS[key]], types.CompletionItemKind.EnumMember
    return [], types.CompletionItemKind.Text


def _keys(table: tuple[str | int, ...], manifest: bool) -> list[types.CompletionItem]:
    root: type[BaseModel] = PackManifest if manifest else Scenario
    model = model_at(root, table) if table else root
    if model is None:
        return []
    return [
        types.CompletionItem(
            label=name,
            kind=types.CompletionItemKind.Property,
            detail="required" if info.is_required() else "optional",
            documentation=info.description,
            insert_text=f"{name} = ",
        )
        for name, info in model.model_fields.items()
    ]

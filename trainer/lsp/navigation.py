"""Go to definition, find references and rename, over a document's index.

A node's or ending's definition is its table; a flag's is every `set` that sets it (a
world's too); a choice id's is the choice that declares it; a world's is its `id`. A
rename changes every occurrence in the file, tests included, and is refused, with the
reason, when the new name is malformed or already taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.conditions import KEYWORDS
from trainer.errors import TrainerError
from trainer.lsp.index import DocumentIndex, Kind, Occurrence, Role
from trainer.vocabulary import FLAG_NAME_RULE, ID_RULE, is_flag_name, is_id

Span = tuple[int, int]


def definition(index: DocumentIndex, offset: int) -> list[Span]:
    """Where the id under the cursor is defined (empty when it is defined nowhere)."""
    found = index.at(offset)
    if found is None:
        return []
    defined = index.definitions(found.kind, found.name)
    if found.kind is Kind.TARGET:
        defined = defined[:1]  # its table: the first header that names it
    return [(o.start, o.end) for o in defined]


def references(index: DocumentIndex, offset: int, include_declaration: bool = True) -> list[Span]:
    """Every place the id under the cursor is written (its definitions with `include_declaration`)."""
    found = index.at(offset)
    if found is None:
        return []
    return [
        (o.start, o.end)
        for o in index.named(found.kind, found.name)
        if include_declaration or o.role is Role.REFERENCE
    ]


class RenameRefused(TrainerError):
    """A rename that would break the file; the message says why."""


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    text: str


def prepare_rename(index: DocumentIndex, offset: int) -> Occurrence:
    """The id a rename at the cursor would change; `RenameRefused` where nothing can be renamed."""
    found = index.at(offset)
    if found is None:
        raise RenameRefused("put the cursor on a node, ending, flag, choice id or world id to rename it")
    if not index.definitions(found.kind, found.name):
        raise RenameRefused(
            f'"{found.name}" names no {found.kind.value} in this file, so there is nothing to rename; fix the name instead'
        )
    return found


def rename(index: DocumentIndex, offset: int, new_name: str) -> list[Edit]:
    """The edits that rename the id under the cursor everywhere in the file."""
    found = prepare_rename(index, offset)
    if new_name == found.name:
        return []
    check_new_name(index, found.kind, new_name)
    return [Edit(o.start, o.end, new_name) for o in index.named(found.kind, found.name)]


def check_new_name(index: DocumentIndex, kind: Kind, name: str) -> None:
    """Refuse a malformed name, or one the file already uses for the same kind of thing."""
    if kind is Kind.FLAG:
        if name in KEYWORDS:
            raise RenameRefused(f'"{name}" is a reserved word and cannot be a flag name; choose another name')
        if not is_flag_name(name):
            raise RenameRefused(f'flag name "{name}" {FLAG_NAME_RULE}')
        taken = index.names(Kind.FLAG)
    else:
        if not is_id(name):
            raise RenameRefused(f'"{name}" {ID_RULE}')
        if kind is Kind.CHOICE and name.isdigit():
            raise RenameRefused(f'choice id "{name}" is all digits, so it would read as a choice number; use a word')
        taken = index.names(kind, Role.DEFINITION)
    if name in taken:
        what = {Kind.TARGET: "a node or an ending", Kind.FLAG: "a flag", Kind.CHOICE: "a choice", Kind.WORLD: "a world"}[kind]
        raise RenameRefused(f'"{name}" is already the id of {what} in this file; choose a name not yet used')

"""Quick fixes for the validator's diagnostics.

- "did you mean": change an unknown target, key, flag, world, choice id or word to the
  name the message proposes;
- an unknown `next`: create a node (or an ending) of that name, as a stub that validates;
- a choice without feedback: add a `feedback` line to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from trainer.codes import Code
from trainer.lsp.index import DocumentIndex

_QUOTED = re.compile(r'"([^"\n]*)"')

STUB_FEEDBACK = "TODO: say why this move works or backfires with this buyer now"


@dataclass(frozen=True, slots=True)
class Fix:
    """One quick fix: its title and its edits (start, end, new text) in the normalized text."""

    title: str
    edits: tuple[tuple[int, int, str], ...]
    preferred: bool = False


def fixes(index: DocumentIndex, code: str, message: str, data: Any, start: int, end: int) -> list[Fix]:
    """The quick fixes of one diagnostic (its code, message, `data` and span in the text)."""
    out: list[Fix] = []
    suggestion = data.get("suggestion") if isinstance(data, dict) else None
    path = tuple(data.get("path") or ()) if isinstance(data, dict) else ()
    if isinstance(suggestion, str):
        fix = _did_you_mean(index, message, suggestion, start, end)
        if fix is not None:
            out.append(fix)
    if code == Code.UNKNOWN_TARGET and path[-1:] == ("next",):
        wrong = _first_quoted(message)
        if wrong is not None:
            out += _create_target(index, wrong)
    if code == Code.NO_FEEDBACK:
        fix = _add_feedback(index, start)
        if fix is not None:
            out.append(fix)
    return out


def _first_quoted(message: str) -> str | None:
    found = _QUOTED.search(message)
    return found.group(1) if found else None


def _did_you_mean(index: DocumentIndex, message: str, suggestion: str, start: int, end: int) -> Fix | None:
    """Replace the message's first quoted word (the wrong one) where the diagnostic stands."""
    wrong = _first_quoted(message)
    if not wrong:
        return None
    text = index.document.text
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    pattern = re.compile(r"(?<![A-Za-z0-9_-])" + re.escape(wrong) + r"(?![A-Za-z0-9_-])")
    found = pattern.search(text, start, max(end, line_end))
    if found is None:
        return None
    return Fix(f'Change "{wrong}" to "{suggestion}"', ((found.start(), found.end(), suggestion),), preferred=True)


def _create_target(index: DocumentIndex, name: str) -> list[Fix]:
    """A node stub that leads to an ending (so the file still validates), and an ending stub."""
    text = index.document.text
    at = len(text)
    lead = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    endings = index.targets("endings")
    target = endings[0] if endings else (index.targets("nodes") or [name])[0]
    node = (
        f"{lead}[nodes.{name}]\n"
        'text = "TODO: what the buyer says here"\n\n'
        f"[[nodes.{name}.choices]]\n"
        'text = "TODO: what the player says"\n'
        'tactic = "ask"\n'
        f'next = "{target}"\n'
        f'feedback = "{STUB_FEEDBACK}"\n'
    )
    ending = f'{lead}[endings.{name}]\noutcome = "lost"\ntext = "TODO: how the conversation ends"\n'
    return [
        Fix(f'Create node "{name}"', ((at, at, node),)),
        Fix(f'Create ending "{name}"', ((at, at, ending),)),
    ]


def _add_feedback(index: DocumentIndex, start: int) -> Fix | None:
    """A `feedback` line under the choice's `[[...choices]]` header."""
    text = index.document.text
    if not text.startswith("[[", start):
        return None
    line_end = text.find("\n", start)
    if line_end < 0:
        return Fix("Add feedback to this choice", ((len(text), len(text), f'\nfeedback = "{STUB_FEEDBACK}"\n'),))
    at = line_end + 1
    return Fix("Add feedback to this choice", ((at, at, f'feedback = "{STUB_FEEDBACK}"\n'),))

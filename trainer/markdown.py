"""Writing untrusted text into Markdown documents safely.

`md_text` makes text literal for a GitHub-flavoured renderer: no emphasis,
code, links (bracketed, autolinks `<...>`, bare URLs, `www.` and e-mail
addresses), HTML, entities, headings (ATX and setext), lists, block quotes,
tables, thematic breaks or indented code. Control and bidi characters are
shown as escapes (`trainer.text_safety.visible`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trainer.text_safety import visible

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&@$])")
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<![a-z0-9])(www)(\.)")
_ORDERED = re.compile(r"^(\d+)([.)])")


def md_text(text: str) -> str:
    """Text as literal Markdown, one paragraph: nothing in it becomes structure."""
    lines = [_md_line(line) for line in visible(text, lines=True).replace("\t", " ").split("\n")]
    return "\n".join(line for line in lines if line)


def _md_line(line: str) -> str:
    line = _SPECIAL.sub(r"\\\1", line.strip())
    line = _AUTOLINK.sub(lambda m: "\\:" if m.group(1) else "www\\.", line)
    if _ORDERED.match(line):
        return _ORDERED.sub(r"\1\\\2", line)
    if line[:1] in ("-", "="):
        return "\\" + line
    return line


def md_cell(text: str) -> str:
    """Literal text for a table cell (one line)."""
    return md_text(" ".join(text.split()))


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A pipe table; cells must already be escaped (use `md_cell`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines

"""Writing untrusted scenario text into Markdown documents safely."""

from __future__ import annotations

import re
from collections.abc import Sequence

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md_text(text: str) -> str:
    """Scenario text as literal Markdown: no markup, links or HTML get through."""
    return _SPECIAL.sub(r"\\\1", text)


def md_cell(text: str) -> str:
    """Literal text for a table cell (one line)."""
    return md_text(" ".join(text.split()))


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A pipe table; cells must already be escaped (use `md_cell`)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines

"""Characters that scenario text may not contain: control and bidi controls."""

from __future__ import annotations

import re
import unicodedata

# C0 except tab and newline, DEL, C1, and the bidirectional embedding,
# override and isolate controls.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def describe_char(char: str) -> str:
    """`U+001B (ESCAPE)`."""
    name = unicodedata.name(char, "") or _C0_NAMES.get(ord(char), "control character")
    return f"U+{ord(char):04X} ({name})"


_C0_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN",
             0x1B: "ESCAPE", 0x7F: "DELETE"}


def forbidden_message(char: str) -> str:
    kind = "bidirectional control" if "\u202a" <= char <= "\u2069" else "control character"
    return (
        f"{kind} {describe_char(char)} is not allowed in scenario files; "
        "delete it (text is shown literally, so it could hide or reorder what players read)"
    )

"""Numbers in solid block glyphs, three rows high: thick enough to read from the back of a room
(Textual's `Digits` draws hairlines that vanish on a projector)."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

GLYPHS: dict[str, tuple[str, str, str]] = {
    "0": ("█▀█", "█ █", "▀▀▀"),
    "1": ("▀█ ", " █ ", "▀▀▀"),
    "2": ("▀▀█", "█▀▀", "▀▀▀"),
    "3": ("▀▀█", " ▀█", "▀▀▀"),
    "4": ("█ █", "▀▀█", "  ▀"),
    "5": ("█▀▀", "▀▀█", "▀▀▀"),
    "6": ("█▀▀", "█▀█", "▀▀▀"),
    "7": ("▀▀█", "  █", "  ▀"),
    "8": ("█▀█", "█▀█", "▀▀▀"),
    "9": ("█▀█", "▀▀█", "▀▀▀"),
    "-": ("   ", "▀▀▀", "   "),
    "+": (" ▄ ", "▀█▀", "   "),
    "?": ("▀▀█", " █▀", " ▀ "),
}


def block_rows(text: str) -> tuple[str, str, str]:
    """`text` as three rows of block glyphs, one column between characters; characters
    without a glyph are drawn blank."""
    blank = ("   ", "   ", "   ")
    glyphs = [GLYPHS.get(char, blank) for char in text]
    return tuple(" ".join(glyph[row] for glyph in glyphs) for row in range(3))  # type: ignore[return-value]


class BlockDigits(Widget):
    """A number (or `--`) in block glyphs; `value` is what it shows, as text."""

    DEFAULT_CSS = """
    BlockDigits { width: auto; height: 3; }
    """

    def __init__(self, value: str = "", *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.value = value

    def update(self, value: str) -> None:
        self.value = value
        self.refresh(layout=True)

    def render(self) -> Content:
        return Content("\n".join(block_rows(self.value)))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max(len(self.value) * 4 - 1, 0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 3

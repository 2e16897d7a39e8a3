"""The game's themes: a readable default, a high-contrast one and one for projectors."""

from __future__ import annotations

from textual.theme import Theme

DEFAULT = Theme(
    name="trainer",
    primary="#5FA8D3",
    secondary="#B8A1E3",
    accent="#F2B134",
    warning="#F2B134",
    error="#F0626B",
    success="#5CC98B",
    foreground="#E8E6E1",
    background="#1B1F24",
    surface="#242A31",
    panel="#2E3640",
    dark=True,
)

HIGH_CONTRAST = Theme(
    name="trainer-contrast",
    primary="#FFFFFF",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF66",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#333333",
    dark=True,
    variables={"footer-key-foreground": "#FFFF00", "block-cursor-background": "#FFFF00", "block-cursor-foreground": "#000000"},
)

PROJECTOR = Theme(
    name="trainer-projector",
    primary="#002F87",
    secondary="#5B1A8C",
    accent="#0040C0",
    warning="#8A4B00",
    error="#B00020",
    success="#00632A",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E4E4E4",
    boost="#D0D0D0",
    dark=False,
    variables={"footer-key-foreground": "#002F87", "block-cursor-background": "#002F87", "block-cursor-foreground": "#FFFFFF"},
)
"""Black on white with dark, saturated colours: what survives a washed-out projector in a lit room."""

THEMES = (DEFAULT, HIGH_CONTRAST, PROJECTOR)


def next_theme(current: str) -> str:
    """The next of the game's themes (the default when `current` is none of them)."""
    names = [theme.name for theme in THEMES]
    return names[(names.index(current) + 1) % len(names)] if current in names else names[0]

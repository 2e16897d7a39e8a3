"""The player's settings (coach mode, theme), kept in `<saves>/settings.toml`.

Headless: the game reads them at start and writes them when they change.
A missing, unreadable or corrupt file gives the defaults and is left as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

from trainer.files import FileRefused, read_regular_file

SETTINGS_FILE = "settings.toml"
MAX_SETTINGS_BYTES = 64 * 1024
"""The largest settings file read (it holds two values); a larger one is ignored."""
DEFAULT_THEME = "trainer"


REAL_CALL_CHOICES = ("by-difficulty", "always", "never")
"""When a play is a real call (meters, their changes and tactics hidden until the debrief):
for intermediate and advanced scenarios only (the default), for every scenario, or never."""


class Settings(NamedTuple):
    """`coach_mode`: show the coach's feedback right after each choice (for novices);
    `real_call`: when plays start as real calls (one of `REAL_CALL_CHOICES`)."""

    coach_mode: bool = False
    theme: str = DEFAULT_THEME
    real_call: str = "by-difficulty"

    def real_call_for(self, difficulty: str) -> bool:
        """Whether a play of a scenario of `difficulty` starts as a real call."""
        if self.real_call == "always":
            return True
        if self.real_call == "never":
            return False
        return difficulty != "beginner"

    def with_changes(self, **changes: Any) -> Settings:
        """These settings with `changes` (field names) made."""
        return self._replace(**changes)


def settings_path(saves: Path) -> Path:
    return saves / SETTINGS_FILE


def load_settings(saves: Path) -> Settings:
    """The saved settings; each unreadable or wrongly typed value falls back to its default."""
    try:
        raw = read_regular_file(settings_path(saves), MAX_SETTINGS_BYTES)
    except FileRefused:
        return Settings()
    import tomllib  # only when there is a file: a player who never changed a setting has none (5 ms of a launch)

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return Settings()
    default = Settings()
    coach = data.get("coach_mode")
    theme = data.get("theme")
    real_call = data.get("real_call")
    return Settings(
        coach_mode=coach if isinstance(coach, bool) else default.coach_mode,
        theme=theme if isinstance(theme, str) and theme else default.theme,
        real_call=real_call if real_call in REAL_CALL_CHOICES else default.real_call,
    )


def save_settings(saves: Path, settings: Settings) -> None:
    """Write the settings atomically (creates the saves folder if needed)."""
    import tomli_w  # only when saving: the game's start stays light

    from trainer.atomic import write_atomic

    write_atomic(settings_path(saves), tomli_w.dumps(settings._asdict()).encode("utf-8"))

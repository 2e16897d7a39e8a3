"""Where the game keeps its files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SAVES_ENV = "TRAINER_SAVES"
PACKS_ENV = "TRAINER_PACKS"
_CHECKOUT = Path(__file__).resolve().parent.parent


def _data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "trainer"


def saves_dir(option: str | None = None) -> Path:
    """`--saves DIR`, else `$TRAINER_SAVES`, else the checkout's `saves/` folder
    (when running from a clone), else `~/.local/share/trainer/saves`.
    Never inside the installed package. Not created here."""
    if option:
        return Path(option).expanduser()
    if os.environ.get(SAVES_ENV):
        return Path(os.environ[SAVES_ENV]).expanduser()
    checkout_saves = _CHECKOUT / "saves"
    if (_CHECKOUT / "pyproject.toml").is_file() and checkout_saves.is_dir():
        return checkout_saves
    return _data_home() / "saves"


def user_packs_dir() -> Path:
    """`$TRAINER_PACKS`, else `~/.local/share/trainer/packs`."""
    if os.environ.get(PACKS_ENV):
        return Path(os.environ[PACKS_ENV]).expanduser()
    return _data_home() / "packs"


def builtin_pack_dir() -> Path:
    """The built-in pack: the checkout's `scenarios/` when running from a clone (or an
    editable install), else the copy a wheel installs under `<prefix>/share/trainer/scenarios`."""
    checkout = _CHECKOUT / "scenarios"
    if (checkout / "pack.toml").is_file():
        return checkout
    for prefix in (sys.prefix, sys.base_prefix):
        installed = Path(prefix) / "share" / "trainer" / "scenarios"
        if (installed / "pack.toml").is_file():
            return installed
    return checkout

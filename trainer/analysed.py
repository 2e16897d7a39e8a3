"""Scenario texts the state-space checks already passed: the library's background check
explores a scenario again only when its text has changed.

Every launch checks every pack afresh (a kept listing may be stale), and the state-space
analysis is most of that work (about 4 s for the built-in pack, on a thread beside the first
frames). The analysis depends only on the scenario's text, the solver's budget and this
version of the game, so a text that passed it with nothing to say (no soft-lock, no warning)
is kept here by its digest, in the cache folder beside the library's listing; a kept file that
is missing, corrupt or from another version or budget is simply forgotten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from trainer import __version__
from trainer.files import FileRefused, read_regular_file

ANALYSED_VERSION = 1
MAX_KEPT = 2000
"""Digests kept at most (64 bytes each); the oldest are forgotten first."""
MAX_FILE_BYTES = 256 * 1024


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class AnalysedTexts:
    """The digests of scenario texts that passed the state-space checks at `budget` (see the
    module's doc). `knows` and `add` take the scenario file's text; `save` writes the file
    when something was added."""

    def __init__(self, path: Path | None, budget: int) -> None:
        self.path = path
        self.budget = budget
        self._clean: dict[str, None] = {}  # ordered: oldest first
        self._changed = False
        if path is not None:
            self._clean = dict.fromkeys(self._read(path))

    def _read(self, path: Path) -> list[str]:
        try:
            data = json.loads(read_regular_file(path, MAX_FILE_BYTES))
            if data.get("analysed") != ANALYSED_VERSION or data.get("trainer") != __version__ or data.get("budget") != self.budget:
                return []
            return [d for d in data["clean"] if isinstance(d, str)][-MAX_KEPT:]
        except (FileRefused, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return []  # a cache: when in doubt, analyse again

    def knows(self, text: str) -> bool:
        return digest(text) in self._clean

    def add(self, text: str) -> None:
        key = digest(text)
        if key not in self._clean:
            self._clean[key] = None
            self._changed = True

    def save(self) -> None:
        """Write the digests (the newest `MAX_KEPT`) if any was added; a cache that cannot be
        written is simply not kept."""
        if self.path is None or not self._changed:
            return
        from trainer.atomic import write_atomic

        data = {"analysed": ANALYSED_VERSION, "trainer": __version__, "budget": self.budget, "clean": list(self._clean)[-MAX_KEPT:]}
        with contextlib.suppress(OSError, ValueError):
            write_atomic(self.path, json.dumps(data).encode("utf-8"))
        self._changed = False

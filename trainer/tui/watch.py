"""`--watch`: a thread that tells the app when the scenario file played, or a pack of the
library, is saved (with `watchfiles`). The folders are watched, not the files, so an editor
that saves by writing a new file and renaming it over the old one is seen too."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from textual.app import App

from trainer.tui.messages import FilesChanged

DEBOUNCE_MS = 150
"""Changes closer together than this are told as one (an editor's save is several writes)."""


class Watcher:
    """Watches `files` and the `.toml` files under `packs`; posts `FilesChanged` to `app`."""

    def __init__(self, app: App[int], files: Sequence[Path], packs: Sequence[Path]) -> None:
        self.app = app
        self.files = {f.resolve() for f in files}
        self.packs = [p.resolve() for p in packs if p.is_dir()]
        self.reloading = False  # the library is being checked again after a pack changed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="trainer-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _wanted(self, path: Path) -> bool:
        return path in self.files or (path.suffix == ".toml" and any(path.is_relative_to(p) for p in self.packs))

    def _run(self) -> None:
        from watchfiles import watch

        roots = sorted({f.parent for f in self.files} | set(self.packs))
        if not roots:
            return
        try:
            for changes in watch(
                *roots, stop_event=self._stop, debounce=DEBOUNCE_MS, recursive=True, raise_interrupt=False
            ):
                paths = {Path(p).resolve() for _, p in changes}
                wanted = {p for p in paths if self._wanted(p)}
                if wanted:
                    self.app.post_message(FilesChanged(wanted))
        except Exception as error:  # noqa: BLE001 - a watcher that fails says so; the game goes on
            self.app.call_from_thread(
                self.app.notify, f"Watching for changes stopped: {error}", severity="warning", timeout=10
            )

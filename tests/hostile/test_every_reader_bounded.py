"""Every file the game reads goes through one bounded reader (`trainer.files.read_regular_file`):
a named pipe where a file should be never blocks it, and a file past the reader's limit is not
read. One test per reader: the scenario cards, the settings, the kept library listing, the saves
(profile, play in progress, runs, the history's summary)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from tests.core.builders import minimal
from trainer import library_index, settings
from trainer.cards import Unreadable, read_table
from trainer.library_index import Listing, PackCard, read_index, write_index
from trainer.limits import MAX_FILE_BYTES
from trainer.saves import SaveStore
from trainer.saves.store import MAX_SAVE_BYTES
from trainer.settings import Settings, load_settings

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def without_blocking(read: Callable[[], Any], fifo: Path) -> Any:
    """What `read()` returns or raises, failing the test when it blocks on the pipe `fifo`."""
    outcome: list[Any] = []

    def reading() -> None:
        try:
            outcome.append(read())
        except Exception as error:  # noqa: BLE001 - handed back to the test
            outcome.append(error)

    thread = threading.Thread(target=reading, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # a writer comes and goes: the reader is let go
        thread.join(10)
        pytest.fail(f"reading {fifo.name} blocked on a named pipe")
    return outcome[0]


def oversize(path: Path, size: int, start: bytes = b"") -> None:
    """A file of `size` bytes (sparse: nothing is written past `start`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(start)
    os.truncate(path, size)


def test_scenario_cards(tmp_path: Path) -> None:
    scenarios = tmp_path / "pack" / "scenarios"
    scenarios.mkdir(parents=True)
    good = scenarios / "good.toml"
    good.write_bytes(tomli_w.dumps(minimal()).encode())
    assert read_table(good, tmp_path / "pack")["format"] == 1
    os.mkfifo(scenarios / "pipe.toml")
    refused = without_blocking(lambda: read_table(scenarios / "pipe.toml", tmp_path / "pack"), scenarios / "pipe.toml")
    assert isinstance(refused, Unreadable) and str(refused) == "is not a file"
    oversize(scenarios / "big.toml", MAX_FILE_BYTES + 1, tomli_w.dumps(minimal()).encode())
    with pytest.raises(Unreadable, match="is too large"):
        read_table(scenarios / "big.toml", tmp_path / "pack")


def test_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saves = tmp_path / "saves"
    path = settings.settings_path(saves)
    path.parent.mkdir(parents=True)
    text = "coach_mode = true\n"
    path.write_text(text, encoding="utf-8")
    assert load_settings(saves).coach_mode
    monkeypatch.setattr(settings, "MAX_SETTINGS_BYTES", 1000)
    path.write_text(text + "#" * 1000 + "\n", encoding="utf-8")  # valid TOML, past the limit: not read
    assert load_settings(saves) == Settings()
    path.unlink()
    os.mkfifo(path)
    assert without_blocking(lambda: load_settings(saves), path) == Settings()


def test_the_kept_library_listing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cache" / "library.json"
    listing = Listing((PackCard(folder=str(tmp_path / "p"), id="p", name="P", source="folder"),), ())
    write_index(path, ["key"], listing)
    assert read_index(path, ["key"]) == listing
    monkeypatch.setattr(library_index, "MAX_INDEX_BYTES", path.stat().st_size + 10)
    path.write_bytes(path.read_bytes() + b" " * 11)  # valid JSON, past the limit: not read
    assert read_index(path, ["key"]) is None
    path.unlink()
    os.mkfifo(path)
    assert without_blocking(lambda: read_index(path, ["key"]), path) is None


@pytest.mark.parametrize("name", ["profiles.toml", "profiles/default/profile.toml", "profiles/default/current.toml",
                                  "profiles/default/runs/20240101T000000Z-aaaaaaaaaaaa.toml",
                                  "profiles/default/runs-summary.json"])
def test_the_saves(name: str, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    SaveStore(saves).ensure_profile("default")
    (saves / "profiles/default/runs").mkdir()
    path = saves / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)

    def everything() -> tuple[object, ...]:
        store = SaveStore(saves)
        profile = store.current_profile()
        return profile.name, store.current_play("default"), store.summaries("default"), store.last_run("default")

    assert without_blocking(everything, path) == ("Player", None, [], None)
    path.unlink()
    oversize(path, MAX_SAVE_BYTES + 1, b"version = 1\n")
    store = SaveStore(saves)
    assert (store.current_profile().name, store.current_play("default"), store.summaries("default")) == ("Player", None, [])
    if name.endswith(".toml"):  # a save past the limit is moved aside, and says so
        assert not path.exists() and any("larger than" in notice for notice in store.take_notices())

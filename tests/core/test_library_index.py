"""The library index: cards made from packs, saved, read back, and refused when stale."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES
from trainer.library_index import (
    Listing,
    discover_listing,
    listing_key,
    read_index,
    write_index,
)

TUI_PACK = FIXTURES / "tui-pack"


def test_cards_list_every_scenario_with_broken_ones_and_their_first_error() -> None:
    listing = discover_listing([TUI_PACK], builtin=False)
    (pack,) = listing.packs
    by_file = {Path(s.path).name: s for s in pack.scenarios}
    assert by_file["coffee.toml"].playable and by_file["coffee.toml"].title
    broken = by_file["broken.toml"]
    assert not broken.playable and broken.problem is not None and broken.problem.startswith("broken.toml:")
    assert pack.playable_count == sum(1 for s in pack.scenarios if s.playable)


def test_round_trip(tmp_path: Path) -> None:
    listing = discover_listing([TUI_PACK], builtin=False)
    key = listing_key([TUI_PACK], builtin=False)
    path = tmp_path / "cache" / "index.json"
    write_index(path, key, listing)
    assert read_index(path, key) == listing


def test_stale_or_corrupt_indexes_are_not_used(tmp_path: Path) -> None:
    listing = discover_listing([TUI_PACK], builtin=False)
    key = listing_key([TUI_PACK], builtin=False)
    path = tmp_path / "index.json"
    assert read_index(path, key) is None  # missing
    write_index(path, key, listing)
    assert read_index(path, [*key, "/another/pack"]) is None  # other pack locations
    data = json.loads(path.read_text())
    data["trainer"] = "0.0.0-older"
    path.write_text(json.dumps(data))
    assert read_index(path, key) is None  # written by another version
    path.write_text('{"index": 1, "trainer": ')
    assert read_index(path, key) is None  # half-written
    path.write_text(json.dumps({**data, "trainer": __import__("trainer").__version__, "packs": [{"folder": 1}]}))
    assert read_index(path, key) is None  # wrong shape


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    write_index(blocker / "index.json", [], Listing(()))  # cannot create a folder inside a file


def test_reading_the_index_does_not_import_pydantic(tmp_path: Path) -> None:
    key = listing_key([TUI_PACK], builtin=False)
    write_index(tmp_path / "i.json", key, discover_listing([TUI_PACK], builtin=False))
    code = (
        "import sys; from pathlib import Path\n"
        "from trainer.library_index import read_index, listing_key\n"
        f"assert read_index(Path({str(tmp_path / 'i.json')!r}), listing_key([Path({str(TUI_PACK)!r})], builtin=False))\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'textual'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

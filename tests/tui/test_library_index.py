"""The library shows the listing kept from the last launch at once, then refreshes it from disk."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from trainer.library_index import discover, listing_key, read_index, write_index
from trainer.tui.app import LIBRARY_CHECK_STATES, TrainerApp
from trainer.tui.widgets.scenario_list import ScenarioList

from .conftest import PACK, until


def checked_listing():  # type: ignore[no-untyped-def]
    """The listing as the game's background check makes it (soft-locks included)."""
    return discover([PACK], builtin=False, check_states=LIBRARY_CHECK_STATES)[1]


def titles(app: TrainerApp) -> list[str]:
    return [str(o.prompt).split("\n")[0] for o in app.screen.query_one(ScenarioList).options if o.id]


async def test_first_launch_keeps_the_listing(saves: Path, tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    app = TrainerApp([PACK], saves=saves, builtin=False, library_index=index)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "The Coffee Machine" in titles(app)
    kept = read_index(index, listing_key([PACK], builtin=False))
    assert kept is not None and kept == checked_listing()


async def test_a_kept_listing_is_shown_first_then_refreshed_from_the_files(saves: Path, tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    key = listing_key([PACK], builtin=False)
    real = checked_listing()
    pack = real.packs[0]
    renamed = dataclasses.replace(pack.scenarios[1], title="An Old Title")
    stale = dataclasses.replace(real, packs=(dataclasses.replace(pack, scenarios=(pack.scenarios[0], renamed, *pack.scenarios[2:])),))
    write_index(index, key, stale)
    app = TrainerApp([PACK], saves=saves, builtin=False, library_index=index)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "An Old Title" in titles(app)  # shown straight from the kept listing
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "An Old Title" not in titles(app)
        assert renamed.title not in titles(app) and pack.scenarios[1].title in titles(app)
    assert read_index(index, key) == real  # and kept for next time


def test_starting_the_app_does_not_import_the_models() -> None:
    """The launch target rests on this: pydantic and the core load in the background."""
    import subprocess
    import sys

    code = (
        "import sys\nimport trainer.tui.app, trainer.tui.launch\n"
        "print(sorted({m.split('.')[0] for m in sys.modules if m.startswith(('pydantic', 'trainer.model', 'trainer.saves', 'trainer.validation'))}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


async def test_two_packs_with_one_id_are_reported_in_the_game(saves: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(PACK, copy)
    app = TrainerApp([PACK, copy], saves=saves, builtin=True)
    async with app.run_test(size=(100, 30)) as pilot:
        def reported() -> bool:
            return any('two packs have the id "tui-tests"' in n.message for n in app._notifications)

        await until(pilot, reported)

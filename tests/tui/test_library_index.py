"""The library shows the listing kept from the last launch at once, then refreshes it from disk."""

from __future__ import annotations

from pathlib import Path

from tests.tui.helpers import PACK, library_checked, make_app, told, until
from trainer.game.game import LIBRARY_CHECK_STATES
from trainer.game.library_rows import LibraryEntry
from trainer.library_index import discover, listing_key, read_index, write_index
from trainer.tui.app import TrainerApp
from trainer.tui.widgets.scenario_list import ScenarioList


def checked_listing():  # type: ignore[no-untyped-def]
    """The listing as the game's background check makes it (soft-locks included)."""
    return discover([PACK], builtin=False, check_states=LIBRARY_CHECK_STATES)[1]


def titles(app: TrainerApp) -> list[str]:
    return [row.value.title for row in app.screen.query_one(ScenarioList).rows if row and isinstance(row.value, LibraryEntry)]


def test_the_first_launch_lists_the_cards_the_files_claim(saves: Path, tmp_path: Path) -> None:
    """No listing kept: the library lists what the files say, before any check (see `trainer.cards`)."""
    app = TrainerApp([PACK], saves=saves, builtin=False, library_index=tmp_path / "index.json")
    library = app.get_default_screen()
    by_file = {e.path.name: e for e in library.entries}
    assert by_file["coffee.toml"].title == "The Coffee Machine" and by_file["coffee.toml"].playable
    assert by_file["broken.toml"].title == "A Broken Scenario"  # its error comes with the check


async def test_first_launch_keeps_the_checked_listing(saves: Path, tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    key = listing_key([PACK], builtin=False)
    app = TrainerApp([PACK], saves=saves, builtin=False, library_index=index)
    async with app.run_test(size=(80, 24)) as pilot:
        await library_checked(pilot)
        assert "The Coffee Machine" in titles(app)
        await until(pilot, lambda: read_index(index, key) is not None, deadline=30)
        await until(pilot, lambda: "A Broken Scenario" not in titles(app), deadline=30)  # listed as broken.toml, with its error
        assert "broken.toml" in titles(app)
    assert read_index(index, key) == checked_listing()


async def test_a_kept_listing_is_shown_first_then_refreshed_from_the_files(saves: Path, tmp_path: Path) -> None:
    index = tmp_path / "index.json"
    key = listing_key([PACK], builtin=False)
    real = checked_listing()
    pack = real.packs[0]
    renamed = pack.scenarios[1]._replace(title="An Old Title")
    stale = real._replace(packs=(pack._replace(scenarios=(pack.scenarios[0], renamed, *pack.scenarios[2:])),))
    write_index(index, key, stale)
    app = TrainerApp([PACK], saves=saves, builtin=False, library_index=index)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "An Old Title" in titles(app)  # shown straight from the kept listing
        await library_checked(pilot)
        assert "An Old Title" not in titles(app)
        assert renamed.title not in titles(app) and pack.scenarios[1].title in titles(app)
    assert read_index(index, key) == real  # and kept for next time


async def test_two_packs_with_one_id_are_reported_in_the_game(saves: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(PACK, copy)
    app = make_app(saves, PACK, copy, builtin=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: 'two packs have the id "tui-tests"' in told(pilot))

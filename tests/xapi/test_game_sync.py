"""The game syncs in the background after each run when an LRS is set, and says how many runs
wait; play never waits for the LRS."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from aiohttp import web

from tests.tui.helpers import PACK, SCENARIOS
from trainer.game.game import CannotPlay, Game
from trainer.xapi.outbox import Outbox
from trainer.xapi.profile import EXT_RUN, run_statement_ids
from trainer.xapi.settings import LrsSettings, save_lrs

from .fake import fake_lrs
from .ralph import USERS, RalphLrs, free_port

COFFEE = SCENARIOS / "coffee.toml"
WIN = [2, 1, 1]


def game(saves: Path) -> Game:
    g = Game(saves, packs=[PACK], builtin=False)
    g.take_check(g.check_packs())
    return g


def finish(g: Game, picks: list[int] = WIN):  # type: ignore[no-untyped-def]
    loaded = g.open(COFFEE)
    assert not isinstance(loaded, CannotPlay)
    session = g.begin(loaded)
    for pick in picks:
        session.choose(pick)
    started = time.monotonic()
    run = g.keep(session)
    assert time.monotonic() - started < 2.0  # the ending does not wait for the network (the slow LRS takes 6 s)
    assert run is not None
    return run


def test_without_an_lrs_nothing_is_sent_or_shown(saves: Path) -> None:
    g = game(saves)
    finish(g)
    assert g.sync.wait(30)
    assert g.runs_waiting_to_sync is None and not Outbox(saves, "default").folder.exists()
    g.close()


def test_each_run_goes_to_the_lrs_after_it_ends(ralph: RalphLrs, saves: Path) -> None:
    save_lrs(saves, "default", LrsSettings(ralph.url, "alice", USERS["alice"][0], email="alice@example.com"))
    g = game(saves)
    runs = [finish(g), finish(g, [1, 1])]
    assert g.sync.wait(60)
    assert g.runs_waiting_to_sync == 0
    stored = ralph.stored()
    assert sorted(s["id"] for s in stored) == sorted(i for r in runs for i in run_statement_ids(r.id, len(r.steps)))
    assert {s["context"]["extensions"][EXT_RUN] for s in stored} == {r.id for r in runs}
    g.close()


def test_lrs_down_runs_wait_and_are_counted(ralph_auth: Path, saves: Path, tmp_path: Path) -> None:
    server = RalphLrs(ralph_auth, tmp_path / "lrs", port=free_port())  # not started
    save_lrs(saves, "default", LrsSettings(server.url, "alice", USERS["alice"][0]))
    g = game(saves)
    finish(g)
    assert g.sync.wait(60)
    assert g.runs_waiting_to_sync == 1 and "cannot be reached" in (g.sync.last_problem or "")
    finish(g)
    assert g.sync.wait(60)
    assert g.runs_waiting_to_sync == 2  # backing off: not tried again so soon, still counted
    assert Outbox(saves, "default").retry_state()[0] == 1
    g.close()


def test_a_slow_lrs_never_slows_play(saves: Path) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(6)
        return web.json_response([])

    with fake_lrs(slow) as fake:
        save_lrs(saves, "default", LrsSettings(fake.url, "alice", "pw"))
        g = game(saves)
        finish(g)
        for _ in range(3):
            finish(g)  # each ending returns at once (asserted in `finish`) while the first send hangs
        assert len(g.store.runs("default")) == 4
        g.close()  # does not wait for the send under way


async def test_the_library_says_how_many_runs_wait(saves: Path) -> None:
    from tests.tui.helpers import library_checked, make_app, open_scenario, texts, until

    save_lrs(saves, "default", LrsSettings(f"http://127.0.0.1:{free_port()}/xAPI/", "alice", "pw"))  # nothing listens
    app = make_app(saves)
    async with app.run_test(size=(60, 20)) as pilot:
        await library_checked(pilot)
        await until(pilot, lambda: app.game.runs_waiting_to_sync == 0)
        assert "waiting to sync" not in texts(pilot, "#count")
        await open_scenario(pilot, "coffee")
        for key in ("2", "1", "1"):
            await pilot.press(key)
            await pilot.pause()
        await until(pilot, lambda: app.game.runs_waiting_to_sync == 1, deadline=60)
        await pilot.press("escape")
        await until(pilot, lambda: "1 run waiting to sync" in texts(pilot, "#count"), deadline=30)
        assert texts(pilot, "#count").endswith("·  ? help")  # fits in 60 columns


def test_a_long_history_is_put_in_the_outbox_a_few_runs_at_a_time(saves: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from trainer.saves import SaveStore

    from .plays import record_runs

    monkeypatch.setattr("trainer.game.lrs_sync.BACKGROUND_QUEUE_LIMIT", 2)
    store = SaveStore(saves)
    store.ensure_profile("default")
    runs = record_runs(store, "default", 5, 9)
    save_lrs(saves, "default", LrsSettings(f"http://127.0.0.1:{free_port()}/xAPI/", "alice", "pw"))  # nothing listens
    g = Game(saves, builtin=True)
    g.take_check(g.check_packs())
    assert g.sync.wait(120)
    assert Outbox(saves, "default").waiting() == sorted(r.id for r in runs)[:2]  # the oldest two, replayed
    assert g.runs_waiting_to_sync == 5  # all counted
    g.close()


async def test_the_runs_waiting_are_never_cut_off_at_60_columns(saves: Path) -> None:
    """With drills due beside them the line is longer than 60 columns: it takes a second row
    rather than losing its end ("3 runs waiting to" alone would say the wrong thing)."""
    from textual.widgets import Static

    from tests.tui.helpers import library_checked, make_app

    app = make_app(saves)
    async with app.run_test(size=(60, 20)) as pilot:
        await library_checked(pilot)
        assert app.game.sync.wait(30)
        app.game.drills_due, app.game.sync.waiting = 4, 3
        app.library.show_game()
        await pilot.pause()
        count = app.screen.query_one("#count", Static)
        drawn = [count.render_line(y).text for y in range(count.size.height)]
        words = " ".join(drawn).split()
        assert "4 drills due (f7) · 3 runs waiting to sync · ? help" in " ".join(words)


def test_asking_whether_a_player_has_an_lrs_loads_no_statement_module(tmp_path: Path) -> None:
    """The game asks after every pack check, for players who never set an LRS too: reading the
    settings needs neither the statements (the debrief, the solver) nor the HTTP client."""
    import subprocess
    import sys

    code = (
        "import sys\nfrom pathlib import Path\nfrom trainer.xapi.settings import load_lrs\n"
        f"assert load_lrs(Path({str(tmp_path)!r}), 'default', {{}}) is None\n"
        "print(sorted(m for m in sys.modules if m in ('trainer.xapi.profile', 'trainer.debrief', 'trainer.solver', 'urllib.request')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

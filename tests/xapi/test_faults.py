"""Faults: the LRS not started, stopped mid-sync, failing, slow, refusing the credentials, not an
LRS at all, and the sync killed at random: afterwards every run is stored exactly once."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from aiohttp import web

from trainer.cli import main
from trainer.library import discover_packs
from trainer.saves import SaveStore
from trainer.xapi.client import LrsClient, LrsUnreachable
from trainer.xapi.outbox import FIRST_DELAY, Outbox
from trainer.xapi.profile import run_statement_ids
from trainer.xapi.settings import LrsSettings, save_lrs
from trainer.xapi.sync import sync_profile

from .fake import fake_lrs
from .plays import team
from .ralph import USERS, RalphLrs, free_port

ROOT = Path(__file__).resolve().parents[2]


def alice_settings(url: str, password: str = USERS["alice"][0]) -> LrsSettings:
    return LrsSettings(url, "alice", password, email="alice@example.com")


def expected_ids(runs: list) -> Counter[str]:
    return Counter(i for run in runs for i in run_statement_ids(run.id, len(run.steps)))


def stored_ids(server: RalphLrs) -> Counter[str]:
    return Counter(s["id"] for s in server.stored())


def test_lrs_not_started_then_started(ralph_auth: Path, saves: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runs = team(saves, {"Alice": 4})["alice"]
    server = RalphLrs(ralph_auth, tmp_path / "later", port=free_port())  # nothing listens there yet
    save_lrs(saves, "alice", alice_settings(server.url))
    started = time.monotonic()
    assert main(["sync", "--profile", "alice", "--saves", str(saves), "--retries", "1"]) == 1
    assert time.monotonic() - started >= 1.0  # one pause before the second try
    captured = capsys.readouterr()
    assert "cannot be reached" in captured.err and "4 runs waiting to sync." in captured.out
    outbox = Outbox(saves, "alice")
    assert len(outbox.waiting()) == 4 and not outbox.due()  # the game waits before trying again
    failures, next_try = outbox.retry_state()
    assert failures == 1 and next_try == pytest.approx(time.time() + FIRST_DELAY, abs=5)
    server.start()
    try:
        assert main(["sync", "--profile", "alice", "--saves", str(saves)]) == 0
        assert stored_ids(server) == expected_ids(runs)
        assert outbox.waiting() == [] and outbox.due() and outbox.retry_state() == (0, 0.0)
    finally:
        server.stop()


def test_lrs_stopped_mid_sync(ralph: RalphLrs, saves: Path) -> None:
    runs = team(saves, {"Alice": 8})["alice"]
    settings = alice_settings(ralph.url)
    sent: list[str] = []

    def stop_after_three(run_id: str) -> None:
        sent.append(run_id)
        if len(sent) == 3:
            ralph.stop()

    store = SaveStore(saves)
    result = sync_profile(store, "alice", settings, discover_packs(), delays=(0.05,), on_sent=stop_after_three)
    assert result is not None and result.stopped and result.runs_sent == 3 and result.waiting == 5
    assert sent == sorted(r.id for r in runs)[:3]
    ralph.start()
    result = sync_profile(store, "alice", settings, discover_packs(), delays=(0.05,))
    assert result is not None and result.complete and result.runs_sent == 5
    assert stored_ids(ralph) == expected_ids(runs)


def test_wrong_credentials(ralph: RalphLrs, saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team(saves, {"Alice": 2})
    save_lrs(saves, "alice", alice_settings(ralph.url, password="not-the-password"))
    started = time.monotonic()
    assert main(["sync", "--profile", "alice", "--saves", str(saves)]) == 1
    assert time.monotonic() - started < 30  # not tried again: it cannot work
    captured = capsys.readouterr()
    assert "refused the user name or password (HTTP 401)" in captured.err
    assert "not-the-password" not in captured.out + captured.err
    assert len(Outbox(saves, "alice").waiting()) == 2 and ralph.stored() == []
    assert Outbox(saves, "alice").due()  # no backoff: the player fixes the password and syncs at once
    assert main(["lrs", "--profile", "alice", "--saves", str(saves), "--check"]) == 1
    assert "refused the user name or password" in capsys.readouterr().err
    save_lrs(saves, "alice", alice_settings(ralph.url))
    assert main(["lrs", "--profile", "alice", "--saves", str(saves), "--check"]) == 0
    assert "The LRS accepts the user name and password." in capsys.readouterr().out
    assert main(["sync", "--profile", "alice", "--saves", str(saves)]) == 0
    assert len(ralph.stored()) == sum(len(r.steps) + 2 for r in SaveStore(saves).runs("alice"))


def test_an_unreadable_outbox_file_is_built_again(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    runs = team(saves, {"Alice": 2})["alice"]
    received: list[list[dict]] = []

    async def accepting(request: web.Request) -> web.Response:
        batch = await request.json()
        received.append(batch)
        return web.json_response([s["id"] for s in batch])

    with fake_lrs(accepting) as fake:
        outbox = Outbox(saves, "alice")
        settings = alice_settings(fake.url)
        store = SaveStore(saves)
        from trainer.xapi.sync import queue_runs, run_debriefs

        assert queue_runs(store, "alice", settings.actor("Alice"), run_debriefs(discover_packs())) == 2
        damaged = outbox.folder / f"{runs[0].id}.json"
        damaged.write_text("[{not json")
        result = sync_profile(store, "alice", settings, discover_packs())
        assert result is not None and result.runs_sent == 1 and "could not be read" in result.problems[0]
        assert any(p.name.startswith(damaged.name + ".corrupt-") for p in outbox.folder.iterdir())  # kept aside
        result = sync_profile(store, "alice", settings, discover_packs())  # built again from the run, and sent
        assert result is not None and result.complete and result.runs_sent == 1
    assert sorted(s["id"] for batch in received for s in batch) == sorted(expected_ids(runs))


def test_server_errors_back_off(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team(saves, {"Alice": 2})

    async def failing(request: web.Request) -> web.Response:
        return web.json_response({"detail": "database down"}, status=500)

    with fake_lrs(failing) as fake:
        save_lrs(saves, "alice", alice_settings(fake.url))
        store = SaveStore(saves)
        pauses: list[float] = []
        from trainer.xapi.sync import send_outbox

        outbox = Outbox(saves, "alice")
        result = sync_profile(store, "alice", alice_settings(fake.url), discover_packs(), delays=(0.01, 0.02))
        assert result is not None and result.stopped and result.waiting == 2
        assert "failed (HTTP 500): database down" in result.problems[0]
        assert [m for m, _ in fake.requests] == ["POST"] * 3  # the first run, tried three times, then stopped
        assert fake.requests[0][1] == "/xAPI/statements"
        first = outbox.retry_state()
        result = send_outbox(outbox, LrsClient(alice_settings(fake.url)), delays=(1.0, 2.0, 4.0), sleep=pauses.append)
        assert pauses == [1.0, 2.0, 4.0]  # each pause longer than the one before
        second = outbox.retry_state()
        assert (first[0], second[0]) == (1, 2) and second[1] - time.time() == pytest.approx(2 * FIRST_DELAY, abs=5)


def test_slow_beyond_the_timeout(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team(saves, {"Alice": 1})

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(1.5)
        return web.json_response([])

    with fake_lrs(slow) as fake:
        save_lrs(saves, "alice", alice_settings(fake.url))
        assert main(["sync", "--profile", "alice", "--saves", str(saves), "--timeout", "0.3", "--retries", "0"]) == 1
        started = time.monotonic()
        with pytest.raises(LrsUnreachable, match=r"did not answer within 0\.3 s"):
            LrsClient(alice_settings(fake.url), timeout=0.3).post_statements([{"id": "x"}])
        assert time.monotonic() - started < 1.4  # gave up at the timeout, not when the answer came
    captured = capsys.readouterr()
    assert "did not answer within 0.3 s" in captured.err and "1 run waiting to sync." in captured.out


def test_answer_not_json(saves: Path, capsys: pytest.CaptureFixture[str]) -> None:
    team(saves, {"Alice": 1})

    async def html(request: web.Request) -> web.Response:
        return web.Response(text="<html><body>Welcome to the intranet</body></html>", content_type="text/html")

    with fake_lrs(html) as fake:
        save_lrs(saves, "alice", alice_settings(fake.url))
        assert main(["sync", "--profile", "alice", "--saves", str(saves)]) == 1
        assert len(fake.requests) == 1  # not an LRS: not tried again
    captured = capsys.readouterr()
    assert "answered with something that is not JSON; check that the endpoint is the xAPI base URL" in captured.err
    assert "Welcome" not in captured.err and len(Outbox(saves, "alice").waiting()) == 1


def test_killed_at_random_twenty_times(ralph: RalphLrs, saves: Path) -> None:
    made = team(saves, {"Alice": 12, "Bob": 12})
    runs = made["alice"]
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TRAINER_SAVES": str(saves),
        "TRAINER_LRS_URL": ralph.url,
        "TRAINER_LRS_PASSWORD": USERS["alice"][0],
        "TRAINER_LRS_USER": "alice",
    }
    command = [sys.executable, "-m", "trainer", "sync", "--profile", "alice"]
    # how long a whole sync takes on this machine now: Bob's runs, sent as Alice (other run ids)
    started = time.monotonic()
    subprocess.run([*command[:-1], "bob"], env=env, check=True, capture_output=True, timeout=300)
    whole = time.monotonic() - started
    rng = random.Random(18)
    outbox = Outbox(saves, "alice")
    sent_when_killed = []
    for _ in range(20):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.0) * whole)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            sent_when_killed.append(len(outbox.sent()))
        process.wait(30)
        if len(outbox.sent()) == len(runs):  # all sent: back in the outbox, to be killed while sending again
            for path in outbox.sent_folder.iterdir():
                os.replace(path, outbox.folder / path.name)
    assert any(0 < sent < len(runs) for sent in sent_when_killed), sent_when_killed  # killed mid-send
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    stored = stored_ids(ralph)
    assert max(stored.values()) == 1  # nothing stored twice
    assert stored == expected_ids(runs) + expected_ids(made["bob"])  # every statement of every run, once
    assert outbox.waiting() == [] and outbox.sent() == {r.id for r in runs}

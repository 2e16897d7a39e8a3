"""Nothing lost: a workshop session is saved after every vote and step, crash-safe, and offered
back at the next start; leaving or quitting offers to save the summary first."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.tui.helpers import choose, told, until
from tests.workshop.test_session import session
from tests.workshop.test_workshop_tui import opened, workshop_app
from trainer.engine import Engine
from trainer.game.workshop import VoteTally, WorkshopSession
from trainer.game.workshop_keeper import restore_workshop, saved_workshop
from trainer.game.writer import SaveWriter
from trainer.saves import CannotContinue, SaveStore
from trainer.saves.models import SavedWorkshop, SavedWorkshopStep
from trainer.tui.screens.confirm import ConfirmScreen
from trainer.tui.screens.leave_workshop import LeaveWorkshopScreen
from trainer.tui.screens.workshop import WorkshopScreen
from trainer.validation import load_scenario

FIRST_CALL = FIXTURES / "first-call.toml"


def played() -> tuple[object, SavedWorkshop]:
    room = session(hide_meters=True)
    room.scenario_file = FIRST_CALL
    room.play(2, room.tally([1, 7]))
    room.rewind(0)
    room.play(1, room.tally([5, 5]))  # a tie, the facilitator's pick
    room.mark_headline("A")
    room.count_hand(2)
    room.count_hand(2)
    return room, saved_workshop(room)


def test_a_saved_session_comes_back_whole(tmp_path: Path) -> None:
    room, saved = played()
    store = SaveStore(tmp_path)
    store.save_workshop(saved)
    again = store.current_workshop()
    assert again == saved
    loaded = load_scenario(FIRST_CALL)
    assert loaded.compiled is not None
    back = restore_workshop(Engine(loaded.compiled), loaded.analysis, again)
    assert [p.label for p in back.paths] == ["A", "B"] and back.current.label == "B" and back.headline == "A"
    assert [s.number for s in back.path("A").steps] == [2] and back.path("A").steps[0].votes == VoteTally((1, 7))
    assert back.current.steps[0].tie_broken and back.current.steps[0].votes == VoteTally((5, 5))
    assert back.path("B").parent == "A" and back.path("B").branched_at == 0
    assert back.keypad == [0, 2] and back.awaiting_reveal and back.hide_meters
    assert back.state == room.state and back.session_id == room.session_id


def test_a_session_resumed_past_its_first_decision_counts_hands_at_the_decision_on_screen() -> None:
    """The keypad comes back sized for the decision the session is at, with its hands, not for the
    scenario's first decision (resuming where they offer different numbers of choices crashed)."""
    from trainer.engine import Transition
    from trainer.library import BUILTIN_PACK_DIR
    from trainer.secure import SecureAnalysis

    def differs(path: Path) -> tuple[Engine, SecureAnalysis | None, Transition] | None:
        loaded = load_scenario(path)
        if loaded.compiled is None:
            return None
        engine = Engine(loaded.compiled)
        start = engine.start()
        after = engine.choose(start.state, engine.offered(start.state)[0].number).state
        offered = len(engine.offered(after))
        return (engine, loaded.analysis, start) if offered and offered != len(engine.offered(start.state)) else None

    found = next(filter(None, map(differs, sorted((BUILTIN_PACK_DIR / "scenarios").glob("*.toml")))))
    engine, analysis, start = found
    room = WorkshopSession(engine, analysis, start=start)
    room.play(engine.offered(room.state)[0].number)
    room.count_hand(2)
    back = restore_workshop(engine, analysis, saved_workshop(room))
    assert back.keypad == room.keypad and sum(back.keypad) == 1
    assert back.tally(back.counts()).counts == tuple(room.keypad)


def test_a_session_the_scenario_no_longer_plays_is_refused_with_the_reason() -> None:
    _, saved = played()
    broken = saved.model_copy(
        update={"paths": [saved.paths[0].model_copy(update={"steps": [SavedWorkshopStep(number=7)]}), saved.paths[1]]}
    )
    loaded = load_scenario(FIRST_CALL)
    assert loaded.compiled is not None
    with pytest.raises(CannotContinue, match="path A, step 1 cannot be played again"):
        restore_workshop(Engine(loaded.compiled), loaded.analysis, broken)


def test_a_damaged_session_file_is_moved_aside_not_read(tmp_path: Path) -> None:
    store = SaveStore(tmp_path)
    (tmp_path / "workshops").mkdir()
    (tmp_path / "workshops" / "current.toml").write_text('version = 2\nsession_id = "x"\ncurrent = "A"\npaths = []\n')
    assert store.current_workshop() is None
    assert any(name.startswith("current.toml.corrupt-") for name in (p.name for p in (tmp_path / "workshops").iterdir()))
    assert "could not be read" in " ".join(store.take_notices())


def test_a_burst_of_votes_is_one_write_with_every_vote(tmp_path: Path) -> None:
    from trainer.game.workshop_keeper import WorkshopKeeper

    room, _ = played()
    writer = SaveWriter(settle=0.2)
    keeper = WorkshopKeeper(SaveStore(tmp_path), writer)
    for _ in range(30):
        room.count_hand(1)  # type: ignore[attr-defined]
        keeper.keep(saved_workshop(room))  # type: ignore[arg-type]
    writer.close()
    assert writer.written == 1
    data = tomllib.loads((tmp_path / "workshops" / "current.toml").read_text())
    assert data["keypad"] == [30, 2]


async def test_votes_and_steps_survive_a_crash_and_are_offered_back(saves: Path) -> None:
    app = workshop_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "2", "2", "1", "enter")  # step 1 played, 2 votes to 1
        await choose(pilot, "b", "enter", "1", "enter")  # path B from the start, choice 1
        await choose(pilot, "m", "2", "2", "2")  # path B is the headline; three hands at step 2
        session_id = screen.session.session_id
        app.game._writer.flush()  # the writes were queued as the keys came in; a crash now loses nothing
        saved = (saves / "workshops" / "current.toml").read_bytes()
        app.game._writer.close = lambda timeout=None: True  # type: ignore[method-assign]  # killed: no goodbye write
    assert b"keypad = [\n    0,\n    3,\n]" in saved or tomllib.loads(saved.decode())["keypad"] == [0, 3]

    again = workshop_app(saves, open_file=None)
    async with again.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        question = pilot.app.screen.question  # type: ignore[attr-defined]
        assert 'Resume the workshop on "The First Call"' in question and "path B, 2 steps played, 2 paths" in question
        await choose(pilot, "y")
        screen = await opened(pilot)
        assert screen.session.session_id == session_id
        assert [p.label for p in screen.session.paths] == ["A", "B"] and screen.session.current.label == "B"
        assert screen.session.headline == "B" and "★ headline" in str(screen.query_one("#title-bar").render())
        assert screen.votes == [0, 3]
        assert screen.session.path("A").steps[0].votes == VoteTally((1, 2))
        await choose(pilot, "backspace")  # undo still takes the last hand back
        assert screen.votes == [0, 2]


async def test_declining_the_offer_forgets_the_session(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await choose(pilot, "2", "enter")
        pilot.app.game._writer.flush()
    assert (saves / "workshops" / "current.toml").exists()
    async with workshop_app(saves, open_file=None).run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await choose(pilot, "n")
        await pilot.pause()
    assert not (saves / "workshops" / "current.toml").exists()


async def test_opening_the_same_scenario_offers_its_session(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await choose(pilot, "2", "enter", "1")
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:  # `--workshop play FILE` again
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        await choose(pilot, "y")
        screen = await opened(pilot)
        assert screen.session.step_count == 1 and screen.votes == [1, 0]


async def test_quitting_offers_to_save_the_summary_first(saves: Path) -> None:
    app = workshop_app(saves)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await choose(pilot, "2", "enter", "q")
        dialog = pilot.app.screen
        assert isinstance(dialog, LeaveWorkshopScreen)
        assert "resume it next time" in " ".join(str(w.render()) for w in dialog.query(".dialog-hint"))
        await choose(pilot, "n")  # stay
        assert isinstance(pilot.app.screen, WorkshopScreen)
        await choose(pilot, "q", "s")
        await pilot.pause()
    assert app.return_code == 0
    summaries = list((saves / "workshops").glob("first-call-*.md"))
    assert len(summaries) == 1 and "## Path A (the first path)" in summaries[0].read_text()
    assert (saves / "workshops" / "current.toml").exists()  # and the session stays, to resume


async def test_leaving_for_the_library_can_save_the_summary(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        await opened(pilot)
        await choose(pilot, "1", "enter", "escape")
        assert isinstance(pilot.app.screen, LeaveWorkshopScreen)
        await choose(pilot, "s")
        await until(pilot, lambda: type(pilot.app.screen).__name__ == "LibraryScreen")
        assert "Summary saved to" in told(pilot)
    assert list((saves / "workshops").glob("first-call-*.md"))


async def test_a_summary_that_cannot_be_written_keeps_the_facilitator_in_the_workshop(saves: Path) -> None:
    async with workshop_app(saves).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await choose(pilot, "1", "enter")
        screen.summaries = saves / "nowhere" / "x.md" / "y"
        (saves / "nowhere").mkdir(parents=True)
        (saves / "nowhere" / "x.md").write_text("a file")
        await choose(pilot, "escape", "s")
        assert pilot.app.screen is screen and "was not saved" in told(pilot)



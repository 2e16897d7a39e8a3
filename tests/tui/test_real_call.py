"""Real-call mode: during play the buyer's words are all the player gets (no meter, no change, no
tactic, no coach); the debrief reveals everything; saves and the history record the mode."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.tui.helpers import PACK, choose, history, make_app, open_scenario, texts, until, visible_text
from trainer.model import Tactic
from trainer.settings import Settings, load_settings, save_settings
from trainer.tui.screens.debrief import DebriefScreen
from trainer.tui.screens.play import PlayScreen
from trainer.tui.widgets.meter import Meter

TACTIC_WORDS = re.compile(r"\b(" + "|".join(t.value for t in Tactic) + r")\b")
LEAKS = re.compile(r"\b(trust|pressure)\b|[+-]\d+\b|Coach:|coach on|coach off", re.IGNORECASE)


def real_call_pack(tmp_path: Path) -> Path:
    """The test pack with coffee made intermediate: a real call by default."""
    pack = tmp_path / "pack"
    shutil.copytree(PACK, pack)
    coffee = pack / "scenarios" / "coffee.toml"
    coffee.write_text(coffee.read_text().replace('difficulty = "beginner"', 'difficulty = "intermediate"'))
    for other in ("markup.toml", "broken.toml", "stuck.toml"):
        (pack / "scenarios" / other).unlink()
    return pack


def assert_nothing_leaks(pilot) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, PlayScreen)
    assert not any(m.display for m in screen.query(Meter)), "a meter is drawn"
    shown = visible_text(pilot)
    assert not LEAKS.search(shown), LEAKS.search(shown)
    said = history(pilot)
    assert "You: " in said or not screen.session.steps
    assert not re.search(r"You \(", said), "a tactic label in the transcript"


async def test_a_real_call_shows_no_meter_change_or_tactic_until_the_debrief(saves: Path, tmp_path: Path) -> None:
    save_settings(saves, Settings(coach_mode=True))  # even with the coach on: the coach waits too
    async with make_app(saves, real_call_pack(tmp_path)).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        assert isinstance(pilot.app.screen, PlayScreen)
        assert "real call" in texts(pilot, "#title-bar")
        assert_nothing_leaks(pilot)
        for key in ("2", "1", "1"):
            await choose(pilot, key)
            assert_nothing_leaks(pilot)
        assert pilot.app.screen.session.ended
        assert "Sam books the trial for Monday" in visible_text(pilot)  # the story still shows
        await choose(pilot, "1")
        assert isinstance(pilot.app.screen, DebriefScreen)
        revealed = visible_text(pilot)
        assert TACTIC_WORDS.search(revealed) and "trust" in revealed  # each choice's tactic and effect
        assert "Coach: The need is real and confirmed" in revealed
    from trainer.saves import SaveStore

    store = SaveStore(saves)
    assert [r.real_call for r in store.runs("default")] == [True]
    assert [r.real_call for r in store.summaries("default")] == [True]


async def test_the_key_switches_it_for_this_play_and_the_run_is_no_longer_a_real_call(saves: Path, tmp_path: Path) -> None:
    async with make_app(saves, real_call_pack(tmp_path)).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2")
        assert_nothing_leaks(pilot)
        await choose(pilot, "m")
        screen = pilot.app.screen
        assert any(m.display for m in screen.query(Meter))
        assert "You (qualify): Yes. Before I tell you anything" in history(pilot)  # the history too
        assert "coach off" in texts(pilot, "#title-bar")
        await choose(pilot, "m")
        assert_nothing_leaks(pilot)
        await choose(pilot, "1", "1")
        await until(pilot, lambda: pilot.app.game.keeper.last_run is not None)
        assert pilot.app.game.keeper.last_run.real_call is False


async def test_beginner_scenarios_show_the_meters_and_the_setting_changes_the_default(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:  # coffee is a beginner scenario
        await open_scenario(pilot, "coffee")
        assert any(m.display for m in pilot.app.screen.query(Meter))
        await choose(pilot, "2", "1", "1")
        await until(pilot, lambda: pilot.app.game.keeper.last_run is not None)
        assert pilot.app.game.keeper.last_run.real_call is False
    save_settings(saves, Settings(real_call="always"))
    assert load_settings(saves).real_call == "always"
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        assert_nothing_leaks(pilot)

"""Coach mode and theme are remembered in <saves>/settings.toml; a corrupt file never crashes."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.tui.helpers import choose, history, make_app, open_scenario, texts
from trainer.settings import Settings, load_settings, save_settings, settings_path


def test_settings_round_trip(tmp_path: Path) -> None:
    save_settings(tmp_path, Settings(coach_mode=True, theme="trainer-contrast"))
    assert load_settings(tmp_path) == Settings(coach_mode=True, theme="trainer-contrast")


def test_missing_or_corrupt_settings_give_defaults_and_keep_the_file(tmp_path: Path) -> None:
    assert load_settings(tmp_path) == Settings()
    settings_path(tmp_path).write_bytes(b"coach_mode = [not toml")
    assert load_settings(tmp_path) == Settings()
    assert settings_path(tmp_path).read_bytes() == b"coach_mode = [not toml"
    settings_path(tmp_path).write_text('coach_mode = "yes"\ntheme = 3\n')
    assert load_settings(tmp_path) == Settings()


async def test_coach_mode_shows_feedback_at_once_and_is_remembered(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        await open_scenario(pilot, "coffee")
        await choose(pilot, "2")
        assert "Coach:" not in texts(pilot, "#event-note")  # by default, feedback waits
        await choose(pilot, "c", "1")
        assert "Coach: The grumbling is where the need is." in texts(pilot, "#event-note")
        assert "Coach: The grumbling is where the need is." in history(pilot)
    assert tomllib.loads(settings_path(saves).read_text())["coach_mode"] is True
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        assert pilot.app.game.settings.coach_mode is True


async def test_theme_switch_is_remembered(saves: Path) -> None:
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        assert pilot.app.theme == "trainer"
        await choose(pilot, "f3")
        assert pilot.app.theme == "trainer-contrast"
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        assert pilot.app.theme == "trainer-contrast"


async def test_app_starts_with_a_corrupt_settings_file(saves: Path) -> None:
    saves.mkdir(parents=True)
    settings_path(saves).write_text("theme = \n")
    async with make_app(saves).run_test(size=(80, 24)) as pilot:
        assert pilot.app.theme == "trainer"
        assert pilot.app.game.settings == Settings()
    assert settings_path(saves).read_text() == "theme = \n"


async def test_a_saved_theme_is_drawn_from_the_first_frame_with_one_parse(saves: Path, monkeypatch) -> None:
    """The saved theme is in use before any style sheet is read: its colours on the first
    screen, its classes on the app, and no second parse of every style sheet at start-up."""
    from textual.color import Color
    from textual.css.stylesheet import Stylesheet

    from trainer.tui.app import TrainerApp
    from trainer.tui.themes import THEMES

    reparses: list[object] = []
    real_reparse = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (reparses.append(self), real_reparse(self))[1])
    # the screens' sheets, read together after the warm-up, are parsed once more on purpose
    # (test_play: test_no_screen_waits_for_its_style_sheet): not a parse of the start
    monkeypatch.setattr(TrainerApp, "_read_screen_styles", lambda app: None)
    for theme in THEMES:
        save_settings(saves, Settings(theme=theme.name))
        async with make_app(saves).run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert pilot.app.theme == theme.name
            assert pilot.app.screen.styles.background == Color.parse(theme.background or "")
            assert pilot.app.has_class(f"-theme-{theme.name}")
            assert pilot.app.has_class("-dark-mode" if theme.dark else "-light-mode")
            assert reparses == []
    async with make_app(saves).run_test(size=(80, 24)) as pilot:  # a switch still applies at once
        await choose(pilot, "f3")
        assert pilot.app.screen.styles.background == Color.parse(pilot.app.current_theme.background or "")
        assert len(reparses) == 1

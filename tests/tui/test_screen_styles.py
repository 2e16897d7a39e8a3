"""A screen's style sheet styles that screen only: Textual keeps every sheet it has read for
every screen, so a rule left unscoped (`#scenarios`, `#prompt`) restyled another screen's widget
of the same id once its screen had been shown (the library's list, after the progress screen)."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import pytest
from textual.app import App
from textual.css.model import SelectorType
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

from tests.tui.helpers import held, library_checked, make_app, until
from trainer.game.game import Game
from trainer.tui.screens.library import LibraryScreen
from trainer.tui.screens.progress import ProgressScreen
from trainer.tui.widgets.scenario_list import ScenarioList

SCREENS = Path(__file__).resolve().parents[2] / "trainer" / "tui" / "screens"


def screens_by_sheet() -> dict[Path, list[type[Screen[object]]]]:
    """Every screen class of the game, by the style sheets it reads (`CSS_PATH`)."""
    users: dict[Path, list[type[Screen[object]]]] = {}
    for module_file in sorted(SCREENS.glob("*.py")):
        module = importlib.import_module(f"trainer.tui.screens.{module_file.stem}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__ and cls.CSS_PATH:
                paths = [cls.CSS_PATH] if isinstance(cls.CSS_PATH, (str, Path)) else cls.CSS_PATH
                for path in paths:
                    users.setdefault((module_file.parent / path).resolve(), []).append(cls)
    users[(SCREENS / "library.tcss").resolve()] = [LibraryScreen]  # read by the app, for its first screen
    return users


def test_every_rule_of_a_screen_sheet_is_scoped_to_the_screens_that_read_it() -> None:
    users = screens_by_sheet()
    assert set(users) == {sheet.resolve() for sheet in SCREENS.glob("*.tcss")}  # each read, by its screens
    variables = App().get_css_variables()
    for sheet, screens in users.items():
        stylesheet = Stylesheet(variables=variables)
        stylesheet.read(sheet)
        stylesheet.parse()
        assert stylesheet.rules, sheet
        for rule in stylesheet.rules:
            for selectors in rule.selector_set:
                first = selectors.selectors[0]
                assert first.type is SelectorType.TYPE, f"{sheet.name}: {selectors.css} is not scoped to a screen"
                assert all(first.name in screen._css_type_names for screen in screens), (
                    f"{sheet.name}: {selectors.css} is not scoped to {', '.join(s.__name__ for s in screens)}"
                )


async def test_the_library_list_keeps_its_look_when_every_sheet_is_read(saves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The progress screen has a `#scenarios` of its own: every screen's sheet read (after the
    warm-up) and the progress screen shown, the library's list is styled as in its first frame."""
    release = held(monkeypatch, Game, "check_packs")
    try:
        async with make_app(saves).run_test(size=(80, 24)) as pilot:
            library = pilot.app.screen
            assert isinstance(library, LibraryScreen)
            scenarios = library.query_one(ScenarioList)
            first = list_styles(scenarios)  # only the app's and the library's sheets read yet
            release.set()
            await library_checked(pilot)
            await pilot.press("f5")
            await until(pilot, lambda: isinstance(pilot.app.screen, ProgressScreen))
            await pilot.press("escape")
            await until(pilot, lambda: pilot.app.screen is library)
            await pilot.pause()
            assert list_styles(scenarios) == first
    finally:
        release.set()


def list_styles(scenarios: ScenarioList) -> tuple[str, dict[str, str]]:
    return scenarios.styles.css, {name: styles.css for name, styles in scenarios._component_styles.items()}

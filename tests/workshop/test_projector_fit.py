"""At 60x20 the room sees every offered choice of every built-in scenario, whole: on the screen,
or on a page the screen names. Measured on what is drawn, cell by cell."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.helpers import make_app, until
from tests.workshop.projector import Decision, decisions, screen_lines, text_in, words
from trainer.game.play import PlaySession
from trainer.game.workshop import FacilitatedStep
from trainer.library import BUILTIN_PACK_DIR
from trainer.tui.screens.workshop import WorkshopScreen
from trainer.tui.widgets.votes import ChoiceRow, ChoiceVotes
from trainer.validation import LoadedPack, load_pack


@cache
def builtin() -> LoadedPack:
    return load_pack(BUILTIN_PACK_DIR)


def scenario_names() -> list[str]:
    return sorted(item.path.name for item in builtin().scenarios)


async def show(pilot: Pilot[int], screen: WorkshopScreen, decision: Decision) -> ChoiceVotes:
    """Put `decision` on the projector, as if the room had just chosen the step that led there."""
    transition = decision.transition
    session = screen.session
    session.current.steps = [] if transition.event is None else [FacilitatedStep(transition)]
    if transition.event is None:
        session.start = transition
    session.set_keypad([0] * len(session.engine.offered(session.state)))  # no hands yet at this decision
    screen._new_decision()
    choices = screen.query_one(ChoiceVotes)
    await until(pilot, lambda: choices.paged_for == choices.layout_key and all(r.is_mounted for r in choices.rows))
    await pilot.pause()
    return choices


def check_page(pilot: Pilot[int], screen: WorkshopScreen, choices: ChoiceVotes, seen: set[int], where: str) -> None:
    lines = screen_lines(pilot)
    whole = screen.region
    line = screen.query_one("#ws-line")
    assert whole.contains_region(line.region), f"{where}: the buyer's line runs off the screen"
    engine = screen.session.engine
    state = screen.session.state
    assert words(engine.text(state)) in text_in(lines, line.region), f"{where}: the buyer's line is cut"
    for meter in ("#ws-trust", "#ws-pressure"):
        assert whole.contains_region(screen.query_one(meter).region), f"{where}: {meter} off screen"
    area = choices.content_region
    more = choices.query_one("#ws-more")
    shown = [row for row in choices.rows if row.display]
    assert shown, f"{where}: no choice on this page"
    for row in shown:
        assert isinstance(row, ChoiceRow)
        assert area.contains_region(row.region), f"{where}: choice {row.number} does not fit"
        if more.display:
            assert not row.region.overlaps(more.region), f"{where}: the page notice covers choice {row.number}"
        text = row.query_one(".choice-text")
        assert text_in(lines, text.region) == words(row.text), f"{where}: choice {row.number} is cut"
        assert text_in(lines, row.query_one(".choice-number").region) == str(row.number)
        seen.add(row.number)
    if choices.page_count > 1:
        notice = text_in(lines, more.region)
        assert f"Page {choices.page + 1}/{choices.page_count}" in notice, f"{where}: the pages are not named"


@pytest.mark.parametrize("name", scenario_names())
async def test_every_choice_of_every_decision_fits_at_60x20(saves: Path, name: str) -> None:
    item = next(item for item in builtin().scenarios if item.path.name == name)
    app = make_app(saves, workshop=True)
    app.animation_level = "none"
    paged = 0
    async with app.run_test(size=(60, 20)) as pilot:
        screen = WorkshopScreen(PlaySession.begin(item), summaries=saves / "workshops")
        await pilot.app.push_screen(screen)
        await pilot.pause()
        for decision in decisions(item):
            choices = await show(pilot, screen, decision)
            where = f"{name} at {decision.transition.state.node}"
            seen: set[int] = set()
            check_page(pilot, screen, choices, seen, where)
            if choices.page_count > 1:
                paged += 1
                for _ in range(choices.page_count - 1):
                    await pilot.press("pagedown")
                    await pilot.pause()
                    check_page(pilot, screen, choices, seen, where)
                await pilot.press("pageup")
            assert seen == set(range(1, len(choices.rows) + 1)), f"{where}: choices {sorted(seen)} of {len(choices.rows)} shown"
    print(f"{name}: {paged} decisions on two pages or more")

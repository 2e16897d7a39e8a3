"""The play screen's choices at every size: each one is on screen, or the list scrolls to it when
it is highlighted, and a click on it plays it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.helpers import history, make_app, until
from tests.tui.test_steady_exchange import SCENARIO, SIZES, the_long_play
from trainer.tui.screens.play import PlayScreen
from trainer.tui.widgets.choice_list import ChoiceList


def lines_in_view(choices: ChoiceList) -> list[str]:
    return [choices.render_line(y).text.strip() for y in range(choices.scrollable_content_region.height)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_choice_is_in_view_when_highlighted_and_a_click_plays_it(tmp_path: Path, size: tuple[int, int]) -> None:
    engine, world, _ = the_long_play()
    offers = engine.offered(engine.start(world).state)
    assert len(offers) >= 4  # the first node's choices do not all fit at 60x20 and 80x24
    app = make_app(tmp_path / "saves", open_file=SCENARIO, open_world=world)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        screen = pilot.app.screen
        assert isinstance(screen, PlayScreen)
        choices = screen.query_one(ChoiceList)
        await pilot.pause()
        assert screen.region.contains_region(choices.region) and choices.region.height >= 3
        for index, offer in enumerate(offers):
            if index:
                await pilot.press("down")
            assert choices.highlighted == index
            first_words = f"{offer.number}  {offer.choice.text}"[:20]
            assert any(line.startswith(first_words) for line in lines_in_view(choices)), (index, lines_in_view(choices))
        last = offers[-1]
        y = next(y for y, line in enumerate(lines_in_view(choices)) if line.startswith(f"{last.number}  "))
        await pilot.click(ChoiceList, offset=(3, y))
        await until(pilot, lambda: len(screen.session.steps) == 1)
        assert screen.session.steps[0].event is not None and screen.session.steps[0].event.choice.text == last.choice.text
        await until(pilot, lambda: last.choice.text[:30] in " ".join(history(pilot).split()))

"""After a choice the exchange (the note on it, the buyer's line, the choices) is redrawn in place
when the new content fits: no widget asks for a layout of the screen. And whatever it holds, the
line and the choices stay on screen, and the transcript keeps rows of its own, at every size.
While the player reads, the exchanges the next choice can lead to are drawn ahead: the one
chosen is shown without drawing its text again."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget

from tests.tui.helpers import history, make_app, text_of, until
from trainer.engine import Engine, PlayState
from trainer.tui.screens.play import PlayScreen
from trainer.tui.widgets.choice_list import ChoiceList
from trainer.tui.widgets.steady import SteadyStatic, needed_height
from trainer.tui.widgets.transcript import Transcript, ending_badge
from trainer.validation import load_scenario

SCENARIO = Path(__file__).parents[2] / "scenarios" / "scenarios" / "cold-call-logistics.toml"
SIZES = [(60, 20), (80, 24), (120, 40)]


def the_long_play() -> tuple[Engine, str | None, list[tuple[int, PlayState]]]:
    """The scenario's engine, its first world (None without worlds) and `a_long_path` through it."""
    loaded = load_scenario(SCENARIO)
    assert loaded.compiled is not None and loaded.scenario is not None
    engine = Engine(loaded.compiled)
    world = loaded.scenario.worlds[0].id if loaded.scenario.worlds else None
    return engine, world, a_long_path(engine, world)


def a_long_path(engine: Engine, world: str | None) -> list[tuple[int, PlayState]]:
    """Each choice (and the state after it) of a play that goes on to a new node, and does not
    end, whenever it can."""
    state = engine.start(world).state
    seen, path = {state.node}, []
    while not state.ended:
        offers = engine.offered(state)
        after = {o.number: engine.choose(state, o.number).state for o in offers}
        fresh = [o for o in offers if after[o.number].node not in seen]
        going = [o for o in fresh if not after[o.number].ended]
        pick = going or fresh or offers
        offer = pick[len(seen) % len(pick)]
        state = engine.choose(state, offer.number).state
        seen.add(state.node)
        path.append((offer.number, state))
    return path


def inside(widget: Widget, screen: Widget) -> bool:
    return widget.region.height > 0 and screen.region.contains_region(widget.region)


def exchange_in_view(screen: PlayScreen) -> None:
    """The buyer's line whole, every choice drawn (or, when they outnumber the rows, the list
    scrolls to each: its scrollbar shows), and the transcript keeps 3 rows at least."""
    prompt = screen.query_one("#prompt", SteadyStatic)
    choices = screen.query_one(ChoiceList)
    assert inside(prompt, screen) and inside(choices, screen)
    assert prompt.outer_size.height >= needed_height(prompt), "the buyer's line is cut"
    lines = choices.virtual_size.height
    assert lines <= choices.scrollable_content_region.height or choices.show_vertical_scrollbar
    assert screen.query_one(Transcript).outer_size.height >= 3


class LayoutRequests:
    """Every widget of `screen` that asks for a layout (`refresh(layout=True)`) while it is on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked: list[str] = []
        self.screen: Widget | None = None
        refresh = Widget.refresh

        def counted(widget: Widget, *regions: object, **options: object) -> Widget:
            if options.get("layout") and self.screen is not None and widget.screen is self.screen:
                self.asked.append(widget.id or type(widget).__name__)
            return refresh(widget, *regions, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(Widget, "refresh", counted)


def held(screen: PlayScreen) -> tuple[object, ...]:
    """What a choice may change that does need a layout: a held height, a scrollbar, the note shown."""
    note, prompt, choices = screen.query_one("#event-note"), screen.query_one("#prompt"), screen.query_one(ChoiceList)
    transcript = screen.query_one(Transcript)
    return (
        note.display, str(note.styles.height), str(prompt.styles.height), str(choices.styles.height),
        choices.show_vertical_scrollbar, transcript.show_vertical_scrollbar,
    )


def yours(pilot: Pilot[int]) -> int:
    """How many of your choices the transcript shows."""
    return sum(line.startswith("You") for line in history(pilot).splitlines())


async def play_through(pilot: Pilot[int], engine: Engine, path: list[tuple[int, PlayState]], requests: LayoutRequests) -> int:
    """Play `path`; after each choice, the exchange is in view. Returns how many choices changed
    nothing that needs a layout, and asserts that those asked for none."""
    screen = pilot.app.screen
    assert isinstance(screen, PlayScreen)
    quiet = 0
    for step, (number, state) in enumerate(path, 1):
        before = held(screen)
        requests.screen, requests.asked = screen, []
        await pilot.press(str(number))
        line = engine.text(state)
        await until(pilot, lambda n=step, line=line: len(screen.session.steps) == n and line in text_of(screen.query_one("#prompt")))  # type: ignore[misc]
        await until(pilot, lambda n=step: yours(pilot) == n)  # type: ignore[misc]  # the step is in the transcript too
        await pilot.pause()
        asked, requests.screen = list(requests.asked), None
        exchange_in_view(screen)
        if held(screen) == before:
            quiet += 1
            assert asked == [], f"choice {step} ({number}) asked for a layout: {asked}"
    return quiet


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_choice_that_fits_is_drawn_without_a_layout(tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    engine, world, path = the_long_play()
    requests = LayoutRequests(monkeypatch)
    app = make_app(tmp_path / "saves", open_file=SCENARIO, open_world=world)
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        screen = pilot.app.screen
        assert isinstance(screen, PlayScreen)
        if screen.session.real_call:
            await pilot.press("m")  # meters and a note on each choice: the exchange at its fullest
        await until(pilot, lambda: not screen.session.real_call)
        await pilot.pause()
        exchange_in_view(screen)
        quiet = await play_through(pilot, engine, path, requests)
        assert len(path) >= 5
        assert quiet >= len(path) // 3, f"only {quiet} of {len(path)} choices kept the exchange's geometry"
        # at the ending nothing is held: the line and the one choice left take just their rows
        for part in (screen.query_one("#prompt", SteadyStatic), screen.query_one(ChoiceList)):
            await until(pilot, lambda part=part: part.outer_size.height == needed_height(part))  # type: ignore[misc]
        await pilot.press("r")  # a restart: the same scenario, the same held heights
        await until(pilot, lambda: not screen.session.steps)
        await pilot.pause()
        exchange_in_view(screen)


class Drawings:
    """The plain text of every `Content` drawn (wrapped and styled into lines), in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.texts: list[str] = []
        render = Content.render_strips

        def counted(content: Content, *args: object, **options: object) -> object:
            self.texts.append(content.plain)
            return render(content, *args, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(Content, "render_strips", counted)


async def test_the_exchange_a_choice_leads_to_is_drawn_before_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    engine, world, path = the_long_play()
    drawings = Drawings(monkeypatch)
    app = make_app(tmp_path / "saves", open_file=SCENARIO, open_world=world)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        screen = pilot.app.screen
        assert isinstance(screen, PlayScreen)
        ahead, since = 0, 0  # since: the drawings after the last key
        for step, (number, state) in enumerate(path, 1):
            line = text_of_line(engine, state)
            choices = [f"{o.number}  {o.choice.text}" for o in engine.offered(state)] if not state.ended else ["1  See the debrief"]
            await until(pilot, lambda line=line, i=since: line in drawings.texts[i:])  # type: ignore[misc]  # drawn while the player reads
            await until(pilot, lambda choices=choices, i=since: set(choices) <= set(drawings.texts[i:]))  # type: ignore[misc]
            before, since = held(screen), len(drawings.texts)
            await pilot.press(str(number))
            await until(pilot, lambda line=line: line in text_of(screen.query_one("#prompt")))  # type: ignore[misc]
            shown = drawings.texts[since:]  # drawn from the key until the line was on screen
            await until(pilot, lambda n=step: yours(pilot) == n)  # type: ignore[misc]
            await pilot.pause()
            if held(screen) == before and not state.ended:  # the same rows, widths and style: shown as drawn ahead
                ahead += 1
                assert line not in shown, f"choice {step}: the buyer's line was drawn again"
                assert not set(choices) & set(shown), f"choice {step}: the choices were drawn again"
        assert ahead >= len(path) // 3


def text_of_line(engine: Engine, state: PlayState) -> str:
    """The plain text of what the play screen says at `state`: the buyer's line, or the ending's
    text over its badge."""
    ending = engine.ending(state)
    if ending is not None:
        return f"{engine.text(state)}\n{ending_badge(ending).plain}"
    speaker = engine.speaker(state)
    return f"{speaker}: {engine.text(state)}" if speaker is not None else engine.text(state)


def held_rows(screen: PlayScreen) -> tuple[int, int]:
    """The rows the buyer's line and the choices hold."""
    prompt, choices = screen.query_one("#prompt", SteadyStatic), screen.query_one(ChoiceList)
    return prompt.held_height.rows(prompt), choices.held_height.rows(choices) if choices.held_height else 0


FRAME_AFTER = "-- the frame after --"


def frames_marked(monkeypatch: pytest.MonkeyPatch) -> LayoutRequests:
    """Layout requests, with `FRAME_AFTER` among them where a choice's frame after begins."""
    requests = LayoutRequests(monkeypatch)
    show_step = PlayScreen._show_step

    def marked(screen: PlayScreen, *args: object) -> None:
        requests.asked.append(FRAME_AFTER)
        show_step(screen, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(PlayScreen, "_show_step", marked)
    return requests


async def the_play(pilot: Pilot[int]) -> PlayScreen:
    """The play screen, once shown and drawn."""
    await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
    screen = pilot.app.screen
    assert isinstance(screen, PlayScreen)
    await pilot.pause()
    return screen


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_frame_with_the_line_is_laid_out_only_when_the_exchange_grows(tmp_path: Path, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """A choice's first frame (the buyer's line and the choices) asks for a layout only when the
    line or the choices need more rows than held; rows to give back to the transcript (the end's
    fewer ones too) and a scrollbar that comes or goes with the choices wait for the frame after."""
    engine, world, path = the_long_play()
    requests = frames_marked(monkeypatch)
    app = make_app(tmp_path / "saves", open_file=SCENARIO, open_world=world)
    async with app.run_test(size=size) as pilot:
        screen = await the_play(pilot)
        waited = 0
        for step, (number, _state) in enumerate(path, 1):
            before, scrollbar = held_rows(screen), screen.query_one(ChoiceList).show_vertical_scrollbar
            requests.screen, requests.asked = screen, []
            await pilot.press(str(number))
            await until(pilot, lambda n=step: yours(pilot) == n)  # type: ignore[misc]
            await pilot.pause()
            requests.screen = None
            first_frame = requests.asked[: requests.asked.index(FRAME_AFTER)]
            grew = any(now > then for now, then in zip(held_rows(screen), before, strict=True))
            if not grew:
                assert first_frame == [], f"choice {step}: {first_frame}"
                waited += held_rows(screen) != before or screen.query_one(ChoiceList).show_vertical_scrollbar != scrollbar
        if size != (120, 40):
            assert waited, "no choice gave rows back or changed the scrollbar: the test proves nothing here"


async def test_an_ending_is_said_in_the_warning_colour_of_each_theme(tmp_path: Path) -> None:
    engine, world, path = the_long_play()
    app = make_app(tmp_path / "saves", open_file=SCENARIO, open_world=world)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        screen = pilot.app.screen
        assert isinstance(screen, PlayScreen)
        for number, _state in path:
            await pilot.press(str(number))
            await pilot.pause()
        ending = engine.text(path[-1][1])
        await until(pilot, lambda: ending in text_of(screen.query_one("#prompt")))
        for _theme in range(2):
            await pilot.pause()
            prompt = screen.query_one("#prompt", SteadyStatic)
            lines = [prompt.render_line(y) for y in range(prompt.size.height)]
            said = [segment for line in lines for segment in line if segment.text.strip() and segment.text.strip() in ending]
            warning = Color.parse(pilot.app.theme_variables["warning"]).rich_color
            assert said and all(segment.style is not None and segment.style.color == warning for segment in said)
            await pilot.press("f3")  # the next theme: the ending takes its colour


@pytest.mark.parametrize(("size", "crowded"), [((80, 24), 1), ((120, 40), 0)], ids=["80x24", "120x40"])
async def test_the_rows_the_next_exchanges_need_are_held_before_the_key(tmp_path: Path, size: tuple[int, int], crowded: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The exchange holds the rows that every exchange the next choice can lead to will need,
    from the frame after a choice (or a play's first frames, a restart's too): no choice's first
    frame asks for a layout, the first one included, but where holding them would crowd the
    transcript (`crowded` choices of this play at 80x24: the longest line and the most choices
    ahead need 18 of the stage's 22 rows)."""
    engine, world, path = the_long_play()
    requests = frames_marked(monkeypatch)
    app = make_app(tmp_path / "saves", open_file=SCENARIO, open_world=world)
    async with app.run_test(size=size) as pilot:
        screen = await the_play(pilot)
        laid_out: list[str] = []
        for play in ("first", "restarted"):
            for step, (number, _state) in enumerate(path[: len(path) if play == "first" else 2], 1):
                requests.screen, requests.asked = screen, []
                await pilot.press(str(number))
                await until(pilot, lambda n=step: yours(pilot) == n)  # type: ignore[misc]
                await pilot.pause()
                requests.screen = None
                if requests.asked.index(FRAME_AFTER):
                    laid_out.append(f"{play} play, choice {step}")
            await pilot.press("r")
            await until(pilot, lambda: not screen.session.steps)
            await pilot.pause()
        assert len(laid_out) <= crowded, laid_out

"""The play screen: the buyer, the meters, the conversation so far, and your choices."""

from __future__ import annotations

from functools import partial
from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer, Static

from trainer.engine import PlayState, Transition
from trainer.game.author import author_view
from trainer.game.play import PlaySession
from trainer.game.words import change_summary
from trainer.tui.messages import ChoiceMade, PlayFrom, ShowDebrief
from trainer.tui.screens.base import GameScreen
from trainer.tui.signals import GameSignals
from trainer.tui.widgets.author_panel import AuthorPanel, ProblemsBar
from trainer.tui.widgets.buyer_card import BuyerCard
from trainer.tui.widgets.choice_list import ChoiceList, choice_rows
from trainer.tui.widgets.drawn import DrawnContent
from trainer.tui.widgets.meter import FLASH_SECONDS, Meter
from trainer.tui.widgets.row_list import Row
from trainer.tui.widgets.steady import HeldHeight, SteadyStatic, needed_height
from trainer.tui.widgets.transcript import Transcript, coach_said, ending_badge, said, you_said

DEBRIEF_LABEL = "See the debrief"
PREPARE_AFTER = 0.7
"""Seconds after a choice before the next exchanges are drawn ahead (the meters glide for 0.6 s)."""
PREPARE_TICK = 0.01
"""Seconds between two exchanges drawn ahead: frames and keys go in between."""
OUTPUT_GAP = 0.002
"""Seconds between the frame with the buyer's line and the rest of the step. Textual writes
frames to the terminal from a thread of its own, which waits for the interpreter while this one
works (up to its 5 ms switch interval); idle for a moment, the loop lets it write the line first."""


class Exchange(NamedTuple):
    """What the player reads at a state: the buyer's line (or the ending) and the choices, as
    shown; measured and drawn ahead, they keep it (see `trainer.tui.widgets.drawn`)."""

    line: DrawnContent
    choices: list[Row[int]]


class PlayScreen(GameScreen[None]):
    CSS_PATH = "play.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (76, "-wide")]
    MINIMUM_SIZE = Size(46, 12)  # both meters side by side
    BINDINGS = [
        # priority: a number plays at once, without the key travelling from the focused widget up (no
        # text is typed on this screen)
        *(Binding(str(n), f"choose({n})", "Choose", show=n == 1, key_display="1-9", priority=True) for n in range(1, 10)),
        Binding("d", "debrief", "Debrief"),
        Binding("r", "restart", "Restart"),
        Binding("c", "app.toggle_coach", "Coach", show=False),
        Binding("m", "toggle_real_call", "Real call"),
        Binding("escape", "app.library", "Library"),
        Binding("a", "toggle_author", "Author view", show=False),
        Binding("g", "start_here", "Start anywhere", show=False),
    ]

    def __init__(self, session: PlaySession, *, coach: bool, signals: GameSignals, author: bool = False) -> None:
        super().__init__()
        self.session = session
        self.coach = coach
        self.signals = signals
        self.author = author  # the author view is open
        self.unkept: PlaySession | None = None  # a play whose last choice is not passed on to be kept yet
        self._ahead: dict[PlayState, Exchange] = {}  # what the next choice can lead to, measured and drawn ahead

    @property
    def in_progress(self) -> bool:
        """Started and not ended: leaving would lose the play."""
        return bool(self.session.steps) and not self.session.ended

    def compose(self) -> ComposeResult:
        state = self.session.state
        yield Static(id="title-bar", markup=False)
        with Horizontal(id="play-body"):
            with Vertical(id="sidebar"):
                yield BuyerCard(self.session.scenario.buyer, id="buyer")
                yield Meter("trust", state.trust, id="trust")
                yield Meter("pressure", state.pressure, id="pressure")
            with Vertical(id="stage"):
                yield ProblemsBar(id="problems")
                yield AuthorPanel(id="author")
                yield Transcript(id="transcript")
                yield SteadyStatic(id="event-note")
                yield SteadyStatic(id="prompt")
                yield ChoiceList(steady=True, id="choices")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.session.real_call, "-real-call")
        self.show_session()
        self.query_one(ChoiceList).focus()
        self.signals.coach.subscribe(self, self.set_coach, immediate=True)
        self.app.theme_changed_signal.subscribe(self, self._forget_drawn_ahead)

    # -- showing --
    def show_session(self) -> None:
        """Everything from scratch: the history (after a rewind) and the present."""
        self._ahead = {}  # of another play, perhaps of the scenario as it was before an edit (`play --watch`)
        last = self.session.steps[-1] if self.session.steps else None
        self._show_present(last, animate=False)
        transcript = self.query_one(Transcript)
        transcript.reset()
        entries = self._narration(self.session.start)
        before = self.session.start.state
        for step in self.session.steps:
            entries += self._step_entries(before, step)
            before = step.state
        transcript.add(*entries)
        self._prepare_next(self.session)

    def _step_entries(self, before: PlayState, step: Transition) -> list[tuple[Content, str]]:
        """What the transcript shows of one step: the line, your choice, what changed."""
        event = step.event
        assert event is not None
        engine = self.session.engine
        if self.session.real_call:  # the buyer's words carry the signal; the rest waits for the debrief
            return [
                (said(engine.speaker(before), engine.text(before)), "buyer"),
                (you_said(None, event.choice.text), "you"),
                *self._narration(step),
            ]
        entries = [
            (said(engine.speaker(before), engine.text(before)), "buyer"),
            (you_said(event.choice.tactic, event.choice.text), "you"),
            (Content(change_summary(event)), "change"),
        ]
        if self.coach and event.choice.feedback:
            entries.append((coach_said(event.choice.feedback), "coach"))
        return entries + self._narration(step)

    def _narration(self, transition: Transition) -> list[tuple[Content, str]]:
        """What the author wrote for the way to `transition`: an interrupt's text, the check nodes' texts."""
        return [(said(speaker, text), "buyer") for speaker, text in self.session.engine.narration(transition)]

    def _show_present(self, last: Transition | None, *, animate: bool) -> None:
        self._show_next()
        self._show_effects(last, animate=animate)
        self._show_author()

    def _show_author(self) -> None:
        """The author view, when open (see `trainer.game.author`)."""
        panel = self.query_one(AuthorPanel)
        if panel.has_focus and not self.author:
            self.query_one(ChoiceList).focus()
        panel.display = self.author
        if self.author:
            panel.show(author_view(self.session))

    def action_toggle_author(self) -> None:
        self.author = not self.author
        self._show_author()

    def action_start_here(self) -> None:
        """From the author view: start the play anew anywhere (the node, meters, flags and world
        typed, as `play --at` takes them; the current ones offered to edit)."""
        if not self.author:
            return
        from trainer.tui.screens.start_here import StartHereScreen

        current = next((line.text for line in author_view(self.session) if line.label == "--at"), "")
        self.app.push_screen(StartHereScreen(self.session, current))

    def show_problems(self, heading: str, lines: list[str], *, error: bool) -> None:
        """Above the play (`play --watch`): why the saved file cannot be played, or a note."""
        self.query_one(ProblemsBar).say(heading, lines, error=error)

    def clear_problems(self) -> None:
        bar = self.query_one(ProblemsBar)
        if bar.has_focus:
            self.query_one(ChoiceList).focus()
        bar.clear()

    def _show_next(self, *, in_place: bool = False) -> None:
        """What the player reads next: the buyer's line (or the ending) and the choices. `in_place`
        (after a choice, in the frame with the buyer's line): what would need a layout of the screen
        and can wait, waits for the frame after (`_show_step`): rows the exchange holds and no
        longer needs are given back to the transcript then (unless something grew: a layout comes
        anyway), and a scrollbar that comes or goes with the choices comes or goes then."""
        state = self.session.state
        exchange = self._ahead.get(state) or self._exchange_at(state)
        self.query_one("#prompt", SteadyStatic).show(exchange.line)
        self.query_one(ChoiceList).show(exchange.choices, scrollbar_later=in_place)
        self._keep_transcript_room(shrink=not in_place)

    def _exchange_at(self, state: PlayState) -> Exchange:
        return Exchange(DrawnContent(self._line_of(state)), choice_rows(self._choices_of(state)))

    def _line_of(self, state: PlayState) -> Content:
        """What is said at `state`: the buyer's line, or the ending's text and badge (in the
        warning colour)."""
        engine = self.session.engine
        ending = engine.ending(state)
        if ending is not None:
            return Content("\n").join([Content.styled(engine.text(state), "italic"), ending_badge(ending)]).stylize_before("$warning")
        return said(engine.speaker(state), engine.text(state))

    def _choices_of(self, state: PlayState) -> list[tuple[int, str]]:
        """The (number, text) choices at `state`; after an ending, the one that leads to the debrief."""
        engine = self.session.engine
        if engine.ending(state) is not None:
            return [(1, DEBRIEF_LABEL)]
        return [(offer.number, offer.choice.text) for offer in engine.offered(state)]

    def _prepare_next(self, session: PlaySession) -> None:
        """Each exchange the next choice can lead to (kept in `_ahead`): the exchange holds the
        rows they need (`_hold_ahead`), and while the player reads, each is drawn off screen (one
        a timer tick, once the meters have moved), so that the one chosen is shown sooner and in
        place (see `trainer.tui.widgets.drawn`). A choice made before it is done is drawn as usual."""
        if session is not self.session or session.ended:
            return
        prompt, choices = self.query_one("#prompt", SteadyStatic), self.query_one(ChoiceList)
        engine, state, steps = session.engine, session.state, len(session.steps)
        ahead = [engine.choose(state, offer.number).state for offer in engine.offered(state)]
        self._ahead = {after: self._exchange_at(after) for after in ahead}
        self._hold_ahead(session)
        to_draw = list(self._ahead.values())

        def one() -> None:
            if session is not self.session or len(session.steps) != steps or not to_draw:
                return  # chosen (or another play shown) since
            exchange = to_draw.pop(0)
            prompt.prepare(exchange.line)
            choices.prepare(exchange.choices)
            self.set_timer(PREPARE_TICK, one)

        self.set_timer(PREPARE_AFTER, one)

    def _hold_ahead(self, session: PlaySession, *, first: bool = True) -> None:
        """The buyer's line and the choices hold the rows that every exchange the next choice can
        lead to will need, so that none asks for a layout on its key: the exchange grows now, in
        the frame after a choice (or a play's first frames), where the transcript moves anyway;
        not laid out yet, after the first frame. The transcript's room comes first (see
        `_keep_transcript_room`): if growing would crowd it, each part takes just the rows that
        it and the next exchanges need (rows held for longer ones given back); if that does too,
        what is held stays."""
        prompt, choices = self.query_one("#prompt", SteadyStatic), self.query_one(ChoiceList)
        if session is not self.session or not self._ahead or choices.held_height is None:
            return
        if not (prompt.held_height.held and choices.held_height.held):
            if first:
                self.call_after_refresh(partial(self._hold_ahead, session, first=False))
            return
        exchanges = self._ahead.values()
        ahead: dict[Widget, int] = {
            prompt: max(prompt.rows_for(exchange.line) for exchange in exchanges),
            choices: max(choices.rows_for(exchange.choices) for exchange in exchanges),
        }
        parts = self._exchange_parts()
        grown = {widget: max(part.rows(widget), ahead.get(widget, 0)) for widget, part in parts}
        if self._leaves_room(self._growth(parts, grown)):
            for widget, part in parts:
                part.hold(widget, grown[widget])
            return
        just = {widget: max(needed_height(widget), ahead.get(widget, 0)) for widget, _ in parts}
        if self._leaves_room(self._growth(parts, just)):
            for widget, part in parts:
                part.fit(widget, just[widget])

    @staticmethod
    def _growth(parts: list[tuple[Widget, HeldHeight]], held: dict[Widget, int]) -> int:
        """The rows the exchange would take beyond those it has now, each part held at `held`."""
        return sum(part.rows(widget, held=held[widget]) - widget.outer_size.height for widget, part in parts)

    def _exchange_parts(self) -> list[tuple[Widget, HeldHeight]]:
        """The parts of the exchange that hold their height (the note when shown, the line, the
        choices), each with its held height."""
        parts: list[tuple[Widget, HeldHeight]] = []
        for text in (self.query_one("#event-note", SteadyStatic), self.query_one("#prompt", SteadyStatic)):
            if text.display:
                parts.append((text, text.held_height))
        choices = self.query_one(ChoiceList)
        if choices.held_height is not None:
            parts.append((choices, choices.held_height))
        return parts

    def _leaves_room(self, growth: int) -> bool:
        """Whether the transcript keeps a quarter of the stage (or 3 rows) when the exchange
        takes `growth` more rows than it has now."""
        stage = self.query_one("#stage").size.height
        return self.query_one(Transcript).outer_size.height - growth >= max(3, stage // 4)

    def _forget_drawn_ahead(self, _theme: object = None) -> None:
        """A new theme: what was drawn ahead is drawn again when shown (its colours may be others,
        whatever the widget's own style)."""
        for exchange in self._ahead.values():
            exchange.line.forget()
            for row in exchange.choices:
                row.forget()

    def _keep_transcript_room(self, *, shrink: bool = True) -> None:
        """The exchange (the note, the line, the choices) holds its height from choice to choice
        (see `trainer.tui.widgets.steady`), but not at the transcript's expense: when what it holds
        would leave the transcript less than a quarter of the stage (or 3 rows), or at an ending
        (one choice left, and the whole play to read back), it takes just the rows it needs now."""
        parts = self._exchange_parts()
        growth = sum(held.rows(widget) - widget.outer_size.height for widget, held in parts)
        if not shrink and growth <= 0:
            return
        if self.session.ended or not self._leaves_room(growth):
            for widget, held in parts:
                held.fit(widget)

    def _show_effects(self, last: Transition | None, *, animate: bool) -> None:
        """What the last step did: the meters, the note on the choice, the step in the title."""
        event = last.event if last is not None else None
        state = last.state if last is not None else self.session.state
        self.query_one("#trust", Meter).update(state.trust, event.trust_change if event else None)
        self.query_one("#pressure", Meter).update(state.pressure, event.pressure_change if event else None)
        self._show_title()
        self._show_event_note(last, animate=animate)

    def _show_title(self) -> None:
        session = self.session
        where = "the end" if session.ended else f"step {len(session.steps) + 1}"
        coach = "real call" if session.real_call else "coach on" if self.coach else "coach off"
        self.query_one("#title-bar", Static).update(
            Content.assemble((session.scenario.title, "bold"), ("  ·  " + where + "  ·  " + coach, "dim")),
            layout=False,  # one row, whatever it says
        )

    def _show_event_note(self, last: Transition | None, *, animate: bool) -> None:
        note = self.query_one("#event-note", SteadyStatic)
        event = last.event if last is not None else None
        if event is None or self.session.real_call:
            note.show("")
            note.display = False
            return
        lines = [Content.assemble(("Your choice: ", "bold"), change_summary(event))]
        if self.coach and event.choice.feedback:
            lines.append(coach_said(event.choice.feedback))
        note.show(Content("\n").join(lines))
        note.display = True
        note.set_class(event.interrupt is not None, "-interrupt")
        if animate and self.app.animation_level != "none":
            note.add_class("-flash")
            self.set_timer(FLASH_SECONDS, lambda: note.remove_class("-flash"))

    # -- actions --
    def action_choose(self, number: int) -> None:
        if self.session.ended:
            if number == 1:
                self.action_debrief()
            return
        if not 1 <= number <= len(self.session.offers()):
            self.app.bell()
            return
        before = self.session.state
        step = self.session.choose(number)
        self.unkept = self.session
        self._show_next(in_place=True)  # drawn first, alone: the buyer's answer is on screen as soon as can be
        self.call_after_refresh(self.set_timer, OUTPUT_GAP, partial(self._show_step, self.session, before, step))

    def _keep(self) -> None:
        """Pass the last choice on to be kept (`ChoiceMade`), if it was not yet: after the frame
        with the buyer's line (the save's work would delay it), and before anything else this
        screen posts, so that the saves stay in order. A game that ends sooner keeps it on its
        way out (`unkept`)."""
        session, self.unkept = self.unkept, None
        if session is not None:
            self.post_message(ChoiceMade(session))

    def _show_step(self, session: PlaySession, before: PlayState, step: Transition) -> None:
        """The frame after a choice: the choice kept, its effects shown, and the step added to the
        transcript (unless a restart or a rewind has shown another play since)."""
        self._keep()
        self.query_one(ChoiceList).follow_size()
        if session is not self.session:
            return
        self._show_effects(step, animate=True)
        self._show_author()
        self.query_one(Transcript).add(*self._step_entries(before, step))
        self._keep_transcript_room()  # the note may have grown
        self._prepare_next(session)

    @on(ChoiceList.Picked, "#choices")
    def _picked(self, event: ChoiceList.Picked[int]) -> None:
        self.action_choose(event.value)

    def action_debrief(self) -> None:
        self._keep()
        self.post_message(ShowDebrief(self.session))

    def action_restart(self) -> None:
        self._keep()
        self.post_message(PlayFrom(self.session.restarted()))

    def replace_session(self, session: PlaySession) -> None:
        """Play on from another point of the same scenario (a restart or a rewind)."""
        self._keep()
        self.session = session
        self.set_class(session.real_call, "-real-call")
        self.show_session()
        self.query_one(ChoiceList).focus()

    def action_toggle_real_call(self) -> None:
        """Hide or show the meters, tactics and coach for the rest of this play."""
        on = not self.session.real_call
        self._keep()
        self.session.set_real_call(on)
        self.set_class(on, "-real-call")
        self.show_session()
        self.notify(
            "Real call: the buyer's words are all you get; the meters and tactics wait for the debrief."
            if on else "Real call off: the meters and tactics show after each choice.",
            markup=False,
        )

    def set_coach(self, coach: bool) -> None:
        self.coach = coach
        self._show_title()
        last = self.session.steps[-1] if self.session.steps else None
        self._show_event_note(last, animate=False)


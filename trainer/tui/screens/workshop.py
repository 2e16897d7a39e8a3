"""The projector play screen: big meters, the buyer's line and the choices, the room's votes.

The facilitator's keys become calls on a headless `WorkshopSession`; this screen only shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from trainer.engine import PlayState
from trainer.game.play import PlaySession
from trainer.game.room import TIMER_CHOICES
from trainer.game.words import change_summary
from trainer.game.workshop import VoteTally, VotingError, WorkshopSession
from trainer.game.workshop_summary import save_workshop_summary
from trainer.tui.messages import OpenRoom, RoomChanged, ShowDebrief, WorkshopChanged
from trainer.tui.screens.base import GameScreen
from trainer.tui.screens.compare import CompareScreen, default_pair
from trainer.tui.screens.rewind import RewindScreen, Target
from trainer.tui.screens.tie_break import TieBreakScreen
from trainer.tui.widgets.big_meter import BigMeter
from trainer.tui.widgets.transcript import ending_badge, said
from trainer.tui.widgets.votes import ChoiceVotes


class WorkshopScreen(GameScreen[None]):
    """One scenario played by a room: votes with 1-9, enter plays the most voted."""

    CSS_PATH = "workshop.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall"), (40, "-roomy")]
    BINDINGS = [
        # The footer fits 60 columns: voting and playing are on the status line above it.
        *(Binding(str(n), f"vote({n})", "Vote", show=False) for n in range(1, 10)),
        Binding("enter", "play_winner", "Play", show=False),
        Binding("v", "reveal", "Reveal"),
        Binding("b", "rewind", "Rewind"),
        Binding("c", "compare", "Compare"),
        Binding("r", "room", "Room"),
        Binding("s", "save_summary", "Save"),
        Binding("d", "debrief", "Debrief", show=False),
        Binding("t", "timer", "Timer", show=False),
        Binding("backspace,minus", "unvote", "Undo vote", show=False),
        Binding("x", "clear_votes", "Clear votes", show=False),
        Binding("e", "enter_counts", "Enter counts", show=False),
        Binding("h", "toggle_hide", "Hide meters", show=False),
        Binding("n", "toggle_notes", "Notes", show=False),
        Binding("m", "mark_headline", "Mark headline path", show=False),
        Binding("escape", "app.library", "Library", show=False),
        Binding("pagedown,down,right_square_bracket", "page_choices(1)", "Next choices", show=False),
        Binding("pageup,up,left_square_bracket", "page_choices(-1)", "Previous choices", show=False),
        Binding("q", "app.quit", "Quit", show=False),  # the app's keys stay, out of the footer's way
        Binding("question_mark,f1", "app.help", "Help", show=False),
    ]

    clock: Callable[[], datetime] = staticmethod(datetime.now)
    """When a summary is saved (tests replace it)."""

    def __init__(
        self, play: PlaySession, *, summaries: Path, hide_meters: bool = False, session: WorkshopSession | None = None
    ) -> None:
        """`summaries`: the folder the facilitator's summaries are saved in; `session`: a session
        resumed from its save (`play` is then its scenario, at the start)."""
        super().__init__()
        self.summaries = summaries
        self.loaded = play.loaded
        if session is None:
            session = WorkshopSession(play.engine, play.loaded.analysis, hide_meters=hide_meters, start=play.start)
            session.scenario_file = play.loaded.path
            for step in play.steps:  # carry on from a play started outside workshop mode
                assert step.event is not None
                session.play(step.event.number)
            session.reveal()
        self.session = session
        self.vote_order: list[int] = []  # to undo the last vote
        self._room_poked = False  # a RoomChanged is on its way
        self.room_url = ""
        self.room_host = ""
        self.notes_shown = False
        self.last_saved: Path | None = None

    @property
    def votes(self) -> list[int]:
        """The hands counted on the keypad for the decision on screen."""
        return self.session.keypad

    def _changed(self) -> None:
        """The session changed (a vote, a step, a rewind...): the app saves it."""
        self.post_message(WorkshopChanged(self.session))

    # -- the screen's state, for the app --
    @property
    def in_progress(self) -> bool:
        """Something was played: leaving would lose the session."""
        return any(path.steps for path in self.session.paths)

    def play_session(self) -> PlaySession:
        """The current path as a `PlaySession` (for the debrief, or to leave workshop mode)."""
        return PlaySession(self.loaded, self.session.engine, self.session.start, self.session.transitions())

    def continue_from(self, play: PlaySession) -> None:
        """Play on from `play` (a restart or a try-again from the debrief): a new path from where they part."""
        numbers = [t.event.number for t in play.steps if t.event is not None]
        current = [s.number for s in self.session.current.steps]
        kept = 0
        while kept < min(len(numbers), len(current)) and numbers[kept] == current[kept]:
            kept += 1
        if kept == len(numbers) == len(current):
            return
        path = self.session.rewind(kept)
        self.session.play_each(numbers[kept:])
        self.session.reveal()
        self._new_decision()
        self.notify(f"Path {path.label}: from step {kept + 1}. Path {path.parent} is kept.", timeout=4)

    def commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """Every workshop action for the command palette: (title, help, what it does)."""
        return [
            ("Workshop: play the most voted", "enter: play the choice the room voted for most", self.action_play_winner),
            ("Workshop: undo the last vote", "backspace", self.action_unvote),
            ("Workshop: clear the votes", "x: start counting this decision again", self.action_clear_votes),
            ("Workshop: type the vote counts", "e: each choice's count, for a large room", self.action_enter_counts),
            ("Workshop: reveal", "v: show the phones' votes, or the meters and what the choice did", self.action_reveal),
            ("Workshop: phones vote", "r: open the voting room (QR code, URL and room code), or show how to join", self.action_room),
            ("Workshop: vote timer", "t: close the phones' vote in 30, 60 or 90 seconds, or no timer", self.action_timer),
            ("Workshop: hide meters after each choice", "h: the room predicts first, v reveals", self.action_toggle_hide),
            ("Workshop: facilitator notes", "n: show or hide the notes for this step", self.action_toggle_notes),
            ("Workshop: rewind", "b: back to an earlier decision, as a new path", self.action_rewind),
            ("Workshop: compare paths", "c: two paths side by side", self.action_compare),
            ("Workshop: debrief", "d: the debrief of the current path", self.action_debrief),
            ("Workshop: mark the headline path", "m: the summary leads with the current path", self.action_mark_headline),
            ("Workshop: save the summary", "s: every path, its votes and turning points, as Markdown", self.action_save_summary),
            ("Workshop: next choices", "pgdn: the choices on the next page", lambda: self.action_page_choices(1)),
            ("Workshop: previous choices", "pgup: the choices on the previous page", lambda: self.action_page_choices(-1)),
        ]

    # -- composing and showing --
    def compose(self) -> ComposeResult:
        yield Static(id="title-bar", markup=False)
        with Vertical(id="ws-body"), Vertical(id="ws-stage"):
            with Horizontal(id="ws-meters"):
                yield BigMeter("trust", id="ws-trust")
                yield BigMeter("pressure", id="ws-pressure")
            yield Static(id="ws-event", markup=False)
            yield Static(id="ws-line", markup=False)
            yield ChoiceVotes(id="ws-choices")
            yield Static(id="ws-ending", markup=False)
            yield Static(id="ws-notes", markup=False)
        yield Static(id="ws-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._new_decision()
        self.set_interval(0.5, self._room_tick)
        if self.session.room is not None:
            self.room_opened()

    # -- the phones' room --
    def room_opened(self, url: str | None = None, host: str | None = None) -> None:
        """The room is open (the app started its server): hear its changes; show how to join."""
        room = self.session.room
        assert room is not None
        if self._on_room_change not in room.listeners:
            room.listeners.append(self._on_room_change)
        self._show_votes()
        if url is not None and host is not None:
            from trainer.tui.screens.room_join import RoomJoinScreen

            self.room_url, self.room_host = url, host
            self.app.push_screen(RoomJoinScreen(room, url, host))

    def _on_room_change(self, public: bool) -> None:
        """From the server's thread: one message until the screen has shown the change."""
        if not self._room_poked:
            self._room_poked = True
            self.post_message(RoomChanged())

    @on(RoomChanged)
    def _room_changed(self) -> None:
        self._room_poked = False
        self._show_votes()
        self._changed()

    def _room_tick(self) -> None:
        room = self.session.room
        if room is None:
            return
        if room.tick():
            self.notify("Time is up: the vote is closed. v reveals it.", timeout=4)
        if room.deadline is not None or room.open:
            self._show_votes()

    def on_unmount(self) -> None:
        room = self.session.room
        if room is not None and self._on_room_change in room.listeners:
            room.listeners.remove(self._on_room_change)

    def action_room(self) -> None:
        """Open the phones' voting room, or show again how to join it."""
        if self.session.room is None:
            self.post_message(OpenRoom(self.session))
            return
        from trainer.tui.screens.room_join import RoomJoinScreen

        self.app.push_screen(RoomJoinScreen(self.session.room, self.room_url, self.room_host))

    def action_timer(self) -> None:
        """The phones' vote closes in 30, 60 or 90 seconds (t again: the next, then no timer)."""
        room = self.session.room
        if room is None or not room.open:
            self.notify("The timer closes the phones' vote: open the room (r) first." if room is None else "Voting is closed.", timeout=3)
            return
        left = room.seconds_left()
        after = [s for s in TIMER_CHOICES if s and (left is None or s > left)]
        seconds = after[0] if after else 0
        room.start_timer(seconds)
        self.notify(f"The vote closes in {seconds} seconds." if seconds else "No timer.", timeout=2)
        self._show_votes()

    def _new_decision(self) -> None:
        """A new node (or ending) is on screen: fresh votes, notes hidden again, everything redrawn."""
        self.vote_order = [number for number, count in enumerate(self.session.keypad, start=1) for _ in range(count)]
        self.notes_shown = False
        session = self.session
        state = session.state
        ending = session.engine.ending(state)
        choices = self.query_one(ChoiceVotes)
        ending_box = self.query_one("#ws-ending", Static)
        line = self.query_one("#ws-line", Static)
        last = session.current.steps[-1].transition if session.current.steps else session.start
        narrated = [said(who, text) for who, text in session.engine.narration(last)]
        if ending is None:
            speaker = session.engine.speaker(state)
            spoken = Content.assemble((f"{speaker}: ", "bold $primary") if speaker else "", session.engine.text(state))
            line.update(Content("\n").join([*narrated, spoken]))
            line.set_class(speaker is None, "-narration")
            choices.show_offers(session.engine.offered(state))
            choices.display = True
            ending_box.display = False
        else:
            line.update(Content("\n").join([*narrated, Content.styled(session.engine.text(state), "italic")]))
            line.set_class(True, "-narration")
            choices.show_offers([])
            choices.display = False
            ending_box.update(ending_badge(ending))
            ending_box.display = True
        self._show_meters()
        self._show_notes()
        self._show_votes()
        self._changed()

    def _show_meters(self) -> None:
        session = self.session
        state: PlayState = session.state
        last = session.current.steps[-1].transition.event if session.current.steps else None
        visible = session.meters_visible
        self.query_one("#ws-trust", BigMeter).show(state.trust if visible else None, last.trust_change if last and visible else None)
        self.query_one("#ws-pressure", BigMeter).show(state.pressure if visible else None, last.pressure_change if last and visible else None)
        event = self.query_one("#ws-event", Static)
        if last is None:
            event.display = False
        else:
            effect = Content(change_summary(last)) if visible else Content.styled("v reveals the effect", "bold $warning")
            event.update(Content.assemble((f"The room chose {last.number} ({last.choice.tactic.value})", "bold"), " · ", effect))
            event.display = True
        self._show_title()

    def _show_title(self) -> None:
        session = self.session
        where = "the end" if session.state.ended else f"step {session.step_count + 1}"
        mode = "  ·  reveal mode" if session.hide_meters else ""
        if session.headline == session.current.label:
            mode += "  ·  ★ headline"
        self.query_one("#title-bar", Static).update(
            Content.assemble((session.engine.scenario.title, "bold"), (f"  ·  path {session.current.label}  ·  {where}{mode}", "dim"))
        )

    def _show_notes(self) -> None:
        notes = self.query_one("#ws-notes", Static)
        node = self.session.engine.node(self.session.state)
        text = node.facilitator if node is not None else None
        notes.update(Content.assemble(("Facilitator: ", "bold"), text) if text else Content.styled("No facilitator notes here.", "italic"))
        notes.display = self.notes_shown

    def _show_votes(self) -> None:
        session = self.session
        status = self.query_one("#ws-status", Static)
        if session.state.ended:
            self.query_one(ChoiceVotes).show_votes([], [])
            parts = ["The end", "d debrief", "b rewind", "c compare", "s save"]
            if not session.meters_visible:
                parts = ["The end", "v reveals the meters", "d debrief", "s save"]
            status.update(Content(" · ".join(parts)))
            return
        tally = session.tally(session.counts())
        hidden = session.votes_hidden
        self.query_one(ChoiceVotes).show_votes(tally.counts, tally.leaders if tally.total else (), hidden=hidden)
        room = session.room
        if room is not None:
            figures = f"Room {room.code} · joined {room.joined} · voted {room.voted}"
            left = room.seconds_left()
            if left is not None:
                figures += f" · {left // 60}:{left % 60:02d}"
            if hidden:
                hands = sum(session.keypad)
                extra = (f" · hands {hands}" if hands else "") + ("" if room.open else " · closed")
                status.update(Content.assemble(f"{figures}{extra} · ", ("v reveals", "bold")))
                return
            status.update(Content.assemble(f"{figures} · ", self._plays(tally)))
            return
        if tally.total == 0:
            status.update(Content(f"Votes: press 1-{len(self.votes)} per hand · enter plays the most voted"))
            return
        counts = " ".join(f"{n}:{count}" for n, count in enumerate(tally.counts, start=1))
        status.update(Content.assemble(f"Votes {counts} — ", self._plays(tally)))

    @staticmethod
    def _plays(tally: VoteTally) -> Content:
        """What enter does with these votes."""
        if tally.total == 0:
            return Content("no votes yet")
        if tally.winner is not None:
            return Content.styled(f"enter plays {tally.winner}", "bold")
        return Content.styled(f"tie: enter, then pick {' or '.join(map(str, tally.leaders))}", "bold $warning")

    # -- voting and playing --
    def action_vote(self, number: int) -> None:
        if self.session.state.ended or not self.session.count_hand(number):
            self.app.bell()
            return
        self.vote_order.append(number)
        self._changed()
        self._show_votes()

    @on(ChoiceVotes.Voted)
    def _clicked(self, event: ChoiceVotes.Voted) -> None:
        self.action_vote(event.number)

    def action_unvote(self) -> None:
        if not self.vote_order:
            self.app.bell()
            return
        counts = list(self.session.keypad)
        counts[self.vote_order.pop() - 1] -= 1
        self.session.set_keypad(counts)
        self._changed()
        self._show_votes()

    def action_clear_votes(self) -> None:
        self.set_votes([0] * len(self.votes))

    def set_votes(self, counts: list[int]) -> None:
        """Replace the tally; "undo vote" then takes back from the last choice with votes."""
        self.session.set_keypad(counts)
        self._changed()
        self.vote_order = [number for number, count in enumerate(counts, start=1) for _ in range(count)]
        self._show_votes()

    def action_enter_counts(self) -> None:
        """Type each choice's count, for a large room."""
        if self.session.state.ended:
            self.app.bell()
            return
        from trainer.tui.screens.vote_counts import VoteCountsScreen

        texts = [offer.choice.text for offer in self.session.engine.offered(self.session.state)]
        self.app.push_screen(VoteCountsScreen(self.votes, texts), lambda counts: self.set_votes(counts) if counts is not None else None)

    def action_play_winner(self) -> None:
        if self.session.state.ended:
            self.action_debrief()
            return
        if self.session.votes_hidden:
            self._reveal_votes()
            self.notify("The votes are revealed: enter again plays the most voted.", timeout=3)
            return
        tally = self.session.tally(self.session.counts())
        if tally.total == 0:
            self.notify(f"No votes yet: press 1-{len(self.votes)} once for each hand raised.", severity="warning", timeout=3)
            return
        if tally.winner is not None:
            self._play(tally.winner)
            return
        top = max(tally.counts)
        self.app.push_screen(TieBreakScreen(tally.leaders, top), lambda picked: self._play(picked) if picked else None)

    def _play(self, number: int) -> None:
        try:
            self.session.play(number, self.session.tally(self.session.counts()))
        except VotingError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._new_decision()

    # -- the facilitator's other keys --
    def action_page_choices(self, direction: int) -> None:
        """The next or previous page of choices, when they do not all fit."""
        if not self.query_one(ChoiceVotes).turn_page(direction):
            self.app.bell()

    def _reveal_votes(self) -> None:
        assert self.session.room is not None
        self.session.room.reveal()
        self._changed()
        self._show_votes()

    def action_reveal(self) -> None:
        """The phones' votes, when they are hidden; else the meters after a hidden step."""
        if self.session.votes_hidden:
            self._reveal_votes()
            return
        if self.session.meters_visible:
            self.notify("The meters are already shown.", timeout=2)
            return
        self.session.reveal()
        self._changed()
        self._show_meters()
        self._show_votes()

    def action_toggle_hide(self) -> None:
        self.session.hide_meters = not self.session.hide_meters
        self._changed()
        self._show_title()
        if self.session.hide_meters:
            self.notify("After each choice the meters stay hidden until you press v.", timeout=3)
        else:
            self.notify("The meters show the effect of each choice at once.", timeout=3)

    def action_mark_headline(self) -> None:
        """The current path is the one the summary leads with (m again unmarks it)."""
        label = self.session.current.label
        marked = self.session.headline != label
        self.session.mark_headline(label if marked else None)
        self._changed()
        self._show_title()
        said = f"Path {label} is the headline of the summary." if marked else f"Path {label} is no longer the headline."
        self.notify(said, timeout=3)

    def action_toggle_notes(self) -> None:
        self.notes_shown = not self.notes_shown
        self._show_notes()

    def action_rewind(self) -> None:
        if not any(path.steps for path in self.session.paths):
            self.notify("Nothing to go back to yet.", timeout=2)
            return
        self.app.push_screen(RewindScreen(self.session), self._rewound)

    def _rewound(self, target: Target | None) -> None:
        if target is None:
            return
        label, step = target
        if label != self.session.current.label:
            self.session.switch_to(label)
        if step is None:
            self.notify(f"Back on path {label}.", timeout=3)
        else:
            was = self.session.current.label
            path = self.session.rewind(step - 1)
            self.notify(f"Path {path.label}: back to step {step}. Path {was} is kept.", timeout=4)
        self._new_decision()

    def action_compare(self) -> None:
        pair = default_pair(self.session)
        if pair is None:
            self.notify("One path so far: rewind (b) to try another, then compare.", timeout=3)
            return
        self.app.push_screen(CompareScreen(self.session, *pair))

    def action_debrief(self) -> None:
        self.post_message(ShowDebrief(self.play_session()))

    def action_save_summary(self) -> None:
        self.save_summary()

    def save_summary(self) -> bool:
        """Write the summary of every path (see `trainer.game.workshop_summary`); False when it
        could not be written (the facilitator is told why)."""
        try:
            path = save_workshop_summary(self.summaries, self.session, self.clock())
        except OSError as error:
            self.notify(f"The summary was not saved: {error.strerror or error}", severity="error", markup=False)
            return False
        self.last_saved = path
        self.notify(f"Summary saved to {path}", title="Workshop summary", timeout=8, markup=False)
        return True

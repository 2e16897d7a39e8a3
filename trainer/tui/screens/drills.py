"""Drills: the moments the player got wrong, asked again one by one.

Each drill restores the decision as it was (the same buyer, the same state) and shows the story so
far in two lines, the buyer's line and the choices, as a real call (no meters, no tactics). After
an answer: what the buyer said next, whether it was sure, and the coaching of that moment.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from trainer.debrief import StepReview
from trainer.drills import Drill
from trainer.game.practice import DrillAnswer, DrillRound, Practice
from trainer.tui.screens.base import GameScreen
from trainer.tui.widgets.choice_list import ChoiceList
from trainer.tui.widgets.transcript import said
from trainer.wording import coaching_lines, drill_verdict

LOADING = "Setting the scene…"
NEXT_LABEL = "Next drill"
DONE_LABEL = "Back"


class DrillReady(Message):
    """From the drill's thread: the play standing at the decision, or why it cannot be played."""

    def __init__(self, round_: DrillRound | str) -> None:
        super().__init__()
        self.round = round_


class DrillScreen(GameScreen[None]):
    CSS_PATH = "drills.tcss"
    BINDINGS = [
        *(Binding(str(n), f"choose({n})", "Choose", show=n == 1, key_display="1-9") for n in range(1, 10)),
        Binding("n", "next", "Next drill"),
        Binding("escape", "dismiss", "Back"),
    ]

    def __init__(self, practice: Practice, profile_id: str, drills: list[Drill]) -> None:
        super().__init__()
        self.practice = practice
        self.profile_id = profile_id
        self.drills = drills
        self.position = 0
        self.round: DrillRound | None = None
        self.answer: DrillAnswer | None = None
        self.passed = 0

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar", markup=False)
        with VerticalScroll(id="drill"):
            yield Static(LOADING, id="story", markup=False)
            yield Static(id="prompt", markup=False)
            yield Static(id="result", markup=False)
        yield ChoiceList(id="choices")
        yield Footer()

    def on_mount(self) -> None:
        self._load()

    # -- a drill -------------------------------------------------------------------------------
    def _load(self) -> None:
        self.round, self.answer = None, None
        self._title()
        self.query_one("#story", Static).update(LOADING)
        self.query_one("#prompt", Static).update("")
        result = self.query_one("#result", Static)
        result.update("")
        result.display = False
        self.query_one(ChoiceList).show([])
        self._start(self.drills[self.position])

    @work(thread=True, exit_on_error=False, exclusive=True, group="drill")
    def _start(self, drill: Drill) -> None:
        """In a thread: analyse the scenario (once) and stand at the decision."""
        try:
            found: DrillRound | str = self.practice.start_drill(drill)
        except Exception as error:  # noqa: BLE001 - said on screen; the next drill still plays
            found = f"This drill cannot be played: {error}"
        self.post_message(DrillReady(found))

    @on(DrillReady)
    def _ready(self, message: DrillReady) -> None:
        if isinstance(message.round, str):
            self.query_one("#story", Static).update(message.round)
            self.query_one(ChoiceList).show_next_step(self._onward_label())
            return
        self.round = message.round
        session = message.round.session
        self.query_one("#story", Static).update(Content.styled("\n".join(message.round.story), "dim"))
        self.query_one("#prompt", Static).update(said(session.engine.speaker(session.state), session.line()))
        choices = self.query_one(ChoiceList)
        choices.show_offers(session.offers())
        choices.focus()

    def _title(self) -> None:
        drill = self.drills[self.position]
        where = f"Drill {self.position + 1} of {len(self.drills)}"
        self.query_one("#title-bar", Static).update(
            Content.assemble(("Drills", "bold"), ("  ·  " + where + "  ·  " + drill.title, "dim"))
        )

    def _onward_label(self) -> str:
        return NEXT_LABEL if self.position + 1 < len(self.drills) else DONE_LABEL

    # -- answering -----------------------------------------------------------------------------
    def action_choose(self, number: int) -> None:
        if self.answer is not None or self.round is None:
            if number == 1:
                self.action_next()
            return
        if not 1 <= number <= len(self.round.session.offers()):
            self.app.bell()
            return
        answer = self.practice.answer_drill(self.profile_id, self.round, number)
        self.answer = answer
        self.passed += answer.sure
        self._show_answer(answer)
        self._save()

    @work(thread=True, exit_on_error=False, group="drill-book")
    def _save(self) -> None:
        """In a thread: write the book (the disk is not waited for on the choice key)."""
        try:
            self.practice.save_drills(self.profile_id)
        except OSError as error:
            message = f"Your drills are not being saved: {error.strerror or error}."
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)

    def _show_answer(self, answer: DrillAnswer) -> None:
        assert self.round is not None
        review = answer.review
        debrief_worlds = dict(self.round.session.debrief().worlds)
        lines = [
            said(review.answer_speaker, review.answer) if review.answer else Content(""),
            Content(""),
            Content.styled(
                drill_verdict(answer.sure, at_stake(review), worlds=bool(debrief_worlds)),
                "bold $success" if answer.sure else "bold $error",
            ),
        ]
        if answer.drill.passed:
            lines.append(Content.styled("Passed: sure on two different days. This drill is done.", "$success"))
        lines += [Content(line) for line in coaching_lines(review, debrief_worlds, self.round.session.state.world)]
        result = self.query_one("#result", Static)
        result.update(Content("\n").join(lines))
        result.display = True
        self.query_one(ChoiceList).show_next_step(self._onward_label())
        self.call_after_refresh(self._bring_result_into_view)  # once laid out, at its new height

    def _bring_result_into_view(self) -> None:
        """The whole result, at the bottom, when it fits; else from its top: the buyer's answer and
        the verdict come first, and the player reads down into the coaching."""
        drill = self.query_one("#drill", VerticalScroll)
        result = self.query_one("#result", Static)
        if result.outer_size.height <= drill.scrollable_content_region.height:
            drill.scroll_end(animate=False, immediate=True)
        else:
            drill.scroll_to_widget(result, animate=False, top=True, immediate=True)

    def action_next(self) -> None:
        if self.position + 1 >= len(self.drills):
            self.dismiss()
            return
        self.position += 1
        self._load()

    @on(ChoiceList.Picked, "#choices")
    def _picked(self, event: ChoiceList.Picked[int]) -> None:
        self.action_choose(event.value)


def at_stake(review: StepReview) -> int:
    """The stars a drill's answer kept (sure) or let slip."""
    before, after = review.secure_before or 0, review.secure_after or 0
    return before if after >= before else before - after


"""The debrief: the lesson, the ending, the meters over time, the turning points coached, every step
(with its tactic and effect, revealed even after a real call), what the buyer needed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from trainer.debrief import Debrief, StepReview
from trainer.engine import narration
from trainer.game.play import PlaySession
from trainer.tui.messages import ExportRun, PlayFrom
from trainer.tui.screens.base import GameScreen
from trainer.tui.widgets.chart import MeterChart
from trainer.tui.widgets.transcript import coach_said, ending_badge, said, you_said
from trainer.wording import (
    LESSON,
    TURNING_POINTS,
    debrief_words,
    in_reach_line,
    lessons,
    meters_line,
    needs_heading,
    stopped_sentence,
)
from trainer.wording import TOO_LARGE as CANNOT_ANALYSE

TOO_LARGE = f"{CANNOT_ANALYSE} Your path and the coach's feedback are below."


class RetryButton(Button):
    """Plays again from the decision of its turning point's step."""

    def __init__(self, step: int) -> None:
        super().__init__(f"Try again from step {step}", compact=True)
        self.step = step


class DebriefScreen(GameScreen[None]):
    CSS_PATH = "debrief.tcss"
    BINDINGS = [
        Binding("p", "play_again", "Play again"),
        Binding("t", "try_again", "Try again from turning point"),
        Binding("l", "app.library", "Library"),
        Binding("x", "export", "Export transcript", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session
        self.debrief: Debrief = session.debrief()

    def compose(self) -> ComposeResult:
        d = self.debrief
        yield Static(
            Content.assemble(("Debrief", "bold"), ("  ·  " + self.session.scenario.title, "dim")), id="title-bar"
        )
        with VerticalScroll(id="report"):
            yield from self._lesson()
            yield Static(self._ending(), id="ending", markup=False)
            yield MeterChart(self._points(), id="chart")
            yield Static(TURNING_POINTS, classes="section")
            yield from self._turning_points()
            yield Static("Step by step", classes="section")
            for review in d.steps:
                yield Static(self._step(review), classes="step" + (" -turning" if review.is_turning_point else ""), markup=False)
            yield from self._needs()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report").focus()

    # -- content --
    def _ending(self) -> Content:
        d = self.debrief
        words = debrief_words(d)
        lines: list[Content] = []
        if d.ending is None:
            lines.append(Content.styled(stopped_sentence(len(d.steps)), "bold"))
        else:
            lines.append(ending_badge(d.ending))
            lines.append(Content.styled(d.ending.text, "italic"))
        lines += [Content.styled(line, "bold") if n == 0 else Content(line) for n, line in enumerate(words.reveal)]
        if words.best_possible:
            lines.append(Content(words.best_possible))
        else:
            lines.append(Content.styled(TOO_LARGE, "$warning"))
        if d.ending is not None:
            lines.append(Content.styled("x: export this run as a Markdown transcript for a coach", "dim"))
        return Content("\n").join(lines)

    def _points(self) -> list[tuple[int, int]]:
        start = self.session.started_at
        return [(start.trust, start.pressure), *((s.trust, s.pressure) for s in self.debrief.steps)]

    def _turning_points(self) -> ComposeResult:
        d = self.debrief
        if not d.analysed:
            yield Static("Not available for this scenario (see above).", classes="quiet")
            return
        words = debrief_words(d)
        if not d.turning_points:
            yield Static(words.quiet or "No steps yet.", classes="quiet")
            return
        first = d.point_of_no_return
        for review, sentence in zip(d.turning_points, words.turning_points, strict=True):
            lines = [Content(sentence)]
            if review is first and words.point_of_no_return:
                lines.insert(0, Content.styled(" ".join(words.point_of_no_return), "bold $error"))
            yield Static(Content("\n").join(lines), classes="turning", markup=False)
            yield RetryButton(review.step)

    def _step(self, review: StepReview) -> Content:
        scenario = self.session.scenario
        lines = [
            Content.assemble((f"Step {review.step}  ", "bold"), said(review.speaker, review.prompt)),
            you_said(review.tactic, review.text),
            Content.styled(
                "  ·  ".join(
                    part
                    for part in (
                        meters_line(review.trust, review.trust_change, review.pressure, review.pressure_change),
                        in_reach_line(review, worlds=bool(self.debrief.worlds)),
                    )
                    if part
                ),
                "dim",
            ),
        ]
        lines += [said(speaker, text) for speaker, text in narration(scenario, review.interrupt, review.routes)]
        lines.append(coach_said(review.feedback) if review.feedback else Content.styled("The coach has nothing to add here.", "dim"))
        return Content("\n").join(lines)

    def _lesson(self) -> ComposeResult:
        """The lesson first: the scenario's, then the ending's."""
        texts = lessons(self.session.scenario, self.debrief.ending)
        if texts:
            yield Static(LESSON, classes="section -first")
            yield Static(Content("\n\n").join(Content(text) for text in texts), classes="lesson", markup=False)

    def _needs(self) -> ComposeResult:
        scenario = self.session.scenario
        if scenario.buyer.needs:
            yield Static(needs_heading(scenario.buyer.name), classes="section", markup=False)
            yield Static(Content("\n").join(Content("• " + need) for need in scenario.buyer.needs), classes="needs", markup=False)

    # -- actions --
    @on(Button.Pressed)
    def _retry(self, event: Button.Pressed) -> None:
        if isinstance(event.button, RetryButton):
            self.post_message(PlayFrom(self.session.rewound(event.button.step)))

    def action_try_again(self) -> None:
        first = self.debrief.point_of_no_return or next(iter(self.debrief.turning_points), None)  # else a gamble
        if first is None:
            self.notify("No turning point to go back to.", severity="warning")
            return
        self.post_message(PlayFrom(self.session.rewound(first.step)))

    def action_play_again(self) -> None:
        self.post_message(PlayFrom(self.session.restarted()))

    def action_export(self) -> None:
        self.post_message(ExportRun(self.session))

    def action_back(self) -> None:
        self.dismiss()




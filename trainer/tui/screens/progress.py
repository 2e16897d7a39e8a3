"""The progress screen: one concrete next step (startable with `n`), each lesson's proficiency,
runs, best stars, endings found and buyers met per scenario, and the player's habits across runs.

It opens at once with "Loading…": the figures come from a thread (a long history takes a
moment to read, and the solver measures the latest runs), through `TrainerApp`, which calls `show`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Footer, Static

from trainer.game.practice import Plan
from trainer.habits import Habit, Habits
from trainer.model import Tactic
from trainer.tallies import stars_symbols
from trainer.tui.messages import OpenScenario, StartDrills
from trainer.tui.screens.base import GameScreen
from trainer.tui.widgets.trend_chart import TrendChart
from trainer.wording import (
    LESSON_NAMES,
    costliest_sentence,
    endings_found_phrase,
    habits_count_sentence,
    next_step_sentence,
    proficiency_phrase,
    real_calls_sentence,
)

TACTIC_BAR = 20
LESSON_BAR = 10
LOADING = "Loading your runs…"


class ProgressScreen(GameScreen[None]):
    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("n", "next_step", "Next step"),
        Binding("escape,l", "dismiss", "Back"),
        Binding("f6", "app.profiles", "Player"),
    ]

    def __init__(self, player: str, profile_id: str) -> None:
        """`profile_id`: whose figures this screen waits for."""
        super().__init__()
        self.player = player
        self.profile_id = profile_id
        self.habits: Habits | None = None  # until `show`
        self.plan: Plan | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content.assemble(("Progress", "bold"), ("  ·  " + self.player, "dim")), id="title-bar")
        with VerticalScroll(id="progress"):
            yield Static(LOADING, id="loading", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#progress").focus()

    def show(self, habits: Habits | None, problem: str | None = None, *, plan: Plan | None = None) -> None:
        """The figures, in place of "Loading…" (or why there are none)."""
        self.habits = habits
        self.plan = plan
        box = self.query_one("#progress", VerticalScroll)
        box.remove_children()
        box.mount_all(self._parts(habits) if habits is not None else [Static(problem or "", id="summary", markup=False)])

    def _parts(self, h: Habits) -> list[Widget]:
        plan = self.plan
        if not h.runs:
            parts: list[Widget] = [
                Static(f"{self.player} has no finished runs yet. Play a scenario to the end and it shows here.", id="summary", markup=False)
            ]
            if plan is not None and plan.scenario_title:
                parts += [Static("Next step", classes="section"), Static(self._next_step(plan), id="next-step", markup=False)]
            return parts
        parts = [Static(self._summary(h), id="summary", markup=False)]
        if plan is not None:
            parts += [
                Static("Next step", classes="section"),
                Static(self._next_step(plan), id="next-step", markup=False),
                Static("Lessons", classes="section"),
                Static(self._lessons(plan), id="lessons", markup=False),
            ]
        parts += [
            Static("Scenarios", classes="section"),
            Static(self._scenarios(h), id="scenarios", markup=False),
            Static("Habits", classes="section"),
            Static(self._habits(h), id="habits", markup=False),
            Static("Trend", classes="section"),
            TrendChart(h.recent, id="trend"),
        ]
        trend = h.trend()
        if trend:
            parts.append(Static(trend, id="trend-words", markup=False))
        return parts

    def _next_step(self, plan: Plan) -> Content:
        lines = []
        if plan.costliest is not None:
            lines.append(Content(costliest_sentence(plan.costliest)))
        elif plan.proficiencies and any(p.score is not None for p in plan.proficiencies):
            lines.append(Content("No costly habit in your latest runs."))
        step = next_step_sentence(plan.drills_due, plan.scenario_title)
        if step:
            lines.append(Content.styled(step, "bold"))
            lines.append(Content.assemble(("Press ", "dim"), ("n", "bold $accent"), (" to start.", "dim")))
        return Content("\n").join(lines) if lines else Content("Nothing to suggest yet.")

    def _lessons(self, plan: Plan) -> Content:
        width = max(len(name) for name in LESSON_NAMES.values())
        lines = []
        for p in plan.proficiencies:
            filled = round((p.score or 0) * LESSON_BAR) if p.score is not None else 0
            bar = Content.assemble(("█" * filled, "$success"), ("░" * (LESSON_BAR - filled), "$text-muted"))
            lines.append(Content.assemble(f"{LESSON_NAMES[p.lesson]:<{width}}  ", bar, f"  {proficiency_phrase(p)}"))
        return Content("\n").join(lines)

    def action_next_step(self) -> None:
        """Start the next step: the drills due first, else the scenario proposed."""
        plan = self.plan
        if plan is None or not plan.startable:
            self.app.bell()
            return
        if plan.drills_due:
            self.post_message(StartDrills())
        elif plan.scenario_path is not None:
            self.post_message(OpenScenario(plan.scenario_path))

    def _summary(self, h: Habits) -> Content:
        runs = "1 finished run" if h.runs == 1 else f"{h.runs} finished runs"
        played = "1 scenario" if len(h.scenarios) == 1 else f"{len(h.scenarios)} scenarios"
        assert h.average_stars is not None
        return Content(f"{runs} of {played}, {h.average_stars:.1f} stars on average.")

    def _scenarios(self, h: Habits) -> Content:
        width = max(len(s.title) for s in h.scenarios)
        findings = {(f.pack, f.scenario): f for f in self.plan.findings} if self.plan is not None else {}
        lines = []
        for s in h.scenarios:
            runs = "1 run " if s.runs == 1 else f"{s.runs} runs"
            of = f" of {s.best_possible}" if s.best_possible is not None else ""
            lines.append(
                Content.assemble(
                    f"{s.title:<{width}}  ", (f"{runs:>8}", "dim"), "  best ", (stars_symbols(s.best), "$warning"), (of, "dim")
                )
            )
            found = findings.get((s.pack, s.scenario))
            if found is not None:
                lines.append(
                    Content.assemble(
                        ("  " + endings_found_phrase(len(found.endings_found), found.endings_total) + ": ", "dim"),
                        ", ".join(found.endings_found),
                    )
                )
                if found.worlds_total:
                    lines.append(Content.styled(f"  {len(found.worlds_met)} of {found.worlds_total} buyers met:", "dim"))
                    lines += [Content("    " + label) for label in found.worlds_met]
        return Content("\n").join(lines)

    def _habits(self, h: Habits) -> Content:
        lines = [Content.styled(f"Your {h.choices} choices, by tactic:", "dim")]
        for tactic in sorted(Tactic, key=lambda t: (-h.tactic_counts[t], list(Tactic).index(t))):
            if not h.tactic_counts[tactic]:
                continue
            share = h.share(tactic)
            style = "$error" if tactic.is_push else "$success" if tactic.is_pull else "$text-muted"
            lines.append(
                Content.assemble(
                    f"  {tactic.value:<9}", ("█" * max(1, round(share * TACTIC_BAR)), style), f" {share:.0%}"
                )
            )
        if self.plan is not None and self.plan.measured_runs:
            lines.append(Content(""))
            counts = self.plan.habit_runs
            lines.append(
                Content(
                    habits_count_sentence(
                        self.plan.measured_runs, counts[Habit.COSTLY_PUSH], counts[Habit.GAMBLE], counts[Habit.PREMATURE_CLOSE]
                    )
                )
            )
        lines.append(Content(real_calls_sentence(h.real_calls, h.runs)))
        assert h.average_trust is not None and h.average_pressure is not None
        lines.append(Content(f"At the end of a run, on average: trust {h.average_trust:.0f}, pressure {h.average_pressure:.0f}."))
        return Content("\n").join(lines)

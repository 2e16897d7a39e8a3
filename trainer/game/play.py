"""One play of one scenario, as the screens see it: headless (no Textual here)."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.debrief import Debrief, build_debrief
from trainer.engine import Engine, Offer, PlayState, Transition
from trainer.loader import LoadedScenario
from trainer.model import Node, Scenario
from trainer.start_at import StartAt, reach


@dataclass(slots=True)
class PlaySession:
    """The start of a play and every choice taken since; rewinding keeps the same start (the same
    buyer), playing again draws the buyer anew unless the play was asked for in one `world`."""

    loaded: LoadedScenario
    engine: Engine
    start: Transition
    steps: list[Transition] = field(default_factory=list)
    world: str | None = None  # the hidden world asked for (`play --world`); None: drawn at each start
    origin: int = 0  # started from a state (`begin_at`): the first `origin` steps are the way there
    real_call: bool = False  # a real call now: meters, their changes, tactics and the coach hidden until the debrief
    saw_meters: bool = False  # some choice of this play was made with them shown (or a debrief seen)

    @classmethod
    def begin_at(cls, loaded: LoadedScenario, at: StartAt) -> PlaySession:
        """A play of a valid scenario standing at the state `at` describes (node, meters, flags,
        world; see `trainer.start_at`), reached by a shortest way from the start whose steps are
        not the player's: the debrief reviews only what is chosen from there, restarting comes
        back there, and a rewind never goes before it. Raises `Unreachable` or `UnknownWorld`
        (both `TrainerError`s) saying why the state cannot be started from."""
        reached = reach(loaded, at)
        assert loaded.compiled is not None
        engine = Engine(loaded.compiled)
        start, steps = engine.replay(reached.path, reached.state.world)
        return cls(loaded, engine, start, steps, world=reached.state.world, origin=len(steps))

    @property
    def started_at(self) -> PlayState:
        """The state the play started from: the scenario's start, or the one `begin_at` reached."""
        return self.steps[self.origin - 1].state if self.origin else self.start.state

    @property
    def choices_made(self) -> list[Transition]:
        """The steps the player chose (those after the state the play started from)."""
        return self.steps[self.origin :]

    @classmethod
    def begin(cls, loaded: LoadedScenario, world: str | None = None) -> PlaySession:
        """Start a play of a fully checked scenario (`load_scenario(path)` with no errors, or, for
        its author, with only the analysis's errors: `loaded.replayable`), in `world` or, without
        it, in a world drawn by weight (raises `UnknownWorld`)."""
        if not (loaded.ok or loaded.replayable) or loaded.compiled is None:
            raise ValueError("only a valid, analysed scenario can be played")
        engine = Engine(loaded.compiled)
        return cls(loaded, engine, engine.start(world), world=world)

    @property
    def scenario(self) -> Scenario:
        return self.engine.scenario

    @property
    def state(self) -> PlayState:
        return self.steps[-1].state if self.steps else self.start.state

    @property
    def ended(self) -> bool:
        return self.state.ended

    @property
    def node(self) -> Node | None:
        return self.engine.node(self.state)

    def offers(self) -> list[Offer]:
        return self.engine.offered(self.state)

    def line(self) -> str:
        """What is said now: the node's text (variant applied) or the ending's text."""
        return self.engine.text(self.state)

    def choose(self, number: int) -> Transition:
        step = self.engine.choose(self.state, number)
        self.steps.append(step)
        if not self.real_call:
            self.saw_meters = True
        return step

    def set_real_call(self, on: bool) -> None:
        """Hide (on) or show the meters, tactics and coach for the rest of this play; once shown
        mid-play, the play no longer counts as a real call."""
        if self.real_call and not on and self.steps and not self.ended:
            self.saw_meters = True
        self.real_call = on

    @property
    def played_as_real_call(self) -> bool:
        """Every choice of this play was made with the meters and tactics hidden."""
        return self.real_call and not self.saw_meters

    def debrief(self) -> Debrief:
        return build_debrief(self.engine, self.loaded.analysis, self.start, self.steps, origin=self.origin)

    def rewound(self, step: int) -> PlaySession:
        """A new session at the decision of `step` (1-based, counted from where the play started),
        with the same state as then."""
        made = len(self.steps) - self.origin
        if not 1 <= step <= made:
            raise ValueError(f"step {step} is not part of this play (1 to {made})")
        # after a debrief, nothing is hidden any more: a rewound play is not a real call
        return PlaySession(
            self.loaded, self.engine, self.start, self.steps[: self.origin + step - 1], self.world, self.origin,
            real_call=self.real_call, saw_meters=True,
        )

    def restarted(self) -> PlaySession:
        """A new play from the start: a new draw of the buyer (the same buyer when one was asked
        for); a play started from a state starts from that state again."""
        if self.origin:
            return PlaySession(
                self.loaded, self.engine, self.start, self.steps[: self.origin], self.world, self.origin, real_call=self.real_call
            )
        return PlaySession(self.loaded, self.engine, self.engine.start(self.world), world=self.world, real_call=self.real_call)

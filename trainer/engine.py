"""Playing a scenario: immutable states, offered choices, and what each choice did."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from trainer.compiled import CompiledChoice, CompiledScenario
from trainer.errors import TrainerError
from trainer.model import Choice, Ending, Node, Scenario
from trainer.worlds import draw_world, world_index


class ChoiceNotOffered(TrainerError):
    """The player picked a number that is not among the offered choices."""


@dataclass(frozen=True, slots=True)
class PlayState:
    """Where a play stands: a scene node (or an ending), the meters and the flags,
    in the play's world (`world`: its id, None without `[[worlds]]`)."""

    node: str
    trust: int
    pressure: int
    flags: frozenset[str] = frozenset()
    ended: bool = False
    world: str | None = None


@dataclass(frozen=True, slots=True)
class Offer:
    """A choice as the player sees it: `number` counts from 1 among those offered."""

    number: int
    index: int
    choice: Choice


@dataclass(frozen=True, slots=True)
class RouteTaken:
    node: str
    index: int
    when: str | None
    next: str


@dataclass(frozen=True, slots=True)
class InterruptFired:
    index: int
    when: str
    next: str


@dataclass(frozen=True, slots=True)
class StepEvent:
    """What one choice did: effects applied, interrupt fired, routes taken."""

    node: str
    number: int
    index: int
    choice: Choice
    trust_before: int
    pressure_before: int
    trust_after: int
    pressure_after: int
    flags_set: frozenset[str]
    flags_cleared: frozenset[str]
    interrupt: InterruptFired | None
    routes: tuple[RouteTaken, ...]
    arrived: str

    @property
    def trust_change(self) -> int:
        return self.trust_after - self.trust_before

    @property
    def pressure_change(self) -> int:
        return self.pressure_after - self.pressure_before


@dataclass(frozen=True, slots=True)
class Transition:
    """The state after a start or a choice, and how it was reached."""

    state: PlayState
    event: StepEvent | None = None
    routes: tuple[RouteTaken, ...] = field(default=())


Narration = tuple[str | None, str]
"""A line told on the way to a scene or an ending, as (speaker, text): speaker None for a narrator."""


def narration(scenario: Scenario, interrupt: InterruptFired | None, routes: Iterable[RouteTaken]) -> list[Narration]:
    """The narration shown on the way after a choice (or at the start, with no `interrupt`): the
    fired interrupt's `text`, then the `text` of each check node routed through, in order. What
    the author wrote, never the conditions, flags or ids behind it (`play --explain` shows those).

    Narration has no speaker, unless a check node names one other than `buyer` or `narrator`."""
    lines: list[Narration] = []
    if interrupt is not None:
        text = scenario.interrupts[interrupt.index].text
        if text is not None:
            lines.append((None, text))
    for route in routes:
        node = scenario.nodes[route.node]
        if node.text is not None:
            lines.append((node.speaker if node.speaker not in (None, "buyer", "narrator") else None, node.text))
    return lines


def picks_of(steps: Sequence[Transition]) -> list[int | str]:
    """The choices of a play as `--choices` takes them: each choice's id, its number without one."""
    picks: list[int | str] = []
    for step in steps:
        assert step.event is not None
        picks.append(step.event.choice.id or step.event.number)
    return picks


def choices_text(steps: Sequence[Transition]) -> str:
    """`why-today,2,1`: a play's choices ready to paste after `--choices`."""
    return ",".join(str(pick) for pick in picks_of(steps))


def displayed_speaker(scenario: Scenario, speaker: str | None) -> str | None:
    """`buyer` (or None) shows the buyer's name, `narrator` shows none, any other name itself."""
    if speaker is None or speaker == "buyer":
        return scenario.buyer.name
    return None if speaker == "narrator" else speaker


class Engine:
    """Deterministic rules of play for one valid scenario."""

    def __init__(self, scenario: Scenario | CompiledScenario) -> None:
        self.compiled = scenario if isinstance(scenario, CompiledScenario) else CompiledScenario(scenario)
        self.scenario = self.compiled.scenario

    # -- conversions --
    def _state(self, target: int, t: int, p: int, f: int, world: str | None) -> PlayState:
        c = self.compiled
        return PlayState(c.ids[target], t, p, c.flags_of(f), c.is_ending(target), world)

    def _ints(self, state: PlayState) -> tuple[int, int, int, int]:
        c = self.compiled
        return c.target_of[state.node], state.trust, state.pressure, c.mask_of(state.flags)

    def _route_recorder(self, taken: list[RouteTaken]) -> Callable[[int, int], None]:
        c = self.compiled

        def record(target: int, index: int) -> None:
            route = self.scenario.nodes[c.ids[target]].routes[index]  # type: ignore[index]
            taken.append(RouteTaken(c.ids[target], index, route.when, route.next))

        return record

    # -- play --
    def start(self, world: str | None = None, *, rng: random.Random | None = None) -> Transition:
        """The start of a play in `world` (its id). Without `world`, a scenario with
        `[[worlds]]` draws one by weight from `rng` (a fresh unpredictable one if None).
        Raises `UnknownWorld` when `world` names no world of the scenario."""
        if world is None:
            world = draw_world(self.scenario, rng=rng)
        index = world_index(self.scenario, world)
        taken: list[RouteTaken] = []
        target, t, p, f = self.compiled.start(self._route_recorder(taken), world=index)
        return Transition(self._state(target, t, p, f, world), None, tuple(taken))

    def node(self, state: PlayState) -> Node | None:
        return self.scenario.nodes.get(state.node)

    def ending(self, state: PlayState) -> Ending | None:
        return self.scenario.endings.get(state.node) if state.ended else None

    def variant(self, state: PlayState) -> int | None:
        """The index of the node's variant shown in `state` (its first whose `when` holds); None
        for the node's own text, or at an ending."""
        return None if state.ended else self.compiled.text_variant(*self._ints(state))

    def text(self, state: PlayState) -> str:
        """The node's text with the first matching variant applied (or the ending's text)."""
        if state.ended:
            return self.scenario.endings[state.node].text
        node = self.scenario.nodes[state.node]
        variant = self.variant(state)
        if variant is not None:
            return node.variants[variant].text  # type: ignore[index]
        return node.text or ""

    def speaker(self, state: PlayState) -> str | None:
        """The speaker's name as displayed at a scene node: the buyer's name for `buyer`
        (the default), None for `narrator`, else the name given; a variant's `speaker`
        replaces the node's while the variant is shown."""
        if state.ended:
            return None
        node = self.scenario.nodes[state.node]
        speaker = node.speaker
        variant = self.variant(state)
        if variant is not None and node.variants[variant].speaker is not None:  # type: ignore[index]
            speaker = node.variants[variant].speaker  # type: ignore[index]
        return displayed_speaker(self.scenario, speaker)

    def narration(self, transition: Transition) -> list[Narration]:
        """The narration shown on the way to `transition.state` (see `narration`)."""
        event = transition.event
        return narration(self.scenario, event.interrupt if event is not None else None, transition.routes)

    def number_of(self, state: PlayState, choice: int | str) -> int:
        """The 1-based number of an offered choice given by number or by `id`.

        Raises `ChoiceNotOffered` when no offered choice has that id."""
        if isinstance(choice, int):
            return choice
        offers = self.offered(state)
        for offer in offers:
            if offer.choice.id == choice:
                return offer.number
        where = f"the play has ended at {state.node!r}" if state.ended else f"it is not offered at {state.node!r}"
        raise ChoiceNotOffered(f'no choice "{choice}" can be taken: {where}')

    def offered(self, state: PlayState) -> list[Offer]:
        if state.ended:
            return []
        target, t, p, f = self._ints(state)
        node = self.scenario.nodes[state.node]
        return [
            Offer(number, c.index, node.choices[c.index])  # type: ignore[index]
            for number, c in enumerate(self.compiled.offered(target, t, p, f), start=1)
        ]

    def choose(self, state: PlayState, number: int) -> Transition:
        """Take the `number`-th offered choice (1-based)."""
        if state.ended:
            raise ChoiceNotOffered(f"the play has ended at {state.node!r}; no choice can follow")
        target, t, p, f = self._ints(state)
        offered = self.compiled.offered(target, t, p, f)
        if not 1 <= number <= len(offered):
            raise ChoiceNotOffered(
                f"choice {number} is not offered at {state.node!r}; "
                f"choose 1 to {len(offered)}" if offered else f"no choice is offered at {state.node!r}"
            )
        picked: CompiledChoice = offered[number - 1]
        taken: list[RouteTaken] = []
        new_target, t2, p2, f2, fired = self.compiled.apply(picked, t, p, f, self._route_recorder(taken))
        choice = self.scenario.nodes[state.node].choices[picked.index]  # type: ignore[index]
        interrupt = None
        if fired is not None:
            spec = self.scenario.interrupts[fired]
            interrupt = InterruptFired(fired, spec.when, spec.next)
        new_flags = self.compiled.flags_of(f2)
        event = StepEvent(
            node=state.node,
            number=number,
            index=picked.index,
            choice=choice,
            trust_before=t,
            pressure_before=p,
            trust_after=t2,
            pressure_after=p2,
            flags_set=new_flags - state.flags,
            flags_cleared=state.flags - new_flags,
            interrupt=interrupt,
            routes=tuple(taken),
            arrived=self.compiled.ids[new_target],
        )
        return Transition(self._state(new_target, t2, p2, f2, state.world), event, tuple(taken))

    def replay(
        self, choices: Sequence[int | str], world: str | None = None, *, rng: random.Random | None = None
    ) -> tuple[Transition, list[Transition]]:
        """Start (in `world`, else drawn as `start` does), then take each choice in turn: its
        number (1-based among the choices offered, as a player presses them) or its `id`.
        Returns (start, steps). `ChoiceNotOffered` names the step that cannot be played: a
        choice not offered there, or one after the play has ended."""
        start = self.start(world, rng=rng)
        return start, self.play_on(start.state, choices)

    def play_on(self, state: PlayState, choices: Sequence[int | str]) -> list[Transition]:
        """From `state`, take each choice in turn (numbers or ids, as `replay` takes them);
        `ChoiceNotOffered` names the step (counted from `state`) that cannot be played."""
        steps: list[Transition] = []
        for position, number in enumerate(choices, start=1):
            if state.ended:
                raise ChoiceNotOffered(f"choice {position} ({number}) comes after the play ended at {state.node!r}")
            try:
                step = self.choose(state, self.number_of(state, number))
            except ChoiceNotOffered as error:
                raise ChoiceNotOffered(f"step {position}: {error}") from None
            steps.append(step)
            state = step.state
        return steps

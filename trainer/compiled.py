"""A validated scenario compiled for fast, exact play.

Nodes and endings become integer targets, flags become bits of a mask,
conditions become predicates and effects become lookup tables. The engine
and the solver both step through this one representation, so a play and
its analysis can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import overload

from trainer.conditions import Predicate, compile_condition, parse_condition
from trainer.effects import MeterTable, effect_table
from trainer.model import Scenario, Tactic

RouteHook = Callable[[int, int], None]
"""Called with (check node target, route index) for every route taken."""


@dataclass(frozen=True, slots=True)
class CompiledChoice:
    index: int  # position in the node's `choices`
    tactic: Tactic
    when: Predicate | None
    trust: MeterTable
    pressure: MeterTable
    set_mask: int
    keep_mask: int  # every bit but the cleared flags
    target: int


@dataclass(frozen=True, slots=True)
class CompiledRoute:
    when: Predicate | None
    target: int


@dataclass(frozen=True, slots=True)
class CompiledInterrupt:
    when: Predicate
    target: int


class CompiledScenario:
    """Targets `0..len(node_ids)-1` are nodes; the rest are endings."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.node_ids: list[str] = list(scenario.nodes)
        self.ending_ids: list[str] = list(scenario.endings)
        self.ids: list[str] = self.node_ids + self.ending_ids
        self.target_of: dict[str, int] = {name: i for i, name in enumerate(self.ids)}
        self.node_count = len(self.node_ids)
        self.flag_names: list[str] = sorted(
            {flag for node in scenario.nodes.values() for c in node.choices or () for flag in c.set}
            | {flag for world in scenario.worlds or () for flag in world.set}
        )
        self.flag_bits: dict[str, int] = {name: 1 << i for i, name in enumerate(self.flag_names)}
        all_flags = (1 << len(self.flag_names)) - 1
        self.ending_stars: list[int] = [e.effective_stars for e in scenario.endings.values()]

        self.is_check: list[bool] = []
        self.choices: list[tuple[CompiledChoice, ...]] = []
        self.routes: list[tuple[CompiledRoute, ...]] = []
        self.variants: list[tuple[Predicate, ...]] = []
        for node in scenario.nodes.values():
            self.is_check.append(node.is_check)
            self.choices.append(
                tuple(
                    CompiledChoice(
                        index=i,
                        tactic=c.tactic,
                        when=self.predicate(c.when),
                        trust=effect_table(c.trust),
                        pressure=effect_table(c.pressure),
                        set_mask=self.mask(c.set),
                        keep_mask=all_flags & ~self.mask(c.clear),
                        target=self.target_of[c.next],
                    )
                    for i, c in enumerate(node.choices or ())
                )
            )
            self.routes.append(
                tuple(CompiledRoute(self.predicate(r.when), self.target_of[r.next]) for r in node.routes or ())
            )
            self.variants.append(tuple(self.predicate(v.when) for v in node.variants or ()))
        self.interrupts: tuple[CompiledInterrupt, ...] = tuple(
            CompiledInterrupt(self.predicate(i.when), self.target_of[i.next]) for i in scenario.interrupts
        )
        self.start_target = self.target_of[scenario.start]
        self.start_trust = scenario.meters.trust
        self.start_pressure = scenario.meters.pressure
        # One world without [[worlds]]: id None, no flags at the start.
        self.world_ids: list[str | None] = [w.id for w in scenario.worlds] if scenario.worlds else [None]
        self.world_masks: list[int] = [self.mask(w.set) for w in scenario.worlds] if scenario.worlds else [0]

    @overload
    def predicate(self, condition: str) -> Predicate: ...
    @overload
    def predicate(self, condition: None) -> None: ...
    def predicate(self, condition: str | None) -> Predicate | None:
        if condition is None:
            return None
        return compile_condition(parse_condition(condition), self.flag_bits)

    def mask(self, flags: list[str]) -> int:
        result = 0
        for name in flags:
            result |= self.flag_bits.get(name, 0)
        return result

    def is_ending(self, target: int) -> bool:
        return target >= self.node_count

    def stars(self, target: int) -> int:
        return self.ending_stars[target - self.node_count]

    def settle(self, target: int, t: int, p: int, f: int, on_route: RouteHook | None = None) -> int:
        """Follow check nodes' routes until a scene node or an ending."""
        is_check = self.is_check
        while target < self.node_count and is_check[target]:
            for index, route in enumerate(self.routes[target]):
                if route.when is None or route.when(t, p, f):
                    if on_route is not None:
                        on_route(target, index)
                    target = route.target
                    break
            else:  # only reachable in an invalid scenario; the validator refuses those
                raise RuntimeError(f"check node {self.ids[target]!r} has no route that holds")
        return target

    @property
    def world_count(self) -> int:
        return len(self.world_ids)

    def start(self, on_route: RouteHook | None = None, world: int = 0) -> tuple[int, int, int, int]:
        """The settled start state of world number `world` (0-based, in file order)."""
        t, p, f = self.start_trust, self.start_pressure, self.world_masks[world]
        return self.settle(self.start_target, t, p, f, on_route), t, p, f

    def offered(self, node: int, t: int, p: int, f: int) -> list[CompiledChoice]:
        return [c for c in self.choices[node] if c.when is None or c.when(t, p, f)]

    def apply(
        self, choice: CompiledChoice, t: int, p: int, f: int, on_route: RouteHook | None = None
    ) -> tuple[int, int, int, int, int | None]:
        """(target, trust, pressure, flags, interrupt index or None) after a choice."""
        t = choice.trust[t]
        p = choice.pressure[p]
        f = (f | choice.set_mask) & choice.keep_mask
        target = choice.target
        fired: int | None = None
        for index, interrupt in enumerate(self.interrupts):
            if interrupt.when(t, p, f):
                target = interrupt.target
                fired = index
                break
        return self.settle(target, t, p, f, on_route), t, p, f, fired

    def text_variant(self, node: int, t: int, p: int, f: int) -> int | None:
        """Index of the first variant whose condition holds, if any."""
        for index, when in enumerate(self.variants[node]):
            if when(t, p, f):
                return index
        return None

    def flags_of(self, mask: int) -> frozenset[str]:
        return frozenset(name for name, bit in self.flag_bits.items() if mask & bit)

    def mask_of(self, flags: frozenset[str] | set[str]) -> int:
        return self.mask(list(flags))

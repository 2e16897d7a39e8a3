"""Exact analysis of a scenario's state space: the best outcome from every state.

A state is (scene node, trust, pressure, flags). Every state reachable from
the start is expanded exactly once (breadth first, so the recorded parent
of each state lies on a shortest path to it). `best(state)` is the highest
`stars` of any ending reachable from it; loops are handled by propagating
star levels backwards, highest first, which visits every edge once.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from trainer.compiled import CompiledScenario, RouteHook
from trainer.limits import DEFAULT_STATE_BUDGET
from trainer.observations import SILENT, Observations

"""States explored before an analysis gives up as too large (override per call)."""

NO_ENDING = -1


@dataclass(slots=True)
class Coverage:
    """What the exploration saw, for the validator's warnings."""

    nodes: set[int] = field(default_factory=set)
    endings: set[int] = field(default_factory=set)
    choices: set[tuple[int, int]] = field(default_factory=set)
    routes: set[tuple[int, int]] = field(default_factory=set)
    variants: set[tuple[int, int]] = field(default_factory=set)
    interrupts: set[int] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class StuckState:
    """A reachable state from which no ending can be reached, and how to get there."""

    node: str
    trust: int
    pressure: int
    flags: frozenset[str]
    path: tuple[int, ...]  # 1-based choice numbers from the start
    no_choice_offered: bool


class Analysis:
    """The outcome of exploring a scenario's reachable states."""

    def __init__(
        self,
        compiled: CompiledScenario,
        budget: int = DEFAULT_STATE_BUDGET,
        track: bool = False,
        *,
        world: int = 0,
        observations: Observations | None = None,
        propagate: bool = True,
    ) -> None:
        """`propagate=False` explores only; call `propagate()` before asking for `best`."""
        self.compiled = compiled
        self.budget = budget
        self.world = world  # 0-based, in file order
        self.too_large = False
        self.coverage: Coverage | None = Coverage() if track else None
        self.observations = observations
        self._ids: dict[int, int] = {}
        self._keys: list[int] = []
        self._best = array("b")
        self.solved = False  # `best` is known: explored within the budget, then propagated
        # With `observations`: each state's scene signature, each edge's narration, the start's.
        self.signature = array("q")
        self.narration = array("q")
        self.start_narration = 0
        self._succ_start = array("q")
        self._succ = array("q")
        self._explore()
        if propagate:
            self.propagate()

    # -- encoding: one int per state --
    def _key(self, node: int, t: int, p: int, f: int) -> int:
        return ((f * 101 + p) * 101 + t) * self.compiled.node_count + node

    def _decode(self, key: int) -> tuple[int, int, int, int]:
        rest, node = divmod(key, self.compiled.node_count)
        rest, t = divmod(rest, 101)
        f, p = divmod(rest, 101)
        return node, t, p, f

    def states(self) -> Iterator[tuple[int, int, int, int]]:
        """Every reachable scene state as (node target, trust, pressure, flag mask), breadth first."""
        for key in self._keys:
            yield self._decode(key)

    @property
    def state_count(self) -> int:
        """Reachable scene states, each expanded once."""
        return len(self._keys)

    def _explore(self) -> None:
        c = self.compiled
        cov = self.coverage
        obs = self.observations
        checks: list[int] = []
        on_route: RouteHook | None = None
        if cov is not None and obs is not None:

            def on_route(node: int, index: int) -> None:
                cov.routes.add((node, index))
                checks.append(node)

        elif cov is not None:
            on_route = lambda node, index: cov.routes.add((node, index))  # noqa: E731
        elif obs is not None:
            on_route = lambda node, index: checks.append(node)  # noqa: E731
        start, t0, p0, f0 = c.start(on_route, self.world)
        if obs is not None:
            self.start_narration = obs.narration(None, checks)
        self.start_target = start
        self._start_state = (start, t0, p0, f0)
        if cov is not None:
            cov.nodes.add(c.start_target)
        if c.is_ending(start):
            if cov is not None:
                cov.endings.add(start)
            return
        if self.budget < 1:
            self.too_large = True
            return
        ids, keys = self._ids, self._keys
        node_count = c.node_count
        interrupts = tuple((i, r.when, r.target) for i, r in enumerate(c.interrupts))
        is_check = c.is_check
        settle = c.settle
        choices_of = c.choices
        budget = self.budget
        succ_start = array("q")
        succ = array("q")
        direct = array("b")
        parent = array("q")
        parent_choice = array("b")
        first = ((f0 * 101 + p0) * 101 + t0) * node_count + start
        ids[first] = 0
        keys.append(first)
        parent.append(-1)
        parent_choice.append(0)
        i = 0
        offered: list[int] = []
        signature, narration = self.signature, self.narration
        # A node without variants or conditional choices always shows the same scene.
        fixed_signature = [
            obs.signature(n, None, tuple(ch.index for ch in choices_of[n]))
            if obs is not None and not c.variants[n] and all(ch.when is None for ch in choices_of[n]) and not is_check[n]
            else -1
            for n in range(node_count)
        ]
        while i < len(keys):
            key = keys[i]
            rest, node = divmod(key, node_count)
            rest, t = divmod(rest, 101)
            f, p = divmod(rest, 101)
            succ_start.append(len(succ))
            best_direct = NO_ENDING
            number = 0
            if obs is not None:
                offered.clear()
            if cov is not None:
                cov.nodes.add(node)
                for v, when in enumerate(c.variants[node]):
                    if (node, v) not in cov.variants and when(t, p, f):
                        cov.variants.add((node, v))
            for choice in choices_of[node]:
                if choice.when is not None and not choice.when(t, p, f):
                    continue
                number += 1
                t2 = choice.trust[t]
                p2 = choice.pressure[p]
                f2 = (f | choice.set_mask) & choice.keep_mask
                target = choice.target
                if cov is not None:
                    cov.choices.add((node, choice.index))
                fired = None
                for index, fires, redirect in interrupts:
                    if fires(t2, p2, f2):
                        target = redirect
                        fired = index
                        if cov is not None:
                            cov.interrupts.add(index)
                        break
                if cov is not None and target < node_count:
                    cov.nodes.add(target)
                if obs is not None:
                    offered.append(choice.index)
                    checks.clear()
                if target < node_count and is_check[target]:
                    target = settle(target, t2, p2, f2, on_route)
                if obs is not None:
                    narration.append(obs.narration(fired, checks) if checks or fired is not None else SILENT)
                if target >= node_count:
                    stars = c.ending_stars[target - node_count]
                    if stars > best_direct:
                        best_direct = stars
                    succ.append(-1 - (target - node_count))
                    if cov is not None:
                        cov.endings.add(target)
                    continue
                k2 = ((f2 * 101 + p2) * 101 + t2) * node_count + target
                j = ids.get(k2)
                if j is None:
                    j = len(keys)
                    if j >= budget:
                        self.too_large = True
                        return
                    ids[k2] = j
                    keys.append(k2)
                    parent.append(i)
                    parent_choice.append(number)
                succ.append(j)
            direct.append(best_direct)
            if obs is not None:
                sig = fixed_signature[node]
                if sig < 0:
                    sig = obs.signature(node, c.text_variant(node, t, p, f), tuple(offered))
                signature.append(sig)
            i += 1
        succ_start.append(len(succ))
        self._succ_start, self._succ, self._direct = succ_start, succ, direct
        self._parent, self._parent_choice = parent, parent_choice

    def propagate(self) -> None:
        """best = highest star level whose endings a state can reach (nothing when too large)."""
        n = len(self._keys)
        if self.too_large or self.solved:
            return
        self.solved = True
        if n == 0:
            return
        succ_start, succ, direct = self._succ_start, self._succ, self._direct
        # Reverse edges between states, as a compressed adjacency list.
        indegree = array("q", bytes(8 * (n + 1)))
        for j in succ:
            if j >= 0:
                indegree[j + 1] += 1
        for j in range(n):
            indegree[j + 1] += indegree[j]
        pred_start = indegree
        pred = array("q", bytes(8 * len(succ)))
        fill = array("q", pred_start)
        for i in range(n):
            for e in range(succ_start[i], succ_start[i + 1]):
                j = succ[e]
                if j >= 0:
                    pred[fill[j]] = i
                    fill[j] += 1
        best = array("b", [NO_ENDING]) * n
        for level in sorted(set(direct), reverse=True):
            if level == NO_ENDING:
                continue
            queue = deque(i for i in range(n) if direct[i] == level and best[i] == NO_ENDING)
            for i in queue:
                best[i] = level
            while queue:
                j = queue.popleft()
                for e in range(pred_start[j], pred_start[j + 1]):
                    i = pred[e]
                    if best[i] == NO_ENDING:
                        best[i] = level
                        queue.append(i)
        self._best = best

    # -- queries --
    def best(self, target: int, t: int, p: int, f: int) -> int | None:
        """Best stars reachable from a settled state; None when unknown (too large, or never
        propagated because the secure analysis as a whole was too large)."""
        c = self.compiled
        if c.is_ending(target):
            return c.stars(target)
        if not self.solved:
            return None
        j = self._ids.get(self._key(target, t, p, f))
        if j is None:
            return None
        value = self._best[j]
        return None if value == NO_ENDING else value

    @property
    def best_possible(self) -> int | None:
        return self.best(*self._start_state)

    def path_to(self, index: int) -> tuple[int, ...]:
        """A shortest way to the `index`-th reachable state: 1-based choice numbers from the start."""
        path: list[int] = []
        j = index
        while self._parent[j] >= 0:
            path.append(self._parent_choice[j])
            j = self._parent[j]
        return tuple(reversed(path))

    def stuck_states(self, limit: int = 1) -> list[StuckState]:
        """Up to `limit` reachable states that can reach no ending, nearest first."""
        if not self.solved:
            return []
        found: list[StuckState] = []
        c = self.compiled
        for i in range(len(self._keys)):
            if self._best[i] != NO_ENDING:
                continue
            node, t, p, f = self._decode(self._keys[i])
            found.append(
                StuckState(
                    node=c.ids[node],
                    trust=t,
                    pressure=p,
                    flags=c.flags_of(f),
                    path=self.path_to(i),
                    no_choice_offered=self._succ_start[i] == self._succ_start[i + 1],
                )
            )
            if len(found) >= limit:
                break
        return found


def analyse(compiled: CompiledScenario, budget: int = DEFAULT_STATE_BUDGET, track: bool = False) -> Analysis:
    """Explore every reachable state of a compiled scenario (up to `budget` states)."""
    return Analysis(compiled, budget=budget, track=track)

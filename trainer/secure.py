"""The secure analysis: the stars a player can be sure of, from what they have observed.

API (all ids are opaque ints; `world` is a world id, None without `[[worlds]]`):

    analysis = SecureAnalysis(compiled, budget=DEFAULT_STATE_BUDGET, track=False)
    analysis.too_large              # past the budget: every best/secure below is None
    analysis.worlds                 # world ids in file order ([None] without [[worlds]])
    analysis.world(world)           # that world's `trainer.solver.Analysis` (best, soft-locks)
    info = analysis.start_info(world)        # where a play in `world` starts
    analysis.secure(info)           # stars the player can be sure of there (0..3)
    analysis.secure_after(info, n)  # after pressing the n-th offered choice (1-based)
    analysis.branches(info, n)      # the information states the next observation splits into
    analysis.next_info(info, n, world)       # the branch the play in `world` goes on in
    analysis.worlds_of(info)        # the worlds not yet told apart there, in file order
    analysis.decision(info, n, world, offered)  # a `Decision`: secure before/after, risk worlds

An *information state* is the set of (world, state) pairs that agree with
everything the player has observed (`trainer.observations`), one pair per
world not yet told apart. After a choice, each pair moves on and the next
observation splits the set into branches. `secure(I) >= k` when some way
of choosing reaches an ending worth at least k stars in every world of I:
a reachability game (the player picks a choice, the observation picks the
branch), solved level by level from 3 stars down, each level propagated
backwards from the endings as `trainer.solver` propagates `best` (loops
included, every edge visited once per analysis, never a strategy
enumerated). An information state from which no way of choosing is sure
to reach an ending at all has `secure` 0: the player can be sure of nothing.

Each world's states are explored once by `trainer.solver.Analysis`; every
(world, state) pair counts toward the budget, and so does every information
state of two or more pairs (a one-pair information state is its pair). With
one world every information state is one pair, so `secure` is `best` and
nothing more is built or counted.
"""

from __future__ import annotations

from array import array
from collections import deque
from dataclasses import dataclass, field

from trainer.compiled import CompiledScenario
from trainer.limits import DEFAULT_STATE_BUDGET
from trainer.model import Choice
from trainer.observations import Observations
from trainer.solver import NO_ENDING, Analysis, Coverage

UNSURE = -1
"""Internal level of an information state from which no ending is sure (reported as 0)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision judged by what the player could know (and, in the real world, by `best`)."""

    secure_before: int
    secure_after: int
    alternatives_after: tuple[int, ...]  # secure_after of each offered choice, by number - 1
    risk_worlds: tuple[str, ...]  # worlds of the branches below secure_before, file order; () without worlds

    @property
    def is_turning_point(self) -> bool:
        return self.secure_after < self.secure_before

    @property
    def winning_numbers(self) -> tuple[int, ...]:
        """Offered choices (1-based) whose secure_after equals secure_before."""
        if not self.is_turning_point:
            return ()
        return tuple(n for n, after in enumerate(self.alternatives_after, start=1) if after == self.secure_before)


@dataclass(slots=True)
class HiddenDifference:
    """Two choices at the same number with the same text, in worlds not yet told apart,
    that differ in effects, flags or `next`."""

    first: tuple[int, int]  # (node target, choice index)
    second: tuple[int, int]
    worlds: tuple[str | None, ...]


@dataclass(slots=True)
class _Terminal:
    ending: int  # offset among the endings
    mask: int


@dataclass(slots=True)
class _Graph:
    """Information states 0..n-1 (each expanded once) and their moves."""

    keys: list[int] = field(default_factory=list)
    masks: array = field(default_factory=lambda: array("H"))
    move_start: array = field(default_factory=lambda: array("q"))
    edge_start: array = field(default_factory=lambda: array("q"))
    child: array = field(default_factory=lambda: array("q"))
    secure: array = field(default_factory=lambda: array("b"))


class SecureAnalysis:
    """Every world's states and every information state reachable from the starts."""

    def __init__(
        self,
        compiled: CompiledScenario,
        budget: int = DEFAULT_STATE_BUDGET,
        track: bool = False,
        *,
        general: bool = False,
    ) -> None:
        """`general` builds information states even for one world (tests compare it with `best`)."""
        self.compiled = compiled
        self.budget = budget
        self.worlds: list[str | None] = list(compiled.world_ids)
        self.too_large = False
        self.analyses: list[Analysis] = []
        self.pair_count = 0
        self.info_count = 0  # information states of two or more pairs, each expanded once
        self.expanded = 0  # information states expanded (one-pair ones included)
        self.hidden_differences: list[HiddenDifference] = []
        self._single = len(self.worlds) == 1 and not general
        self._apart = [0] * len(self.worlds)  # bit v of _apart[w]: w and v were told apart
        self._graph = _Graph()
        self._terminals: list[_Terminal] = []
        self._terminal_ids: dict[tuple[int, int], int] = {}
        self._start: list[int] = []
        observations = None if self._single else Observations(compiled)
        self._observations = observations
        remaining = budget
        for w in range(len(self.worlds)):
            analysis = Analysis(
                compiled, budget=remaining, track=track, world=w, observations=observations, propagate=self._single
            )
            self.analyses.append(analysis)
            if analysis.too_large:
                self.too_large = True
                return
            remaining -= analysis.state_count
            self.pair_count += analysis.state_count
        if self._single:
            self.expanded = self.pair_count
            start = self.analyses[0].start_target
            self._start = [self._terminal(start - compiled.node_count, 1) if compiled.is_ending(start) else 0]
            return
        self._explore(remaining)
        if not self.too_large:
            for analysis in self.analyses:
                analysis.propagate()
            self._propagate()

    # -- exploring information states --
    def _terminal(self, ending: int, mask: int) -> int:
        key = (ending, mask)
        found = self._terminal_ids.get(key)
        if found is None:
            found = self._terminal_ids[key] = len(self._terminals)
            self._terminals.append(_Terminal(ending, mask))
        return -1 - found

    def _explore(self, remaining: int) -> None:
        c = self.compiled
        node_count = c.node_count
        analyses = self.analyses
        count = len(analyses)
        assert self._observations is not None
        scene_of = self._observations.scene_of
        succ_start = [a._succ_start for a in analyses]
        succ = [a._succ for a in analyses]
        narration = [a.narration for a in analyses]
        signature = [a.signature for a in analyses]
        radix = [a.state_count + 1 for a in analyses]
        base = [1] * count
        for w in range(1, count):
            base[w] = base[w - 1] * radix[w - 1]
        g = self._graph
        keys, masks, move_start, edge_start, child = g.keys, g.masks, g.move_start, g.edge_start, g.child
        ids: dict[int, int] = {}
        apart = self._apart
        mixed: dict[tuple[int, ...], int] = {}

        def place(group: list[tuple[int, int]]) -> int:
            """The id of the information state (or ending) holding these (world, state) pairs."""
            mask = 0
            for w, _ in group:
                mask |= 1 << w
            j = group[0][1]
            if j < 0:
                return self._terminal(-1 - j, mask)
            key = 0
            for w, j in group:
                key += (j + 1) * base[w]
            found = ids.get(key)
            if found is None:
                if len(group) > 1:
                    self.info_count += 1
                    if self.info_count > remaining:
                        self.too_large = True
                found = ids[key] = len(keys)
                keys.append(key)
                masks.append(mask)
            return found

        def split(groups: list[list[tuple[int, int]]], members: int) -> None:
            for group in groups:
                inside = 0
                for w, _ in group:
                    inside |= 1 << w
                for w, _ in group:
                    apart[w] |= members & ~inside

        starts: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for w, a in enumerate(analyses):
            target = a.start_target
            if c.is_ending(target):
                seen = (a.start_narration, -1 - (target - node_count))
                starts.setdefault(seen, []).append((w, -1 - (target - node_count)))
            else:
                starts.setdefault((a.start_narration, scene_of[signature[w][0]]), []).append((w, 0))
        start_groups = list(starts.values())
        split(start_groups, (1 << count) - 1)
        self._start = [0] * count
        for group in start_groups:
            found = place(group)
            for w, _ in group:
                self._start[w] = found

        i = 0
        while i < len(keys):
            if self.too_large:
                return
            key = keys[i]
            members: list[tuple[int, int]] = []
            for w in range(count):
                key, digit = divmod(key, radix[w])
                if digit:
                    members.append((w, digit - 1))
            move_start.append(len(edge_start))
            w0, i0 = members[0]
            first = succ_start[w0][i0]
            offered = succ_start[w0][i0 + 1] - first
            if len(members) == 1:
                s0 = succ[w0]
                bit = 1 << w0
                for e in range(first, first + offered):
                    edge_start.append(len(child))
                    j = s0[e]
                    if j < 0:
                        child.append(self._terminal(-1 - j, bit))
                    else:
                        place_key = (j + 1) * base[w0]
                        known = ids.get(place_key)
                        if known is None:
                            known = ids[place_key] = len(keys)
                            keys.append(place_key)
                            masks.append(bit)
                        child.append(known)
            else:
                sigs = tuple(signature[w][j] for w, j in members)
                if len(set(sigs)) > 1 and sigs not in mixed:
                    mixed[sigs] = masks[i]
                inside = masks[i]
                for n in range(offered):
                    edge_start.append(len(child))
                    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
                    for w, j in members:
                        e = succ_start[w][j] + n
                        nxt = succ[w][e]
                        seen = (narration[w][e], scene_of[signature[w][nxt]] if nxt >= 0 else nxt)
                        groups.setdefault(seen, []).append((w, nxt))
                    branch = list(groups.values())
                    if len(branch) > 1:
                        split(branch, inside)
                    for group in branch:
                        child.append(place(group))
            i += 1
        move_start.append(len(edge_start))
        edge_start.append(len(child))
        self.expanded = len(keys)
        self._find_hidden_differences(mixed)

    def _find_hidden_differences(self, mixed: dict[tuple[int, ...], int]) -> None:
        assert self._observations is not None
        signatures = self._observations.signatures
        nodes = list(self.compiled.scenario.nodes.values())
        reported: set[tuple[tuple[int, int], tuple[int, int]]] = set()
        for sigs, mask in mixed.items():
            shown = [signatures[s] for s in sigs]
            for a in range(len(shown)):
                for b in range(a + 1, len(shown)):
                    node_a, _, offered_a = shown[a]
                    node_b, _, offered_b = shown[b]
                    for index_a, index_b in zip(offered_a, offered_b, strict=True):
                        pair = ((node_a, index_a), (node_b, index_b))
                        if pair[0] == pair[1] or pair in reported:
                            continue
                        one = nodes[node_a].choices[index_a]  # type: ignore[index]
                        two = nodes[node_b].choices[index_b]  # type: ignore[index]
                        if _consequences(one) != _consequences(two):
                            reported.add(pair)
                            self.hidden_differences.append(
                                HiddenDifference(pair[0], pair[1], self._world_tuple(mask))
                            )

    def _propagate(self) -> None:
        """secure = the highest level k from which some way of choosing reaches an ending
        worth k or more in every world: for k = 3..0, a move (an information state and a
        choice) is sure once all its branches are, a state once one of its moves is."""
        g = self._graph
        n = len(g.keys)
        moves = len(g.edge_start) - 1
        owner = array("q", bytes(8 * moves))
        for i in range(n):
            for m in range(g.move_start[i], g.move_start[i + 1]):
                owner[m] = i
        waiting = array("q", (g.edge_start[m + 1] - g.edge_start[m] for m in range(moves)))
        by_level: dict[int, list[int]] = {}
        pred_count = array("q", bytes(8 * (n + 1)))
        for m in range(moves):
            for e in range(g.edge_start[m], g.edge_start[m + 1]):
                j = g.child[e]
                if j < 0:
                    by_level.setdefault(self._stars_of_terminal(j), []).append(m)
                else:
                    pred_count[j + 1] += 1
        for j in range(n):
            pred_count[j + 1] += pred_count[j]
        pred_start = pred_count
        pred = array("q", bytes(8 * max(1, pred_start[n])))
        fill = array("q", pred_start)
        for m in range(moves):
            for e in range(g.edge_start[m], g.edge_start[m + 1]):
                j = g.child[e]
                if j >= 0:
                    pred[fill[j]] = m
                    fill[j] += 1
        secure = array("b", [UNSURE]) * n
        for level in (3, 2, 1, 0):
            queue: deque[int] = deque()
            for m in by_level.get(level, ()):
                waiting[m] -= 1
                if waiting[m] == 0 and secure[owner[m]] == UNSURE:
                    secure[owner[m]] = level
                    queue.append(owner[m])
            while queue:
                j = queue.popleft()
                for e in range(pred_start[j], pred_start[j + 1]):
                    m = pred[e]
                    waiting[m] -= 1
                    if waiting[m] == 0 and secure[owner[m]] == UNSURE:
                        secure[owner[m]] = level
                        queue.append(owner[m])
        g.secure = secure

    def _stars_of_terminal(self, info: int) -> int:
        return self.compiled.ending_stars[self._terminals[-1 - info].ending]

    def _world_tuple(self, mask: int) -> tuple[str | None, ...]:
        return tuple(world for w, world in enumerate(self.worlds) if mask >> w & 1)

    # -- queries --
    def world(self, world: str | None) -> Analysis:
        """The per-world analysis (`best`) of the world named `world`."""
        return self.analyses[self._index(world)]

    def _index(self, world: str | None) -> int:
        try:
            return self.worlds.index(world)
        except ValueError:
            raise ValueError(f"no world {world!r}; the worlds are {self.worlds}") from None

    @property
    def state_count(self) -> int:
        """What the budget counted: (world, state) pairs and information states of 2+ pairs."""
        return self.pair_count + self.info_count

    @property
    def coverage(self) -> Coverage | None:
        """What the exploration saw in any world (with `track`)."""
        parts = [a.coverage for a in self.analyses if a.coverage is not None]
        if not parts:
            return None
        union = Coverage()
        for part in parts:
            for name in Coverage.__dataclass_fields__:
                getattr(union, name).update(getattr(part, name))
        return union

    @property
    def best_possible(self) -> int | None:
        """The most stars any play can reach, in the world most favourable to it."""
        if self.too_large:
            return None
        values = [a.best_possible for a in self.analyses]
        return max((v for v in values if v is not None), default=None)

    def start_info(self, world: str | None) -> int | None:
        """The information state a play in `world` starts in (None when too large)."""
        if self.too_large:
            return None
        return self._start[self._index(world)]

    def secure(self, info: int | None) -> int | None:
        """Stars the player can be sure of from `info` (None when too large)."""
        if info is None or self.too_large:
            return None
        if info < 0:
            return self._stars_of_terminal(info)
        if self._single:
            value = self.analyses[0]._best[info]
            return 0 if value == NO_ENDING else value
        value = self._graph.secure[info]
        return 0 if value == UNSURE else value

    def is_ending(self, info: int) -> bool:
        return info < 0

    def ending_of(self, info: int) -> str | None:
        """The ending's id when `info` is an ending, else None."""
        if info >= 0:
            return None
        return self.compiled.ending_ids[self._terminals[-1 - info].ending]

    def worlds_of(self, info: int) -> tuple[str | None, ...]:
        """The worlds not yet told apart in `info`, in file order."""
        if info < 0:
            return self._world_tuple(self._terminals[-1 - info].mask)
        if self._single:
            return (self.worlds[0],)
        return self._world_tuple(self._graph.masks[info])

    def pairs(self, info: int) -> list[tuple[str | None, int]]:
        """The (world, state index in that world's `Analysis`) pairs of a non-ending `info`."""
        if info < 0:
            return []
        if self._single:
            return [(self.worlds[0], info)]
        key, found = self._graph.keys[info], []
        for w, analysis in enumerate(self.analyses):
            key, digit = divmod(key, analysis.state_count + 1)
            if digit:
                found.append((self.worlds[w], digit - 1))
        return found

    def raw_secure(self, info: int) -> int:
        """`secure` with -1 (`UNSURE`) where no ending is sure; for tests against `Analysis`."""
        if info < 0:
            return self._stars_of_terminal(info)
        return self.analyses[0]._best[info] if self._single else self._graph.secure[info]

    def branches(self, info: int, number: int) -> list[int]:
        """The information states (or endings) that pressing choice `number` (1-based) leads to."""
        if info < 0:
            raise ValueError("the play has ended; no choice follows")
        if self._single:
            a = self.analyses[0]
            first = a._succ_start[info]
            if not 1 <= number <= a._succ_start[info + 1] - first:
                raise ValueError(f"choice {number} is not offered here")
            j = a._succ[first + number - 1]
            return [self._terminal(-1 - j, 1) if j < 0 else j]
        g = self._graph
        first = g.move_start[info]
        if not 1 <= number <= g.move_start[info + 1] - first:
            raise ValueError(f"choice {number} is not offered here")
        m = first + number - 1
        return list(g.child[g.edge_start[m] : g.edge_start[m + 1]])

    def offered_count(self, info: int) -> int:
        if info < 0:
            return 0
        if self._single:
            a = self.analyses[0]
            return a._succ_start[info + 1] - a._succ_start[info]
        return self._graph.move_start[info + 1] - self._graph.move_start[info]

    def secure_after(self, info: int, number: int) -> int | None:
        """The lowest `secure` among the branches after choice `number`."""
        if self.too_large:
            return None
        return min(self.secure(b) or 0 for b in self.branches(info, number))

    def next_info(self, info: int, number: int, world: str | None) -> int:
        """The branch after choice `number` that a play in `world` goes on in."""
        for branch in self.branches(info, number):
            if world in self.worlds_of(branch):
                return branch
        raise ValueError(f"world {world!r} is not in this information state")

    def decision(self, info: int, number: int) -> Decision | None:
        """How choice `number` at `info` is judged (None when too large)."""
        before = self.secure(info)
        if before is None:
            return None
        after = tuple(self.secure_after(info, n) or 0 for n in range(1, self.offered_count(info) + 1))
        chosen = after[number - 1]
        risky: set[str | None] = set()
        if chosen < before:
            for branch in self.branches(info, number):
                if (self.secure(branch) or 0) < before:
                    risky.update(self.worlds_of(branch))
        return Decision(before, chosen, after, tuple(w for w in self.worlds if w in risky and w is not None))

    def never_told_apart(self) -> list[tuple[str | None, str | None]]:
        """Pairs of worlds that no play can ever tell apart (empty when too large)."""
        if self.too_large or self._single:
            return []
        count = len(self.worlds)
        return [
            (self.worlds[a], self.worlds[b])
            for a in range(count)
            for b in range(a + 1, count)
            if not self._apart[a] >> b & 1
        ]


def _consequences(choice: Choice) -> tuple[object, ...]:
    """What a choice does beyond its text: effects, flags and `next`."""
    return (choice.trust, choice.pressure, tuple(choice.set), tuple(choice.clear), choice.next)


def analyse_secure(compiled: CompiledScenario, budget: int = DEFAULT_STATE_BUDGET, track: bool = False) -> SecureAnalysis:
    """Explore every world and every information state (up to `budget`)."""
    return SecureAnalysis(compiled, budget=budget, track=track)

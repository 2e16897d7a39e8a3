"""Starting a play from a state: a node, meters, flags and a world, checked to be reachable.

Drills restore a turning point of a finished run this way, and an author can start a playtest
mid-scenario (`play FILE --at NODE`). Headless; the rules are the engine's, the reachability the
solver's, so a play started here is one that some play from the start really arrives at:

    at = StartAt("pain", trust=55, pressure=10, flags=frozenset({"asked_why"}), world="big")
    reached = reach(loaded, at)      # raises `Unreachable`, its message says why
    reached.path                     # a shortest way there: 1-based choice numbers from the start
    session = PlaySession.begin_at(loaded, at)   # trainer.game.play: the play, standing there

Any of `trust`, `pressure`, `flags` and `world` may be left out (None): then the first
matching state in breadth-first order is taken, the one nearest the start. Given, each must
match exactly (`flags` is the whole set of flags, world flags included).
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.engine import PlayState
from trainer.errors import TrainerError
from trainer.loader import LoadedScenario
from trainer.worlds import find_world

MAX_LISTED = 8
"""Ids named in a message before it says "and N more"."""


class Unreachable(TrainerError):
    """A state a play cannot start from; the message names what is wrong and how to fix it."""


@dataclass(frozen=True, slots=True)
class StartAt:
    """Where to start: a scene node, and optionally exact meters, flags and world (None: any)."""

    node: str
    trust: int | None = None
    pressure: int | None = None
    flags: frozenset[str] | None = None
    world: str | None = None
    by: tuple[int, ...] | None = None  # the way a play took there: kept when it still leads there


@dataclass(frozen=True, slots=True)
class Reached:
    """A reachable state matching a `StartAt`, and a shortest way to it from the start."""

    state: PlayState
    path: tuple[int, ...]  # 1-based choice numbers, as a player presses them


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_LISTED])
    return shown + (f" and {len(names) - MAX_LISTED} more" if len(names) > MAX_LISTED else "")


def _check_shape(loaded: LoadedScenario, at: StartAt) -> None:
    """Everything that can be told without exploring: the node, the meters, the flags, the world."""
    scenario, compiled = loaded.scenario, loaded.compiled
    assert scenario is not None and compiled is not None
    if at.node in scenario.endings:
        raise Unreachable(f'"{at.node}" is an ending; a play can start only at a scene node')
    node = scenario.nodes.get(at.node)
    if node is None:
        raise Unreachable(f'there is no node "{at.node}"; the scene nodes are: {_listed(scene_nodes(loaded))}')
    if node.is_check:
        targets = sorted({r.next for r in node.routes or ()})
        raise Unreachable(
            f'"{at.node}" is a check node, which a play passes through; start at the node it routes to ({_listed(targets)})'
        )
    for name, value in (("trust", at.trust), ("pressure", at.pressure)):
        if value is not None and not 0 <= value <= 100:
            raise Unreachable(f"{name} must be from 0 to 100, not {value}")
    unknown = sorted((at.flags or frozenset()) - set(compiled.flag_names))
    if unknown:
        known = _listed(compiled.flag_names) if compiled.flag_names else "none"
        raise Unreachable(f'no choice or world sets the flag "{unknown[0]}"; the flags are: {known}')
    if at.world is not None:
        find_world(scenario, at.world)  # raises UnknownWorld, which names the worlds


def scene_nodes(loaded: LoadedScenario) -> list[str]:
    """The ids of the scenario's scene nodes (those a play can stand at), in file order."""
    assert loaded.scenario is not None
    return [name for name, node in loaded.scenario.nodes.items() if not node.is_check]


def _describe(at: StartAt) -> str:
    parts = [f'"{at.node}"']
    if at.trust is not None:
        parts.append(f"trust {at.trust}")
    if at.pressure is not None:
        parts.append(f"pressure {at.pressure}")
    if at.flags is not None:
        parts.append("flags " + (", ".join(sorted(at.flags)) if at.flags else "none"))
    return parts[0] + (" with " + ", ".join(parts[1:]) if len(parts) > 1 else "")


def reach(loaded: LoadedScenario, at: StartAt) -> Reached:
    """The state `at` describes, checked to be one that some play from the start reaches, with a
    shortest way there (in `at.world`, else in the first world, in file order, that reaches it).

    Raises `Unreachable` (or `UnknownWorld`, also a `TrainerError`) saying why not: no such scene
    node, meters out of range, a flag nothing sets, a world not in the scenario, a scenario too
    large to check, or a state no play reaches (then it says what is reachable at that node)."""
    if not loaded.ok or loaded.compiled is None or loaded.scenario is None:
        raise Unreachable("only a valid scenario can be played; run `trainer validate` on it")
    _check_shape(loaded, at)
    analysis = loaded.analysis
    if analysis is None or analysis.too_large:
        raise Unreachable(
            "this scenario is too large to analyse, so whether that state can be reached cannot be checked"
        )
    compiled = loaded.compiled
    if at.by is not None:
        followed = _follow(loaded, at)
        if followed is not None:
            return followed
    target = compiled.target_of[at.node]
    wanted_flags = compiled.mask_of(at.flags) if at.flags is not None else None
    worlds = [at.world] if at.world is not None else list(analysis.worlds)
    seen: list[tuple[int, int, int]] = []  # (trust, pressure, flags) at the node, in the worlds asked about
    for world in worlds:
        per_world = analysis.world(world)
        for index, (node, t, p, f) in enumerate(per_world.states()):
            if node != target:
                continue
            if (
                (at.trust is None or t == at.trust)
                and (at.pressure is None or p == at.pressure)
                and (wanted_flags is None or f == wanted_flags)
            ):
                state = PlayState(at.node, t, p, compiled.flags_of(f), False, world)
                return Reached(state, per_world.path_to(index))
            seen.append((t, p, f))
    where = f' in world "{at.world}"' if at.world is not None else ""
    if not seen:
        raise Unreachable(f'no play reaches "{at.node}"{where}')
    near = min(seen, key=lambda s: _distance(at, s, wanted_flags))
    flags = ", ".join(sorted(compiled.flags_of(near[2]))) or "none"
    raise Unreachable(
        f"no play reaches {_describe(at)}{where}; there, trust runs "
        f"{min(s[0] for s in seen)} to {max(s[0] for s in seen)} and pressure "
        f"{min(s[1] for s in seen)} to {max(s[1] for s in seen)}; the nearest reachable: "
        f"trust {near[0]}, pressure {near[1]}, flags {flags}"
    )


def _distance(at: StartAt, state: tuple[int, int, int], wanted_flags: int | None) -> tuple[int, int]:
    t, p, f = state
    meters = abs(t - at.trust) if at.trust is not None else 0
    meters += abs(p - at.pressure) if at.pressure is not None else 0
    flags = bin(f ^ wanted_flags).count("1") if wanted_flags is not None else 0
    return flags, meters


def _follow(loaded: LoadedScenario, at: StartAt) -> Reached | None:
    """`at.by` played from the start in `at.world`, when it arrives exactly at the state `at`
    describes (so the play is judged by what that play's player had seen); else None."""
    from trainer.engine import ChoiceNotOffered, Engine

    assert loaded.compiled is not None and at.by is not None
    if loaded.scenario is None or (loaded.scenario.worlds and at.world is None):
        return None
    try:
        start, steps = Engine(loaded.compiled).replay(at.by, at.world)
    except ChoiceNotOffered:
        return None
    state = steps[-1].state if steps else start.state
    if state.ended or state.node != at.node:
        return None
    if (at.trust is not None and state.trust != at.trust) or (at.pressure is not None and state.pressure != at.pressure):
        return None
    if at.flags is not None and state.flags != at.flags:
        return None
    return Reached(state, at.by)


"""From a play to its save and back: records built from engine transitions, and the replay
that resumes a saved play (or says why it cannot)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from trainer.engine import Engine, Transition
from trainer.errors import TrainerError
from trainer.loader import LoadedScenario, read_toml
from trainer.model import Scenario
from trainer.saves.models import PlayRecord, Run, SavedEnding, SavedPlay, SavedStep, ScenarioRef, now
from trainer.saves.store import new_play_id
from trainer.validation import LoadedPack


class CannotContinue(TrainerError):
    """A saved play that the scenario as it is now cannot replay; `str()` says why, for the player."""


def scenario_ref(scenario: Scenario, path: Path | None = None, *, pack: str | None = None, pack_version: str | None = None) -> ScenarioRef:
    """Name a scenario for the saves. Without `pack`, the pack is read from the `pack.toml` of the
    folder holding `scenarios/` (the pack layout), when there is one."""
    if pack is None and path is not None:
        pack, pack_version = _pack_of(path)
    return ScenarioRef(
        pack=pack or "",
        pack_version=pack_version or "",
        id=scenario.id,
        title=scenario.title,
        file=str(path.resolve()) if path is not None else "",
    )


def _pack_of(path: Path) -> tuple[str, str]:
    manifest = path.resolve().parent.parent / "pack.toml"
    data = read_toml(manifest).data  # safely: a pipe, a link or a deep file there is simply no pack
    if data is None:
        return "", ""
    pack_id, version = data.get("id"), data.get("version")
    return (pack_id if isinstance(pack_id, str) else "", version if isinstance(version, str) else "")


def saved_steps(engine: Engine, start: Transition, steps: Sequence[Transition]) -> list[SavedStep]:
    saved: list[SavedStep] = []
    before = start.state
    for step in steps:
        event = step.event
        assert event is not None
        saved.append(
            SavedStep(
                node=event.node,
                index=event.index,
                number=event.number,
                tactic=event.choice.tactic.value,
                text=event.choice.text,
                prompt=engine.text(before),
                feedback=event.choice.feedback or "",
                trust=event.trust_after,
                pressure=event.pressure_after,
            )
        )
        before = step.state
    return saved


def saved_play(
    ref: ScenarioRef,
    engine: Engine,
    start: Transition,
    steps: Sequence[Transition],
    *,
    play_id: str | None = None,
    started: datetime | None = None,
    real_call: bool | None = None,
) -> SavedPlay:
    """The play in progress as it is saved after a choice (`real_call`: every choice so far was
    made with the meters and tactics hidden; None when not known)."""
    moment = now()
    return SavedPlay(
        play_id=play_id or new_play_id(),
        scenario=ref,
        started=started or moment,
        updated=moment,
        start_trust=start.state.trust,
        start_pressure=start.state.pressure,
        world=start.state.world,
        real_call=real_call,
        steps=saved_steps(engine, start, steps),
    )


def finished_run(play: PlayRecord, engine: Engine, final: Transition, *, best_possible: int | None = None) -> Run:
    """The run to record once `final` (the last transition) reached an ending."""
    ending = engine.ending(final.state)
    if ending is None:
        raise ValueError("a run is recorded only when the play has reached an ending")
    moment = now()
    return Run(
        **{name: getattr(play, name) for name in PlayRecord.model_fields if name != "updated"},
        updated=moment,
        finished=moment,
        ending=SavedEnding(id=final.state.node, outcome=ending.outcome.value, stars=ending.effective_stars),
        best_possible=best_possible,
    )


@dataclass(frozen=True, slots=True)
class Replayed:
    start: Transition
    steps: list[Transition]


def replay(engine: Engine, record: PlayRecord) -> Replayed:
    """Play a saved play again on the scenario as it is now; `CannotContinue` when its ids are gone
    or its choices are no longer offered (the message says which step and why)."""
    scenario = engine.scenario
    if scenario.id != record.scenario.id:
        raise CannotContinue(another_scenario(record.scenario, scenario))
    start = _start(engine, record)
    state = start.state
    steps: list[Transition] = []
    for position, saved in enumerate(record.steps, start=1):
        if state.ended:
            raise CannotContinue(f"the scenario has changed: it now ends before step {position}")
        if saved.node is not None and saved.node != state.node:
            gone = "is gone" if saved.node not in scenario.nodes else "now comes elsewhere"
            raise CannotContinue(f"the scenario has changed: the moment of step {position} {gone}")
        offers = engine.offered(state)
        if saved.index is not None:
            # the same choice: same index and words; else the same words elsewhere (choices reordered)
            offer = next((o for o in offers if o.index == saved.index and (not saved.text or o.choice.text == saved.text)), None)
            offer = offer or next((o for o in offers if saved.text and o.choice.text == saved.text), None)
            if offer is None:
                raise CannotContinue(
                    f'the scenario has changed: the choice taken at step {position} ("{saved.text or saved.number}") '
                    "is gone or no longer offered there"
                )
            number = offer.number
        else:
            if not 1 <= saved.number <= len(offers):
                raise CannotContinue(f"the scenario has changed: choice {saved.number} is not offered at step {position}")
            number = saved.number
        step = engine.choose(state, number)
        steps.append(step)
        state = step.state
    return Replayed(start, steps)


def another_scenario(saved: ScenarioRef, scenario: Scenario) -> str:
    """Why a save of one scenario cannot be played on another, naming both by title (ids are
    machinery; two scenarios may share a title)."""
    if saved.title and saved.title != scenario.title:
        return f'this play was saved in "{saved.title}", not in "{scenario.title}"'
    return f'this play was saved in another scenario than "{scenario.title}"'


def _start(engine: Engine, record: PlayRecord) -> Transition:
    """The start of a saved play: in the world it recorded (the same buyer as then)."""
    worlds = {w.id for w in engine.scenario.worlds or ()}
    if record.world is None and worlds:
        raise CannotContinue("the scenario has changed: it now hides which buyer you face, and this play did not record one")
    if record.world is not None and record.world not in worlds:
        raise CannotContinue("the scenario has changed: the buyer this play was with is no longer in it")
    return engine.start(world=record.world)


def installed_scenario(ref: ScenarioRef, packs: Sequence[LoadedPack]) -> LoadedScenario | None:
    """The scenario a save names as the pack with its id holds it (read and checked; a pack
    keeps no analysis, see `trainer.validation.load_pack`); None when no such pack holds it."""
    for pack in packs:
        if pack.manifest is None or pack.manifest.id != ref.pack:
            continue
        for loaded in pack.scenarios:
            if loaded.scenario is not None and loaded.scenario.id == ref.id:
                return loaded
    return None


def locate_scenario(ref: ScenarioRef, packs: Sequence[LoadedPack]) -> Path | None:
    """The file of the scenario a save names: in the pack with its id, else the file it was
    played from (when that file still holds a scenario with the same id)."""
    installed = installed_scenario(ref, packs)
    if installed is not None:
        return installed.path
    if ref.file and Path(ref.file).is_file():
        pack_id, _ = _pack_of(Path(ref.file))
        if pack_id == ref.pack:
            return Path(ref.file)
    return None

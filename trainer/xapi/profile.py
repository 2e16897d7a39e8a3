"""The xAPI profile of a play: a finished run as xAPI 1.0.3 statements (see docs/xapi.md).

One statement when the run started (`initialized`), one per decision (`answered`: the choice,
its tactic, the meters before and after, `secure_before`/`secure_after`, turning point or
gamble) and one at the end (`completed`: the ending, outcome, stars, the world, the mode and
the run's habit measures). Statement ids are UUID v5 of the run id and the step, so sending a
run twice never stores it twice; activity ids are built from the pack id, its version and the
scenario id. The judgement of each decision is the debrief's (`trainer.debrief`, on the secure
analysis): a run whose scenario has changed or gone is sent without it.

Statements are built once, when the run is put in the outbox, and sent as built: the same id
always carries the same statement (an LRS refuses a different one under a known id).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from trainer.debrief import Debrief, StepReview
from trainer.habits import measure_debrief
from trainer.saves.models import Run
from trainer.saves.summary import pushed_before_qualifying, tactic_of

XAPI_VERSION = "1.0.3"
BASE = "https://trainer.invalid/xapi"
"""The root of every IRI this profile mints. `.invalid` never resolves (RFC 2606): these are names, not links."""
PROFILE_ID = f"{BASE}/profile/1"
"""The profile's own activity, in `context.contextActivities.category` of every statement."""
STATEMENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{BASE}/statements")
"""The UUID v5 namespace of statement ids and registrations."""

VERB_INITIALIZED = "http://adlnet.gov/expapi/verbs/initialized"
VERB_ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERBS = {VERB_INITIALIZED: "initialized", VERB_ANSWERED: "answered", VERB_COMPLETED: "completed"}

TYPE_SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
TYPE_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
TYPE_COURSE = "http://adlnet.gov/expapi/activities/course"
TYPE_PROFILE = "http://adlnet.gov/expapi/activities/profile"

NO_PACK = "_"
"""The pack id (and version) in activity ids of a scenario played from a loose file."""
DEFAULT_MODE = "practice"
REAL_CALL_MODE = "real-call"
"""The mode of a run played as a real call (a run that records `real_call`)."""


def extension(name: str) -> str:
    """The IRI of one of this profile's extensions (e.g. `secure-before`)."""
    return f"{BASE}/extensions/{name}"


EXT_RUN = extension("run")
EXT_STEP = extension("step")
EXT_MODE = extension("mode")
EXT_TACTIC = extension("tactic")
EXT_TRUST_BEFORE = extension("trust-before")
EXT_TRUST_AFTER = extension("trust-after")
EXT_PRESSURE_BEFORE = extension("pressure-before")
EXT_PRESSURE_AFTER = extension("pressure-after")
EXT_SECURE_BEFORE = extension("secure-before")
EXT_SECURE_AFTER = extension("secure-after")
EXT_BEST_BEFORE = extension("best-before")
EXT_BEST_AFTER = extension("best-after")
EXT_TURNING_POINT = extension("turning-point")
EXT_GAMBLE = extension("gamble")
EXT_OUTCOME = extension("outcome")
EXT_STARS = extension("stars")
EXT_BEST_POSSIBLE = extension("best-possible")
EXT_WORLD = extension("world")
EXT_HABITS = extension("habits")
EXT_TITLE = extension("scenario-title")

Statement = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who the statements are about: a display name and one identifier, an email (`mbox`)
    or an account (its name on the system at `home_page`, e.g. the LRS user name)."""

    name: str
    email: str | None = None
    account: str | None = None
    home_page: str | None = None

    def as_xapi(self) -> dict[str, Any]:
        agent: dict[str, Any] = {"objectType": "Agent", "name": self.name}
        if self.email:
            agent["mbox"] = f"mailto:{self.email}"
        else:
            agent["account"] = {"homePage": self.home_page or BASE, "name": self.account or self.name}
        return agent


def _part(value: str) -> str:
    return quote(value, safe="") if value else NO_PACK


def pack_activity_id(pack: str, version: str) -> str:
    return f"{BASE}/packs/{_part(pack)}/{_part(version)}"


def scenario_activity_id(pack: str, version: str, scenario: str) -> str:
    """The activity of a scenario: its pack id, the pack's version and its own id."""
    return f"{pack_activity_id(pack, version)}/scenarios/{_part(scenario)}"


def decision_activity_id(scenario_activity: str, node: str) -> str:
    return f"{scenario_activity}/nodes/{_part(node)}"


def statement_id(run_id: str, step: int | str) -> str:
    """The id of a run's statement at `step` ("start", a decision's number, "end")."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"run/{run_id}/{step}"))


def registration(run_id: str) -> str:
    """The xAPI registration of a run: every statement of the run carries it."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"run/{run_id}"))


def run_statement_ids(run_id: str, steps: int) -> list[str]:
    """Every statement id of a run with `steps` decisions, in the order they are sent."""
    return [statement_id(run_id, "start"), *(statement_id(run_id, n) for n in range(1, steps + 1)), statement_id(run_id, "end")]


def _moment(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _duration(seconds: float) -> str:
    return f"PT{max(0.0, seconds):.2f}S"


def run_measures(run: Run, debrief: Debrief | None) -> dict[str, int | bool]:
    """The habit measures of one run, as the completed statement carries them: whether it pushed
    before any qualifying question, and (judged by the solver on the run's debrief, when there is
    one: `trainer.habits.measure_debrief`) the decisions where the choice mattered, the turning
    points, the pushes that cost stars, the gambles and the premature closes."""
    measures: dict[str, int | bool] = {"pushed-first": pushed_before_qualifying(run)}
    if debrief is not None and debrief.analysed:
        decisions, pushes, gambles, closes, _ = measure_debrief(debrief)
        measures["decisions"] = decisions
        measures["turning-points"] = len(debrief.turning_points)
        measures["costly-pushes"] = len(pushes)
        measures["gambles"] = len(gambles)
        measures["premature-closes"] = len(closes)
    return measures


def run_statements(run: Run, actor: Actor, debrief: Debrief | None = None, *, mode: str | None = None) -> list[Statement]:
    """The statements of a finished `run` of `actor`, in order: started, each decision, completed.
    `debrief`: the run's debrief (`PlaySession.debrief()` or `trainer.transcript.run_debrief`);
    without one (the scenario has changed or gone), decisions carry the saved facts only."""
    ref = run.scenario
    scenario_iri = scenario_activity_id(ref.pack, ref.pack_version, ref.id)
    agent = actor.as_xapi()
    reg = registration(run.id)
    play_mode = mode or (REAL_CALL_MODE if run.real_call else DEFAULT_MODE)
    reviews = _reviews(run, debrief)
    title = {"en": ref.label}
    scenario_object = {
        "objectType": "Activity",
        "id": scenario_iri,
        "definition": {"type": TYPE_SIMULATION, "name": title},
    }

    def context(step: int | None = None, *, parent: bool = False) -> dict[str, Any]:
        extensions: dict[str, Any] = {EXT_RUN: run.id, EXT_MODE: play_mode}
        if step is not None:
            extensions[EXT_STEP] = step
        activities: dict[str, Any] = {
            "grouping": [{"objectType": "Activity", "id": pack_activity_id(ref.pack, ref.pack_version), "definition": {"type": TYPE_COURSE}}],
            "category": [{"objectType": "Activity", "id": PROFILE_ID, "definition": {"type": TYPE_PROFILE}}],
        }
        if parent:
            activities["parent"] = [{"objectType": "Activity", "id": scenario_iri}]
        return {"registration": reg, "contextActivities": activities, "extensions": extensions}

    def statement(step: int | str, verb: str, obj: dict[str, Any], when: datetime, ctx: dict[str, Any], result: dict[str, Any] | None = None) -> Statement:
        made: Statement = {
            "id": statement_id(run.id, step),
            "actor": agent,
            "verb": {"id": verb, "display": {"en-US": VERBS[verb]}},
            "object": obj,
            "context": ctx,
            "timestamp": _moment(when),
            "version": XAPI_VERSION,
        }
        if result is not None:
            made["result"] = result
        return made

    statements = [statement("start", VERB_INITIALIZED, scenario_object, run.started, context())]
    trust, pressure = run.start_trust, run.start_pressure
    for number, saved in enumerate(run.steps, start=1):
        review = reviews.get(number)
        node = saved.node or (review.node if review else f"step-{number}")
        choice = (review.choice_id if review else None) or (f"choice-{saved.index + 1}" if saved.index is not None else f"offered-{saved.number}")
        extensions: dict[str, Any] = {
            EXT_TACTIC: tactic_of(saved.tactic).value,
            EXT_TRUST_BEFORE: trust,
            EXT_TRUST_AFTER: saved.trust,
            EXT_PRESSURE_BEFORE: pressure,
            EXT_PRESSURE_AFTER: saved.pressure,
        }
        if review is not None and review.secure_before is not None:
            extensions[EXT_SECURE_BEFORE] = review.secure_before
            extensions[EXT_SECURE_AFTER] = review.secure_after
            extensions[EXT_BEST_BEFORE] = review.best_before
            extensions[EXT_BEST_AFTER] = review.best_after
            extensions[EXT_TURNING_POINT] = review.is_turning_point
            extensions[EXT_GAMBLE] = review.kind == "gamble"
        decision = {
            "objectType": "Activity",
            "id": decision_activity_id(scenario_iri, node),
            "definition": {"type": TYPE_INTERACTION, "interactionType": "choice", "name": title},
        }
        result = {"response": choice, "extensions": extensions}
        statements.append(statement(number, VERB_ANSWERED, decision, run.finished, context(number, parent=True), result))
        trust, pressure = saved.trust, saved.pressure
    best = run.best_possible
    end_extensions: dict[str, Any] = {
        EXT_OUTCOME: run.ending.outcome,
        EXT_STARS: run.stars,
        EXT_HABITS: run_measures(run, debrief),
        EXT_TITLE: ref.label,
    }
    if best is not None:
        end_extensions[EXT_BEST_POSSIBLE] = best
    if run.world is not None:
        end_extensions[EXT_WORLD] = run.world
    end_result: dict[str, Any] = {
        "completion": True,
        "response": run.ending.id,
        "score": {"raw": run.stars, "min": 0, "max": 3, "scaled": round(run.stars / 3, 4)},
        "duration": _duration((run.finished - run.started).total_seconds()),
        "extensions": end_extensions,
    }
    if best is not None:
        end_result["success"] = run.stars >= best
    statements.append(statement("end", VERB_COMPLETED, scenario_object, run.finished, context(), end_result))
    return statements


def _reviews(run: Run, debrief: Debrief | None) -> Mapping[int, StepReview]:
    """The debrief's review of each step, when the debrief is of this run (same choices)."""
    if debrief is None or len(debrief.steps) != len(run.steps):
        return {}
    if any(r.tactic.value != tactic_of(s.tactic).value or r.trust != s.trust for r, s in zip(debrief.steps, run.steps, strict=True)):
        return {}
    return {review.step: review for review in debrief.steps}

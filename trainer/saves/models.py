"""What the save files hold: pydantic models, one format version per file, and the migrations.

Every file carries `version` (missing means 0: the flat shape trainer 0.0
wrote, see `migrate_play_v0`). `parse_*` migrate an older version in memory and then
validate strictly: a wrong type, a missing field or a version this code
does not know raises `SaveFormatError`, and the store moves that file aside.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from trainer.errors import TrainerError

SAVE_VERSION = 1
"""The version this code writes. Version 0: see `migrate_play_v0` and tests/fixtures/saves_v0/."""

PROFILE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
RUN_ID_PATTERN = r"^[0-9]{8}T[0-9]{6}Z-[0-9a-z]{1,32}$"
MAX_NAME_LENGTH = 40


class SaveFormatError(TrainerError, ValueError):
    """A save file that parses as TOML but is not a save this code can read."""


class SaveModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


Count = Annotated[int, Field(strict=True, ge=0)]
MeterValue = Annotated[int, Field(strict=True, ge=0, le=100)]


class ScenarioRef(SaveModel):
    """Which scenario a play is of: enough to find it again, and to name it when it is gone."""

    pack: str = ""  # the pack id; "" for a scenario file played on its own
    pack_version: str = ""  # "" when unknown (a loose file, or a version-0 save)
    id: str
    title: str = ""
    file: str = ""  # where it was loaded from: a hint, tried when the pack is not found

    @property
    def key(self) -> tuple[str, str]:
        """(pack id, scenario id): the key of best stars in the library."""
        return (self.pack, self.id)

    @property
    def label(self) -> str:
        return self.title or self.id


class SavedStep(SaveModel):
    """One choice: where it was taken, which choice (index in the node and the number offered),
    what the player said, and the meters after it."""

    node: str | None = None  # None only in plays migrated from version 0
    index: Count | None = None  # the choice's index among the node's choices (0-based)
    number: Annotated[int, Field(strict=True, ge=1, le=9)]  # 1-based among those offered, as pressed
    tactic: str
    text: str = ""
    prompt: str = ""  # what was said just before the choice
    feedback: str = ""
    trust: MeterValue
    pressure: MeterValue


class SavedEnding(SaveModel):
    id: str
    outcome: str
    stars: Annotated[int, Field(strict=True, ge=0, le=3)]


class PlayRecord(SaveModel):
    """The shared part of a play in progress and a finished run."""

    version: int = SAVE_VERSION
    play_id: Annotated[str, Field(pattern=r"^[0-9a-z]{1,32}$")]
    scenario: ScenarioRef
    started: datetime
    updated: datetime
    start_trust: MeterValue
    start_pressure: MeterValue
    steps: list[SavedStep] = Field(default_factory=list)

    @property
    def end_trust(self) -> int:
        return self.steps[-1].trust if self.steps else self.start_trust

    @property
    def end_pressure(self) -> int:
        return self.steps[-1].pressure if self.steps else self.start_pressure


class SavedPlay(PlayRecord):
    """`profiles/<id>/current.toml`: the play in progress, rewritten after every choice."""


class Run(PlayRecord):
    """`profiles/<id>/runs/<run id>.toml`: a finished run, written once and never rewritten."""

    finished: datetime
    ending: SavedEnding
    best_possible: Annotated[int, Field(strict=True, ge=0, le=3)] | None = None
    _file_id: str | None = PrivateAttr(default=None)

    @property
    def id(self) -> str:
        """The run id: the file name without `.toml`."""
        return self._file_id or run_id(self.finished, self.play_id)

    @property
    def stars(self) -> int:
        return self.ending.stars


class Profile(SaveModel):
    """`profiles/<id>/profile.toml`. The id is the folder's name, so a rename rewrites one small file."""

    version: int = SAVE_VERSION
    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH)]
    created: datetime | None = None
    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        return self._id

    def with_id(self, profile_id: str) -> Profile:
        self._id = profile_id
        return self


class StoreIndex(SaveModel):
    """`profiles.toml` at the top of the saves folder: the profile used last."""

    version: int = SAVE_VERSION
    last_profile: str = ""


def run_id(finished: datetime, play_id: str) -> str:
    return f"{finished.astimezone(UTC):%Y%m%dT%H%M%SZ}-{play_id}"


def now() -> datetime:
    return datetime.now(UTC)


def dump(model: SaveModel) -> dict[str, Any]:
    """The TOML table of a model (TOML has no null: unset values are left out)."""
    return model.model_dump(mode="python", exclude_none=True)


# -- reading, with migrations --------------------------------------------------------------


def _version(data: dict[str, Any]) -> int:
    version = data.get("version", 0)
    if type(version) is not int or not 0 <= version <= SAVE_VERSION:
        raise SaveFormatError(f"unknown save version {version!r} (this trainer reads 0 to {SAVE_VERSION})")
    return version


def _validate(model: type[SaveModel], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise SaveFormatError(f"{where}: {first['msg'].lower()}") from None


def parse_play(data: dict[str, Any], fallback_id: str = "") -> SavedPlay:
    if _version(data) == 0:
        data = migrate_play_v0(data, fallback_id)
    return _validate(SavedPlay, data)


def parse_run(data: dict[str, Any], fallback_id: str = "") -> Run:
    if _version(data) == 0:
        data = migrate_play_v0(data, fallback_id)
    return _validate(Run, data)


def parse_profile(data: dict[str, Any]) -> Profile:
    if _version(data) == 0:
        data = {"version": SAVE_VERSION, "name": data.get("name")}
    return _validate(Profile, data)


def parse_index(data: dict[str, Any]) -> StoreIndex:
    if _version(data) == 0:
        data = {"version": SAVE_VERSION, "last_profile": data.get("profile", "")}
    return _validate(StoreIndex, data)


def migrate_play_v0(data: dict[str, Any], fallback_id: str) -> dict[str, Any]:
    """Version 0 (trainer 0.0): flat lists instead of step tables, no `version` key.

        scenario = "builtin/coffee"          # "<pack id>/<scenario id>"
        choices  = [2, 1, 1]                 # numbers pressed, 1-based
        tactics  = ["qualify", "ask", "close"]
        meters   = [[35, 10], [50, 5], ...]  # the start, then after each choice
        saved    = 2024-05-02T10:28:00Z      # a play in progress: when it was saved
        played   = 2024-05-02T10:30:00Z      # a finished run: when it ended
        ending   = "signed"                  # finished runs only, with
        outcome  = "won"
        stars    = 3

    Nodes and choice indices were not recorded, so a migrated play resumes
    by the numbers pressed alone.
    """
    scenario = data.get("scenario")
    choices, tactics, meters = data.get("choices"), data.get("tactics", []), data.get("meters")
    if not isinstance(scenario, str) or not isinstance(choices, list) or not isinstance(meters, list):
        raise SaveFormatError("version 0 save without scenario, choices and meters")
    if len(meters) != len(choices) + 1 or not isinstance(tactics, list):
        raise SaveFormatError("version 0 save: meters must hold the start and one pair per choice")
    pack, _, scenario_id = scenario.rpartition("/")
    when = data.get("played", data.get("saved"))
    if not isinstance(when, datetime):
        raise SaveFormatError("version 0 save without a date (played or saved)")
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    for pair in meters:
        if not (isinstance(pair, list) and len(pair) == 2):
            raise SaveFormatError("version 0 save: each meters item is [trust, pressure]")
    play_id = re.sub(r"[^0-9a-z]", "", fallback_id.lower())[-12:] or hashlib.sha256(repr(sorted(data.items())).encode()).hexdigest()[:12]
    migrated: dict[str, Any] = {
        "version": SAVE_VERSION,
        "play_id": play_id,
        "scenario": {"pack": pack, "id": scenario_id},
        "started": when,
        "updated": when,
        "start_trust": meters[0][0],
        "start_pressure": meters[0][1],
        "steps": [
            {
                "number": number,
                "tactic": tactics[i] if i < len(tactics) else "other",
                "trust": meters[i + 1][0],
                "pressure": meters[i + 1][1],
            }
            for i, number in enumerate(choices)
        ],
    }
    if "ending" in data:
        migrated["finished"] = when
        migrated["ending"] = {"id": data.get("ending"), "outcome": data.get("outcome", "lost"), "stars": data.get("stars")}
    return migrated

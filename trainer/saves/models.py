"""What the save files hold: pydantic models, one format version per file, and the migrations.

Every file carries `version` (missing means 0: the flat shape trainer 0.0
wrote, see `migrate_play_v0`). `parse_*` migrate an older version in memory and then
validate strictly: a wrong type, a missing field, a value out of its range, a date
without an offset or outside the years a save can have, text with control characters:
each raises `SaveFormatError`, and the store moves that file aside. A version above
`SAVE_VERSION` raises `NewerSaveError`: that file is left in place for the trainer that wrote it.

Each field's rule lives in its type (`Moment`, `SaveText`, `MeterValue`, ...): a new field
takes one of these types, and a new save version adds a migration next to `migrate_v1`.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from trainer.errors import TrainerError
from trainer.text_safety import forbidden

SAVE_VERSION: Literal[2] = 2
"""The version this code writes. Version 0: see `migrate_play_v0` and tests/fixtures/saves_v0/;
version 1: see `migrate_v1`."""

PROFILE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
RUN_ID_PATTERN = r"^[0-9]{8}T[0-9]{6}Z-[0-9a-z]{1,32}$"
MAX_NAME_LENGTH = 40
MAX_TEXT_LENGTH = 20_000
"""The longest text a save holds in one field (a scenario's text is far shorter)."""
MAX_STEPS = 10_000
MAX_WORD_LENGTH = 200
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999
"""The years a save's dates can have: anything else is a damaged file."""


class SaveFormatError(TrainerError, ValueError):
    """A save file that parses as TOML but is not a save this code can read."""


class NewerSaveError(SaveFormatError):
    """A save written by a newer trainer: left as it is, for that trainer."""


class SaveModel(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


def check_moment(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("a date in a save needs an offset (such as Z or +02:00)")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR or not EARLIEST_YEAR <= value.astimezone(UTC).year <= LATEST_YEAR:
        raise ValueError(f"a date in a save is between the years {EARLIEST_YEAR} and {LATEST_YEAR}")
    return value


def check_text(value: str) -> str:
    bad = forbidden().search(value)
    if bad:
        raise ValueError(f"text in a save cannot hold the control character U+{ord(bad.group()):04X}")
    return value


Count = Annotated[int, Field(strict=True, ge=0, le=MAX_STEPS)]
MeterValue = Annotated[int, Field(strict=True, ge=0, le=100)]
Stars = Annotated[int, Field(strict=True, ge=0, le=3)]
Moment = Annotated[datetime, AfterValidator(check_moment)]
"""A date with an offset, in a sane range of years (TOML local dates are refused)."""
SaveText = Annotated[str, Field(max_length=MAX_TEXT_LENGTH), AfterValidator(check_text)]
"""Text from a scenario, kept for the transcript: bounded, no control characters but tab and newline."""
Word = Annotated[str, Field(max_length=MAX_WORD_LENGTH), AfterValidator(check_text)]
"""An id, a tactic, an outcome or a path hint: short, no control characters."""
Version = Literal[2]
"""`SAVE_VERSION`, the only version a model holds (older files are migrated first)."""


class ScenarioRef(SaveModel):
    """Which scenario a play is of: enough to find it again, and to name it when it is gone."""

    pack: Word = ""  # the pack id; "" for a scenario file played on its own
    pack_version: Word = ""  # "" when unknown (a loose file, or a version-0 save)
    id: Annotated[Word, Field(min_length=1)]
    title: SaveText = ""
    file: Annotated[str, Field(max_length=4096), AfterValidator(check_text)] = ""  # where it was loaded from: a hint

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

    node: Word | None = None  # None only in plays migrated from version 0
    index: Count | None = None  # the choice's index among the node's choices (0-based)
    number: Annotated[int, Field(strict=True, ge=1, le=9)]  # 1-based among those offered, as pressed
    tactic: Word
    text: SaveText = ""
    prompt: SaveText = ""  # what was said just before the choice
    feedback: SaveText = ""
    trust: MeterValue
    pressure: MeterValue


class SavedEnding(SaveModel):
    id: Word
    outcome: Word
    stars: Stars


class PlayRecord(SaveModel):
    """The shared part of a play in progress and a finished run."""

    version: Version = SAVE_VERSION
    play_id: Annotated[str, Field(pattern=r"^[0-9a-z]{1,32}$")]
    scenario: ScenarioRef
    started: Moment
    updated: Moment
    start_trust: MeterValue
    start_pressure: MeterValue
    world: Word | None = None  # the hidden world's id (the buyer drawn at the start); None without worlds
    real_call: bool | None = None  # every choice made with meters and tactics hidden; None: not recorded (older saves)
    steps: Annotated[list[SavedStep], Field(max_length=MAX_STEPS)] = Field(default_factory=list)

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

    finished: Moment
    ending: SavedEnding
    best_possible: Stars | None = None
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

    version: Version = SAVE_VERSION
    name: Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH), AfterValidator(check_text)]
    created: Moment | None = None
    _id: str = PrivateAttr(default="")

    @property
    def id(self) -> str:
        return self._id

    def with_id(self, profile_id: str) -> Profile:
        self._id = profile_id
        return self


class StoreIndex(SaveModel):
    """`profiles.toml` at the top of the saves folder: the profile used last."""

    version: Version = SAVE_VERSION
    last_profile: Annotated[str, Field(pattern=r"^([a-z0-9][a-z0-9-]{0,39})?$")] = ""  # a profile id, or none


MAX_CHOICES = 9
"""The most choices a node offers (keys 1-9): the most vote counts a step holds."""
MAX_PATHS = 200
MAX_BALLOTS = 1000
Label = Annotated[str, Field(pattern=r"^(?:[A-Z]|P[0-9]{1,4})$")]
"""A workshop path's label: A to Z, then P27, P28, ..."""
VoteCounts = Annotated[list[Count], Field(max_length=MAX_CHOICES)]
Token = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
"""A phone's voting token in the workshop room (random, url-safe)."""


class SavedWorkshopStep(SaveModel):
    """One decision of a workshop path: the choice played and the room's votes for each offered choice."""

    number: Annotated[int, Field(strict=True, ge=1, le=MAX_CHOICES)]
    votes: VoteCounts | None = None
    tie_broken: bool = False


class SavedWorkshopPath(SaveModel):
    label: Label
    parent: Label | None = None
    branched_at: Count = 0
    steps: Annotated[list[SavedWorkshopStep], Field(max_length=MAX_STEPS)] = Field(default_factory=list)


class SavedRoom(SaveModel):
    """The phones' voting room: its code, the phones that joined (their tokens) and their ballots
    at the decision on screen, so that a resumed session takes the same phones back."""

    code: Annotated[str, Field(pattern=r"^[0-9]{4}$")]
    tokens: Annotated[list[Token], Field(max_length=MAX_BALLOTS)] = Field(default_factory=list)
    ballots: Annotated[dict[Token, Annotated[int, Field(strict=True, ge=1, le=MAX_CHOICES)]], Field(max_length=MAX_BALLOTS)] = Field(
        default_factory=dict
    )


class SavedWorkshop(SaveModel):
    """`workshops/current.toml`: a facilitated session in progress, rewritten after every vote and
    step (every path, their votes, the reveal, the hidden world, the headline path)."""

    version: Version = SAVE_VERSION
    session_id: Annotated[str, Field(pattern=r"^[0-9a-z]{1,32}$")]
    scenario: ScenarioRef
    started: Moment
    updated: Moment
    world: Word | None = None
    hide_meters: bool = False
    awaiting_reveal: bool = False
    current: Label
    headline: Label | None = None
    paths: Annotated[list[SavedWorkshopPath], Field(min_length=1, max_length=MAX_PATHS)]
    keypad: VoteCounts = Field(default_factory=list)  # hands counted at the decision on screen
    room: SavedRoom | None = None

    @property
    def steps_played(self) -> int:
        return sum(len(path.steps) for path in self.paths)


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
    if type(version) is int and version > SAVE_VERSION:
        raise NewerSaveError(f"it was written by a newer trainer (save version {version}; this trainer reads 0 to {SAVE_VERSION})")
    if type(version) is not int or not 0 <= version <= SAVE_VERSION:
        raise SaveFormatError(f"unknown save version {version!r} (this trainer reads 0 to {SAVE_VERSION})")
    return version


def _validate(model: type[SaveModel], data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        message = first["msg"].removeprefix("Value error, ")
        raise SaveFormatError(f"{where}: {message[:1].lower()}{message[1:]}") from None


def parse_play(data: dict[str, Any], fallback_id: str = "") -> SavedPlay:
    data = migrate_play_v0(data, fallback_id) if _version(data) == 0 else migrate_v1(data)
    return _validate(SavedPlay, data)


def parse_workshop(data: dict[str, Any], fallback_id: str = "") -> SavedWorkshop:
    """A saved workshop session (first written at save version 2: no migrations)."""
    if _version(data) != SAVE_VERSION:
        raise SaveFormatError(f"a workshop session is a version {SAVE_VERSION} save")
    return _validate(SavedWorkshop, data)


def parse_run(data: dict[str, Any], fallback_id: str = "") -> Run:
    data = migrate_play_v0(data, fallback_id) if _version(data) == 0 else migrate_v1(data)
    return _validate(Run, data)


def parse_profile(data: dict[str, Any]) -> Profile:
    if _version(data) == 0:
        data = {"version": SAVE_VERSION, "name": data.get("name")}
    return _validate(Profile, migrate_v1(data))


def parse_index(data: dict[str, Any]) -> StoreIndex:
    if _version(data) == 0:
        data = {"version": SAVE_VERSION, "last_profile": data.get("profile", "")}
    return _validate(StoreIndex, migrate_v1(data))


def migrate_v1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 1 to 2: plays gained `world` (the hidden world drawn at the start). A version-1 play
    was of a scenario without worlds, so it has none: the shape is the same, the version moves on."""
    return {**data, "version": SAVE_VERSION} if data.get("version") == 1 else data


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

"""What the screens and the background workers tell the app: one message per thing that happens.

Screens post these and the app handles them with `@on(...)`; no screen calls the app by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from trainer.game.game import CannotPlay, PackCheck
    from trainer.game.play import PlaySession
    from trainer.game.practice import Plan
    from trainer.game.workshop import WorkshopSession
    from trainer.habits import Habits
    from trainer.loader import LoadedScenario
    from trainer.saves import SavedPlay
    from trainer.saves.models import SavedWorkshop


@dataclass
class OpenScenario(Message):
    """The player picked a scenario in the library."""

    path: Path


@dataclass
class ChoiceMade(Message):
    """A choice was played on `session` (the play screen shows it already): keep it."""

    session: PlaySession


@dataclass
class WorkshopChanged(Message):
    """A vote, a step, a rewind or a reveal in a workshop: keep the session (crash-safe)."""

    session: WorkshopSession


@dataclass
class OpenRoom(Message):
    """The facilitator opens the phones' voting room for `session`."""

    session: WorkshopSession


class RoomChanged(Message):
    """From the room server's thread: a phone joined or voted, or the room changed."""


@dataclass
class PlayFrom(Message):
    """Play on from `session`: a restart, or a rewind to a turning point."""

    session: PlaySession


@dataclass
class ShowDebrief(Message):
    """Show the debrief of `session` as it is now."""

    session: PlaySession


@dataclass
class ExportRun(Message):
    """Write the finished run of `session` as a transcript."""

    session: PlaySession


@dataclass
class ScenarioLoaded(Message):
    """From the loading thread: the scenario at `path` checked and analysed, or why not;
    `resume`: the saved play to continue on it; `workshop`: the workshop session to resume on it."""

    path: Path
    opened: LoadedScenario | CannotPlay
    resume: SavedPlay | None = None
    workshop: SavedWorkshop | None = None


@dataclass
class WarmedUp(Message):
    """From the start-up thread: the packs checked afresh and the saves opened; `error`
    when that failed (the library stays as it was)."""

    check: PackCheck | None
    error: str | None = None


@dataclass
class ProgressLoaded(Message):
    """From the progress thread: the player's habits across their finished runs (for the player
    `profile_id`); `error` when the history could not be read."""

    profile_id: str
    habits: Habits | None
    error: str | None = None
    plan: Plan | None = None  # the next step, drills and findings (None: the history could not be measured)


@dataclass
class StartDrills(Message):
    """The player asked for the drills due (from the library or the progress screen)."""


@dataclass
class DrillsCounted(Message):
    """From the drills thread: `Game.drills_due` is up to date; `start`: then start them."""

    start: bool = False


@dataclass
class SaveFailed(Message):
    """From the save writer's thread: a save could not be written."""

    error: Exception


class SyncChanged(Message):
    """From the LRS sync's thread: the runs waiting to sync may have changed."""


@dataclass
class FilesChanged(Message):
    """From the watcher (`play --watch`): files were saved; `paths` as resolved."""

    paths: set[Path]


@dataclass
class ScenarioRechecked(Message):
    """From the checking thread (`play --watch`): the scenario at `path` checked again."""

    path: Path
    loaded: LoadedScenario

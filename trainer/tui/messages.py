"""What the screens and the background workers tell the app: one message per thing that happens.

Screens post these and the app handles them with `@on(...)`; no screen calls the app by name.
Plain classes rather than dataclasses: all of them are made as the game starts, and making a
dataclass costs about 0.6 ms against 0.03 ms.
"""

from __future__ import annotations

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


class OpenScenario(Message):
    """The player picked a scenario in the library."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class PlayMessage(Message):
    """A message about one play: `session`."""

    def __init__(self, session: PlaySession) -> None:
        super().__init__()
        self.session = session


class ChoiceMade(PlayMessage):
    """A choice was played on `session` (the play screen shows it already): keep it."""


class PlayFrom(PlayMessage):
    """Play on from `session`: a restart, or a rewind to a turning point."""


class ShowDebrief(PlayMessage):
    """Show the debrief of `session` as it is now."""


class ExportRun(PlayMessage):
    """Write the finished run of `session` as a transcript."""


class WorkshopMessage(Message):
    """A message about one workshop: `session`."""

    def __init__(self, session: WorkshopSession) -> None:
        super().__init__()
        self.session = session


class WorkshopChanged(WorkshopMessage):
    """A vote, a step, a rewind or a reveal in a workshop: keep the session (crash-safe)."""


class OpenRoom(WorkshopMessage):
    """The facilitator opens the phones' voting room for `session`."""


class RoomChanged(Message):
    """From the room server's thread: a phone joined or voted, or the room changed."""


class ScenarioLoaded(Message):
    """From the loading thread: the scenario at `path` checked and analysed, or why not;
    `resume`: the saved play to continue on it; `workshop`: the workshop session to resume on it."""

    def __init__(
        self,
        path: Path,
        opened: LoadedScenario | CannotPlay,
        resume: SavedPlay | None = None,
        workshop: SavedWorkshop | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.opened = opened
        self.resume = resume
        self.workshop = workshop


class WarmedUp(Message):
    """From the start-up thread: the packs checked afresh and the saves opened; `error`
    when that failed (the library stays as it was); `opened`: the file of `play FILE` was
    opened before the check (its `ScenarioLoaded` came first)."""

    def __init__(self, check: PackCheck | None, error: str | None = None, *, opened: bool = False) -> None:
        super().__init__()
        self.check = check
        self.error = error
        self.opened = opened


class ProgressLoaded(Message):
    """From the progress thread: the player's habits across their finished runs (for the player
    `profile_id`); `error` when the history could not be read; `plan`: the next step, drills and
    findings (None: the history could not be measured)."""

    def __init__(
        self, profile_id: str, habits: Habits | None, error: str | None = None, plan: Plan | None = None
    ) -> None:
        super().__init__()
        self.profile_id = profile_id
        self.habits = habits
        self.error = error
        self.plan = plan


class StartDrills(Message):
    """The player asked for the drills due (from the library or the progress screen)."""


class DrillsCounted(Message):
    """From the drills thread: `Game.drills_due` is up to date; `start`: then start them."""

    def __init__(self, start: bool = False) -> None:
        super().__init__()
        self.start = start


class SaveFailed(Message):
    """From the save writer's thread: a save could not be written."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error


class SyncChanged(Message):
    """From the LRS sync's thread: the runs waiting to sync may have changed."""


class FilesChanged(Message):
    """From the watcher (`play --watch`): files were saved; `paths` as resolved."""

    def __init__(self, paths: set[Path]) -> None:
        super().__init__()
        self.paths = paths


class ScenarioRechecked(Message):
    """From the checking thread (`play --watch`): the scenario at `path` checked again."""

    def __init__(self, path: Path, loaded: LoadedScenario) -> None:
        super().__init__()
        self.path = path
        self.loaded = loaded

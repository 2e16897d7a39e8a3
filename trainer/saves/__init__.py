"""Saves: profiles, the play in progress, and the history of finished runs (headless).

See `trainer.saves.store` for the folder layout and the crash-safety and
concurrency design, and `trainer.saves.models` for the file formats and
their migrations.
"""

from trainer.saves.models import (
    SAVE_VERSION,
    PlayRecord,
    Profile,
    Run,
    SavedEnding,
    SavedPlay,
    SavedStep,
    SaveFormatError,
    ScenarioRef,
)
from trainer.saves.records import (
    CannotContinue,
    Replayed,
    finished_run,
    installed_scenario,
    locate_scenario,
    replay,
    saved_play,
    scenario_ref,
)
from trainer.saves.store import DEFAULT_PROFILE_ID, DEFAULT_PROFILE_NAME, ProfileError, SaveStore

__all__ = [
    "DEFAULT_PROFILE_ID",
    "DEFAULT_PROFILE_NAME",
    "SAVE_VERSION",
    "CannotContinue",
    "PlayRecord",
    "Profile",
    "ProfileError",
    "Replayed",
    "Run",
    "SaveFormatError",
    "SaveStore",
    "SavedEnding",
    "SavedPlay",
    "SavedStep",
    "ScenarioRef",
    "finished_run",
    "installed_scenario",
    "locate_scenario",
    "replay",
    "saved_play",
    "scenario_ref",
]

"""App-wide changes that screens subscribe to (the app publishes them), instead of the app
looking for the screens to tell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.signal import Signal

if TYPE_CHECKING:
    from textual.app import App

    from trainer.saves import Profile, Run


class GameSignals:
    """`coach`: coach mode on or off; `player`: another player, or the same one renamed;
    `run_recorded`: a play reached its ending and was recorded; `packs_checked`: the library's
    packs were checked afresh in the background; `sync_changed`: the runs waiting to be sent to
    the player's LRS may have changed."""

    def __init__(self, app: App[int]) -> None:
        self.coach: Signal[bool] = Signal(app, "coach")
        self.player: Signal[Profile] = Signal(app, "player")
        self.run_recorded: Signal[Run] = Signal(app, "run-recorded")
        self.packs_checked: Signal[None] = Signal(app, "packs-checked")
        self.sync_changed: Signal[None] = Signal(app, "sync-changed")

"""The command palette (Textual's), with the guards every screen of the game has.

Below its minimum size it shows the "make the window larger" notice; dismissed twice it
closes once (`ScreenGuards`); its page keys wait until its list is laid out
(`trainer.tui.widgets.paged_list`).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandList, CommandPalette

from trainer.tui.screens.base import ScreenGuards
from trainer.tui.widgets.paged_list import ready_to_page


class GamePalette(ScreenGuards, CommandPalette):
    BINDINGS = [
        Binding("pagedown", "page(1)", "Next page", show=False),
        Binding("pageup", "page(-1)", "Previous page", show=False),
    ]

    def action_page(self, direction: int) -> None:
        commands = self.query_one(CommandList)
        if ready_to_page(commands):
            (commands.action_page_down if direction > 0 else commands.action_page_up)()

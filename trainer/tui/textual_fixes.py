"""Two guards around Textual (8.2) that no key sequence or terminal size may get past.

* `Screen.dismiss` pops whatever screen is on top: a dialog dismissed twice (enter
  pressed twice quickly, or a key during the transition) popped the screen beneath it,
  and at the bottom raised `ScreenStackError`. Here a screen that is no longer the
  active one is not dismissed again: a no-op.
* `OptionList` page keys read the option-to-line table before the list was first laid
  out (`ctrl+p` then at once `PageUp` raised `KeyError` in the command palette). Here
  the table is brought up to date first, and a list not laid out yet does not move.

Installed once by `trainer.tui.app`; the option lists' minimum width (in `app.tcss`)
keeps their text from being wrapped into zero columns on a tiny terminal.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.screen import Screen
from textual.widgets import OptionList

_dismiss = Screen.dismiss
_move_page = OptionList._move_page


def _dismiss_once(self: Screen[Any], result: Any = None) -> AwaitComplete:
    if not self.is_active:
        return AwaitComplete()
    return _dismiss(self, result)


def _move_page_when_laid_out(self: OptionList, direction: Any) -> None:
    self._update_lines()
    if self.highlighted is not None and self.highlighted not in self._index_to_line:
        return
    if not self._lines:
        return
    _move_page(self, direction)


def install() -> None:
    """Apply both guards (idempotent)."""
    Screen.dismiss = _dismiss_once  # type: ignore[method-assign]
    OptionList._move_page = _move_page_when_laid_out  # type: ignore[method-assign]

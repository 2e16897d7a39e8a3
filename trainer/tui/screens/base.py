"""What every screen and dialog of the game shares: no terminal size and no key sequence breaks it.

* Below its `MINIMUM_SIZE` a screen shows one plain sentence, "Make the window larger…",
  instead of its widgets squeezed into a garbled (or crashing) layout; at a usable size
  again it is shown as it was. (`app.tcss` hides the rest: the `-too-small` class.)
* Dismissing a screen that is no longer the one on top (a dialog already dismissed, when
  enter is pressed twice quickly) does nothing: Textual's `dismiss` pops whichever screen
  is on top, which would close the screen beneath, or fail at the bottom of the stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual.await_complete import AwaitComplete
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

ResultType = TypeVar("ResultType")

TOO_SMALL = "Make the window larger (at least {width}x{height})."

# The guards are a mixin, not a `Screen` of their own: Textual takes a screen's default styles
# from its first base only, so a dialog must list `ModalScreen` (the palette `CommandPalette`)
# as its first Textual base.
if TYPE_CHECKING:
    _Screen = Screen[Any]
else:
    _Screen = object


class SizeNotice(Static):
    """What a screen shows instead of itself while the terminal is smaller than it needs."""


class ScreenGuards(_Screen):
    """The guards of every screen of the game (see the module's docstring)."""

    MINIMUM_SIZE: ClassVar[Size] = Size(40, 12)
    """The smallest terminal (columns, lines) the screen is drawn in; below it, the notice."""

    def on_mount(self) -> None:
        self._fit(self.app.size)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)

    def on_screen_resume(self) -> None:
        self._fit(self.app.size)

    @property
    def too_small(self) -> bool:
        """The notice is shown instead of the screen."""
        return self.has_class("-too-small")

    def _fit(self, size: Size) -> None:
        width, height = self.MINIMUM_SIZE
        too_small = size.width < width or size.height < height
        if too_small and not self.query_children(SizeNotice):  # made the first time it is needed (most screens never)
            self.mount(SizeNotice(TOO_SMALL.format(width=width, height=height), markup=False))
        self.set_class(too_small, "-too-small")

    def dismiss(self, result: Any = None) -> AwaitComplete:
        """Close this screen with `result`; nothing happens when it is no longer the one on top."""
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)


class GameScreen(ScreenGuards, Screen[ResultType]):
    """A screen of the game."""


class GameDialog(ScreenGuards, ModalScreen[ResultType]):
    """A dialog of the game, over another screen."""

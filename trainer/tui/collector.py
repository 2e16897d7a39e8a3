"""Python's cyclic garbage collector, paused while the game starts.

Starting the game makes some 50,000 objects that live as long as it does (modules, classes,
styles, the library's rows). The collector would look at them again and again on the way to
the first frame, and find almost nothing to free: about a twentieth of a launch. So the launch
pauses it (`pause_while_starting`), and the first frame resumes it (`resume_after_start`),
setting aside for good what start-up made: later collections, during play, never scan it."""

from __future__ import annotations

import gc

_paused = False


def pause_while_starting() -> None:
    """Pause the collector until `resume_after_start` (the game's first frame, or its end)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_after_start() -> None:
    """Resume the collector paused by `pause_while_starting`, with what exists now frozen
    (`gc.freeze`: never scanned again). Does nothing when it was not paused, or after the first time."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()

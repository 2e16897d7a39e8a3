"""The one base of every error meant for a person.

A `TrainerError`'s message is fit to show a player, a facilitator or an author as is:
it says what is wrong and, where it can, how to fix it. Commands and screens catch
`TrainerError` and show its message; anything else is a bug, reported as a crash.
"""

from __future__ import annotations


class TrainerError(Exception):
    """An error whose message is written for a person, not a programmer."""

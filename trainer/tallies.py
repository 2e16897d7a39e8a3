"""How the game words a count: stars, drills due, runs waiting to sync.

Apart from `trainer.wording` (the words about a play) because the library's first frame needs
these and nothing else of it: the game starts without loading the debrief's words or the
vocabulary they rest on. Headless: no Textual, no pydantic.
"""

from __future__ import annotations


def stars_phrase(stars: int) -> str:
    """`1 star`, `3 stars`."""
    return "1 star" if stars == 1 else f"{stars} stars"


def stars_were(stars: int) -> str:
    """`1 star was`, `3 stars were`: a number of stars as the subject of a sentence."""
    return f"{stars_phrase(stars)} {'was' if stars == 1 else 'were'}"


def stars_symbols(stars: int, out_of: int = 3) -> str:
    """`★★☆` (filled, then empty)."""
    return "★" * stars + "☆" * max(out_of - stars, 0)


def runs_waiting_line(count: int) -> str:
    """What the library and `trainer sync` say of finished runs the player's LRS has not accepted yet."""
    return f"{count} run{'s' if count != 1 else ''} waiting to sync"


def drills_phrase(count: int) -> str:
    """`1 drill due`, `3 drills due`."""
    return f"{count} drill due" if count == 1 else f"{count} drills due"

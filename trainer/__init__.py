"""trainer: a terminal role-play game that trains salespeople out of "Always Be Closing".

This package's top level stays light: importing it does not import Textual.
The headless core lives in `trainer.model`, `trainer.loader`, `trainer.engine`,
`trainer.solver` and `trainer.debrief`; the game the screens show (a play, a workshop,
the keeper of saves) in `trainer.game`; the terminal UI in `trainer.tui`.
"""

__version__ = "0.1.0"

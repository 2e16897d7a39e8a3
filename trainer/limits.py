"""The format's documented size limits (docs/authoring.md). Past them: an error, never a crash.

Apart from the models, so that light readers (the library's first listing) share them.
"""

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ID_LENGTH = 64
MAX_LABEL_LENGTH = 200  # titles, names, roles, speakers, tags
MAX_LINE_LENGTH = 1_000  # summaries, personas, needs, choice text
MAX_TEXT_LENGTH = 5_000  # node text, endings, lessons, feedback, notes
MAX_LIST_ITEMS = 50

DEFAULT_STATE_BUDGET = 2_000_000
"""The states the exact analysis explores at most, unless `--max-states` says otherwise (`trainer.solver`)."""

"""The registry of diagnostic codes: each code with its severity and one-line meaning.

Apart from `trainer.diagnostics` (the problems found in a file, and their lists) because reading
any file can be refused with a code (`trainer.files`, which imports this module only when it
refuses one: the game's start reads files, and needs neither).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NewType


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """The registry of diagnostic codes: each with its severity and a one-line meaning.

    Codes are stable (tools match on them); docs/authoring.md documents every one, with an
    example, and a test keeps the two in step. The `schema-*` codes come from the models'
    checks and are made by `schema_code`.
    """

    severity: Severity
    meaning: str

    def __new__(cls, value: str, severity: Severity, meaning: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.meaning = meaning
        return member

    # reading the file
    NOT_FOUND = "not-found", Severity.ERROR, "the path does not exist or is a folder"
    UNREADABLE = "unreadable", Severity.ERROR, "the file exists but cannot be read"
    TOO_LARGE = "too-large", Severity.ERROR, "the file is over the size limit"
    ENCODING = "encoding", Severity.ERROR, "the file is not UTF-8 text"
    FORBIDDEN_CHARACTER = "forbidden-character", Severity.ERROR, "a control or bidirectional character"
    TOML_SYNTAX = "toml-syntax", Severity.ERROR, "the file is not valid TOML"
    NOT_A_FILE = "not-a-file", Severity.ERROR, "a named pipe, device or socket where a file should be"
    FILE_NAME = "file-name", Severity.ERROR, "a file or folder name that is not valid UTF-8"
    TOO_DEEP = "too-deep", Severity.ERROR, "arrays and tables nested past the limit"
    # the format's rules
    FORMAT_VERSION = "format-version", Severity.ERROR, "a format version this trainer does not read"
    BAD_ID = "bad-id", Severity.ERROR, "an id that is not lowercase letters, digits, - and _"
    DUPLICATE_ID = "duplicate-id", Severity.ERROR, "one id used twice where ids must be unique"
    BAD_START = "bad-start", Severity.ERROR, "start does not name a node"
    UNKNOWN_TARGET = "unknown-target", Severity.ERROR, "a next that names no node or ending"
    NODE_SHAPE = "node-shape", Severity.ERROR, "a node with both or neither of choices and routes"
    ROUTE_WHEN = "route-when", Severity.ERROR, "a route other than the last without a when"
    ROUTE_CYCLE = "route-cycle", Severity.ERROR, "check nodes that route in a loop"
    BAD_FLAG = "bad-flag", Severity.ERROR, "a malformed flag name, or a reserved word used as one"
    CONDITION_SYNTAX = "condition-syntax", Severity.ERROR, "a malformed condition"
    FLAG_NEVER_SET = "flag-never-set", Severity.ERROR, "a flag tested but never set"
    FLAG_UNUSED = "flag-unused", Severity.WARNING, "a flag set but never tested"
    CLEAR_UNSET = "clear-unset", Severity.WARNING, "a flag cleared that no choice sets"
    NO_FEEDBACK = "no-feedback", Severity.WARNING, "a choice without feedback"
    BAD_LABEL = "bad-label", Severity.ERROR, "a world label, ending title or test name that is empty or not one line"
    UNKNOWN_WORLD = "unknown-world", Severity.ERROR, "a test's world that names no world"
    UNKNOWN_CHOICE = "unknown-choice", Severity.ERROR, "a test's choice id that no choice has"
    TEST_FAILED = "test-failed", Severity.ERROR, "a [[tests]] play that fails (in validate and playtest)"
    # the analysis of every reachable state
    SOFT_LOCK = "soft-lock", Severity.ERROR, "a reachable state from which no ending can be reached"
    UNREACHABLE = "unreachable", Severity.WARNING, "a node or ending no play reaches"
    NEVER_OFFERED = "never-offered", Severity.WARNING, "a choice never offered, or a variant never shown"
    NEVER_FIRES = "never-fires", Severity.WARNING, "an interrupt that never fires"
    ZERO_STARS = "zero-stars", Severity.WARNING, "no play can reach an ending worth a star"
    TOO_MANY_STATES = "too-many-states", Severity.WARNING, "too many states to analyse within the budget"
    WORLDS_ALIKE = "worlds-alike", Severity.WARNING, "two worlds that no play can ever tell apart"
    LATE_DISCOVERY = "late-discovery", Severity.WARNING, "no way of playing finds out the world in time"
    HIDDEN_DIFFERENCE = "hidden-difference", Severity.WARNING, "same-looking choices that differ in worlds not yet told apart"
    # packs
    EMPTY_PACK = "empty-pack", Severity.ERROR, "a pack without scenarios"
    LINK = "link", Severity.ERROR, "a link where a pack's plain file should be"
    NOT_A_PACK = "not-a-pack", Severity.ERROR, "a folder without pack.toml"
    DUPLICATE_TITLE = "duplicate-title", Severity.WARNING, "two scenarios of a pack with one title"
    PACK_SOURCE = "pack-source", Severity.ERROR, "a pack that could not be located"
    PACK_CRASH = "pack-crash", Severity.ERROR, "loading a pack failed unexpectedly"
    PACK_TIMEOUT = "pack-timeout", Severity.ERROR, "a pack that took too long to load"


ANALYSIS_ERRORS = frozenset({Code.SOFT_LOCK})
"""The errors only the analysis of every reachable state finds: the scenario itself is well formed,
so an author can still play it to the place named (`play` and `play --watch` do, marked)."""

SCHEMA_PREFIX = "schema-"
SchemaCode = NewType("SchemaCode", str)
"""`schema-` and the kind of a models' check (`schema-missing`, `schema-string_too_long`, ...)."""


def schema_code(kind: str) -> SchemaCode:
    return SchemaCode(SCHEMA_PREFIX + kind)

"""Reading scenario and pack files into models, with diagnostics for authors.

The steps, each refusing bad input before the next sees it: size, UTF-8,
forbidden characters, TOML syntax, schema (pydantic), then the format's
rules (`trainer.rules`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args, get_origin

from pydantic import BaseModel, ValidationError

from trainer.codes import ANALYSIS_ERRORS, Code, schema_code
from trainer.diagnostics import Diagnostic, DiagnosticList, TomlPath, did_you_mean
from trainer.files import FileRefused, read_regular_file
from trainer.model import MAX_FILE_BYTES, MAX_WEIGHT, MAX_WORLDS, MIN_WORLDS, Scenario
from trainer.nesting import MAX_NESTING, deepest_bracket
from trainer.source_map import SourceMap
from trainer.text_safety import forbidden, forbidden_message, is_utf8_name
from trainer.toml_slips import explain as explain_toml_error

if TYPE_CHECKING:
    from trainer.compiled import CompiledScenario
    from trainer.secure import SecureAnalysis

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(slots=True)
class ParsedFile:
    """A TOML file read safely: its data, or the reasons it could not be read."""

    path: Path
    label: str
    text: str | None
    data: dict[str, Any] | None
    diagnostics: DiagnosticList


def read_toml(path: Path, label: str | None = None) -> ParsedFile:
    """Read and parse one TOML file, refusing links, special files, oversized, non-UTF-8 or unsafe text."""
    label = label if label is not None else str(path)
    problems = DiagnosticList(label)
    if not is_utf8_name(path.name):
        problems.error(
            "the file name is not valid UTF-8 (shown with \\x escapes); rename the file using UTF-8 characters",
            code=Code.FILE_NAME,
        )
        return ParsedFile(path, label, None, None, problems)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileRefused as refused:
        problems.error(str(refused), code=refused.code)
        return ParsedFile(path, label, None, None, problems)
    return parse_toml_bytes(raw, path, label, problems)


def parse_toml_bytes(
    raw: bytes, path: Path, label: str, problems: DiagnosticList | None = None
) -> ParsedFile:
    """Decode, check and parse a TOML document given as bytes."""
    problems = problems if problems is not None else DiagnosticList(label)
    if len(raw) > MAX_FILE_BYTES:
        problems.error(f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,} bytes", code=Code.TOO_LARGE)
        return ParsedFile(path, label, None, None, problems)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line: int | None = raw.count(b"\n", 0, error.start) + 1
        column: int | None = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problems.error(
            f"is not UTF-8 text (byte 0x{raw[error.start]:02X} cannot be decoded); "
            "save the file as UTF-8",
            line=line,
            column=column,
            code=Code.ENCODING,
        )
        return ParsedFile(path, label, None, None, problems)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    locator = _LazyLocator(text)
    for match in forbidden().finditer(text):
        line, column = locator.map.line_col(match.start())
        problems.error(forbidden_message(match.group()), line=line, column=column, code=Code.FORBIDDEN_CHARACTER)
        if len(problems.items) >= 20:
            break
    if problems.items:
        return ParsedFile(path, label, text, None, problems)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        slip = explain_toml_error(text, *_split_toml_error(str(error)))
        problems.error(slip.message, line=slip.line, column=slip.column, code=Code.TOML_SYNTAX)
        return ParsedFile(path, label, text, None, problems)
    except RecursionError:  # brackets nested hundreds deep: find the first one past the limit
        data = None
    problems.locate = locator
    too_deep = _too_deep(data, text) if data is not None else deepest_bracket(text)
    if too_deep is not None:
        if not isinstance(too_deep, int):  # dotted keys: the source map finds values, so find the key itself
            line, column = locator(too_deep, None)
            too_deep = _dotted_key_offset(text, too_deep) if line is None else None
        if isinstance(too_deep, int):  # the source map itself would recurse that deep: count lines instead
            line, column = text.count("\n", 0, too_deep) + 1, too_deep - text.rfind("\n", 0, too_deep)
        problems.error(
            f"arrays and tables are nested more than {MAX_NESTING} levels deep here; the limit is "
            f"{MAX_NESTING} (flatten the data, e.g. split it into separate keys)",
            line=line,
            column=column,
            code=Code.TOO_DEEP,
        )
        return ParsedFile(path, label, text, None, problems)
    assert data is not None
    if "\\" in text:  # escapes are the only way left to smuggle in a forbidden character
        for where, value in _strings(data, ()):
            found = forbidden().search(value)
            if found:
                problems.error(forbidden_message(found.group()), where, code=Code.FORBIDDEN_CHARACTER)
    return ParsedFile(path, label, text, data, problems)


def _too_deep(data: dict[str, Any], text: str) -> int | TomlPath | None:
    """Where the data nests past `MAX_NESTING`: a bracket's offset, or the path of a dotted key; None if it does not."""
    stack: list[tuple[Any, TomlPath]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_NESTING:
            offset = deepest_bracket(text)
            return offset if offset is not None else path
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        stack.extend((item, path + (key,)) for key, item in items if isinstance(item, (dict, list)))
    return None


def _dotted_key_offset(text: str, path: TomlPath) -> int | None:
    """Where `a.b` (the last two keys of `path`) is written, if it is."""
    keys = [re.escape(str(part)) for part in path[-2:] if isinstance(part, str)]
    match = re.search(r"\s*\.\s*".join(keys), text) if len(keys) == 2 else None
    return match.start() if match else None


_TOML_POSITION = re.compile(r"^(.*?)\s*\(at line (\d+), column (\d+)\)$")


def _split_toml_error(message: str) -> tuple[str, int | None, int | None]:
    match = _TOML_POSITION.match(message)
    if match is None:
        return message, None, None
    return match.group(1), int(match.group(2)), int(match.group(3))


class _LazyLocator:
    """Builds the source map on first use: clean files never pay for it."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._map: SourceMap | None = None

    @property
    def map(self) -> SourceMap:
        if self._map is None:
            self._map = SourceMap(self.text)
        return self._map

    def __call__(self, path: TomlPath, value_offset: int | None = None) -> tuple[int | None, int | None]:
        return self.map(path, value_offset)


def _strings(value: Any, path: TomlPath) -> Iterator[tuple[TomlPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, path + (key,))
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))


# -- schema -------------------------------------------------------------------


def validate_model(model: type[ModelT], data: dict[str, Any], problems: DiagnosticList) -> ModelT | None:
    """The model, or None with every schema problem recorded in `problems`."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            path = _clean_loc(item["loc"])
            problems.error(_schema_message(model, item, path), path, code=schema_code(item["type"]))
        return None


def _clean_loc(loc: tuple[Any, ...]) -> TomlPath:
    return tuple(part for part in loc if part != "[key]" and not (isinstance(part, str) and "[" in part and part.startswith("function")))


def _schema_message(model: type[BaseModel], item: Any, path: TomlPath) -> str:
    kind = item["type"]
    field_name = str(path[-1]) if path and isinstance(path[-1], str) else "value"
    value = item.get("input")
    ctx = item.get("ctx") or {}
    if kind == "missing":
        hint = ""
        if path[-1:] == ("text",) and "nodes" in path:
            hint = " (a scene node needs text; a check node needs [[routes]])"
        return f'missing required key "{field_name}"{hint}'
    if kind == "extra_forbidden":
        owner = model_at(model, path[:-1])
        allowed = sorted(owner.model_fields) if owner else []
        hint = did_you_mean(field_name, allowed)
        if not hint and allowed:
            hint = f" Allowed here: {', '.join(allowed)} (or an x_ extension key)."
        return f'unknown key "{field_name}".{hint}'
    if kind == "enum":
        allowed = [v.strip("'") for v in re.split(r",\s*|\s+or\s+", ctx.get("expected", ""))]
        hint = did_you_mean(str(value), allowed) if isinstance(value, str) else ""
        return f"{field_name} must be one of {', '.join(allowed)}; got {_show(value)}.{hint}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"{field_name} must be a whole number; got {_show(value)}"
    if kind in ("string_type",):
        return f"{field_name} must be text in quotes; got {_show(value)}"
    if kind in ("list_type",):
        return f"{field_name} must be an array, e.g. {field_name} = [\"...\"]; got {_show(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{field_name} must be a table; got {_show(value)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        low, high = _RANGES.get(field_name, (0, 100))
        return f"{field_name} must be from {low} to {high}; got {_show(value)}"
    if kind == "string_too_long":
        return (
            f"{field_name} is {len(value):,} characters long; the limit is "
            f"{ctx.get('max_length'):,} (shorten it)"
        )
    if field_name == "worlds" and kind in ("too_long", "too_short"):
        count = ctx.get("actual_length")
        return (
            f"worlds has {count} world(s); a scenario with [[worlds]] needs {MIN_WORLDS} to {MAX_WORLDS} "
            "(remove [[worlds]] for a single buyer, or merge worlds)"
        )
    if kind == "too_long":
        return f"{field_name} has {ctx.get('actual_length')} items; at most {ctx.get('max_length')} are allowed"
    if kind == "too_short":
        if field_name == "choices" and "tests" in path:
            return 'a test needs at least one choice, e.g. choices = ["why-now", 2]'
        if field_name == "choices":
            return "a scene node needs 1 to 9 choices; this array is empty"
        return f"{field_name} needs at least {ctx.get('min_length')} item(s)"
    if kind == "string_pattern_mismatch":
        return f"{field_name} {_PATTERN_HELP.get(field_name, 'has the wrong form')}; got {_show(value)}"
    if kind == "effect":
        return f"{field_name} = {_show(value)}: {item['msg']}"
    if kind == "test-choice":
        return str(item["msg"])
    return f"{field_name}: {item['msg']}"


_RANGES = {"stars": (0, 3), "weight": (1, MAX_WEIGHT)}

_PATTERN_HELP = {
    "version": 'must be a semantic version like "1.2.0"',
    "license": 'must be an SPDX license identifier like "CC-BY-4.0" or "MIT"',
    "locale": 'must be a language tag like "en" or "pt-BR"',
}


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true (a boolean)" if value else "false (a boolean)"
    if isinstance(value, float):
        return f"{value} (a decimal number)"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    text = repr(value) if not isinstance(value, str) else '"' + value + '"'
    return text if len(text) <= 60 else text[:57] + "..."


def model_at(model: type[BaseModel], path: TomlPath) -> type[BaseModel] | None:
    """The model class that describes the table at `path`, if any."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            current = info.annotation if info else None
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional and Annotated wrappers."""
    while True:
        origin = get_origin(annotation)
        args = get_args(annotation)
        if origin is not None and type(None) in args:
            annotation = next(a for a in args if a is not type(None))
        elif origin is not None and getattr(annotation, "__metadata__", None) is not None:
            annotation = args[0]
        else:
            return annotation


# -- results --------------------------------------------------------------------


@dataclass(slots=True)
class LoadedScenario:
    """One scenario file: the model when it is valid, and all its diagnostics."""

    path: Path
    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    compiled: CompiledScenario | None = None
    analysis: SecureAnalysis | None = None
    label: str = ""  # the file as diagnostics name it; empty: str(path)
    source: bytes | None = None  # the text it was loaded from, when that was not the file on disk (an editor's)

    @property
    def ok(self) -> bool:
        return self.scenario is not None and not any(d.is_error for d in self.diagnostics)

    @property
    def replayable(self) -> bool:
        """Its only errors come from the analysis of every reachable state (a soft-lock): not for
        players, but an author may play it to walk to what the validator names (`play` does, marked)."""
        errors = [d for d in self.diagnostics if d.is_error]
        return self.compiled is not None and bool(errors) and all(d.code in ANALYSIS_ERRORS for d in errors)

    @property
    def first_error(self) -> Diagnostic | None:
        return next((d for d in self.diagnostics if d.is_error), None)


def reread(loaded: LoadedScenario) -> ParsedFile:
    """The loaded file parsed again, for the positions of late diagnostics: from the text it
    was loaded from when that came from an editor, else from disk."""
    label = loaded.label or str(loaded.path)
    if loaded.source is not None:
        return parse_toml_bytes(loaded.source, loaded.path, label)
    return read_toml(loaded.path, label)

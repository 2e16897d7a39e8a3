"""The library's first listing, read straight from the TOML files: no validation, no pydantic.

On a first launch (no listing kept yet) the library shows these cards at once; the
background check then loads every pack in full, lists what it found (errors included)
and keeps that listing for the next launch (see `trainer.library_index`). A card read
here only says what its file claims: playing a scenario always checks the file first.

Only folders are read here: the built-in pack, the user pack folder and `--pack`
folders. Packs installed with pip come with the background check, because finding
them runs their code.

Every file is untrusted: only regular files inside the pack, at most the format's
size limit, UTF-8; a value that is not plain text of a bounded length is not shown.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from trainer.codes import Code
from trainer.errors import TrainerError
from trainer.files import FileRefused, read_regular_file
from trainer.library_index import Listing, PackCard, ScenarioCard
from trainer.limits import MAX_FILE_BYTES, MAX_LABEL_LENGTH, MAX_LINE_LENGTH, MAX_LIST_ITEMS
from trainer.pack_sources import PackLocation, PackSource, user_pack_locations, winners, without_repeats
from trainer.paths import builtin_pack_dir
from trainer.text_safety import forbidden
from trainer.vocabulary import Difficulty

CARD_TABLES = ("buyer",)
"""The tables of a scenario file a card shows (with its top-level keys)."""

HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


class Unreadable(TrainerError):
    """Why a file gives no card; `str()` is a few words for the library."""


def read_listing(extra: Sequence[Path], *, builtin: bool = True) -> Listing:
    """The cards of every pack folder (with `builtin`, the built-in pack and the user
    folder too), in the order `trainer.library` finds them; of two packs with one id, the winner."""
    locations = [PackLocation(PackSource.COMMAND_LINE, str(p), Path(p)) for p in extra]
    if builtin:
        folder = builtin_pack_dir()
        locations = [PackLocation(PackSource.BUILTIN, str(folder), folder), *user_pack_locations(), *locations]
    found = [(location, pack_card(location)) for location in without_repeats(locations)]
    won = set(winners([(card.id, location.source) for location, card in found]).values())
    return Listing(tuple(card for at, (_, card) in enumerate(found) if card.id is None or at in won))


def pack_card(location: PackLocation) -> PackCard:
    """One pack folder's card, with a card for each `scenarios/*.toml`."""
    folder = location.folder if location.folder is not None else Path(location.origin)
    name = folder.name
    try:
        if location.folder is None:
            raise Unreadable(location.problem or "not found")
        manifest = read_table(folder / "pack.toml", folder)
        name = text(manifest, "name", MAX_LABEL_LENGTH) or name
        pack_id, version = text(manifest, "id", MAX_LABEL_LENGTH), text(manifest, "version", MAX_LABEL_LENGTH)
        if not pack_id:
            raise Unreadable("pack.toml has no id")
    except Unreadable as why:
        return PackCard(str(folder), None, name, source=str(location.source), problem=f"{name}: {why}")
    scenario_dir = folder / "scenarios"
    files = sorted(scenario_dir.glob("*.toml")) if scenario_dir.is_dir() else []
    return PackCard(
        str(folder),
        pack_id,
        name,
        version or None,
        str(location.source),
        None if files else "no scenarios",
        tuple(scenario_card(file, folder) for file in files),
    )


def scenario_card(path: Path, pack: Path) -> ScenarioCard:
    """A scenario file's card from its top-level keys and its buyer; `problem` when unreadable."""
    try:
        data = read_table(path, pack, CARD_TABLES)
        buyer = data.get("buyer", {})
        if not isinstance(buyer, dict):
            raise Unreadable("the buyer is not a table")
        scenario_id, title = text(data, "id", MAX_LABEL_LENGTH), text(data, "title", MAX_LABEL_LENGTH)
        if not scenario_id or not title:
            raise Unreadable("no id or no title")
        tags = data.get("tags", [])
        if not isinstance(tags, list) or len(tags) > MAX_LIST_ITEMS:
            raise Unreadable("the tags are not a short list")
        return ScenarioCard(
            path=str(path),
            id=scenario_id,
            title=title,
            summary=text(data, "summary", MAX_LINE_LENGTH),
            difficulty=text(data, "difficulty", MAX_LABEL_LENGTH) or Difficulty.INTERMEDIATE.value,
            tags=tuple(plain(tag, "tags", MAX_LABEL_LENGTH) for tag in tags),
            buyer_name=text(buyer, "name", MAX_LABEL_LENGTH),
            buyer_role=text(buyer, "role", MAX_LABEL_LENGTH),
            buyer_company=text(buyer, "company", MAX_LABEL_LENGTH),
        )
    except Unreadable as why:
        return ScenarioCard(str(path), None, path.name, problem=f"{path.name}: {why}")


def read_table(path: Path, pack: Path, heads: tuple[str, ...] = ()) -> dict[str, Any]:
    """The TOML table in `path`: a regular file inside `pack`, not a link, within the size limit.
    With `heads`, only the top-level keys and those tables are read (see `parse_head`)."""
    try:
        if not path.resolve().is_relative_to(pack.resolve()):  # a folder on the way that leads out of the pack
            raise Unreadable("is a link")
        raw = read_regular_file(path, MAX_FILE_BYTES)
    except FileRefused as refused:
        raise Unreadable(_refusal(path, refused)) from None
    except OSError as error:
        raise Unreadable(f"cannot be read ({error.strerror or error})") from None
    try:
        return parse_head(raw.decode("utf-8"), heads)
    except UnicodeDecodeError:
        raise Unreadable("is not UTF-8 text") from None
    except tomllib.TOMLDecodeError:
        raise Unreadable("is not valid TOML") from None
    except RecursionError:
        raise Unreadable("is nested too deeply") from None


def _refusal(path: Path, refused: FileRefused) -> str:
    """Why a file is not read, in the card's few words."""
    if refused.code is Code.NOT_FOUND:
        return "is not a file" if path.is_dir() else f"{path.name} not found"
    if refused.code is Code.UNREADABLE:
        return str(refused)
    return {Code.LINK: "is a link", Code.TOO_LARGE: "is too large"}.get(refused.code, "is not a file")


def parse_head(document: str, tables: tuple[str, ...]) -> dict[str, Any]:
    """The top-level keys of a TOML document, and with `tables` those tables too, parsed
    without the rest (a scenario's nodes are most of it). The top-level keys are all
    before the first table header; a table runs to the next header. When a cut falls
    inside a multi-line string or array, that part does not parse: then the whole
    document is parsed instead."""
    if not tables:
        return tomllib.loads(document)
    try:
        first = HEADER.search(document)
        parts = [document[: first.start() if first else len(document)]]
        for table in tables:
            header = re.search(rf"^[ \t]*\[[ \t]*{re.escape(table)}[ \t]*\][ \t]*(#.*)?$", document, re.MULTILINE)
            if header is not None:
                after = HEADER.search(document, header.end())
                parts.append(document[header.start() : after.start() if after else len(document)])
        return tomllib.loads("\n".join(parts))
    except tomllib.TOMLDecodeError:
        return tomllib.loads(document)


def text(table: dict[str, Any], key: str, limit: int) -> str:
    """`table[key]` as plain text (see `plain`); "" when absent."""
    return plain(table.get(key, ""), key, limit)


def plain(value: object, what: str, limit: int) -> str:
    """`value` when it is text within `limit` characters with no control character."""
    if not isinstance(value, str) or len(value) > limit or forbidden().search(value):
        raise Unreadable(f"its {what} cannot be shown")
    return value

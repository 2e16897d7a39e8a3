"""JSON Schemas of scenario files and `pack.toml`, generated from the pydantic models.

For editors (Taplo / Even Better TOML, tombi) that complete and check TOML
files against a JSON Schema. Post-processing makes the generated schema fit
for TOML and for draft-07 tools:

- `$defs` become `definitions`; a `$ref` never has siblings (draft-07
  ignores them), so a field's description is kept with `allOf`;
- TOML has no null: optional fields lose their `null` alternative;
- every property has a description (a missing one is an error here, so a
  new field cannot ship undocumented);
- ids, flag names and `format` get the patterns and values the validator
  enforces; `x_` extension keys are allowed in every table.

The schema checks the shape of one file. Rules across the file (every
`next` names a node, flags, soft-locks, ...) need `python -m trainer validate`.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from trainer.model import FORMAT_VERSION, PackManifest, Scenario
from trainer.vocabulary import FLAG_NAME_PATTERN, ID_PATTERN, RESERVED_WORDS

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
SCHEMA_KINDS = ("scenario", "pack")
EXTENSION_PATTERN = "^x_"

# Descriptions for properties whose model field has none (keyed by table title, then property).
_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "Scenario": {
        "buyer": "The person the player sells to.",
        "meters": "Starting values of the trust and pressure meters.",
        "nodes": "The conversation: scene nodes (with [[choices]]) and check nodes (with [[routes]]), by id.",
        "endings": "Where plays end, by id. Node and ending ids share one namespace.",
        "difficulty": "beginner | intermediate | advanced; default intermediate.",
        "interrupts": "Checked in order after every choice's effects; the first whose `when` holds sends "
        "the play to its `next`.",
        "format": "Format version: 1.",
        "tags": "Free words for the library, e.g. [\"qualifying\"].",
        "tests": "Scripted plays that `validate` runs: each plays its choices (in its world, or in "
        "every world) and may require an ending or stars.",
    },
    "Node": {
        "variants": "Scene nodes only: the first variant whose `when` holds replaces `text`.",
        "choices": "A scene node's 1 to 9 choices.",
        "routes": "A check node's routes: the first whose `when` holds is taken; the last has no `when`.",
    },
    "Choice": {
        "trust": "Effect on trust: a whole number -100..100 added to the meter, or a fair string "
        '"%+p" / "%-p" (p in 0..100). Default 0.',
        "pressure": "Effect on pressure: a whole number -100..100 added to the meter, or a fair string "
        '"%+p" / "%-p" (p in 0..100). Default 0.',
    },
    "PackManifest": {
        "authors": "At least one author.",
        "format": "Format version: 1.",
    },
}

_TITLES = {"Scenario": "Trainer scenario (format 1)", "PackManifest": "Trainer pack manifest, pack.toml (format 1)"}


class SchemaError(RuntimeError):
    """The generated schema breaks a promise (e.g. a property without a description)."""


def scenario_schema() -> dict[str, Any]:
    return _build(Scenario)


def pack_schema() -> dict[str, Any]:
    return _build(PackManifest)


def schema_for(kind: str) -> dict[str, Any]:
    """`kind` is "scenario" or "pack"."""
    if kind == "scenario":
        return scenario_schema()
    if kind == "pack":
        return pack_schema()
    raise ValueError(f"unknown schema {kind!r}; choose from {', '.join(SCHEMA_KINDS)}")


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def _build(model: type[Scenario] | type[PackManifest]) -> dict[str, Any]:
    raw = copy.deepcopy(model.model_json_schema(ref_template="#/definitions/{model}"))
    definitions = raw.pop("$defs", {})
    root_name = raw.get("title", model.__name__)
    schema: dict[str, Any] = {"$schema": SCHEMA_DIALECT, **raw}
    for name, definition in definitions.items():
        _fix_table(name, definition)
    _fix_table(root_name, schema)
    _strengthen(root_name, schema, definitions)
    if definitions:
        schema["definitions"] = definitions
    schema["title"] = _TITLES.get(root_name, root_name)
    _fix_refs(schema)
    missing = list(_undocumented(schema))
    if missing:
        raise SchemaError(f"properties without a description: {', '.join(missing)}")
    return schema


def _fix_table(name: str, table: dict[str, Any]) -> None:
    properties = table.get("properties")
    if not isinstance(properties, dict):
        return
    table.setdefault("patternProperties", {EXTENSION_PATTERN: {"description": "Extension: ignored by every tool."}})
    table["patternProperties"][EXTENSION_PATTERN] = {
        "description": "Extension key: ignored by every tool (for authors' notes and newer tools)."
    }
    extra = _DESCRIPTIONS.get(name, {})
    for key, prop in properties.items():
        _drop_null(prop)
        prop.pop("title", None)
        if "description" not in prop:
            inner = _single_branch_description(prop)
            if key in extra:
                prop["description"] = extra[key]
            elif inner:
                prop["description"] = inner


def _drop_null(prop: dict[str, Any]) -> None:
    """`anyOf: [X, {"type": "null"}]` -> X (TOML has no null: the key is simply left out)."""
    options = prop.get("anyOf")
    if not isinstance(options, list):
        return
    kept = [o for o in options if o != {"type": "null"}]
    if len(kept) == len(options):
        return
    if prop.get("default", ...) is None:
        del prop["default"]
    if len(kept) == 1:
        del prop["anyOf"]
        for key, value in kept[0].items():
            prop.setdefault(key, value)
    else:
        prop["anyOf"] = kept


def _single_branch_description(prop: dict[str, Any]) -> str | None:
    for option in prop.get("anyOf", []):
        if isinstance(option, dict) and "description" in option:
            return str(option["description"])
    return None


def _strengthen(root_name: str, schema: dict[str, Any], definitions: dict[str, Any]) -> None:
    """Patterns and values the validator enforces that the models leave to the rules."""
    props = schema["properties"]
    props["format"]["enum"] = [FORMAT_VERSION]
    props["id"]["pattern"] = ID_PATTERN
    if root_name != "Scenario":
        return
    for key in ("nodes", "endings"):
        props[key]["propertyNames"] = {"pattern": ID_PATTERN, "maxLength": 64}
    choice = definitions["Choice"]["properties"]
    flag = {"pattern": FLAG_NAME_PATTERN, "not": {"enum": list(RESERVED_WORDS)}}
    for key in ("set", "clear"):
        choice[key]["items"].update(copy.deepcopy(flag))
    choice["id"].update({"pattern": ID_PATTERN, "not": {"pattern": "^[0-9]+$"}})
    world = definitions["World"]["properties"]
    world["set"]["items"].update(copy.deepcopy(flag))
    world["id"]["pattern"] = ID_PATTERN
    world["label"].update({"minLength": 1, "pattern": "^[^\\n\\r]*$"})
    test = definitions["ScenarioTest"]["properties"]
    test["name"].update({"minLength": 1, "pattern": "^[^\\n\\r]*$"})
    for key in ("world", "ending"):
        test[key]["pattern"] = ID_PATTERN
    definitions["Ending"]["properties"]["title"]["pattern"] = "^[^\\n\\r]*$"
    targets = (choice["next"], definitions["Route"]["properties"]["next"], definitions["Interrupt"]["properties"]["next"])
    for target in (props["start"], *targets):
        target["pattern"] = ID_PATTERN  # a node or ending id: `next = "Polite No"` names none
    node = definitions["Node"]
    node["oneOf"] = [
        {"required": ["choices"], "not": {"required": ["routes"]}, "description": "A scene node."},
        {
            "required": ["routes"],
            "not": {"anyOf": [{"required": ["choices"]}, {"required": ["variants"]}]},
            "description": "A check node (no choices, no variants: its text is narration as it is).",
        },
    ]


def _fix_refs(value: Any) -> None:
    """Move siblings of `$ref` next to an `allOf` holding it (draft-07 ignores them otherwise)."""
    if isinstance(value, dict):
        for item in value.values():
            _fix_refs(item)
        if "$ref" in value and len(value) > 1:
            ref = value.pop("$ref")
            value["allOf"] = [{"$ref": ref}]
    elif isinstance(value, list):
        for item in value:
            _fix_refs(item)


def _undocumented(schema: dict[str, Any]) -> list[str]:
    found = []
    tables = {"(root)": schema, **{f"definitions.{k}": v for k, v in schema.get("definitions", {}).items()}}
    for where, table in tables.items():
        for key, prop in table.get("properties", {}).items():
            if not prop.get("description"):
                found.append(f"{where}.{key}")
    return found

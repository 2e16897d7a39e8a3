"""`schema scenario|pack`: a draft-07 JSON Schema, documented field by field, that every built-in file passes."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli_w

from tests.core.builders import minimal
from tests.packs.helpers import run_cli
from trainer.library import BUILTIN_PACK_DIR
from trainer.schema import pack_schema, scenario_schema

REPO = Path(__file__).resolve().parents[2]
SCENARIO_FILES = sorted((BUILTIN_PACK_DIR / "scenarios").glob("*.toml")) + sorted((REPO / "tests" / "fixtures").glob("*.toml"))


def validator(schema: dict[str, Any]) -> jsonschema.Draft7Validator:
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def problems(schema: dict[str, Any], doc: dict[str, Any]) -> list[str]:
    return [e.message for e in validator(schema).iter_errors(doc)]


def test_there_are_builtin_scenarios_to_check() -> None:
    assert len(SCENARIO_FILES) >= 2


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: p.name)
def test_every_builtin_scenario_file_passes_the_schema(path: Path) -> None:
    with path.open("rb") as f:
        assert problems(scenario_schema(), tomllib.load(f)) == []


def test_the_builtin_manifest_passes_the_pack_schema() -> None:
    with (BUILTIN_PACK_DIR / "pack.toml").open("rb") as f:
        assert problems(pack_schema(), tomllib.load(f)) == []


def all_properties(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    tables = [("(root)", schema), *((f"definitions.{k}", v) for k, v in schema.get("definitions", {}).items())]
    return [(f"{where}.{key}", prop) for where, table in tables for key, prop in table.get("properties", {}).items()]


@pytest.mark.parametrize("make", [scenario_schema, pack_schema])
def test_every_property_has_a_description_and_no_ref_has_siblings(make: Any) -> None:
    schema = make()
    properties = all_properties(schema)
    assert len(properties) > 5
    assert [name for name, prop in properties if not prop.get("description")] == []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            assert "$ref" not in value or len(value) == 1, value
            assert value.get("type") != "null"
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(schema)


def test_schema_rejects_what_the_validator_rejects() -> None:
    schema = scenario_schema()
    doc = minimal()
    assert problems(schema, doc) == []
    typo = copy.deepcopy(doc)
    typo["nodes"]["opening"]["choices"][0]["feedbak"] = "x"
    assert any("feedbak" in p for p in problems(schema, typo))
    bad_tactic = copy.deepcopy(doc)
    bad_tactic["nodes"]["opening"]["choices"][0]["tactic"] = "charm"
    assert problems(schema, bad_tactic)
    bad_effect = copy.deepcopy(doc)
    bad_effect["nodes"]["opening"]["choices"][0]["trust"] = 101
    assert problems(schema, bad_effect)
    fair = copy.deepcopy(doc)
    fair["nodes"]["opening"]["choices"][0]["trust"] = "%+20"
    assert problems(schema, fair) == []
    both = copy.deepcopy(doc)
    both["nodes"]["opening"]["routes"] = [{"next": "won"}]
    assert problems(schema, both)
    reserved = copy.deepcopy(doc)
    reserved["nodes"]["opening"]["choices"][0]["set"] = ["trust"]
    assert problems(schema, reserved)
    assert problems(schema, {**doc, "format": 2})
    assert problems(schema, {**doc, "id": "Bad Id"})


def test_x_extension_keys_are_allowed_in_every_table() -> None:
    doc = minimal()
    doc["x_editor"] = {"anything": [1, 2]}
    doc["buyer"]["x_note"] = "n"
    doc["nodes"]["opening"]["x_note"] = "n"
    doc["nodes"]["opening"]["choices"][0]["x_note"] = "n"
    doc["endings"]["won"]["x_note"] = "n"
    assert problems(scenario_schema(), doc) == []


def test_pack_schema_checks_the_manifest() -> None:
    good = {"format": 1, "id": "acme", "name": "A", "version": "1.2.0", "authors": ["Jo"], "license": "MIT"}
    assert problems(pack_schema(), good) == []
    assert problems(pack_schema(), {**good, "authors": []})
    assert problems(pack_schema(), {**good, "version": "1.2"})
    assert problems(pack_schema(), {k: v for k, v in good.items() if k != "license"})


@pytest.mark.parametrize(("kind", "make"), [("scenario", scenario_schema), ("pack", pack_schema)])
def test_schema_command_prints_the_schema(kind: str, make: Any) -> None:
    code, out, err = run_cli("schema", kind)
    assert code == 0 and err == ""
    assert json.loads(out) == make()


def test_schema_command_writes_a_file_and_refuses_unknown_kinds(tmp_path: Path) -> None:
    target = tmp_path / "s.json"
    code, out, err = run_cli("schema", "scenario", "--output", str(target))
    assert code == 0 and json.loads(target.read_text()) == scenario_schema()
    with pytest.raises(SystemExit) as exit_info:
        run_cli("schema", "ending")
    assert exit_info.value.code == 2


def check_node(**extra: Any) -> dict[str, Any]:
    """The minimal scenario with its opening's first choice going through a check node."""
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["next"] = "decides"
    doc["nodes"]["decides"] = {"text": "Dana thinks.", "routes": [{"when": "trust >= 60", "next": "won"}, {"next": "lost"}], **extra}
    return doc


@pytest.mark.parametrize("target", ["Polite No", "polite no", "Polite-No", "polite-No", "-polite", "polite.no", ""])
def test_schema_rejects_a_next_that_is_not_an_id(target: str) -> None:
    schema = scenario_schema()
    assert problems(schema, check_node()) == []
    on_route = check_node()
    on_route["nodes"]["decides"]["routes"][1]["next"] = target
    on_choice = check_node()
    on_choice["nodes"]["opening"]["choices"][1]["next"] = target
    on_interrupt = {**check_node(), "interrupts": [{"when": "pressure >= 90", "next": target}]}
    for doc in (on_route, on_choice, on_interrupt, {**check_node(), "start": target}):
        assert any("does not match" in p for p in problems(schema, doc)), doc
    assert problems(schema, check_node(next=target))  # a check node has routes, never a next of its own


def test_schema_rejects_variants_on_a_check_node(tmp_path: Path) -> None:
    doc = check_node(variants=[{"when": "trust >= 50", "text": "Dana smiles."}])
    assert problems(scenario_schema(), doc)
    path = tmp_path / "check.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    code, out, _ = run_cli("validate", str(path))
    assert code == 1 and "variants belong to scene nodes" in out  # the validator says the same

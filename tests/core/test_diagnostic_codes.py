"""Diagnostic codes come from one registry that fixes each code's severity."""

from __future__ import annotations

import json

import pytest

from trainer.codes import Code, Severity, schema_code
from trainer.diagnostics import DiagnosticList


def test_a_code_carries_its_severity_and_meaning() -> None:
    assert Code.SOFT_LOCK.severity is Severity.ERROR and Code.UNREACHABLE.severity is Severity.WARNING
    assert all(code.meaning and "\n" not in code.meaning for code in Code)
    assert len({code.value for code in Code}) == len(Code)


def test_a_registered_code_cannot_be_reported_at_another_severity() -> None:
    problems = DiagnosticList("a.toml")
    with pytest.raises(ValueError, match="flag-unused is registered as a warning"):
        problems.error("flag set but never tested", code=Code.FLAG_UNUSED)
    problems.warning("flag set but never tested", code=Code.FLAG_UNUSED)
    assert [d.severity for d in problems.items] == [Severity.WARNING]


def test_codes_reach_tools_as_plain_strings() -> None:
    problems = DiagnosticList("a.toml")
    problems.error("missing", ("buyer", "name"), code=schema_code("missing"))
    problems.error("no such node", code=Code.UNKNOWN_TARGET)
    assert [json.loads(json.dumps(d.to_json()))["code"] for d in problems.items] == ["schema-missing", "unknown-target"]

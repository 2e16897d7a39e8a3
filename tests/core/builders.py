"""Build scenario documents in tests, as dicts, and load them through the real loader."""

from __future__ import annotations

import copy
from typing import Any

import tomli_w

from trainer.loader import LoadedScenario
from trainer.validation import load_scenario_bytes


def minimal() -> dict[str, Any]:
    """A valid scenario with no warnings: one decision, a win and a loss."""
    return {
        "format": 1,
        "id": "tiny",
        "title": "Tiny",
        "start": "opening",
        "buyer": {"name": "Dana"},
        "meters": {"trust": 50, "pressure": 10},
        "nodes": {
            "opening": {
                "text": "Hello.",
                "choices": [
                    {"text": "Buy now!", "tactic": "close", "next": "lost", "feedback": "Too soon."},
                    {"text": "What brings you here?", "tactic": "qualify", "next": "won", "feedback": "Good."},
                ],
            }
        },
        "endings": {
            "won": {"outcome": "won", "text": "Signed."},
            "lost": {"outcome": "lost", "text": "Gone."},
        },
    }


def with_changes(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(base)
    doc.update(changes)
    return doc


def load_doc(doc: dict[str, Any], **kw: Any) -> LoadedScenario:
    return load_scenario_bytes(tomli_w.dumps(doc).encode(), "test.toml", **kw)


def load_text(text: str, **kw: Any) -> LoadedScenario:
    return load_scenario_bytes(text.encode(), "test.toml", **kw)


def errors(loaded: LoadedScenario) -> list[str]:
    return [d.message for d in loaded.diagnostics if d.is_error]


def warnings(loaded: LoadedScenario) -> list[str]:
    return [d.message for d in loaded.diagnostics if not d.is_error]


def paths(loaded: LoadedScenario, *, errors_only: bool = True) -> list[str]:
    return [d.toml_path for d in loaded.diagnostics if d.is_error or not errors_only]


def choice(text: str, tactic: str, next: str, **extra: Any) -> dict[str, Any]:
    return {"text": text, "tactic": tactic, "next": next, "feedback": "fb", **extra}

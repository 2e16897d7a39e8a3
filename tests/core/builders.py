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


def two_worlds() -> dict[str, Any]:
    """A valid two-world scenario with no warnings: asking first finds out which buyer this is;
    pitching the big plan straight away works only for the big buyer."""
    return {
        "format": 1,
        "id": "two",
        "title": "Two",
        "start": "opening",
        "buyer": {"name": "Tam"},
        "meters": {"trust": 50, "pressure": 10},
        "worlds": [
            {"id": "big", "label": "Tam runs payroll in six countries.", "set": ["big"], "weight": 2},
            {"id": "small", "label": "Tam runs payroll in one country."},
        ],
        "nodes": {
            "opening": {
                "text": "Payroll software. Go on.",
                "choices": [
                    choice("Where do your people work?", "qualify", "sizes", id="ask"),
                    choice("Our big plan is what you need.", "pitch", "fit", id="pitch-big"),
                ],
            },
            "sizes": {"routes": [{"when": "big", "next": "big_talk"}, {"next": "small_talk"}]},
            "fit": {"text": "Tam looks at the slide.", "routes": [{"when": "big", "next": "won"}, {"next": "lost"}]},
            "big_talk": {
                "text": "Six countries.",
                "choices": [choice("The big plan, then.", "help", "won"), choice("The small plan, then.", "pitch", "lost")],
            },
            "small_talk": {
                "text": "Just here.",
                "choices": [choice("The big plan, then.", "pitch", "lost"), choice("The small plan, then.", "help", "won")],
            },
        },
        "endings": {
            "won": {"outcome": "won", "text": "Signed.", "title": "Signed"},
            "lost": {"outcome": "lost", "text": "Gone."},
        },
    }

"""Every error meant for a person derives from one `TrainerError`, found by walking the package."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import trainer
from trainer.errors import TrainerError

# Errors that mean a bug in trainer itself, never shown to a person as their mistake.
PROGRAMMER_ERRORS = {"trainer.schema.SchemaError", "trainer.game.writer.WriterClosed"}


def defined_errors() -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(trainer.__path__, "trainer."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == info.name:
                found[f"{info.name}.{name}"] = value
    return found


def test_the_walk_finds_the_errors() -> None:
    errors = defined_errors()
    assert {"trainer.errors.TrainerError", "trainer.engine.ChoiceNotOffered", "trainer.saves.records.CannotContinue"} <= set(errors)


def test_every_error_for_a_person_is_a_trainer_error() -> None:
    strays = sorted(name for name, error in defined_errors().items() if name not in PROGRAMMER_ERRORS and not issubclass(error, TrainerError))
    assert strays == [], f"derive these from trainer.errors.TrainerError (or list them as programmer errors): {strays}"

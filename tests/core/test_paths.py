"""Where files live: saves, user packs and the built-in pack."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import trainer.paths as paths


def test_saves_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_SAVES", str(tmp_path / "env"))
    assert paths.saves_dir(str(tmp_path / "opt")) == tmp_path / "opt"
    assert paths.saves_dir() == tmp_path / "env"
    monkeypatch.delenv("TRAINER_SAVES")
    assert paths.saves_dir() == Path(paths.__file__).resolve().parent.parent / "saves"  # running from the clone
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert paths.saves_dir() == tmp_path / "data" / "trainer" / "saves"  # never inside the installed package


def test_builtin_pack_from_a_clone_or_an_installed_wheel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (paths.builtin_pack_dir() / "pack.toml").is_file()
    installed = tmp_path / "prefix" / "share" / "trainer" / "scenarios"
    installed.mkdir(parents=True)
    (installed / "pack.toml").write_text("format = 1\n")
    monkeypatch.setattr(paths, "_CHECKOUT", tmp_path / "site-packages")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    assert paths.builtin_pack_dir() == installed

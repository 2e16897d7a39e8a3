"""Discovery: the four sources, the order that settles duplicate ids, and isolation of broken packs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.packs.helpers import make_pack, run_cli
from trainer.library import (
    BUILTIN_PACK_DIR,
    DiscoveredPack,
    PackSource,
    PackStatus,
    discover_packs,
    find_packs,
    resolve_pack_object,
)
from trainer.paths import user_packs_dir

REPO = Path(__file__).resolve().parents[2]


def test_builtin_pack_comes_first_and_is_ok() -> None:
    packs = discover_packs()
    assert packs[0].path == BUILTIN_PACK_DIR
    assert isinstance(packs[0], DiscoveredPack)
    assert packs[0].source is PackSource.BUILTIN
    assert packs[0].status is PackStatus.OK


def test_discover_packs_keeps_its_signature_and_adds_command_line_packs(tmp_path: Path) -> None:
    extra = make_pack(tmp_path / "extra", "extra")
    packs = discover_packs([extra], analyse=False)
    assert [p.manifest.id for p in packs if p.manifest] == ["builtin", "extra"]
    assert packs[1].source is PackSource.COMMAND_LINE


def test_user_folder_packs_are_found_sorted_and_hidden_folders_skipped() -> None:
    folder = user_packs_dir()
    make_pack(folder / "zeta", "zeta")
    make_pack(folder / "alpha", "alpha")
    make_pack(folder / ".install-abc", "half")
    (folder / "notes.txt").write_text("not a pack")
    ids = [p.id for p in find_packs(entry_points=False).found]
    assert ids == ["builtin", "alpha", "zeta"]


def test_a_broken_pack_is_listed_with_its_reason_and_the_others_still_load() -> None:
    folder = user_packs_dir()
    make_pack(folder / "good", "good")
    broken = make_pack(folder / "bad", "bad")
    (broken / "pack.toml").write_text('format = 1\nid = "bad"\nname = "Bad"\n', encoding="utf-8")
    (folder / "stray").mkdir()
    found = {p.origin: p for p in find_packs(entry_points=False).found}
    good, bad, stray = found[str(folder / "good")], found[str(folder / "bad")], found[str(folder / "stray")]
    assert good.status is PackStatus.OK
    assert bad.status is PackStatus.BROKEN
    assert 'missing required key "version"' in (bad.reason or "")
    assert stray.status is PackStatus.BROKEN and "without pack.toml" in (stray.reason or "")


def test_a_pack_with_one_bad_scenario_is_partial_and_keeps_the_good_one(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "p", "p")
    (pack / "scenarios" / "zz-broken.toml").write_text("format = 1\nid = ", encoding="utf-8")
    found = find_packs([pack], entry_points=False, user=False).found[-1]
    assert found.status is PackStatus.PARTIAL
    assert [s.scenario.id for s in found.playable if s.scenario] == ["tiny"]
    assert "TOML syntax error" in (found.reason or "")


def test_a_crash_while_loading_one_pack_is_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trainer.library as library

    real = library.load_pack
    bomb = make_pack(tmp_path / "bomb", "bomb")
    fine = make_pack(tmp_path / "fine", "fine")

    def load(folder: Path, **kw: object):  # type: ignore[no-untyped-def]
        if folder == bomb:
            raise RecursionError("deep")
        return real(folder, **kw)

    monkeypatch.setattr(library, "load_pack", load)
    found = find_packs([bomb, fine], entry_points=False, user=False).found
    assert [p.status for p in found] == [PackStatus.OK, PackStatus.BROKEN, PackStatus.OK]
    assert "RecursionError" in (found[1].reason or "")


def test_duplicate_ids_command_line_beats_user_folder_beats_builtin(tmp_path: Path) -> None:
    make_pack(user_packs_dir() / "builtin-copy", "builtin")
    make_pack(user_packs_dir() / "shared", "shared")
    cli = make_pack(tmp_path / "shared-dev", "shared")
    discovery = find_packs([cli], entry_points=False)
    winners = {p.id: p for p in discovery.packs}
    assert winners["builtin"].source is PackSource.USER
    assert winners["shared"].source is PackSource.COMMAND_LINE
    assert {(p.id, p.source) for p in discovery.shadowed} == {
        ("builtin", PackSource.BUILTIN),
        ("shared", PackSource.USER),
    }
    assert all(p.status is PackStatus.SHADOWED for p in discovery.shadowed)
    assert len(discovery.warnings) == 2
    assert 'two packs have the id "shared"' in discovery.warnings[1]
    assert "command line > user folder > entry points > built-in" in discovery.warnings[1]
    assert [p.id for p in discover_packs([cli])].count("shared") == 1


def test_within_one_source_the_first_found_wins(tmp_path: Path) -> None:
    first = make_pack(tmp_path / "a", "same")
    second = make_pack(tmp_path / "b", "same")
    discovery = find_packs([first, second], entry_points=False, user=False)
    assert [p.path for p in discovery.packs if p.id == "same"] == [first]


def test_the_same_folder_twice_is_one_pack() -> None:
    discovery = find_packs([BUILTIN_PACK_DIR], entry_points=False, user=False)
    assert [p.source for p in discovery.found] == [PackSource.BUILTIN]
    assert discovery.warnings == []


def test_resolve_pack_object_accepts_module_path_and_callable(tmp_path: Path) -> None:
    import tests.packs as module

    assert resolve_pack_object(module) == Path(module.__file__).resolve().parent
    assert resolve_pack_object(str(tmp_path)) == tmp_path
    assert resolve_pack_object(tmp_path) == tmp_path
    assert resolve_pack_object(lambda: str(tmp_path)) == tmp_path
    with pytest.raises(TypeError):
        resolve_pack_object(42)
    with pytest.raises(TypeError):
        resolve_pack_object(lambda: 42)


# -- entry points: a small distribution installed into a temporary site directory ----------------


def install_test_distribution(site: Path) -> None:
    """Three entry points: a package, a callable, and one that fails to import."""
    package = site / "acme_trainer_pack"
    make_pack(package, "acme-ep")
    (package / "__init__.py").write_text("", encoding="utf-8")
    other = site / "acme_second"
    make_pack(other / "data", "acme-callable")
    (other / "__init__.py").write_text(
        "from pathlib import Path\n\ndef pack_folder():\n    return Path(__file__).parent / 'data'\n",
        encoding="utf-8",
    )
    dist = site / "acme_trainer_pack-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-trainer-pack\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(
        textwrap.dedent(
            """\
            [trainer.packs]
            acme-ep = acme_trainer_pack
            acme-callable = acme_second:pack_folder
            acme-missing = acme_not_installed
            """
        ),
        encoding="utf-8",
    )


def test_entry_point_packs_are_discovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    site = tmp_path / "site"
    site.mkdir()
    install_test_distribution(site)
    monkeypatch.syspath_prepend(str(site))
    importlib.invalidate_caches()
    found = {p.origin.split(" = ")[0]: p for p in find_packs().found if p.source is PackSource.ENTRY_POINT}
    assert set(found) == {"acme-ep", "acme-callable", "acme-missing"}
    assert found["acme-ep"].id == "acme-ep" and found["acme-ep"].status is PackStatus.OK
    assert found["acme-ep"].path == site / "acme_trainer_pack"
    assert found["acme-callable"].id == "acme-callable" and found["acme-callable"].status is PackStatus.OK
    assert found["acme-missing"].status is PackStatus.BROKEN
    assert "ModuleNotFoundError" in (found["acme-missing"].reason or "")
    ids = [p.id for p in find_packs().found]
    assert ids.index("builtin") < ids.index("acme-callable")


def test_packs_command_lists_entry_point_packs_in_a_fresh_process(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    install_test_distribution(site)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)])}
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "packs", "--format", "json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    listed = {p["origin"].split(" = ")[0]: p for p in json.loads(result.stdout)["packs"] if p["source"] == "entry point"}
    assert listed["acme-ep"]["status"] == "ok"
    assert listed["acme-missing"]["status"] == "broken"


# -- the packs command ------------------------------------------------------------------------------


def test_packs_lists_id_version_authors_count_status(tmp_path: Path) -> None:
    make_pack(user_packs_dir() / "acme", "acme")
    broken = make_pack(user_packs_dir() / "broken", "broken")
    (broken / "pack.toml").write_text("format = 1\n", encoding="utf-8")
    code, out, err = run_cli("packs")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "VERSION", "SCENARIOS", "STATUS", "SOURCE", "AUTHORS"]
    acme = next(line for line in lines if line.startswith("acme "))
    assert acme.split()[:5] == ["acme", "1.2.0", "1", "ok", "user"]
    assert acme.endswith("Jo Writer")
    assert any("broken" in line and 'missing required key "id"' in line for line in lines)
    assert lines[-1] == f"user pack folder: {user_packs_dir()}"


def test_packs_warns_about_duplicate_ids_on_stderr(tmp_path: Path) -> None:
    make_pack(user_packs_dir() / "acme", "acme")
    dev = make_pack(tmp_path / "acme-dev", "acme")
    code, out, err = run_cli("--pack", str(dev), "packs")
    assert code == 0
    assert 'warning: two packs have the id "acme"' in err
    assert "shadowed" in out
    code, out, err = run_cli("packs", "list", "--pack", str(dev), "--format", "json")
    data = json.loads(out)
    assert sorted((p["id"], p["status"]) for p in data["packs"] if p["id"] == "acme") == [
        ("acme", "ok"),
        ("acme", "shadowed"),
    ]
    assert len(data["warnings"]) == 1


def test_packs_output_escapes_control_characters_in_folder_names() -> None:
    (user_packs_dir() / "evil\x1b[31m").mkdir(parents=True)
    code, out, err = run_cli("packs")
    assert "\x1b" not in out + err
    assert "evil\\x1b[31m" in out


def test_a_closing_game_does_not_wait_for_a_pack_still_loading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The background check of a game being closed: a pack still loading (an analysis, a slow
    file system) is not waited for, so quitting is not held up by it."""
    import threading
    import time

    import trainer.library as library

    release = threading.Event()
    monkeypatch.setattr(library, "load_location", lambda *args, **options: release.wait(20))
    location = library.PackLocation(PackSource.COMMAND_LINE, str(tmp_path), tmp_path)
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()
    try:
        began = time.monotonic()
        pack = library.load_in_time(location, 30.0, stop=stop)
        waited = time.monotonic() - began
    finally:
        release.set()
    assert waited < 5, f"waited {waited:.1f} s for a pack after the stop"
    assert pack.status is PackStatus.BROKEN and "the game was closing" in (pack.reason or "")

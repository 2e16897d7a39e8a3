"""Bounded reading: nesting limited, reads stopped at the limit, only regular files, names that can be shown,
packs whose code raises anything, and discovery that never waits on one pack for ever."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
import typing
from pathlib import Path

import pytest
import tomli_w

from tests.core.builders import minimal
from tests.packs.helpers import make_pack, run_cli
from trainer import files, library
from trainer.codes import Code
from trainer.files import FileRefused, read_regular_file
from trainer.library import PackSource, PackStatus, find_packs
from trainer.library_index import discover, read_index, write_index
from trainer.nesting import MAX_NESTING, deepest_bracket
from trainer.validation import load_pack, load_scenario

REPO = Path(__file__).resolve().parents[2]
TINY = tomli_w.dumps(minimal())


def cli(*argv: str, cwd: Path | None = None, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """`python -m trainer ARGV` in a fresh process, as a user runs it; a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "trainer", *argv], capture_output=True, text=True, timeout=timeout, cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


# -- nesting -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extension",
    [
        "x_deep = " + "[" * 500 + "]" * 500,
        "x_deep = " + "{a = " * 400 + "1" + "}" * 400,
        "x_deep." + ".".join(f"k{i}" for i in range(60)) + " = 1",
        "[x_deep." + ".".join(f"k{i}" for i in range(60)) + "]\nv = 1",
        "x_deep = " + "[" * (MAX_NESTING + 1) + "]" * (MAX_NESTING + 1),
    ],
)
def test_deep_nesting_is_an_error_with_file_line_and_limit(extension: str, tmp_path: Path) -> None:
    file = tmp_path / "deep.toml"
    file.write_text(TINY + "\n" * 3 + extension + "\n", encoding="utf-8")
    line = TINY.count("\n") + 4
    for command in (["validate", str(file)], ["play", str(file), "--json", "--choices", "1"], ["graph", str(file)]):
        result = cli(*command)
        assert result.returncode == 1, result.stderr
        shown = result.stdout + result.stderr
        assert f"{file}:{line}:" in shown and f"the limit is {MAX_NESTING}" in shown, shown
        assert "Traceback" not in shown and "crash" not in shown


def test_nesting_up_to_the_limit_is_fine_and_brackets_in_strings_do_not_count() -> None:
    fine = "x_ok = " + "[" * MAX_NESTING + "]" * MAX_NESTING
    assert deepest_bracket(fine) is None
    assert deepest_bracket(fine.replace("[[", "[[[", 1)) is not None
    quoted = [
        'a = "' + "[" * 99 + '"', "a = '" + "{" * 99 + "'", 'a = """\n' + "[" * 99 + '\n"""',
        "a = '''\n" + "[" * 99 + "\n'''", "# " + "[" * 99, 'a = "\\"' + "[" * 99 + '"', 'a = """x""""' + "[" * 9 + '"""',
    ]
    for text in quoted:
        assert deepest_bracket(text) is None, text
    loaded = load_scenario_text(fine + "\n" + TINY)  # top level: the arrays are the only nesting
    assert loaded.ok, loaded.diagnostics


def load_scenario_text(text: str):  # type: ignore[no-untyped-def]
    from trainer.validation import load_scenario_bytes

    return load_scenario_bytes(text.encode(), "t.toml", analyse=False)


# -- reads stop at the limit ----------------------------------------------------------------------


def test_a_file_that_grows_while_read_costs_at_most_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "grows.toml"
    file.write_bytes(b"#" * 5_000_000)
    real_lstat, real_read = os.lstat, os.read
    read: list[int] = []

    class Small:  # the size the file had when it was looked at, before it grew
        def __init__(self, info: os.stat_result) -> None:
            self.st_mode, self.st_size = info.st_mode, 10

    monkeypatch.setattr(files.os, "lstat", lambda p: Small(real_lstat(p)))
    monkeypatch.setattr(files.os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    with pytest.raises(FileRefused) as refused:
        read_regular_file(file, 1000)
    assert refused.value.code == "too-large" and "grew past the limit" in str(refused.value)
    assert sum(read) <= 1001


# -- only regular files -------------------------------------------------------------------------------


def test_fifos_and_links_are_refused_without_hanging(tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_text('format = 1\nid = "x"\nname = "X"\nversion = "1.0.0"\nauthors = ["a"]\nlicense = "MIT"\n')
    fifo_scenario = make_pack(tmp_path / "fifo-scenario", "fifo-scenario")
    os.mkfifo(fifo_scenario / "scenarios" / "z.toml")
    fifo_manifest = make_pack(tmp_path / "fifo-manifest", "fifo-manifest")
    (fifo_manifest / "pack.toml").unlink()
    os.mkfifo(fifo_manifest / "pack.toml")
    linked_manifest = make_pack(tmp_path / "linked-manifest", "linked-manifest")
    (linked_manifest / "pack.toml").unlink()
    (linked_manifest / "pack.toml").symlink_to(outside)
    started = time.monotonic()
    result = cli("validate", str(fifo_scenario), str(fifo_manifest), str(linked_manifest))
    assert result.returncode == 1
    assert "fifo-scenario/scenarios/z.toml: error: is a named pipe (FIFO), not a regular file" in result.stdout
    assert "fifo-manifest/pack.toml: error: is a named pipe (FIFO)" in result.stdout
    assert "linked-manifest/pack.toml: error: is a link" in result.stdout
    listed = cli("packs", "--format", "json", "--pack", str(fifo_scenario), "--pack", str(fifo_manifest),
                 "--pack", str(linked_manifest))
    packs = {p["origin"]: p for p in json.loads(listed.stdout)["packs"]}
    assert packs[str(fifo_scenario)]["status"] == "partial"  # tiny.toml still plays
    assert packs[str(fifo_manifest)]["status"] == "broken" and packs[str(linked_manifest)]["status"] == "broken"
    assert "is a link" in packs[str(linked_manifest)]["reason"]
    added = cli("packs", "add", str(fifo_scenario))
    assert added.returncode == 1 and "is not a plain file" in added.stderr
    assert time.monotonic() - started < 40


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_read_regular_file_never_opens_special_files(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "special.toml"
    if kind == "fifo":
        os.mkfifo(path)  # opening it for reading would block for ever
    else:
        path.symlink_to("/dev/zero")
    with pytest.raises(FileRefused) as refused:
        read_regular_file(path, 1000)
    assert refused.value.code == ("not-a-file" if kind == "fifo" else "link")


def test_every_refusal_is_a_registered_code(tmp_path: Path) -> None:
    """A refused file's code is looked up when asked (`trainer.codes` is not loaded to read a
    file): every refusal names a code of the registry, with its severity and meaning."""
    for refusal in typing.get_args(files.Refusal):
        code = FileRefused("refused", refusal).code
        assert isinstance(code, Code) and code.name == refusal and code.severity == "error" and code.meaning
    with pytest.raises(FileRefused) as refused:
        read_regular_file(tmp_path / "missing.toml", 1000)
    assert refused.value.code is Code.NOT_FOUND


def test_a_pack_that_takes_too_long_is_listed_broken_and_the_rest_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = make_pack(tmp_path / "slow", "slow")
    fine = make_pack(tmp_path / "fine", "fine")
    real = library.load_pack

    def stuck_on_slow(folder: Path, **kw: object):  # type: ignore[no-untyped-def]
        if folder == slow:
            time.sleep(5)
        return real(folder, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "load_pack", stuck_on_slow)
    started = time.monotonic()
    found = {p.origin: p for p in find_packs([slow, fine], entry_points=False, user=False, timeout=0.5).found}
    assert time.monotonic() - started < 4
    assert found[str(slow)].status is PackStatus.BROKEN and "took longer than 0.5 s" in (found[str(slow)].reason or "")
    assert found[str(fine)].status is PackStatus.OK


# -- names that are not UTF-8 --------------------------------------------------------------------------

LATIN1 = os.fsdecode(b"caf\xe9")


def test_non_utf8_names_are_refused_at_install_and_broken_at_discovery(
    tmp_path: Path, isolated_user_files: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    source = make_pack(tmp_path / "source", "latin")
    (source / "scenarios" / f"{LATIN1}.toml").write_text(TINY, encoding="utf-8")
    code, out, err = run_cli("packs", "add", str(source))
    assert code == 1 and "caf\\\\xe9.toml" in err and "not valid UTF-8" in err
    assert not (isolated_user_files / "packs" / "latin").exists()

    installed = make_pack(isolated_user_files / "packs" / "latin", "latin")
    (installed / "scenarios" / f"{LATIN1}.toml").write_text(TINY.replace('"tiny"', '"other"'), encoding="utf-8")
    folder = make_pack(isolated_user_files / "packs" / LATIN1, "latin-folder")
    packs, listing = discover([])
    write_index(tmp_path / "index.json", ["k"], listing)
    saved = (tmp_path / "index.json").read_bytes()
    assert b"\xe9" not in saved and b"\\udce9" not in saved and b"caf\\\\xe9" in saved
    assert read_index(tmp_path / "index.json", ["k"]) == listing
    by_folder = {p.path: p for p in packs}
    assert by_folder[installed].ok is False and by_folder[installed].playable  # tiny.toml still plays
    assert by_folder[folder].manifest_ok is False
    capfdbinary.readouterr()
    code, out, err = run_cli("packs")
    assert code == 0 and "caf\\xe9" in out
    result = cli("validate", str(installed / "scenarios" / f"{LATIN1}.toml"))
    assert result.returncode == 1 and "caf\\xe9.toml: error: the file name is not valid UTF-8" in result.stdout


# -- entry points whose code raises anything ---------------------------------------------------------


@pytest.mark.parametrize("raising", ["import sys\nsys.exit(3)\n", "raise KeyboardInterrupt\n", "raise SystemExit\n"])
def test_an_entry_point_pack_that_exits_is_listed_broken(raising: str, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "evil_pack").mkdir(parents=True)
    (site / "evil_pack" / "__init__.py").write_text(raising, encoding="utf-8")
    dist = site / "evil_pack-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: evil-pack\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(textwrap.dedent("[trainer.packs]\nevil = evil_pack\n"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), str(REPO)])}
    result = subprocess.run(
        [sys.executable, "-m", "trainer", "packs", "--format", "json"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    listed = [p for p in json.loads(result.stdout)["packs"] if p["source"] == PackSource.ENTRY_POINT.value]
    assert len(listed) == 1 and listed[0]["status"] == "broken"
    assert "entry point failed" in listed[0]["reason"]
    assert any(p["id"] == "builtin" and p["status"] == "ok" for p in json.loads(result.stdout)["packs"])


def test_validate_of_a_pack_keeps_no_analysis(tmp_path: Path) -> None:
    pack = make_pack(tmp_path / "p", "p", {"a": minimal(), "b": minimal() | {"id": "b"}})
    assert all(s.analysis is None for s in load_pack(pack).scenarios)
    assert all(s.analysis is not None for s in load_pack(pack, keep_analyses=True).scenarios)
    assert load_scenario(pack / "scenarios" / "a.toml").analysis is not None


def test_a_save_never_reads_a_pipe_where_the_pack_manifest_should_be(tmp_path: Path) -> None:
    from trainer.saves.records import _pack_of

    pack = make_pack(tmp_path / "p", "p")
    (pack / "pack.toml").unlink()
    os.mkfifo(pack / "pack.toml")  # reading it would block for ever
    assert _pack_of(pack / "scenarios" / "tiny.toml") == ("", "")
    (pack / "pack.toml").unlink()
    (pack / "pack.toml").write_text('id = "p"\nversion = "1.0.0"\nx = ' + "[" * 600 + "]" * 600 + "\n")
    assert _pack_of(pack / "scenarios" / "tiny.toml") == ("", "")

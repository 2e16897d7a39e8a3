"""`packs add` / `packs remove`: only valid, safe packs get in, and a refusal leaves nothing behind."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest
import tomli_w

from tests.core.builders import minimal, with_changes
from tests.packs.helpers import make_pack, run_cli, tree
from trainer.library import PackSource, PackStatus, find_packs
from trainer.packs import (
    MAX_PACK_BYTES,
    MAX_PACK_FILE_BYTES,
    MAX_PACK_FILES,
    STAGING_PREFIX,
    PackInstallError,
    check_member_name,
    install_pack,
    remove_pack,
)
from trainer.paths import user_packs_dir


def zip_folder(folder: Path, archive: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, prefix + str(path.relative_to(folder)))
    return archive


def good_zip(tmp_path: Path, *extra: tuple[str, bytes], prefix: str = "") -> Path:
    pack = make_pack(tmp_path / "src", "acme")
    archive = zip_folder(pack, tmp_path / "acme.zip", prefix)
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as z:
        for name, data in extra:
            z.writestr(name, data)
    return archive


def assert_nothing_installed() -> None:
    assert tree(user_packs_dir()) == []


# -- happy paths ---------------------------------------------------------------------------------


def test_add_a_folder_installs_it_under_its_id(tmp_path: Path) -> None:
    source = make_pack(tmp_path / "my-work-folder", "acme")
    (source / "README.md").write_text("hi")
    (source / ".git").mkdir()
    (source / ".git" / "HEAD").write_text("ref")
    code, out, err = run_cli("packs", "add", str(source))
    assert code == 0, err
    assert out.startswith("installed acme 1.2.0 (1 scenarios) in ")
    assert tree(user_packs_dir()) == ["acme", "acme/README.md", "acme/pack.toml", "acme/scenarios", "acme/scenarios/tiny.toml"]
    found = [p for p in find_packs().packs if p.id == "acme"]
    assert found[0].source is PackSource.USER and found[0].status is PackStatus.OK


@pytest.mark.parametrize("prefix", ["", "acme-main/"])
def test_add_a_zip_with_the_pack_at_the_top_or_in_one_folder(tmp_path: Path, prefix: str) -> None:
    code, out, err = run_cli("packs", "add", str(good_zip(tmp_path, prefix=prefix)))
    assert code == 0, err
    assert tree(user_packs_dir()) == ["acme", "acme/pack.toml", "acme/scenarios", "acme/scenarios/tiny.toml"]


def test_same_id_is_refused_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    first = make_pack(tmp_path / "v1", "acme")
    assert run_cli("packs", "add", str(first))[0] == 0
    second = make_pack(tmp_path / "v2", "acme", {"other": with_changes(minimal(), id="other")})
    code, out, err = run_cli("packs", "add", str(second))
    assert code == 1 and "already installed" in err and "--force" in err
    assert (user_packs_dir() / "acme" / "scenarios" / "tiny.toml").exists()
    code, out, err = run_cli("packs", "add", "--force", str(second))
    assert code == 0 and out.startswith("replaced acme")
    assert tree(user_packs_dir()) == ["acme", "acme/pack.toml", "acme/scenarios", "acme/scenarios/other.toml"]


def test_the_same_id_in_another_installed_folder_is_refused(tmp_path: Path) -> None:
    make_pack(user_packs_dir() / "hand-copied", "acme")
    with pytest.raises(PackInstallError, match="already installed in"):
        install_pack(make_pack(tmp_path / "src", "acme"), force=True)


def test_warnings_are_shown_but_do_not_refuse(tmp_path: Path) -> None:
    doc = minimal()
    del doc["nodes"]["opening"]["choices"][0]["feedback"]
    source = make_pack(tmp_path / "src", "acme", {"tiny": doc})
    code, out, err = run_cli("packs", "add", str(source))
    assert code == 0
    assert "warning:" in err and "no feedback" in err


def test_remove_deletes_the_installed_pack(tmp_path: Path) -> None:
    install_pack(make_pack(tmp_path / "src", "acme"))
    code, out, err = run_cli("packs", "remove", "acme")
    assert code == 0 and out.startswith("removed acme")
    assert_nothing_installed()
    code, out, err = run_cli("packs", "remove", "acme")
    assert code == 1 and 'no pack with the id "acme"' in err


def test_remove_refuses_the_builtin_pack() -> None:
    code, out, err = run_cli("packs", "remove", "builtin")
    assert code == 1 and "built-in" in err


def test_remove_of_a_linked_pack_removes_only_the_link(tmp_path: Path) -> None:
    real = make_pack(tmp_path / "real", "acme")
    user_packs_dir().mkdir(parents=True)
    (user_packs_dir() / "acme").symlink_to(real)
    remove_pack("acme")
    assert not (user_packs_dir() / "acme").exists()
    assert (real / "pack.toml").is_file()


# -- refused: invalid packs --------------------------------------------------------------------------


def test_a_pack_with_errors_is_refused_with_its_diagnostics(tmp_path: Path) -> None:
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["next"] = "nowhere"
    source = make_pack(tmp_path / "src", "acme", {"tiny": doc})
    code, out, err = run_cli("packs", "add", str(source))
    assert code == 1
    assert 'next = "nowhere" names no node or ending' in err
    assert "refused: the pack has 1 error" in err
    assert_nothing_installed()


def test_errors_are_named_under_the_path_the_author_gave(tmp_path: Path) -> None:
    """Under the folder or archive given to `packs add` (an archive's inner folder too), never
    under the staging copy's name."""
    doc = minimal()
    doc["nodes"]["opening"]["choices"][0]["next"] = "nowhere"
    source = make_pack(tmp_path / "src", "acme", {"tiny": doc})
    code, _, err = run_cli("packs", "add", str(source))
    assert code == 1 and err.startswith(f"{source}/scenarios/tiny.toml:"), err
    archive = zip_folder(source, tmp_path / "acme.zip", "acme-main/")
    code, _, err = run_cli("packs", "add", str(archive))
    assert code == 1 and err.startswith(f"{archive}/acme-main/scenarios/tiny.toml:"), err
    assert "pack/scenarios" not in err and STAGING_PREFIX not in err
    assert_nothing_installed()


def test_control_characters_in_scenario_text_are_refused(tmp_path: Path) -> None:
    doc = with_changes(minimal(), title="Evil \x1b[2J title")
    source = make_pack(tmp_path / "src", "acme")
    (source / "scenarios" / "tiny.toml").write_text(tomli_w.dumps(doc), encoding="utf-8")
    code, out, err = run_cli("packs", "add", str(source))
    assert code == 1 and "U+001B" in err
    assert "\x1b" not in err
    assert_nothing_installed()


def test_bidi_controls_in_the_manifest_are_refused(tmp_path: Path) -> None:
    source = make_pack(tmp_path / "src", "acme")
    text = (source / "pack.toml").read_text(encoding="utf-8").replace("ACME buyers", "ACME \u202e sreyub")
    (source / "pack.toml").write_text(text, encoding="utf-8")
    code, out, err = run_cli("packs", "add", str(source))
    assert code == 1 and "bidirectional control U+202E" in err
    assert_nothing_installed()


def test_a_folder_without_pack_toml_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, out, err = run_cli("packs", "add", str(tmp_path / "empty"))
    assert code == 1 and "no pack.toml found" in err
    assert_nothing_installed()


def test_missing_path_and_non_zip_file_are_refused(tmp_path: Path) -> None:
    assert run_cli("packs", "add", str(tmp_path / "nope"))[0] == 1
    (tmp_path / "x.zip").write_text("not a zip")
    code, out, err = run_cli("packs", "add", str(tmp_path / "x.zip"))
    assert code == 1 and "neither a pack folder nor a .zip" in err
    assert_nothing_installed()


# -- refused: malicious archives -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.txt", "'..'"),
        ("scenarios/../../evil.txt", "'..'"),
        ("/etc/evil.txt", "absolute path"),
        ("C:/evil.txt", "absolute path"),
        ("..\\evil.txt", "backslash"),
        ("scenarios/evil\x1b.toml", "control characters"),
    ],
)
def test_zip_slip_members_are_refused(tmp_path: Path, name: str, reason: str) -> None:
    archive = good_zip(tmp_path, (name, b"pwned"))
    code, out, err = run_cli("packs", "add", str(archive))
    assert code == 1
    assert reason in err
    assert "\x1b" not in err
    assert_nothing_installed()
    assert not (tmp_path / "evil.txt").exists()
    assert not (user_packs_dir().parent / "evil.txt").exists()


def test_symlink_members_are_refused(tmp_path: Path) -> None:
    archive = good_zip(tmp_path)
    link = zipfile.ZipInfo("scenarios/link.toml")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(archive, "a") as z:
        z.writestr(link, "/etc/passwd")
    code, out, err = run_cli("packs", "add", str(archive))
    assert code == 1 and "is a link" in err
    assert_nothing_installed()


def test_duplicate_members_are_refused(tmp_path: Path) -> None:
    archive = good_zip(tmp_path)
    with zipfile.ZipFile(archive, "a") as z, pytest.warns(UserWarning):
        z.writestr("pack.toml", "format = 1")
    code, out, err = run_cli("packs", "add", str(archive))
    assert code == 1 and "appears twice" in err
    assert_nothing_installed()


def test_an_oversized_member_is_refused(tmp_path: Path) -> None:
    archive = good_zip(tmp_path, ("big.txt", b"a" * (MAX_PACK_FILE_BYTES + 1)))
    code, out, err = run_cli("packs", "add", str(archive))
    assert code == 1 and "the limit for one file" in err
    assert_nothing_installed()


def test_a_zip_bomb_is_refused_before_extraction(tmp_path: Path) -> None:
    chunk = b"\0" * (MAX_PACK_FILE_BYTES - 1)
    members = [(f"pad/{i}.bin", chunk) for i in range(MAX_PACK_BYTES // MAX_PACK_FILE_BYTES + 1)]
    archive = good_zip(tmp_path, *members)
    assert archive.stat().st_size < 1_000_000  # tiny on disk, over 50 MB unpacked
    code, out, err = run_cli("packs", "add", str(archive))
    assert code == 1 and "uncompressed, the limit" in err
    assert_nothing_installed()


def test_a_member_lying_about_its_size_is_stopped_while_reading(tmp_path: Path) -> None:
    archive = good_zip(tmp_path)
    info = zipfile.ZipInfo("liar.bin")
    with zipfile.ZipFile(archive, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr(info, b"x" * (MAX_PACK_FILE_BYTES + 10), compress_type=zipfile.ZIP_DEFLATED)
    # Rewrite the declared uncompressed size (central directory and local header) to 10 bytes.
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as z:
        liar = z.getinfo("liar.bin")
        real = liar.file_size
    old = real.to_bytes(4, "little")
    assert data.count(old) >= 2
    data = data.replace(old, (10).to_bytes(4, "little"))
    archive.write_bytes(bytes(data))
    with pytest.raises(PackInstallError, match=r"cannot be extracted|the limit"):
        install_pack(archive)
    assert_nothing_installed()


def test_too_many_members_are_refused(tmp_path: Path) -> None:
    archive = good_zip(tmp_path, *((f"n/{i}.txt", b"") for i in range(MAX_PACK_FILES)))
    code, out, err = run_cli("packs", "add", str(archive))
    assert code == 1 and f"the limit is {MAX_PACK_FILES:,}" in err
    assert_nothing_installed()


def test_a_member_inside_a_file_member_is_refused(tmp_path: Path) -> None:
    archive = good_zip(tmp_path, ("scenarios/tiny.toml/inner", b"x"))
    with pytest.raises(PackInstallError, match="inside a file"):
        install_pack(archive)
    assert_nothing_installed()


@pytest.mark.parametrize("name", ["", "a/" * 20 + "x", "x" * 300, "\u202eevil"])
def test_check_member_name_refuses_odd_names(name: str) -> None:
    with pytest.raises(PackInstallError):
        check_member_name(name)


def test_check_member_name_normalises_safe_names() -> None:
    assert str(check_member_name("./scenarios//a.toml")) == "scenarios/a.toml"


# -- refused: malicious folders -----------------------------------------------------------------------


def test_a_symlink_in_a_folder_is_refused(tmp_path: Path) -> None:
    source = make_pack(tmp_path / "src", "acme")
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    (source / "notes.txt").symlink_to(secret)
    code, out, err = run_cli("packs", "add", str(source))
    assert code == 1 and "notes.txt: is a link" in err
    assert_nothing_installed()


def test_a_linked_folder_inside_a_pack_is_refused(tmp_path: Path) -> None:
    source = make_pack(tmp_path / "src", "acme")
    (source / "more").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(PackInstallError, match="is a link"):
        install_pack(source)
    assert_nothing_installed()


def test_the_source_itself_as_a_link_is_refused(tmp_path: Path) -> None:
    source = make_pack(tmp_path / "src", "acme")
    (tmp_path / "link").symlink_to(source, target_is_directory=True)
    with pytest.raises(PackInstallError, match="is a link"):
        install_pack(tmp_path / "link")


def test_an_oversized_file_in_a_folder_is_refused(tmp_path: Path) -> None:
    source = make_pack(tmp_path / "src", "acme")
    with open(source / "video.bin", "wb") as f:
        f.truncate(MAX_PACK_FILE_BYTES + 1)
    code, out, err = run_cli("packs", "add", str(source))
    assert code == 1 and "the limit for one file" in err
    assert_nothing_installed()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_fifo_in_a_folder_is_refused(tmp_path: Path) -> None:
    source = make_pack(tmp_path / "src", "acme")
    os.mkfifo(source / "pipe")
    with pytest.raises(PackInstallError, match="not a plain file"):
        install_pack(source)
    assert_nothing_installed()


def test_a_failure_while_placing_the_pack_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import trainer.packs as packs

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(packs.os, "rename", fail)
    with pytest.raises(OSError):
        install_pack(make_pack(tmp_path / "src", "acme"))
    assert_nothing_installed()

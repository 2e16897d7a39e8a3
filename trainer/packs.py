"""Installing packs into the user's pack folder, and removing them.

`install_pack(source)` takes a pack folder or a `.zip` of one, copies it
into a hidden staging folder inside the pack folder, refusing anything
unsafe on the way, validates the copy (with the full analysis), and only
then renames it into place as `<pack folder>/<pack id>`. Whatever fails,
the staging folder is removed: nothing is left half-installed.

When installing from a folder, `.git`, `.hg`, `.svn` and `__pycache__`
folders are skipped. Refused: archive members with absolute paths, drive letters, backslashes,
`..` or control characters in their names, members that would land
outside the pack, links (symbolic links in a folder, link members in a
zip), devices and other special files, encrypted members, duplicate
names, and anything past the limits below.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from trainer.diagnostics import Diagnostic
from trainer.errors import TrainerError
from trainer.files import kind_of
from trainer.library import BUILTIN_PACK_DIR, PackLocation, PackSource, find_packs, load_location, user_pack_locations
from trainer.model import MAX_FILE_BYTES
from trainer.paths import user_packs_dir
from trainer.text_safety import forbidden, is_utf8_name, visible
from trainer.validation import LoadedPack, load_pack

# Documented limits (docs/authoring.md, "Limits").
MAX_PACK_FILES = 1_000
"""Files (and folders) in one pack or archive."""
MAX_PACK_FILE_BYTES = MAX_FILE_BYTES
"""Size of any one file in a pack, uncompressed (the scenario file limit)."""
MAX_PACK_BYTES = 50 * 1024 * 1024
"""Total uncompressed size of a pack."""
MAX_ARCHIVE_BYTES = 50 * 1024 * 1024
"""Size of a `.zip` file itself."""
MAX_PATH_DEPTH = 16
MAX_NAME_LENGTH = 255

SKIPPED_FOLDERS = frozenset({".git", ".hg", ".svn", "__pycache__"})
"""Not copied when installing from a folder (version control and caches)."""

STAGING_PREFIX = ".install-"
TRASH_PREFIX = ".remove-"
_CHUNK = 64 * 1024


class PackInstallError(TrainerError):
    """The pack was refused; the message says why. Nothing was installed."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass(slots=True)
class Installed:
    """What `install_pack` did."""

    pack_id: str
    folder: Path
    replaced: bool
    pack: LoadedPack
    warnings: list[str] = field(default_factory=list)


# -- install --------------------------------------------------------------------------------


def install_pack(source: Path, *, force: bool = False, packs_dir: Path | None = None) -> Installed:
    """Check, copy, validate and install a pack folder or `.zip`; raise `PackInstallError` if refused."""
    packs_dir = packs_dir if packs_dir is not None else user_packs_dir()
    if not source.exists() and not source.is_symlink():
        raise PackInstallError(f"{source}: not found; give a pack folder or a .zip of one")
    if source.is_symlink():
        raise PackInstallError(f"{source}: is a link; give the pack folder or .zip itself")
    kind = kind_of(source.lstat().st_mode)
    if kind not in (None, "a folder"):
        raise PackInstallError(f"{source}: is {kind}; give a pack folder or a .zip of one")
    if source.is_file() and not zipfile.is_zipfile(source):
        raise PackInstallError(f"{source}: is neither a pack folder nor a .zip archive")
    packs_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=packs_dir))
    try:
        content = staging / "pack"
        if source.is_dir():
            _copy_folder(source, content)
        else:
            _extract_zip(source, content)
        return _validate_and_place(content, packs_dir, force=force, label=str(source))
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _validate_and_place(content: Path, packs_dir: Path, *, force: bool, label: str) -> Installed:
    """Validate the copy in `content` (its problems named under `label`, the path the author
    gave: a folder, or an archive with the folder inside it) and move it into place."""
    root = _pack_root(content)
    inner = root.relative_to(content).as_posix()
    pack = load_pack(root, analyse=True, label=label if inner == "." else f"{label.rstrip('/')}/{inner}")
    errors = [d for d in pack.all_diagnostics if d.is_error]
    if errors or pack.manifest is None:
        count = len(errors)
        raise PackInstallError(
            f"the pack has {count} error{'s' if count != 1 else ''}; fix them (python -m trainer validate) and try again",
            errors,
        )
    pack_id = pack.manifest.id
    warnings = [d.render() for d in pack.all_diagnostics if not d.is_error]
    target = packs_dir / pack_id
    for location in user_pack_locations(packs_dir):
        if location.folder is None or location.folder.name == pack_id:
            continue
        other = load_location(location)
        if other.id == pack_id:
            raise PackInstallError(
                f'a pack with the id "{pack_id}" is already installed in {location.folder}; '
                f"remove it first (python -m trainer packs remove {pack_id})"
            )
    builtin = load_location(PackLocation(PackSource.BUILTIN, str(BUILTIN_PACK_DIR), BUILTIN_PACK_DIR))
    if builtin.id == pack_id:
        warnings.append(f'this pack has the id of the built-in pack ("{pack_id}") and will be used instead of it')
    replaced = target.exists() or target.is_symlink()
    if replaced and not force:
        raise PackInstallError(
            f'a pack with the id "{pack_id}" is already installed ({target}); '
            "use --force to replace it"
        )
    if replaced:
        trash = Path(tempfile.mkdtemp(prefix=TRASH_PREFIX, dir=packs_dir))
        old = trash / "old"
        os.rename(target, old)
        try:
            os.rename(root, target)
        except OSError:
            os.rename(old, target)  # put the old pack back
            shutil.rmtree(trash, ignore_errors=True)
            raise
        _remove_tree(trash)
    else:
        os.rename(root, target)
    installed_pack = load_pack(target, analyse=False)
    return Installed(pack_id, target, replaced, installed_pack, warnings)


def _pack_root(content: Path) -> Path:
    """The folder holding pack.toml: the top of the copy, or its single sub-folder (as in a GitHub zip)."""
    if (content / "pack.toml").is_file():
        return content
    children = [c for c in content.iterdir()] if content.is_dir() else []
    if len(children) == 1 and children[0].is_dir() and (children[0] / "pack.toml").is_file():
        return children[0]
    raise PackInstallError(
        "no pack.toml found: a pack has pack.toml at its top (or inside the one folder of an archive)"
    )


# -- checks shared by folders and archives -------------------------------------------------------


def check_member_name(name: str) -> PurePosixPath:
    """A safe relative path for an archive member, or `PackInstallError`."""
    shown = visible(name)
    if not name or len(name) > 4096:
        raise PackInstallError(f"archive member {shown!r}: empty or overlong name")
    if forbidden().search(name) or "\x00" in name:
        raise PackInstallError(f"archive member {shown!r}: control characters in its name")
    if not is_utf8_name(name):
        raise PackInstallError(
            f"{shown!r}: the name is not valid UTF-8 (shown with \\x escapes); rename it using UTF-8 characters"
        )
    if "\\" in name:
        raise PackInstallError(f"archive member {shown!r}: backslash in its name (a Windows path?)")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise PackInstallError(f"archive member {shown!r}: absolute path; members must be relative to the pack")
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise PackInstallError(f"archive member {shown!r}: '..' would put it outside the pack")
    if not parts:
        raise PackInstallError(f"archive member {shown!r}: no file name")
    if len(parts) > MAX_PATH_DEPTH:
        raise PackInstallError(f"archive member {shown!r}: nested more than {MAX_PATH_DEPTH} folders deep")
    if any(len(p) > MAX_NAME_LENGTH for p in parts):
        raise PackInstallError(f"archive member {shown!r}: a name longer than {MAX_NAME_LENGTH} characters")
    return PurePosixPath(*parts)


class _Budget:
    """Counts files and bytes against the limits."""

    def __init__(self) -> None:
        self.files = 0
        self.bytes = 0

    def add_file(self, label: str) -> None:
        self.files += 1
        if self.files > MAX_PACK_FILES:
            raise PackInstallError(f"more than {MAX_PACK_FILES:,} files; a pack may hold at most {MAX_PACK_FILES:,}")

    def add_bytes(self, label: str, count: int, file_total: int) -> None:
        if file_total > MAX_PACK_FILE_BYTES:
            raise PackInstallError(
                f"{label}: larger than {MAX_PACK_FILE_BYTES:,} bytes, the limit for one file in a pack"
            )
        self.bytes += count
        if self.bytes > MAX_PACK_BYTES:
            raise PackInstallError(f"the pack is larger than {MAX_PACK_BYTES:,} bytes uncompressed, the limit")


def _inside(root: Path, target: Path) -> None:
    if not target.resolve().is_relative_to(root.resolve()):
        raise PackInstallError(f"{target.name}: would be written outside the pack")


# -- folders --------------------------------------------------------------------------------------


def _copy_folder(source: Path, dest: Path) -> None:
    budget = _Budget()
    dest.mkdir()
    for top, dirs, files in os.walk(source, followlinks=False):
        here = Path(top)
        relative = here.relative_to(source)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
        for name in sorted(dirs + files):
            path = here / name
            label = visible(str(relative / name))
            check_member_name(str(PurePosixPath(*(relative / name).parts)))
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                raise PackInstallError(f"{label}: is a link; a pack holds plain files and folders only")
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                raise PackInstallError(f"{label}: is not a plain file or folder")
            budget.add_file(label)
            target = dest / relative / name
            _inside(dest, target)
            if stat.S_ISDIR(mode):
                target.mkdir()
            else:
                _copy_file(path, target, label, budget)


def _copy_file(path: Path, target: Path, label: str, budget: _Budget) -> None:
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        raise PackInstallError(f"{label}: cannot be read ({error.strerror or error})") from None
    with os.fdopen(fd, "rb") as reader, open(target, "xb") as writer:
        total = 0
        while chunk := reader.read(_CHUNK):
            total += len(chunk)
            budget.add_bytes(label, len(chunk), total)
            writer.write(chunk)


# -- archives ---------------------------------------------------------------------------------------


def _extract_zip(source: Path, dest: Path) -> None:
    size = source.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise PackInstallError(f"{source}: the archive is {size:,} bytes; the limit is {MAX_ARCHIVE_BYTES:,}")
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as error:
        raise PackInstallError(f"{source}: not a readable .zip archive ({error})") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_PACK_FILES:
            raise PackInstallError(f"the archive has {len(members):,} members; the limit is {MAX_PACK_FILES:,}")
        planned: dict[PurePosixPath, zipfile.ZipInfo] = {}
        declared = 0
        for info in members:
            relative = check_member_name(info.filename)
            shown = visible(info.filename)
            kind = stat.S_IFMT(info.external_attr >> 16)
            if kind == stat.S_IFLNK:
                raise PackInstallError(f"archive member {shown!r}: is a link; a pack holds plain files and folders only")
            if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise PackInstallError(f"archive member {shown!r}: is not a plain file or folder")
            if info.flag_bits & 0x1:
                raise PackInstallError(f"archive member {shown!r}: is encrypted")
            if relative in planned:
                raise PackInstallError(f"archive member {shown!r}: appears twice")
            if not info.is_dir():
                if info.file_size > MAX_PACK_FILE_BYTES:
                    raise PackInstallError(
                        f"archive member {shown!r}: {info.file_size:,} bytes uncompressed; "
                        f"the limit for one file is {MAX_PACK_FILE_BYTES:,}"
                    )
                declared += info.file_size
                if declared > MAX_PACK_BYTES:
                    raise PackInstallError(
                        f"the archive holds more than {MAX_PACK_BYTES:,} bytes uncompressed, the limit"
                    )
            _inside(dest, dest / relative)
            planned[relative] = info
        dest.mkdir()
        budget = _Budget()
        files = {r for r, i in planned.items() if not i.is_dir()}
        for relative, info in planned.items():
            if any(parent in files for parent in relative.parents):
                raise PackInstallError(f"archive member {visible(info.filename)!r}: inside a file of the archive")
        for relative, info in sorted(planned.items(), key=lambda item: str(item[0])):
            target = dest / relative
            budget.add_file(str(relative))
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            _inside(dest, target)
            label = visible(str(relative))
            try:
                with archive.open(info) as reader, open(target, "xb") as writer:
                    total = 0
                    while chunk := reader.read(_CHUNK):
                        total += len(chunk)
                        budget.add_bytes(label, len(chunk), total)
                        writer.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
                raise PackInstallError(f"archive member {label!r}: cannot be extracted ({error})") from None


# -- remove -----------------------------------------------------------------------------------------


def remove_pack(pack_id: str, *, packs_dir: Path | None = None) -> Path:
    """Remove the installed pack with this id from the user's pack folder; return the folder removed."""
    packs_dir = packs_dir if packs_dir is not None else user_packs_dir()
    candidates = [
        loc.folder
        for loc in user_pack_locations(packs_dir)
        if loc.folder is not None and (loc.folder.name == pack_id or load_location(loc).id == pack_id)
    ]
    if not candidates:
        elsewhere = [p for p in find_packs(user=False).found if p.id == pack_id]
        if elsewhere and elsewhere[0].source is PackSource.BUILTIN:
            raise PackInstallError(f'"{pack_id}" is the built-in pack; it cannot be removed')
        if elsewhere and elsewhere[0].source is PackSource.ENTRY_POINT:
            raise PackInstallError(
                f'"{pack_id}" was installed with pip ({elsewhere[0].origin}); remove it with pip uninstall'
            )
        raise PackInstallError(f'no pack with the id "{pack_id}" is installed in {packs_dir}; see python -m trainer packs')
    if len(candidates) > 1:
        listed = ", ".join(str(c) for c in candidates)
        raise PackInstallError(f'several installed folders hold the id "{pack_id}" ({listed}); remove one by hand')
    folder = candidates[0]
    if folder.is_symlink():
        folder.unlink()  # a link the user made: remove the link, never what it points to
        return folder
    trash = Path(tempfile.mkdtemp(prefix=TRASH_PREFIX, dir=packs_dir))
    os.rename(folder, trash / "old")
    _remove_tree(trash)
    return folder


def _remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)

"""`SaveStore`: profiles, the play in progress and the history of finished runs, in one folder.

Layout (every file TOML with a `version`):

    <saves>/profiles.toml                          the profile used last
    <saves>/profiles/<profile id>/profile.toml     the profile's display name
    <saves>/profiles/<profile id>/current.toml     the play in progress (resume)
    <saves>/profiles/<profile id>/runs/<run id>.toml   one finished run per file
    <saves>/workshops/current.toml                 the workshop session in progress (resume)

Crash safety and concurrency, without locks: every write goes through
`write_atomic` (a temporary file in the same folder, fsync, rename), so a
reader sees the old file or the new one. A finished run gets a file of its
own whose name (finish time + a random play id) no other writer uses, and it
is never rewritten: two copies of the game writing to one folder cannot lose
each other's runs. Profiles are created with an exclusive `mkdir`. The small
files that are rewritten (current play, profile name, last profile) are
last-writer-wins. A run is written before the current play is removed, and a
current play whose run already exists is dropped, so being killed between
the two loses nothing and resumes nothing twice.

A file that cannot be read is renamed to `<name>.corrupt-<timestamp>` and a
one-sentence notice says where it went (`take_notices`); everything else
keeps working. A file written by a newer trainer is left where it is, untouched
(not even rewritten by this one), and reported once. Temporary files left by a
write that was killed are removed at start (`write_atomic` holds a lock on its
temporary file while it writes, so a live writer's file is never taken).

The history is also summarised in `runs-summary.json` beside `runs/` (see
`trainer.saves.summary`), so the library, the progress screen and `export --last`
do not read every run file.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import threading
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from trainer.atomic import remove_stale_temp, write_atomic
from trainer.codes import Code
from trainer.errors import TrainerError
from trainer.files import FileRefused, read_regular_file
from trainer.saves.models import (
    MAX_NAME_LENGTH,
    PROFILE_ID_PATTERN,
    SAVE_VERSION,
    NewerSaveError,
    Profile,
    Run,
    SavedPlay,
    SavedWorkshop,
    SaveFormatError,
    SaveModel,
    StoreIndex,
    dump,
    now,
    parse_index,
    parse_play,
    parse_profile,
    parse_run,
    parse_workshop,
)
from trainer.saves.summary import (
    SUMMARY_FILE,
    FileStamp,
    RunSummary,
    Summary,
    SummaryLine,
    by_finish,
    latest_line,
    read_summary,
    write_summary,
)
from trainer.text_safety import forbidden

DEFAULT_PROFILE_ID = "default"
DEFAULT_PROFILE_NAME = "Player"
INDEX_FILE = "profiles.toml"
PROFILE_FILE = "profile.toml"
CURRENT_FILE = "current.toml"
WORKSHOP_FILE = Path("workshops") / "current.toml"
MAX_SAVE_BYTES = 4 * 1024 * 1024
"""The largest save file read (a long run is a few KB); a larger one is moved aside."""

T = TypeVar("T")


class NotARegularFile(SaveFormatError):
    """A save path that is a FIFO, a device or a socket: skipped, never read nor moved."""


class ProfileError(TrainerError, ValueError):
    """A profile name or id that cannot be used; the message says why, for the player."""


def record_best(best: dict[tuple[str, str], int], key: tuple[str, str], stars: int) -> None:
    """Count a run of `key` (pack id, scenario id) that earned `stars` in `best` (stars by key)."""
    best[key] = max(best.get(key, 0), stars)


class SaveStore:
    """Every save of one saves folder. Nothing is created until something is written."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._notices: list[str] = []
        self._newer: set[Path] = set()  # files written by a newer trainer, reported once
        self._tidied = False
        self._summaries: dict[str, tuple[int, list[RunSummary]]] = {}  # by profile: runs folder's mtime, runs
        self._summarising = threading.Lock()  # two threads asking at once: the second waits for the first's answer

    # -- notices --------------------------------------------------------------------------
    def take_notices(self) -> list[str]:
        """One sentence per save moved aside since the last call."""
        notices, self._notices = self._notices, []
        return notices

    # -- profiles -------------------------------------------------------------------------
    @property
    def profiles_dir(self) -> Path:
        return self.folder / "profiles"

    def profile_dir(self, profile_id: str) -> Path:
        check_profile_id(profile_id)
        return self.profiles_dir / profile_id

    def profiles(self) -> list[Profile]:
        """Every profile, by name; the default profile when there is none yet."""
        found = [self._read_profile(d.name) for d in self._profile_dirs()]
        if not found:
            found = [_default_profile()]
        return sorted(found, key=lambda p: (p.name.casefold(), p.id))

    def profile(self, profile_id: str) -> Profile | None:
        if profile_id == DEFAULT_PROFILE_ID and not self.profile_dir(profile_id).is_dir():
            return _default_profile() if not self._profile_dirs() else None
        if not self.profile_dir(profile_id).is_dir():
            return None
        return self._read_profile(profile_id)

    def find_profile(self, id_or_name: str) -> Profile | None:
        """A profile by id, or by name (ignoring case)."""
        for profile in self.profiles():
            if profile.id == id_or_name:
                return profile
        wanted = id_or_name.strip().casefold()
        return next((p for p in self.profiles() if p.name.casefold() == wanted), None)

    def current_profile(self) -> Profile:
        """The profile used last, else the default profile, else the first by name.
        The first call tidies the folder (see `tidy`): every start asks for it first."""
        if not self._tidied:
            self.tidy()
        index = self._read(self.folder / INDEX_FILE, lambda data, _: parse_index(data))
        if index is not None and index.last_profile:
            try:
                profile = self.profile(index.last_profile)
            except ProfileError:
                profile = None
            if profile is not None:
                return profile
        profiles = self.profiles()
        return next((p for p in profiles if p.id == DEFAULT_PROFILE_ID), profiles[0])

    def use_profile(self, profile_id: str) -> None:
        """Remember `profile_id` as the one to open next time."""
        self.ensure_profile(profile_id)
        self._write(self.folder / INDEX_FILE, StoreIndex(last_profile=profile_id), replaces=True)

    def create_profile(self, name: str) -> Profile:
        """A new profile (and its folder); the name must be new. Safe against a concurrent create."""
        name = check_profile_name(name)
        if any(p.name.casefold() == name.casefold() for p in self.profiles()):
            raise ProfileError(f'a profile called "{name}" already exists')
        if not self._profile_dirs():
            self.ensure_profile(DEFAULT_PROFILE_ID)  # the first start's profile stays on the list
        base = slug(name)
        for attempt in range(1, 1000):
            profile_id = base if attempt == 1 else f"{base[:36]}-{attempt}"
            try:
                os.mkdir(self.profiles_dir / profile_id)  # exclusive: two writers never share a folder
            except FileExistsError:
                continue
            profile = Profile(name=name, created=now()).with_id(profile_id)
            self._write(self.profiles_dir / profile_id / PROFILE_FILE, profile)
            return profile
        raise ProfileError("too many profiles with similar names")

    def rename_profile(self, profile_id: str, name: str) -> Profile:
        name = check_profile_name(name)
        if any(p.name.casefold() == name.casefold() and p.id != profile_id for p in self.profiles()):
            raise ProfileError(f'a profile called "{name}" already exists')
        old = self.ensure_profile(profile_id)
        profile = Profile(name=name, created=old.created).with_id(profile_id)
        if not self._write(self.profile_dir(profile_id) / PROFILE_FILE, profile, replaces=True):
            raise ProfileError("this player was saved by a newer trainer: rename it there")
        return profile

    def ensure_profile(self, profile_id: str) -> Profile:
        """The profile, with its folder and file written if they are missing."""
        folder = self.profile_dir(profile_id)
        if (folder / PROFILE_FILE).is_file():
            return self._read_profile(profile_id)
        name = DEFAULT_PROFILE_NAME if profile_id == DEFAULT_PROFILE_ID else profile_id
        profile = Profile(name=name, created=now()).with_id(profile_id)
        self._write(folder / PROFILE_FILE, profile)
        return profile

    def _profile_dirs(self) -> list[Path]:
        try:
            entries = sorted(self.profiles_dir.iterdir())
        except OSError:
            return []
        return [e for e in entries if e.is_dir() and re.match(PROFILE_ID_PATTERN, e.name)]

    def _read_profile(self, profile_id: str) -> Profile:
        profile = self._read(self.profile_dir(profile_id) / PROFILE_FILE, lambda data, _: parse_profile(data))
        if profile is None:  # missing (being created) or moved aside: the folder name will do
            name = DEFAULT_PROFILE_NAME if profile_id == DEFAULT_PROFILE_ID else profile_id
            profile = Profile(name=name)
        return profile.with_id(profile_id)

    # -- the play in progress -------------------------------------------------------------
    def save_play(self, profile_id: str, play: SavedPlay) -> None:
        """Keep the play in progress (after every choice)."""
        self.ensure_profile(profile_id)
        self._write(self.profile_dir(profile_id) / CURRENT_FILE, play, replaces=True)

    def current_play(self, profile_id: str) -> SavedPlay | None:
        """The play to offer to continue; None when there is none (or it was already finished)."""
        path = self.profile_dir(profile_id) / CURRENT_FILE
        play = self._read(path, parse_play)
        if play is None:
            return None
        if any(self._runs_dir(profile_id).glob(f"*-{play.play_id}.toml")):
            self._remove_play(path, play.play_id)  # killed after recording the run, before this
            return None
        return play

    def discard_play(self, profile_id: str, play_id: str | None = None) -> None:
        """Forget the play in progress (only the one with `play_id`, when given)."""
        self._remove_play(self.profile_dir(profile_id) / CURRENT_FILE, play_id)

    def _remove_play(self, path: Path, play_id: str | None) -> None:
        if play_id is not None:
            play = self._read(path, parse_play)
            if play is None or play.play_id != play_id:
                return  # another copy of the game has saved its own play here since
        elif self._written_by_newer(path):
            return
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    # -- the workshop session in progress -----------------------------------------------------
    def save_workshop(self, session: SavedWorkshop) -> None:
        """Keep the workshop session (after every vote and step)."""
        self._write(self.folder / WORKSHOP_FILE, session, replaces=True)

    def current_workshop(self) -> SavedWorkshop | None:
        """The workshop session left unfinished (to offer to resume), or None."""
        return self._read(self.folder / WORKSHOP_FILE, parse_workshop)

    def discard_workshop(self, session_id: str | None = None) -> None:
        """Forget the workshop session in progress (only the one with `session_id`, when given)."""
        path = self.folder / WORKSHOP_FILE
        if session_id is not None:
            saved = self._read(path, parse_workshop)
            if saved is None or saved.session_id != session_id:
                return
        elif self._written_by_newer(path):
            return
        with contextlib.suppress(FileNotFoundError):
            path.unlink()

    # -- history --------------------------------------------------------------------------
    def _runs_dir(self, profile_id: str) -> Path:
        return self.profile_dir(profile_id) / "runs"

    def record_run(self, profile_id: str, run: Run) -> str:
        """Add a finished run to the history (its own new file), then drop the play in progress."""
        self.ensure_profile(profile_id)
        path = self._runs_dir(profile_id) / f"{run.id}.toml"
        self._write(path, run)
        self.discard_play(profile_id, run.play_id)
        return run.id

    def runs(self, profile_id: str) -> list[Run]:
        """Every finished run, read whole, oldest first (slow with a long history: see `summaries`).
        Unreadable files are moved aside."""
        runs = []
        for name in self._run_files(self._runs_dir(profile_id)):
            run = self._read_run(profile_id, name)
            if run is not None:
                runs.append(run)
        return sorted(runs, key=lambda r: (r.finished, r.id))

    def summaries(self, profile_id: str) -> list[RunSummary]:
        """Every finished run, summarised, oldest first: from `runs-summary.json`, brought up to
        date with the runs folder first (only the run files it lacks are read). Asked again while
        the runs folder is unchanged, the answer is the one kept in memory (a second thread asking
        meanwhile waits for it rather than reading the files again)."""
        with self._summarising:
            return self._summaries_now(profile_id)

    def _summaries_now(self, profile_id: str) -> list[RunSummary]:
        folder = self._runs_dir(profile_id)
        try:
            folder_stamp = folder.stat().st_mtime_ns
        except OSError:
            folder_stamp = -1
        kept = self._summaries.get(profile_id)
        if kept is not None and kept[0] == folder_stamp:
            return list(kept[1])
        files = self._run_files(folder)
        path = self.profile_dir(profile_id) / SUMMARY_FILE
        old = self._read_summary(path)
        known = {line.file: line for line in old.lines} if old is not None else {}
        old_newer = old.newer if old is not None else {}
        lines: list[SummaryLine] = []
        newer: dict[str, FileStamp] = {}
        read_again = False
        for name, stamp in files.items():
            line = known.get(name)
            if line is not None and line.stamp == stamp:
                lines.append(line)
            elif old_newer.get(name) == stamp:
                newer[name] = stamp
                self._report_newer(folder / name)
            else:
                read_again = True
                run = self._read_run(profile_id, name)
                if run is not None:
                    lines.append(SummaryLine(file=name, stamp=stamp, run=RunSummary.of(run)))
                elif folder / name in self._newer:
                    newer[name] = stamp
        if folder_stamp != -1 and (old is None or read_again or len(lines) != len(known) or newer != old_newer):
            self._write_summary(path, Summary(lines, newer))  # (no runs folder: nothing to keep, nothing created)
        runs = by_finish([line.run for line in lines])
        if not newer:  # a newer trainer's run is reported at every start
            self._summaries[profile_id] = (folder_stamp, runs)
        return list(runs)

    def run(self, profile_id: str, run_id: str) -> Run | None:
        """A run by its id, or by a prefix of it (or its play id) that only one run has."""
        if not re.fullmatch(r"[0-9A-Za-z_.-]+", run_id) or run_id.startswith("."):
            return None
        summaries = self.summaries(profile_id)
        matches = [r for r in summaries if r.id == run_id]
        if not matches:
            matches = [r for r in summaries if r.id.startswith(run_id) or r.id.endswith(f"-{run_id}")]
        return self._read_run(profile_id, f"{matches[0].id}.toml") if len(matches) == 1 else None

    def last_run(self, profile_id: str) -> Run | None:
        """The latest finished run (read whole); None when there is none. When the summary is up
        to date, only it and the latest run's file are read (`export --last` with a long history)."""
        if profile_id not in self._summaries:
            files = self._run_files(self._runs_dir(profile_id))
            raw = self._summary_bytes(self.profile_dir(profile_id) / SUMMARY_FILE)
            line = latest_line(raw, files) if raw is not None else None
            run = self._read_run(profile_id, line.file) if line is not None else None
            if run is not None:
                return run
        for summary in reversed(self.summaries(profile_id)):
            run = self._read_run(profile_id, f"{summary.id}.toml")
            if run is not None:
                return run
        return None

    def best_stars(self, profile_id: str) -> dict[tuple[str, str], int]:
        """Best stars by (pack id, scenario id): what the library shows."""
        best: dict[tuple[str, str], int] = {}
        for run in self.summaries(profile_id):
            record_best(best, run.key, run.stars)
        return best

    def _read_run(self, profile_id: str, name: str) -> Run | None:
        path = self._runs_dir(profile_id) / name
        run = self._read(path, parse_run)
        if run is not None and path.stem != run.id:  # a file named otherwise (version 0): its name is its id
            run._file_id = path.stem
        return run

    def _run_files(self, folder: Path) -> dict[str, FileStamp]:
        """The run files in `folder` by name, with their stamps; stale temporary files removed."""
        found: dict[str, FileStamp] = {}
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return found
        for entry in entries:
            if entry.name.startswith("."):
                remove_stale_temp(Path(entry.path))
            elif entry.name.endswith(".toml"):
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                found[entry.name] = (info.st_size, info.st_mtime_ns)
        return dict(sorted(found.items()))

    def _read_summary(self, path: Path) -> Summary | None:
        raw = self._summary_bytes(path)
        return read_summary(raw) if raw is not None else None

    def _summary_bytes(self, path: Path) -> bytes | None:
        """The summary file's bytes; None when it cannot be read (it is rebuilt then)."""
        try:
            return _read_bytes(path)
        except (OSError, SaveFormatError):
            return None

    def _write_summary(self, path: Path, summary: Summary) -> None:
        """Keep the summary for next time; when it cannot be written, the run files still answer."""
        with contextlib.suppress(OSError):
            write_atomic(path, write_summary(summary))

    # -- tidying --------------------------------------------------------------------------
    def tidy(self) -> None:
        """Remove the temporary files of writes that were killed (never a live writer's)."""
        self._tidied = True
        folders = [self.folder, self.profiles_dir]
        for profile in self._profile_dirs():
            folders += [profile, profile / "runs"]
        for folder in folders:
            try:
                names = [e.path for e in os.scandir(folder) if e.name.startswith(".") and e.name.endswith(".tmp")]
            except OSError:
                continue
            for name in names:
                remove_stale_temp(Path(name))

    # -- files ----------------------------------------------------------------------------
    def _write(self, path: Path, model: SaveModel, *, replaces: bool = False) -> bool:
        """Write `model` to `path`. A file that `replaces` another is not written over a newer
        trainer's file (False then, with a notice)."""
        if replaces and self._written_by_newer(path):
            self._report_newer(path, f"so this trainer does not write over it ({path.name} is not updated)")
            return False
        write_atomic(path, tomli_w.dumps(dump(model)).encode("utf-8"))
        return True

    def _written_by_newer(self, path: Path) -> bool:
        try:
            version = tomllib.loads(_read_bytes(path).decode("utf-8")).get("version")
        except (OSError, SaveFormatError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
            return False
        return type(version) is int and version > SAVE_VERSION

    def _report_newer(self, path: Path, consequence: str = "so it is left as it is") -> None:
        if path not in self._newer:
            self._newer.add(path)
            self._notices.append(f"The save {path} was written by a newer trainer, {consequence}.")

    def _read(self, path: Path, parse: Callable[[dict[str, Any], str], T]) -> T | None:
        """The parsed file; None when missing, when written by a newer trainer (left in place),
        or when unreadable (then it is moved aside)."""
        try:
            raw = _read_bytes(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            self._notices.append(f"The save {path} could not be opened ({error.strerror or error}), so it was skipped.")
            return None
        except NotARegularFile:
            self._notices.append(f"The save {path} is not a regular file, so it was skipped.")
            return None
        except SaveFormatError as error:
            self._quarantine(path, str(error))
            return None
        try:
            return parse(tomllib.loads(raw.decode("utf-8")), path.stem)
        except NewerSaveError:
            self._report_newer(path)
            return None
        except UnicodeDecodeError:
            reason = "it is not UTF-8 text"
        except tomllib.TOMLDecodeError as error:
            reason = f"it is not valid TOML: {error}"
        except RecursionError:
            reason = "it is nested too deeply"
        except SaveFormatError as error:
            reason = str(error)
        self._quarantine(path, reason)
        return None

    def _quarantine(self, path: Path, reason: str) -> None:
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        while target.exists():
            target = path.with_name(f"{path.name}.corrupt-{stamp}-{secrets.token_hex(2)}")
        try:
            os.rename(path, target)
        except FileNotFoundError:
            return  # another copy of the game moved it first
        except OSError as error:
            self._notices.append(f"The save {path} cannot be read ({reason}) and could not be moved aside ({error.strerror}).")
            return
        self._notices.append(f"A save that could not be read ({reason}) was moved to {target}.")


# -- names ----------------------------------------------------------------------------------


def _default_profile() -> Profile:
    return Profile(name=DEFAULT_PROFILE_NAME).with_id(DEFAULT_PROFILE_ID)


def check_profile_id(profile_id: str) -> str:
    if not re.fullmatch(PROFILE_ID_PATTERN, profile_id):
        raise ProfileError(f"{profile_id!r} is not a profile id (lower-case letters, digits and dashes)")
    return profile_id


def check_profile_name(name: str) -> str:
    """The name with spaces trimmed; refused when empty, too long or with control characters."""
    name = " ".join(name.split())
    if not name:
        raise ProfileError("a profile needs a name")
    if len(name) > MAX_NAME_LENGTH:
        raise ProfileError(f"a profile name has at most {MAX_NAME_LENGTH} characters")
    if forbidden().search(name):
        raise ProfileError("a profile name cannot contain control characters")
    return name


def slug(name: str) -> str:
    """A folder name for a profile: `"Ana María"` -> `ana-mar-a`; `player` when nothing is left."""
    text = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:36].strip("-")
    return text or "player"


def new_play_id() -> str:
    return secrets.token_hex(6)


def _read_bytes(path: Path) -> bytes:
    """A save's bytes: a regular file only (never a link, a FIFO or a device), at most `MAX_SAVE_BYTES`
    (`trainer.files.read_regular_file`). Raises `FileNotFoundError` or `OSError`, `NotARegularFile`,
    or `SaveFormatError` for a file that is too large."""
    try:
        return read_regular_file(path, MAX_SAVE_BYTES)
    except FileRefused as refused:
        if refused.code is Code.NOT_FOUND and not path.is_dir():
            raise FileNotFoundError(path) from None
        if refused.code is Code.TOO_LARGE:
            raise SaveFormatError(f"it is larger than {MAX_SAVE_BYTES // (1024 * 1024)} MiB") from None
        if refused.code is Code.UNREADABLE:
            raise OSError(str(refused)) from None
        raise NotARegularFile(path) from None

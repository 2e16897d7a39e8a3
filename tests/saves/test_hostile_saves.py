"""Saves that cannot crash the game: any TOML value in any field of any save kind.

Every field (and every table holding fields) of each kind of save file gets an
arbitrary TOML value, or is deleted; then the game's start (profiles, the play to
resume, the history's summary, best stars, habits) and `export` run on the folder.
Nothing may raise, `export` answers 0 or says why, and no file's bytes are lost:
each is read as it is, left in place, or moved aside with its reason.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import shutil
import tempfile
import tomllib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.cli import parse_arguments
from trainer.habits import habits
from trainer.library import discover_packs
from trainer.saves import SaveStore

from .helpers import PACK, WALK_OUT, WIN, play_of, run_of

OFFSETS = [None, UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12, minutes=-30))]
MOMENTS = st.one_of(
    st.builds(datetime.combine, st.dates(), st.times(), st.sampled_from(OFFSETS)),
    st.sampled_from([datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=2))), datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-5))),
                     datetime(2024, 5, 1, 10, 0), datetime(2024, 5, 1, 10, 0, tzinfo=UTC)]),
)
SCALARS = st.one_of(
    MOMENTS,
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([0, -1, 1, 3, 4, 9, 10, 100, 101, 2**40]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(["", "\x1b]0;title\x07", "a\nb", "\u202eevil", "x" * 50_000, "../../etc/passwd", "won", "qualify"]),
    st.dates(),
    st.times(),
)
TOML_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3),
    max_leaves=6,
)
DELETE = object()


def like(original: Any) -> st.SearchStrategy[Any]:
    """Values of the field's own kind, where the damage that passes a type check hides."""
    if isinstance(original, bool):
        return st.booleans()
    if isinstance(original, int):
        return st.integers(min_value=-5, max_value=120) | st.sampled_from([2**63 - 1, -(2**63)])
    if isinstance(original, datetime):
        return MOMENTS
    if isinstance(original, str):
        return st.text(max_size=20) | st.sampled_from(["", "\x1b[2J", "a\x00b", "x" * 50_000, "[/]x", "../x"])
    if isinstance(original, list):
        return st.lists(like(original[0]) if original else TOML_VALUES, max_size=3) | st.just([])
    return st.just({})


TEMPLATE = Path(tempfile.mkdtemp(prefix="trainer-saves-"))
"""A saves folder with one good file of each kind, and a second run that must stay listed."""
GOOD_RUN, OTHER_RUN = run_of(WIN), run_of(WALK_OUT)


def save_kinds() -> dict[str, dict[str, Any]]:
    """One good file of each kind, as TOML data, by its path in the saves folder (the run's id as RUN)."""
    store = SaveStore(TEMPLATE)
    store.create_profile("Ana")
    store.use_profile("ana")
    store.save_play("ana", play_of([2, 1]))
    store.record_run("ana", OTHER_RUN)
    store.record_run("ana", GOOD_RUN)
    return {
        str(path.relative_to(TEMPLATE)).replace(GOOD_RUN.id, "RUN"): tomllib.loads(path.read_text())
        for path in TEMPLATE.rglob("*.toml")
        if OTHER_RUN.id not in path.name and path.parent.name != "default"
    }


KINDS = save_kinds()
atexit.register(shutil.rmtree, TEMPLATE, True)

def field_paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and list index, at every depth (tables and lists included), plus a new key."""
    found = []
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else []
    for key, value in items:
        found.append((*prefix, key))
        found += field_paths(value, (*prefix, key))
    if isinstance(data, dict):
        found.append((*prefix, "x_new"))
    return found


FIELDS = sorted(
    {(kind, path) for kind, data in KINDS.items() for path in field_paths(data) if not any(key == 1 for key in path)},
    key=repr,
)
"""Every field of every kind (of a list's items, the first: the others follow the same rule)."""


def original(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        if (isinstance(data, dict) and key in data) or (isinstance(data, list) and key < len(data)):
            data = data[key]
        else:
            return None
    return data


def mutated(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    copy = tomllib.loads(tomli_w.dumps(data))
    target: Any = copy
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        if isinstance(target, dict):
            target.pop(path[-1], None)
        else:
            del target[path[-1]]
    else:
        target[path[-1]] = value
    return copy


PACKS: list[Any] = []


def packs_found_once(extra: list[Path], **options: Any) -> Any:
    """The packs do not change between examples: found once (this is a test of saves, not packs)."""
    if not PACKS:
        PACKS.append(discover_packs(extra, **options))
    return PACKS[0]


def export(saves: Path, *options: str) -> tuple[int, str, str]:
    args = parse_arguments(["export", *options, "--saves", str(saves), "--pack", str(PACK)])
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            patch("trainer.library.discover_packs", packs_found_once):
        code = int(args.run(args))
    return code, out.getvalue(), err.getvalue()


def every_file(saves: Path) -> dict[bytes, int]:
    counts: dict[bytes, int] = {}
    for path in saves.rglob("*"):
        if path.is_file() and not path.name.endswith(".json"):
            counts[path.read_bytes()] = counts.get(path.read_bytes(), 0) + 1
    return counts


def start_the_game(saves: Path) -> SaveStore:
    """What the game reads at start and on its first screens, in that order."""
    store = SaveStore(saves)
    profile = store.current_profile()
    for each in store.profiles():
        assert each.name and each.id
    store.current_play(profile.id)
    summaries = store.summaries(profile.id)
    store.best_stars(profile.id)
    h = habits(summaries)
    for point in h.recent:
        point.finished.astimezone()
    for run in store.runs(profile.id):
        assert run.id and run.finished.astimezone()
    return store


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), data=st.data())
def test_any_value_in_any_field_of_any_save(field: tuple[str, tuple[Any, ...]], data: st.DataObject) -> None:
    kind, path = field
    value = data.draw(st.one_of(st.just(DELETE), like(original(KINDS[kind], path)), TOML_VALUES), label="value")
    with tempfile.TemporaryDirectory() as tmp:
        saves = Path(tmp) / "saves"
        shutil.copytree(TEMPLATE, saves)
        other = OTHER_RUN  # a good run beside the damaged one: it must stay listed
        target = saves / kind.replace("RUN", GOOD_RUN.id)
        target.write_text(tomli_w.dumps(mutated(KINDS[kind], path, value)), encoding="utf-8")
        before = every_file(saves)

        started = start_the_game(saves)
        notices = started.take_notices()
        assert all(len(n.splitlines()) == 1 for n in notices)
        if target.exists():  # read as it is (then it passed every check), or left for a newer trainer
            assert not list(target.parent.glob(target.name + ".corrupt-*"))
        else:
            assert any("was moved to" in n for n in notices), notices
        profile = started.current_profile()
        if profile.id == "ana":  # the damage may have hidden who played last, not the runs
            assert other.id in [r.id for r in started.summaries("ana")]

        code, out, err = export(saves, "--last")
        assert code in (0, 1), err
        assert out.startswith("# Transcript: ") if code == 0 else err.startswith("trainer export: ")
        code, out, err = export(saves)
        assert code == 0 and "\x1b" not in out
        assert every_file(saves) == before  # nothing lost: same bytes, in place or moved aside
        start_the_game(saves)  # and the next start is as good


@pytest.mark.parametrize(
    "finished",
    ["2024-05-01T10:00:00", "0001-01-01T00:00:00+02:00", "9999-12-31T23:59:00-05:00", "1969-12-31T23:59:59Z", "2024-05-01"],
)
def test_odd_run_dates_are_moved_aside_with_their_reason(tmp_path: Path, finished: str) -> None:
    """The report's cases: a local datetime, year 1 with an offset (crashed `export` and the game)."""
    store = SaveStore(tmp_path)
    run = run_of(WIN)
    store.record_run("default", run)
    path = tmp_path / "profiles/default/runs" / f"{run.id}.toml"
    text = path.read_text()
    finished_line = next(line for line in text.splitlines() if line.startswith("finished ="))
    path.write_text(text.replace(finished_line, f"finished = {finished}"))
    store = start_the_game(tmp_path)
    (notice,) = store.take_notices()
    assert "finished:" in notice and "was moved to" in notice
    assert store.summaries("default") == []
    assert export(tmp_path, "--last")[0] == 1


def test_the_kinds_cover_every_save_file() -> None:
    assert sorted(KINDS) == ["profiles.toml", "profiles/ana/current.toml", "profiles/ana/profile.toml", "profiles/ana/runs/RUN.toml"]
    assert len(FIELDS) > 40


SWEEP = [DELETE, "x", -1, 2**63 - 1, datetime(2024, 5, 1, 10, 0), datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=2)))]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_against_the_usual_damage(kind: str) -> None:
    """Every field of `kind`, each value of `SWEEP` in turn (the examples above are drawn at random)."""
    for path in sorted({p for k, p in FIELDS if k == kind}, key=repr):
        for value in SWEEP:
            with tempfile.TemporaryDirectory() as tmp:
                saves = Path(tmp) / "saves"
                shutil.copytree(TEMPLATE, saves)
                target = saves / kind.replace("RUN", GOOD_RUN.id)
                target.write_text(tomli_w.dumps(mutated(KINDS[kind], path, value)), encoding="utf-8")
                before = every_file(saves)
                store = start_the_game(saves)
                assert target.exists() or any("was moved to" in n for n in store.take_notices()), (path, value)
                assert every_file(saves) == before, (path, value)

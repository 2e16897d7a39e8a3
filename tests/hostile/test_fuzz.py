"""Fuzzing: mutations of the built-in scenarios through the loader, `validate` and `play --json`.

Every case must end with exit 0, 1 or 2, no traceback, within 20 s, every
problem line naming the file, and no raw control character on the terminal.
The suite runs `FUZZ_EXAMPLES` cases (default 40; set TRAINER_FUZZ_EXAMPLES
for a longer run, e.g. 1000, with `--hypothesis-show-statistics` to see the count).
"""

from __future__ import annotations

import os
import random
import signal
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.test_terminal_safety import assert_safe
from trainer.cli import main
from trainer.paths import builtin_pack_dir
from trainer.validation import load_scenario

FUZZ_EXAMPLES = int(os.environ.get("TRAINER_FUZZ_EXAMPLES", "40"))
HANG_SECONDS = 20
BUILTINS = sorted((builtin_pack_dir() / "scenarios").glob("*.toml"))
DOCS = {path.name: tomllib.loads(path.read_text(encoding="utf-8")) for path in BUILTINS}

UNICODE_TROUBLE = [
    "\u200b", "\u200d", "\u2060", "\ufeff",  # zero-width
    "e\u0301\u0301\u0301", "\u0336" * 30,  # combining
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u202e\u2067",  # RTL letters, overrides
    "漢字" * 20, "\uff21\uff22",  # wide CJK, fullwidth
    "👩‍👩‍👧‍👦", "🇺🇦🏳️‍🌈", "👍🏽",  # emoji sequences
    "\x00", "\x1b]0;x\x07", "\x85", "\r", "\u2028",  # NUL, escapes, C1, separators (written escaped)
]

# Value kinds a mutation may put anywhere, wrong types included.
ODD_VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.sampled_from([-1, 0, 101, 10**9, 2**63 - 1, -(2**63)]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=30),
    st.sampled_from(UNICODE_TROUBLE),
    st.builds(lambda n: "x" * n, st.integers(min_value=1_000, max_value=300_000)),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.datetimes().map(lambda d: d),
)


def paths_in(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,)
            yield from paths_in(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield path + (index,)
            yield from paths_in(item, path + (index,))


def parent_of(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


@st.composite
def mutated_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A built-in scenario with a few mutations, as the bytes of a file."""
    name = draw(st.sampled_from(sorted(DOCS)))
    doc = tomllib.loads(tomli_w.dumps(DOCS[name]))  # a deep copy
    rng = random.Random(draw(st.integers(0, 2**32)))
    text_mutations: list[str] = []
    for _ in range(draw(st.integers(1, 4))):
        paths = list(paths_in(doc))
        path = paths[rng.randrange(len(paths))]
        parent = parent_of(doc, path)
        kind = draw(st.sampled_from(["delete", "retype", "unicode", "number", "long", "nest", "text"]))
        if kind == "delete":
            del parent[path[-1]]
        elif kind == "retype":
            parent[path[-1]] = draw(ODD_VALUES)
        elif kind == "unicode" and isinstance(parent[path[-1]], str):
            at = rng.randrange(len(parent[path[-1]]) + 1)
            parent[path[-1]] = parent[path[-1]][:at] + draw(st.sampled_from(UNICODE_TROUBLE)) + parent[path[-1]][at:]
        elif kind == "number":
            parent[path[-1]] = draw(st.sampled_from([-(2**63), -100, -1, 2**31, 2**63 - 1, 10**6]))
        elif kind == "long":
            parent[path[-1]] = "long " * draw(st.integers(100, 50_000))
        elif kind == "nest":
            depth = draw(st.integers(5, 700))
            text_mutations.append("x_nest = " + "[" * depth + "1" + "]" * depth)
        else:
            text_mutations.append(draw(st.sampled_from(["duplicate", "bom", "crlf", "surrogate", "nul", "bytes"])))
    try:
        text = tomli_w.dumps(doc)
    except (TypeError, ValueError):  # a value TOML cannot hold (e.g. nan in tomli_w's eyes): keep the original
        text = tomli_w.dumps(DOCS[name])
    for mutation in text_mutations:
        lines = text.split("\n")
        if mutation.startswith("x_nest"):
            text = mutation + "\n" + text
        elif mutation == "duplicate":
            keyed = [i for i, line in enumerate(lines) if " = " in line]
            i = keyed[rng.randrange(len(keyed))]
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif mutation == "bom":
            text = "\ufeff" + text
        elif mutation == "crlf":
            text = text.replace("\n", "\r\n")
        elif mutation == "surrogate":
            text = 'x_s = "\\ud800 \\udfff"\n' + text
        elif mutation == "nul":
            text = 'x_n = "a\\u0000b"\n' + text
    raw = text.encode("utf-8")
    if "bytes" in text_mutations:
        raw = raw.replace(b"e", b"\xff", 1)
    return name, raw


@contextmanager
def no_hang(seconds: int) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"hung for over {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    derandomize=os.environ.get("TRAINER_FUZZ_RANDOM") is None,
)
@given(case=mutated_files())
def test_mutated_scenarios_never_crash_hang_or_leak(
    case: tuple[str, bytes], tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    name, raw = case
    file = tmp_path / f"fuzz-{name}"
    file.write_bytes(raw)
    shown = str(file).encode()
    with no_hang(HANG_SECONDS):
        started = time.monotonic()
        loaded = load_scenario(file, budget=200_000)
        assert all(d.file == str(file) for d in loaded.diagnostics)
        for argv in (["validate", "--max-states", "200000", str(file)],
                     ["play", str(file), "--json", "--choices", "1", "--max-states", "200000"]):
            code = main(argv)
            out, err = capfdbinary.readouterr()
            assert code in (0, 1, 2), (argv, code, err)
            assert b"Traceback" not in out + err and b"unexpected error" not in err
            assert_safe(out + err, " ".join(argv))
            problems = [line for line in (err if argv[0] == "play" else out).splitlines() if b": error: " in line]
            assert all(line.startswith(shown) for line in problems), problems[:3]
            if code == 1:
                assert shown in out + err
        assert time.monotonic() - started < HANG_SECONDS

"""Schema + reference validation of a generated pack (200 scenarios x 60 nodes),
against plain `tomllib` parsing of the same files in the same run. Target: <= 3x.

    python benchmarks/bench_validation.py
"""

from __future__ import annotations

import sys
import tempfile
import time
import tomllib
from pathlib import Path

import tomli_w

sys.path.insert(0, str(Path(__file__).resolve().parent))
from trainer.validation import load_pack

from generated import chain_scenario

SCENARIOS = 200
NODES = 60
ROUNDS = 3


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack"
        (pack / "scenarios").mkdir(parents=True)
        (pack / "pack.toml").write_text(
            'format = 1\nid = "gen"\nname = "Generated"\nversion = "1.0.0"\nauthors = ["bench"]\nlicense = "MIT"\n'
        )
        for i in range(SCENARIOS):
            (pack / "scenarios" / f"s{i:03}.toml").write_text(tomli_w.dumps(chain_scenario(i, NODES)))
        files = sorted((pack / "scenarios").glob("*.toml"))
        size = sum(f.stat().st_size for f in files)

        def parse_only() -> None:
            for f in files:
                tomllib.loads(f.read_bytes().decode())

        def validate() -> None:
            loaded = load_pack(pack, analyse=False)
            assert loaded.ok, loaded.all_diagnostics[:3]

        baseline = best_of(parse_only)
        checked = best_of(validate)
    print(f"pack: {SCENARIOS} scenarios x {NODES} nodes, {size / 1e6:.1f} MB of TOML")
    print(f"tomllib parse only:            {baseline * 1000:8.1f} ms")
    print(f"trainer schema + references:   {checked * 1000:8.1f} ms")
    print(f"ratio: {checked / baseline:.2f}x (target <= 3x)")


def best_of(action) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


if __name__ == "__main__":
    main()

"""A saves writer for the crash and concurrency tests, run as a separate process.

    python tests/saves/writer.py SAVES PROFILE COUNT [SEED]

Plays the coffee scenario of the test pack COUNT times (0: forever) along
random paths, saving the play in progress after every choice like the game
does, and records each finished run. After each run is recorded it prints
`run <run id>` and flushes, so the parent knows which runs were finished.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from trainer.engine import Engine
from trainer.saves import SaveStore, finished_run, saved_play, scenario_ref
from trainer.validation import load_scenario

COFFEE = Path(__file__).resolve().parent.parent / "fixtures" / "tui-pack" / "scenarios" / "coffee.toml"


def main(saves: str, profile: str, count: int, seed: int) -> None:
    loaded = load_scenario(COFFEE)
    assert loaded.compiled is not None and loaded.scenario is not None
    engine = Engine(loaded.compiled)
    ref = scenario_ref(loaded.scenario, COFFEE)
    store = SaveStore(Path(saves))
    store.ensure_profile(profile)
    rng = random.Random(seed)
    print("ready", flush=True)
    done = 0
    while count == 0 or done < count:
        start = engine.start()
        steps = []
        play = None
        state = start.state
        while not state.ended:
            step = engine.choose(state, rng.randint(1, len(engine.offered(state))))
            steps.append(step)
            state = step.state
            play = saved_play(ref, engine, start, steps, play_id=play.play_id if play else None,
                              started=play.started if play else None)
            store.save_play(profile, play)
        assert play is not None
        run_id = store.record_run(profile, finished_run(play, engine, steps[-1], best_possible=3))
        print(f"run {run_id}", flush=True)
        done += 1


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 0)

"""Export the README's screenshots with the game's own screenshot feature.

Plays the first scenario of the built-in pack by keys: two helpful choices for the play
screen, then the pushy bot's choices to the end for the debrief (it shows turning points).
Run from the repository root: `python docs/make_screenshots.py`.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from trainer.policies import helper, pusher  # noqa: E402
from trainer.tui.app import TrainerApp  # noqa: E402
from trainer.tui.screens.play import PlayScreen  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (110, 34)


async def shoot(saves: Path) -> None:
    app = TrainerApp(saves=saves)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.save_screenshot("library.svg", str(OUT))
        await pilot.press("enter")
        for _ in range(500):  # until the scenario is checked and open (at most 10 s)
            if isinstance(app.screen, PlayScreen) and app.screen.is_mounted:
                break
            await pilot.pause(0.02)
        play = app.screen
        assert isinstance(play, PlayScreen), "the first built-in scenario did not open"

        async def press_policy(policy, steps: int) -> None:  # type: ignore[no-untyped-def]
            for _ in range(steps):
                session = play.session
                if session.ended:
                    return
                await pilot.press(str(policy(session.state, session.offers())))
                await pilot.pause()

        await press_policy(helper, 2)
        app.save_screenshot("play.svg", str(OUT))
        await pilot.press("r")
        await press_policy(pusher, 50)
        await pilot.press("d")
        await pilot.pause()
        app.save_screenshot("debrief.svg", str(OUT))


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as saves:
        asyncio.run(shoot(Path(saves)))
    print(f"wrote {', '.join(sorted(p.name for p in OUT.glob('*.svg')))} to {OUT.relative_to(ROOT)}")

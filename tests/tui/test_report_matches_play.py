"""`play --choices` prints every line the play screen shows: speakers' names, the narration of
check nodes (at the start too) and of interrupts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

from tests.core.builders import choice
from tests.packs.helpers import run_cli
from tests.tui.helpers import choose, history, make_app, until
from trainer.tui.screens.play import PlayScreen

NARRATED: dict[str, Any] = {
    "format": 1,
    "id": "narrated",
    "title": "Narrated",
    "start": "lobby",
    "buyer": {"name": "Dana"},
    "meters": {"trust": 50, "pressure": 10},
    "nodes": {
        "lobby": {
            "text": "The receptionist looks up from her screen.",
            "speaker": "Receptionist",
            "routes": [{"when": "trust >= 40", "next": "opening"}, {"next": "closed"}],
        },
        "opening": {
            "text": "Hello, I have ten minutes.",
            "choices": [
                choice("Buy now!", "close", "thinks", pressure=20),
                choice("What brings you here?", "qualify", "boss", trust=10),
            ],
        },
        "boss": {
            "text": "Dana's boss leans in.",
            "speaker": "Lee, the owner",
            "choices": [choice("Who else decides?", "qualify", "thinks", trust=10)],
        },
        "thinks": {
            "text": "Dana goes quiet for a while.",
            "speaker": "narrator",
            "routes": [{"when": "trust >= 60", "next": "won"}, {"next": "lost"}],
        },
    },
    "endings": {
        "won": {"outcome": "won", "text": "Signed."},
        "lost": {"outcome": "lost", "text": "Gone."},
        "closed": {"outcome": "lost", "text": "Closed.", "stars": 0},
    },
}


async def test_the_text_report_says_every_line_the_play_screen_shows(tmp_path: Path, saves: Path) -> None:
    path = tmp_path / "narrated.toml"
    path.write_text(tomli_w.dumps(NARRATED), encoding="utf-8")
    async with make_app(saves, open_file=path).run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        await choose(pilot, "2", "1")
        said = ("Receptionist:", "Dana", "Lee")  # every other line is the player's or the meters'
        shown = [line for line in history(pilot).splitlines() if line.startswith(said)]
    code, out, err = run_cli("play", str(path), "--choices", "2,1")
    assert code == 0, err
    assert shown == [
        "Receptionist: The receptionist looks up from her screen.",
        "Dana: Hello, I have ten minutes.",
        "Lee, the owner: Dana's boss leans in.",
        "Dana goes quiet for a while.",
    ]
    report = [line.strip() for line in out.splitlines()]
    missing = [line for line in shown if not any(r.endswith(line) for r in report)]
    assert missing == []
    assert report.index("Receptionist: The receptionist looks up from her screen.") < report.index("1. Dana: Hello, I have ten minutes.")

"""The author's studio in the game: the author view (`a`, `--author`), starting anywhere (`g`,
`--at`), a scenario whose only errors are the analysis's, and `--watch` replaying every save."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Input

from tests.packs.helpers import make_pack
from tests.tui.helpers import choose, make_app, texts, until, visible_text
from tests.tui.test_library import rows
from trainer.scaffold import new_pack
from trainer.start_at import StartAt
from trainer.tui.screens.play import PlayScreen
from trainer.tui.screens.start_here import StartHereScreen
from trainer.tui.widgets.author_panel import AuthorPanel, ProblemsBar

WATCH_DEADLINE = 30.0  # the watcher sees a save within a second; a loaded machine is slow


def scaffold(tmp_path: Path) -> Path:
    new_pack(tmp_path / "p")
    return tmp_path / "p" / "scenarios" / "first-call.toml"


def author_text(pilot) -> str:  # type: ignore[no-untyped-def]
    panel = pilot.app.screen.query_one(AuthorPanel)
    return texts(pilot, "#author-lines") if panel.display else ""


def problems(pilot) -> str:  # type: ignore[no-untyped-def]
    bar = pilot.app.screen.query_one(ProblemsBar)
    return texts(pilot, "#problems-lines") if bar.display else ""


async def playing(pilot) -> None:  # type: ignore[no-untyped-def]
    await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen) and pilot.app.screen.is_mounted)


async def test_the_author_view_shows_the_machinery_only_when_asked(tmp_path: Path, saves: Path) -> None:
    file = scaffold(tmp_path)
    async with make_app(saves, open_file=file, open_world="files-lost").run_test(size=(120, 40)) as pilot:
        await playing(pilot)
        assert author_text(pilot) == "" and "opening" not in visible_text(pilot)  # players never see it
        await pilot.press("a")
        shown = author_text(pilot)
        assert "node: opening (speaker buyer)" in shown
        assert "meters: trust 45, pressure 20" in shown and "flags: files_lost" in shown
        assert "world: files-lost" in shown and "not yet told apart: files-lost, files-fine" in shown
        assert "--choices: (none yet)" in shown
        assert "--at: opening --trust 45 --pressure 20 --set files_lost --world files-lost" in shown
        await choose(pilot, "2", "1")
        shown = author_text(pilot)
        assert "ending: signed (won, 3 stars)" in shown and "--choices: why-today,1" in shown
        assert "route: decides.routes[0] files_lost and knows_timing and trust >= 60: taken -> signed" in shown
        assert "interrupt: [0] pressure >= 70: held not" in shown
        await pilot.press("a")
        assert author_text(pilot) == ""


async def test_a_hidden_choice_is_shown_with_the_when_that_hides_it(tmp_path: Path, saves: Path) -> None:
    file = scaffold(tmp_path)
    text = file.read_text().replace('tactic = "close"\npressure = 50', 'tactic = "close"\nwhen = "trust >= 80"\npressure = 50')
    file.write_text(text.replace('next = "decides"\nfeedback = "Asking for the sale', 'next = "walked_out"\nfeedback = "Asking for the sale'))
    async with make_app(saves, open_file=file, author=True).run_test(size=(120, 40)) as pilot:
        await playing(pilot)
        assert 'hidden: choices[2] "Can we get you signed up today? The discount ends on Friday." while not: trust >= 80' in author_text(pilot)


async def test_start_anywhere_from_the_command_line_and_from_the_author_view(tmp_path: Path, saves: Path) -> None:
    file = scaffold(tmp_path)
    at = StartAt("needs", 56, 15, None, "files-lost")
    async with make_app(saves, open_file=file, open_at=at, author=True).run_test(size=(120, 40)) as pilot:
        await playing(pilot)
        assert "node: needs" in author_text(pilot) and "meters: trust 56, pressure 15" in author_text(pilot)
        assert "--choices: why-today" in author_text(pilot)  # the way there, to paste without --at
        await choose(pilot, "1")
        assert "ending: signed" in author_text(pilot)
        await pilot.press("r")  # a restart starts there again
        await until(pilot, lambda: "node: needs" in author_text(pilot))
    async with make_app(saves, open_file=file, open_world="files-fine", author=True).run_test(size=(120, 40)) as pilot:
        await playing(pilot)
        await pilot.press("g")
        await until(pilot, lambda: isinstance(pilot.app.screen, StartHereScreen))
        options = pilot.app.screen.query_one(Input)
        assert options.value == "opening --trust 45 --pressure 20 --set '' --world files-fine"
        options.value = "needs --set nothing_such"
        await pilot.press("enter")
        assert 'no choice or world sets the flag "nothing_such"' in texts(pilot, "#start-problem")
        options.value = "needs --trust 99 --world files-fine"
        await pilot.press("enter")
        assert 'no play reaches "needs" with trust 99 in world "files-fine"' in texts(pilot, "#start-problem")
        options.value = "needs --world files-fine"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, PlayScreen))
        await until(pilot, lambda: "node: needs" in author_text(pilot))
        assert "world: files-fine" in author_text(pilot)


async def test_a_scenario_with_only_the_analysis_errors_plays_for_its_author_marked(tmp_path: Path, saves: Path) -> None:
    file = scaffold(tmp_path)
    text = file.read_text()
    locked = text.replace('[[nodes.needs.choices]]\ntext = "Who else decides', '[[nodes.needs.choices]]\nwhen = "trust >= 99"\ntext = "Who else decides', 1)
    locked = locked.replace('[[nodes.needs.choices]]\ntext = "For an office', '[[nodes.needs.choices]]\nwhen = "trust >= 99"\ntext = "For an office', 1)
    assert locked.count("trust >= 99") == 2
    file.write_text(locked)
    async with make_app(saves, open_file=file).run_test(size=(120, 40)) as pilot:
        await playing(pilot)
        await until(pilot, lambda: "soft-lock" in problems(pilot))
        assert "playing it anyway, for its author" in problems(pilot).lower()
        assert f"{file}:" in problems(pilot)
        await choose(pilot, "2")
        assert "no choice is offered" not in visible_text(pilot).replace(problems(pilot), "")


async def test_watch_replays_each_save_shows_what_cannot_be_played_and_goes_on_when_fixed(tmp_path: Path, saves: Path) -> None:
    file = scaffold(tmp_path)
    good = file.read_text()
    async with make_app(saves, open_file=file, open_world="files-lost", watch=True, author=True).run_test(size=(120, 40)) as pilot:
        await playing(pilot)
        await asyncio.sleep(0.5)  # the watcher is up
        await choose(pilot, "2")
        assert "--choices: why-today" in author_text(pilot)
        file.write_text(good.replace("Sam leans in.", "Sam leans right in."))
        await until(pilot, lambda: "Sam leans right in." in visible_text(pilot), deadline=WATCH_DEADLINE)
        assert "--choices: why-today" in author_text(pilot) and problems(pilot) == ""  # replayed, same place
        file.write_text(good.replace('title = "First call"', 'title = "First call'))
        await until(pilot, lambda: "cannot be played as saved" in problems(pilot), deadline=WATCH_DEADLINE)
        assert f"{file}:15:9: error: TOML syntax error: a string is not closed on this line" in problems(pilot)
        await choose(pilot, "1")  # the play goes on, on the version before
        assert "ending: signed" in author_text(pilot)
        file.write_text(good.replace("Sam books a demo", "Sam gladly books a demo"))
        await until(pilot, lambda: "Sam gladly books a demo" in visible_text(pilot), deadline=WATCH_DEADLINE)
        assert problems(pilot) == "" and "--choices: why-today,1" in author_text(pilot)
        moved = good.replace("why-today", "why-now")  # the id renamed: the replay says where it stopped
        file.write_text(moved)
        await until(pilot, lambda: "went another way" in problems(pilot), deadline=WATCH_DEADLINE)
        assert 'step 1: choice "why-today" cannot be taken again (it is not offered at "opening")' in problems(pilot)
        assert "--choices: (none yet)" in author_text(pilot)


async def test_watch_replays_by_number_where_a_choice_has_no_id(tmp_path: Path, saves: Path) -> None:
    file = scaffold(tmp_path)
    good = file.read_text()
    async with make_app(saves, open_file=file, open_world="files-fine", watch=True, author=True).run_test(size=(120, 40)) as pilot:
        await playing(pilot)
        await asyncio.sleep(0.5)
        await choose(pilot, "1")  # the pitch: no id
        assert "--choices: 1" in author_text(pilot) and "node: pitched" in author_text(pilot)
        file.write_text(good.replace("Sam sighs.", "Sam sighs loudly."))
        await until(pilot, lambda: "Sam sighs loudly." in visible_text(pilot), deadline=WATCH_DEADLINE)
        assert "node: pitched" in author_text(pilot)


async def test_watch_reloads_the_library_when_a_pack_changes(tmp_path: Path, saves: Path) -> None:
    pack = make_pack(tmp_path / "pack", "acme")
    async with make_app(saves, pack, watch=True).run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: any(text.startswith("Tiny") for text, _ in rows(pilot)))
        await asyncio.sleep(0.5)
        scenario = pack / "scenarios" / "tiny.toml"
        scenario.write_text(scenario.read_text().replace('title = "Tiny"', 'title = "Tiny, renamed"'))
        await until(pilot, lambda: any(text.startswith("Tiny, renamed") for text, _ in rows(pilot)), deadline=WATCH_DEADLINE)


async def test_on_a_small_terminal_the_author_view_and_the_problems_scroll_by_keyboard(tmp_path: Path, saves: Path) -> None:
    file = scaffold(tmp_path)
    good = file.read_text()
    async with make_app(saves, open_file=file, open_world="files-lost", watch=True, author=True).run_test(size=(60, 20)) as pilot:
        await playing(pilot)
        await asyncio.sleep(0.5)  # the watcher is up
        screen = pilot.app.screen
        panel, bar, choices = screen.query_one(AuthorPanel), screen.query_one(ProblemsBar), screen.query_one("#choices")
        await choose(pilot, "2")
        assert panel.max_scroll_y > 0  # at 60x20 the author view shows only some of its lines
        small = panel.outer_size.height
        await pilot.press("tab")
        await pilot.pause()
        assert panel.has_focus and panel.outer_size.height > small  # focused, it takes more room
        await pilot.press("end")
        await pilot.pause()
        assert panel.scroll_y == panel.max_scroll_y  # its last line is in view
        await pilot.press("a")  # hidden: the choices have the keys again
        assert choices.has_focus and author_text(pilot) == ""
        file.write_text(good.replace('next = "', 'next = "nowhere_'))  # an error for every next
        await until(pilot, lambda: "cannot be played as saved" in problems(pilot), deadline=WATCH_DEADLINE)
        await pilot.pause()
        assert bar.max_scroll_y > 0
        await pilot.press("shift+tab")
        await pilot.pause()
        assert bar.has_focus
        await pilot.press("end")
        await pilot.pause()
        assert bar.scroll_y == bar.max_scroll_y > 0  # the last error can be read
        await pilot.press("home")
        await pilot.pause()
        assert bar.scroll_y == 0
        file.write_text(good)
        await until(pilot, lambda: problems(pilot) == "", deadline=WATCH_DEADLINE)
        assert choices.has_focus  # the bar went, and the focus with it back to the choices

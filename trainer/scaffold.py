"""Starting points for authors: a new pack folder, or a new scenario file.

What is written validates with no warnings (`validate --strict`), is
playable, and teaches the format in its comments.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from trainer.atomic import write_atomic
from trainer.errors import TrainerError
from trainer.model import MAX_ID_LENGTH
from trainer.schema import pack_schema, render, scenario_schema
from trainer.text_safety import visible
from trainer.vocabulary import ID_RULE, is_id

SCHEMA_FOLDER = "schemas"
SCENARIO_SCHEMA_FILE = "scenario.schema.json"
PACK_SCHEMA_FILE = "pack.schema.json"


class ScaffoldError(TrainerError):
    """Nothing was written; the message says why."""


def slug(name: str, fallback: str) -> str:
    """A valid id from a file or folder name: `My Pack!` -> `my-pack`."""
    text = re.sub(r"[^a-z0-9_-]+", "-", name.lower())
    text = re.sub(r"-{2,}", "-", text).strip("-_")[:MAX_ID_LENGTH].strip("-_")
    return text or fallback


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


SCENARIO_TEMPLATE = '''\
@SCHEMA@
# A scenario: one buyer, one conversation. This file is a working example;
# change the words, keep the shape, and run after every change:
#
#     python -m trainer validate --strict @FILE@
#     python -m trainer play @FILE@
#
# The full reference is docs/authoring.md. Keys you do not know are errors
# (usually typos), except keys starting with x_, which every tool ignores.

format = 1                      # the format version: always 1
# The id is unique within the pack: a-z, 0-9, "-" and "_".
id = @ID@
title = @TITLE@  # shown in the library: change it (titles are unique within a pack)
summary = "An office manager with five minutes and a spreadsheet."
difficulty = "beginner"         # beginner | intermediate | advanced
tags = ["qualifying"]           # free words
lesson = "Ask why they took the call before you pitch: the reason is the sale."
start = "opening"               # the node where every play starts

# The buyer. `persona` is shown to the player; `needs` stay hidden until the debrief.
[buyer]
name = "Sam Okafor"
role = "Office manager"
company = "Okafor & Daughters Accounting"
persona = "Busy, polite, and allergic to sales talk."
needs = ["A reason to spend five minutes on this call", "If files go missing: a fix the two part-timers learn in a day"]

# Hidden worlds (optional): who the buyer really is. One is drawn at the start of
# each play and the player is not told which; only what Sam says gives it away.
# A world's `set` flags are already set when the play starts in it. The debrief
# reveals the world by its `label`, and calls a lucky guess a gamble. Play one world:
#     python -m trainer play @FILE@ --world files-fine --choices why-today,2
[[worlds]]
id = "files-lost"
label = "Sam's office loses client files every week."
set = ["files_lost"]

[[worlds]]
id = "files-fine"
label = "Sam's files are fine: the call was a favour to a friend."

# Two meters, 0..100. Choices move them; conditions test them.
[meters]
trust = 45
pressure = 20

# Interrupts are checked after every choice, in order: the first whose `when`
# holds sends the play to its `next`, wherever the choice was going.
[[interrupts]]
when = "pressure >= 70"
next = "walked_out"

# ------------------------------------------------------------------ scene nodes
# A scene node has `text` and 1 to 9 [[choices]]. Each choice has a `tactic`
# (close | pressure | pitch | qualify | ask | connect | help | other), effects
# (`trust`, `pressure`: a whole number -100..100 added to the meter, or a fair
# "%+p" / "%-p" that moves p% of the way to 100 or to 0), flags to `set` and
# `clear`, an optional `when`, the `next` node or ending, and `feedback`: what
# the coach says about this move in the debrief.

[nodes.opening]
text = "Sam here. I have five minutes. What is this about?"
facilitator = "Ask the room: what does Sam need to hear in the first ten seconds?"  # workshop mode only

[[nodes.opening.choices]]
text = "Let me tell you about our document platform: it is the best on the market."
tactic = "pitch"
trust = -10
pressure = 30
next = "pitched"
feedback = "A pitch before you know a single need: Sam hears noise, not help."

[[nodes.opening.choices]]
id = "why-today"                # optional: a stable name for tests and --choices
text = "Before I say anything: what made you take this call today?"
tactic = "ask"
trust = "%+20"                  # a fair effect: 20% of the way up to 100
pressure = -5
next = "needs"
feedback = "Finding out why Sam picked up comes before any pitch."

[[nodes.opening.choices]]
text = "Can we get you signed up today? The discount ends on Friday."
tactic = "close"
pressure = 50                   # 20 + 50 = 70: the interrupt fires
next = "decides"
feedback = "Asking for the sale in the first minute, with a deadline, ends the call."

[nodes.pitched]
text = "Sam sighs. \\"Everyone says that.\\""

[[nodes.pitched.choices]]
text = "Fair enough. What would have to change for this call to be worth your time?"
tactic = "ask"
trust = 5
next = "needs"
feedback = "Recovering with a real question gives Sam a reason to keep talking."

[[nodes.pitched.choices]]
text = "Sign today and I will add three months free."
tactic = "pressure"
pressure = 40
next = "decides"
feedback = "More pressure on a buyer who is already wary: the interrupt ends the call."

[nodes.needs]
text = "\\"We keep losing client files,\\" Sam says. \\"And nobody has time to learn new software.\\""

# Variants replace `text` when their `when` holds; the first that holds wins.
[[nodes.needs.variants]]
when = "not files_lost"         # a world's flag: in "files-fine", Sam says so
text = "Sam shrugs. \\"Honestly? Our files are fine. A friend asked me to take your call.\\""

[[nodes.needs.variants]]
when = "trust >= 55"
text = "Sam leans in. \\"Honestly? We keep losing client files, and I am the one who gets the blame.\\""

[[nodes.needs.choices]]
text = "Who else decides on this, and by when do you need it fixed?"
tactic = "qualify"
trust = 10
set = ["knows_timing"]          # a flag: set here, tested in `decides`
# clear = ["some_flag"]         # flags to clear (after `set`)
next = "decides"
feedback = "Budget, authority, need and timing: now you know whether there is a deal."

[[nodes.needs.choices]]
text = "For an office your size, a shared folder and a naming rule might be all you need."
tactic = "help"
trust = 20
next = "spreadsheet"
feedback = "Honest help with no strings: no sale today, and a buyer who will call you back."

# ------------------------------------------------------------------ check nodes
# A check node has [[routes]] instead of choices: the first route whose `when`
# holds is taken; the last route has no `when` (the default). Its `text`, if
# any, is narration.

[nodes.decides]
text = "Sam looks at the numbers for a long moment."
speaker = "narrator"            # buyer (the default) | narrator | any display name

[[nodes.decides.routes]]
when = "files_lost and knows_timing and trust >= 60"
next = "signed"

[[nodes.decides.routes]]
next = "not_yet"

# ------------------------------------------------------------------ endings
# outcome: won | lost | qualified_out | referral. stars (0..3) default to
# won 3, referral 2, qualified_out 2, lost 0.

[endings.signed]
outcome = "won"
text = "Sam books a demo for Thursday and asks you to bring the part-timers' training plan."
lesson = "Trust first, then the facts of the deal, then the ask."

[endings.not_yet]
outcome = "lost"
text = "\\"Send me something by email.\\" Nobody reads it."

[endings.spreadsheet]
outcome = "qualified_out"
text = "Sam thanks you, sorts the folders out, and mentions you to a friend who needs more."

[endings.walked_out]
outcome = "lost"
text = "\\"I have to go.\\" The line goes dead."
lesson = "Pressure before trust ends calls."

# ------------------------------------------------------------------ tests
# `validate` plays each test and reports a failing one as an error. Choices are
# ids or numbers (among those offered); without `world`, a test runs in every world.
[[tests]]
name = "asking, then qualifying, signs when the files are lost"
world = "files-lost"
choices = ["why-today", 1]
ending = "signed"

[[tests]]
name = "asking, then helping, is a good ending with either buyer"
choices = ["why-today", 2]
ending = "spreadsheet"
stars = 2
'''

PACK_TEMPLATE = '''\
#:schema ./@SCHEMAS@/@PACK_SCHEMA@

# The pack manifest. A pack is this file plus scenarios/*.toml, one scenario per file.
# Check the whole pack with:  python -m trainer validate --strict .

format = 1                      # the format version: always 1
# The id: a-z, 0-9, "-" and "_"; the pack installs into a folder of that name.
id = @ID@
# The name shown in the library, and the authors (at least one).
name = @NAME@
authors = [@AUTHOR@]
version = "0.1.0"               # a semantic version: raise it with every release
license = "CC-BY-4.0"           # an SPDX identifier (CC-BY-4.0, MIT, ...)
description = "What players will practise with these buyers."
locale = "en"                   # the language of the text
'''

README_TEMPLATE = '''\
# @NAME@

A scenario pack for `trainer`, the terminal role-play game: buyers that teach
selling without "Always Be Closing". With the game installed (`pip install -e .` in a
clone of its repository), from this folder:

    python -m trainer validate --strict .       # check every file
    python -m trainer play scenarios/@FIRST@.toml --watch   # play it; every save replays
    python -m trainer playtest .                # how plays end, what they cover
    python -m trainer graph scenarios/@FIRST@.toml > first.mmd
    python -m trainer packs add .               # install it for the game

`schemas/` holds JSON Schemas for editors (Taplo / Even Better TOML): the `#:schema` line
at the top of each file points at them. Refresh them with
`python -m trainer schema scenario -o schemas/scenario.schema.json` (and `pack`).
'''


def title_of(scenario_id: str) -> str:
    """A placeholder title from the id: `renewal-call` -> `Renewal call`."""
    return scenario_id.replace("-", " ").replace("_", " ").strip().capitalize()


def shell_path(path: Path | str) -> str:
    """A path as it is typed in a shell: quoted when it has spaces or other special characters."""
    return shlex.quote(str(path))


def scenario_text(scenario_id: str, file_label: str, schema_path: str | None) -> str:
    if schema_path:
        schema = f"#:schema {schema_path}\n\n"
    else:
        schema = (
            "# Editor support: save `python -m trainer schema scenario -o scenario.schema.json`\n"
            "# and make the first line of this file:  #:schema ./scenario.schema.json\n"
        )
    return (
        SCENARIO_TEMPLATE.replace("@SCHEMA@\n", schema)
        .replace("@ID@", _toml_string(scenario_id))
        .replace("@TITLE@", _toml_string(title_of(scenario_id)))
        .replace("@FILE@", shell_path(file_label))
    )


def new_scenario(file: Path, scenario_id: str | None = None) -> list[Path]:
    """Write a new scenario file; refuse to overwrite anything."""
    if file.suffix != ".toml":
        raise ScaffoldError(f"{file}: a scenario file name ends in .toml")
    if file.exists() or file.is_symlink():
        raise ScaffoldError(f"{file}: already exists; choose another name (nothing was written)")
    _check_plain(str(file), "file name")  # the file names itself in its comments
    scenario_id = scenario_id or slug(file.stem, "my-scenario")
    _check_id(scenario_id, "scenario")
    pack_root = file.parent.parent
    schema = None
    if file.parent.name == "scenarios" and (pack_root / SCHEMA_FOLDER / SCENARIO_SCHEMA_FILE).is_file():
        schema = f"../{SCHEMA_FOLDER}/{SCENARIO_SCHEMA_FILE}"
    write_atomic(file, scenario_text(scenario_id, str(file), schema).encode("utf-8"))
    return [file]


def _check_plain(value: str, what: str) -> None:
    """Refuse what would be written into a file but is not plain text on one line: a control or
    bidirectional character the loader refuses (the scaffold would not validate), or a newline
    that ends a comment."""
    if not value.strip() or visible(value) != value:
        raise ScaffoldError(f"the {what} must be plain text on one line (nothing was written); got {value!r}")


def new_pack(folder: Path, pack_id: str | None = None, name: str | None = None, author: str | None = None) -> list[Path]:
    """Write a new pack folder: manifest, one scenario, schemas for editors, a README."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f"{folder}: already exists and is not an empty folder (nothing was written)")
    pack_id = pack_id or slug(folder.resolve().name, "my-pack")
    _check_id(pack_id, "pack")
    name = name or pack_id.replace("-", " ").replace("_", " ").capitalize()
    author = author or "Your Name"
    for value, what in ((name, "name"), (author, "author")):
        _check_plain(value, what)
    first = "first-call"
    files = {
        folder / "pack.toml": PACK_TEMPLATE.replace("@SCHEMAS@", SCHEMA_FOLDER)
        .replace("@PACK_SCHEMA@", PACK_SCHEMA_FILE)
        .replace("@ID@", _toml_string(pack_id))
        .replace("@NAME@", _toml_string(name))
        .replace("@AUTHOR@", _toml_string(author)),
        folder / "scenarios" / f"{first}.toml": scenario_text(
            first, f"scenarios/{first}.toml", f"../{SCHEMA_FOLDER}/{SCENARIO_SCHEMA_FILE}"
        ),
        folder / SCHEMA_FOLDER / SCENARIO_SCHEMA_FILE: render(scenario_schema()),
        folder / SCHEMA_FOLDER / PACK_SCHEMA_FILE: render(pack_schema()),
        folder / "README.md": README_TEMPLATE.replace("@NAME@", name).replace("@FIRST@", first),
    }
    for path, text in files.items():
        write_atomic(path, text.encode("utf-8"))
    return list(files)


def _check_id(value: str, what: str) -> None:
    if not is_id(value) or len(value) > MAX_ID_LENGTH:
        raise ScaffoldError(f'{what} id "{value}" {ID_RULE}')

"""`trainer lrs`: show, set, check or forget the player's Learning Record Store.

The password is read from the terminal without echo (or one line of standard input with
`--password-stdin`): never from the command line, where other users could see it, and never
printed back.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from typing import TYPE_CHECKING

from trainer.commands.export import chosen_profile
from trainer.paths import saves_dir
from trainer.saves import ProfileError, SaveStore
from trainer.text_safety import visible

if TYPE_CHECKING:
    from trainer.xapi.settings import LrsSettings

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def register(parser: argparse.ArgumentParser) -> None:
    """The arguments of `trainer lrs` (its name and one-line help are in `trainer.cli`)."""
    parser.description = (
        "Without options, show the player's LRS settings (never the password). With --url, set "
        "them: the password is asked for without echo. TRAINER_LRS_URL, TRAINER_LRS_USER and "
        "TRAINER_LRS_PASSWORD override the saved values."
    )
    parser.add_argument("--url", metavar="URL", help="the LRS's xAPI endpoint, e.g. https://lrs.example.com/xAPI/")
    parser.add_argument("--user", metavar="NAME", help="the user name for HTTP basic authentication")
    parser.add_argument("--email", metavar="ADDRESS", help="the player's email: who the results are about (default: the LRS user)")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from the first line of standard input")
    parser.add_argument("--check", action="store_true", help="sign in to the LRS and say whether it accepts the user name and password")
    parser.add_argument("--forget", action="store_true", help="remove the player's LRS settings")
    parser.add_argument("--profile", metavar="P", help="the player (id or name; default: the one used last)")
    parser.add_argument("--timeout", metavar="SECONDS", type=float, default=15.0, help="how long --check waits for the LRS (default 15)")
    parser.add_argument("--saves", metavar="DIR", default=argparse.SUPPRESS, help="where saves live")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from trainer.xapi.settings import (
        LrsSettings,
        LrsSettingsError,
        check_endpoint,
        forget_lrs,
        load_lrs,
        loose_mode,
        lrs_path,
        read_lrs_file,
        save_lrs,
    )

    saves = saves_dir(getattr(args, "saves", None))
    store = SaveStore(saves)
    try:
        profile = chosen_profile(store, args.profile)
    except ProfileError as error:
        return fail(str(error), 2)
    if args.forget:
        removed = forget_lrs(saves, profile.id)
        say(f"The LRS settings of {profile.name} were removed." if removed else f"{profile.name} had no LRS settings.")
        return 0
    warned: list[str] = []
    try:
        if args.url is not None or args.user is not None or args.email is not None or args.password_stdin:
            saved = read_lrs_file(lrs_path(saves, profile.id))
            url_text = args.url if args.url is not None else saved.get("url", "")
            if not url_text:
                return fail("give the endpoint with --url (e.g. --url https://lrs.example.com/xAPI/)", 2)
            if args.email and not EMAIL.match(args.email):
                return fail(f"{args.email!r} is not an email address (give one like ana@example.com)", 2)
            url, warned = check_endpoint(url_text)
            _warn(warned)
            password = read_password(args.password_stdin, saved.get("password", ""))
            settings = LrsSettings(
                url=url,
                user=args.user if args.user is not None else saved.get("user", ""),
                password=password,
                email=args.email if args.email is not None else saved.get("email", ""),
            )
            path = save_lrs(saves, profile.id, settings)
            say(f"Saved the LRS settings of {profile.name} in {path} (readable by you only).")
        settings_now = load_lrs(saves, profile.id)
    except LrsSettingsError as error:
        return fail(str(error), 2)
    except OSError as error:
        return fail(f"the LRS settings cannot be written: {error.strerror or error}", 1)
    if settings_now is None:
        say(f"{profile.name} has no LRS set. Set one with: python -m trainer lrs --url URL --user NAME")
        return 0 if not args.check else 1
    if loose_mode(path := lrs_path(saves, profile.id)):
        _warn([f"{path} can be read by other users; run chmod 600 on it"])
    _warn([w for w in check_endpoint(settings_now.url)[1] if w not in warned])  # (each said once)
    say(f"LRS of {profile.name}:")
    for line in settings_now.describe():
        say(f"  {line}")
    return check(settings_now, args.timeout) if args.check else 0


def check(settings: LrsSettings, timeout: float) -> int:
    """Sign in and read one statement: 0 when the LRS accepts the credentials."""
    from trainer.xapi.client import LrsClient, LrsError, LrsRefused

    try:
        next(iter(LrsClient(settings, timeout=timeout).statements(limit="1")), None)
    except LrsRefused as error:
        if error.status == 403:
            say("The LRS accepts the user name and password (this user may not read statements: enough to send them).")
            return 0
        return fail(str(error), 1)
    except LrsError as error:
        return fail(str(error), 1)
    say("The LRS accepts the user name and password.")
    return 0


def read_password(from_stdin: bool, saved: str) -> str:
    """The password: one line of standard input, or asked without echo on a terminal
    (Enter alone keeps the saved one); the saved one when there is no terminal to ask."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        return saved
    typed = getpass.getpass("LRS password (Enter keeps the saved one): " if saved else "LRS password: ")
    return typed or saved


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        print(visible(f"trainer lrs: warning: {warning}"), file=sys.stderr)


def say(text: str) -> None:
    print(visible(text))


def fail(message: str, code: int) -> int:
    print(visible(f"trainer lrs: {message}"), file=sys.stderr)
    return code

"""Where a player's Learning Record Store is, and how to sign in to it.

Kept per player in `<saves>/profiles/<id>/lrs.toml`, written with mode 0600 (only its owner
reads it: it holds a password). `TRAINER_LRS_URL`, `TRAINER_LRS_USER` and
`TRAINER_LRS_PASSWORD` override the file, value by value. The password is never printed:
`LrsSettings` hides it from `repr`, and `describe` shows only whether one is set.
"""

from __future__ import annotations

import ipaddress
import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from trainer.errors import TrainerError
from trainer.files import FileRefused, read_regular_file

if TYPE_CHECKING:
    from trainer.xapi.profile import Actor

LRS_FILE = "lrs.toml"
MAX_LRS_FILE_BYTES = 16 * 1024
URL_ENV = "TRAINER_LRS_URL"
USER_ENV = "TRAINER_LRS_USER"
PASSWORD_ENV = "TRAINER_LRS_PASSWORD"
FILE_MODE = 0o600


class LrsSettingsError(TrainerError):
    """An endpoint or a settings file that cannot be used; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class LrsSettings:
    """An LRS endpoint (the xAPI base, ending in `/`), the user and password of HTTP basic
    authentication, and the player's email (their identity in the statements) if given."""

    url: str
    user: str = ""
    password: str = field(default="", repr=False)
    email: str = ""
    from_environment: tuple[str, ...] = ()  # the variables that overrode the file

    def actor(self, name: str) -> Actor:
        """The player `name` in statements: by email when given, else as the LRS user's account
        on the LRS's site."""
        from trainer.xapi.profile import Actor  # (the statements' modules: not for reading the settings)

        if self.email:
            return Actor(name=name, email=self.email)
        parts = urlsplit(self.url)
        return Actor(name=name, account=self.user or name, home_page=f"{parts.scheme}://{parts.netloc}")

    def describe(self) -> list[str]:
        """What `trainer lrs` shows: never the password."""
        lines = [f"endpoint: {self.url}", f"user: {self.user or '(none)'}", f"password: {'set' if self.password else 'not set'}"]
        if self.email:
            lines.append(f"player email: {self.email}")
        if self.from_environment:
            lines.append("from the environment: " + ", ".join(self.from_environment))
        return lines


def lrs_path(saves: Path, profile_id: str) -> Path:
    return saves / "profiles" / profile_id / LRS_FILE


def is_loopback(host: str) -> bool:
    """`localhost`, 127.0.0.0/8 or ::1."""
    if host.lower() in {"localhost", "localhost."} or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_endpoint(url: str) -> tuple[str, list[str]]:
    """The endpoint as used (with a final `/`) and the warnings about it; `LrsSettingsError` when
    it is not an http(s) URL with a host, or holds a user name or password (give those apart)."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise LrsSettingsError(f"the LRS endpoint {text!r} is not a URL ({error}); give one like https://lrs.example.com/xapi/") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise LrsSettingsError(f"the LRS endpoint {text!r} is not an http:// or https:// URL; give one like https://lrs.example.com/xapi/")
    if parts.username is not None or parts.password is not None:
        raise LrsSettingsError("the LRS endpoint holds a user name or password: give the URL without them, and --user for the user")
    if parts.query or parts.fragment:
        raise LrsSettingsError(f"the LRS endpoint {text!r} has a query or a fragment; give the xAPI base URL alone")
    warnings = []
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        warnings.append(
            f"the LRS endpoint uses http:// to {parts.hostname}: the password and the results travel in clear; use https:// if the LRS offers it"
        )
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}", warnings


def load_lrs(saves: Path, profile_id: str, environ: Mapping[str, str] | None = None) -> LrsSettings | None:
    """The player's LRS settings (the file, overridden by the environment), or None when no
    endpoint is set. Raises `LrsSettingsError` for a file that cannot be read or an endpoint
    that is not a URL."""
    environ = os.environ if environ is None else environ
    data = read_lrs_file(lrs_path(saves, profile_id))
    overridden = []
    for key, variable in (("url", URL_ENV), ("user", USER_ENV), ("password", PASSWORD_ENV)):
        if environ.get(variable):
            data[key] = environ[variable]
            overridden.append(variable)
    if not data.get("url"):
        return None
    url, _ = check_endpoint(data["url"])
    return LrsSettings(url, data.get("user", ""), data.get("password", ""), data.get("email", ""), tuple(overridden))


def read_lrs_file(path: Path) -> dict[str, str]:
    """The string values of the settings file ({} when there is none)."""
    try:
        raw = read_regular_file(path, MAX_LRS_FILE_BYTES)
    except FileRefused as refused:
        if not path.exists():
            return {}
        raise LrsSettingsError(f"the LRS settings {path} cannot be read: {refused}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError) as error:
        raise LrsSettingsError(f"the LRS settings {path} are not valid TOML ({error}); run `python -m trainer lrs --forget` and set them again") from None
    return {key: value for key in ("url", "user", "password", "email") if isinstance(value := data.get(key), str)}


def loose_mode(path: Path) -> bool:
    """The settings file can be read by others than its owner."""
    try:
        return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))
    except OSError:
        return False


def save_lrs(saves: Path, profile_id: str, settings: LrsSettings) -> Path:
    """Write the settings file (mode 0600, atomically); its path."""
    import tomli_w

    from trainer.atomic import write_atomic

    path = lrs_path(saves, profile_id)
    values = {"url": settings.url, "user": settings.user, "password": settings.password, "email": settings.email}
    write_atomic(path, tomli_w.dumps({k: v for k, v in values.items() if v}).encode("utf-8"), mode=FILE_MODE)
    return path


def forget_lrs(saves: Path, profile_id: str) -> bool:
    """Remove the settings file; True when there was one."""
    try:
        lrs_path(saves, profile_id).unlink()
    except FileNotFoundError:
        return False
    return True

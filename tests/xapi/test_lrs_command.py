"""`trainer lrs`: the settings file (mode 0600), the environment's overrides, bad endpoints, and
the password never printed."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.xapi.settings import LrsSettingsError, check_endpoint, load_lrs, lrs_path

SECRET = "s3cret-Pa55"


def set_lrs(monkeypatch: pytest.MonkeyPatch, *args: str, password: str = SECRET) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["lrs", *args, "--password-stdin"])


def test_saved_readable_by_the_owner_only_and_never_printed(
    saves: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRAINER_SAVES", str(saves))
    assert set_lrs(monkeypatch, "--url", "https://lrs.example.com/xAPI", "--user", "ana", "--email", "ana@example.com") == 0
    path = lrs_path(saves, "default")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    settings = load_lrs(saves, "default", {})
    assert settings is not None and settings.url == "https://lrs.example.com/xAPI/" and settings.password == SECRET
    assert SECRET not in repr(settings)
    assert main(["lrs"]) == 0
    captured = capsys.readouterr()
    assert "endpoint: https://lrs.example.com/xAPI/" in captured.out and "password: set" in captured.out
    assert SECRET not in captured.out + captured.err
    # changing the email keeps the password (nothing typed: no terminal to ask on)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["lrs", "--email", "ana@example.org"]) == 0
    settings = load_lrs(saves, "default", {})
    assert settings is not None and settings.password == SECRET and settings.email == "ana@example.org"
    assert main(["lrs", "--forget"]) == 0 and not path.exists()
    assert load_lrs(saves, "default", {}) is None


def test_environment_overrides_the_file(saves: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRAINER_SAVES", str(saves))
    assert set_lrs(monkeypatch, "--url", "https://a.example.com/xapi/", "--user", "ana") == 0
    env = {"TRAINER_LRS_URL": "https://b.example.com/lrs", "TRAINER_LRS_PASSWORD": "other"}
    settings = load_lrs(saves, "default", env)
    assert settings is not None
    assert (settings.url, settings.user, settings.password) == ("https://b.example.com/lrs/", "ana", "other")
    assert settings.from_environment == ("TRAINER_LRS_URL", "TRAINER_LRS_PASSWORD")
    only_env = load_lrs(saves / "elsewhere", "default", {"TRAINER_LRS_URL": "https://c.example.com/x/", "TRAINER_LRS_USER": "u"})
    assert only_env is not None and only_env.user == "u" and only_env.password == ""
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main(["lrs"]) == 0
    out = capsys.readouterr().out
    assert "from the environment: TRAINER_LRS_URL, TRAINER_LRS_PASSWORD" in out and "other" not in out


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("lrs.example.com/xapi", "is not an http:// or https:// URL"),
        ("not a url", "is not an http:// or https:// URL"),
        ("ftp://lrs.example.com/", "is not an http:// or https:// URL"),
        ("https://", "is not an http:// or https:// URL"),
        ("https://lrs.example.com:99999/", "is not a URL"),
        ("https://ana:pw@lrs.example.com/xapi/", "holds a user name or password"),
        ("https://lrs.example.com/xapi/?x=1", "has a query or a fragment"),
    ],
)
def test_endpoint_not_a_url(url: str, why: str, saves: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRAINER_SAVES", str(saves))
    with pytest.raises(LrsSettingsError, match=why):
        check_endpoint(url)
    assert set_lrs(monkeypatch, "--url", url, "--user", "ana") == 2
    err = capsys.readouterr().err
    assert why in err and "Traceback" not in err and "pw@" not in err.replace(url, "") and not lrs_path(saves, "default").exists()
    monkeypatch.setenv("TRAINER_LRS_URL", url)
    assert main(["sync"]) != 0
    assert why in capsys.readouterr().err


def test_http_to_another_host_warns(saves: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRAINER_SAVES", str(saves))
    assert set_lrs(monkeypatch, "--url", "http://lrs.example.com/xAPI/", "--user", "ana") == 0  # saved, with a warning; nothing contacted
    assert "warning: the LRS endpoint uses http:// to lrs.example.com: the password and the results travel in clear" in capsys.readouterr().err
    assert set_lrs(monkeypatch, "--user", "ben") == 0  # the saved endpoint kept: warned about once
    assert capsys.readouterr().err.count("warning: the LRS endpoint uses http:// to lrs.example.com") == 1
    for loopback in ("http://127.0.0.1:8100/xAPI/", "http://localhost/xAPI/", "http://[::1]:8100/xAPI/"):
        assert check_endpoint(loopback)[1] == []
    assert check_endpoint("https://lrs.example.com/xAPI/")[1] == []


def test_loosened_mode_and_bad_email_are_said(saves: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TRAINER_SAVES", str(saves))
    assert set_lrs(monkeypatch, "--url", "https://lrs.example.com/xAPI/", "--user", "ana", "--email", "not an email") == 2
    assert "'not an email' is not an email address" in capsys.readouterr().err
    assert set_lrs(monkeypatch, "--url", "https://lrs.example.com/xAPI/", "--user", "ana") == 0
    lrs_path(saves, "default").chmod(0o644)
    assert main(["lrs"]) == 0
    assert "can be read by other users; run chmod 600 on it" in capsys.readouterr().err
    lrs_path(saves, "default").write_text("url = [")
    assert main(["lrs"]) == 2
    assert "are not valid TOML" in capsys.readouterr().err


def test_the_password_is_never_readable_by_others_even_for_a_moment(saves: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRAINER_SAVES", str(saves))
    assert set_lrs(monkeypatch, "--url", "https://lrs.example.com/xAPI/", "--user", "ana") == 0
    path = lrs_path(saves, "default")
    path.chmod(0o644)  # loosened by someone
    modes: list[int] = []
    replace = os.replace

    def watched(source: str, target: str) -> None:
        if Path(target) == path:
            modes.append(stat.S_IMODE(os.stat(source).st_mode))  # the mode the file has when it appears
        replace(source, target)

    monkeypatch.setattr("os.replace", watched)
    assert set_lrs(monkeypatch, "--url", "https://lrs.example.com/xAPI/", "--user", "ana") == 0
    assert modes == [0o600] and stat.S_IMODE(path.stat().st_mode) == 0o600

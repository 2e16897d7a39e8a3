"""A small xAPI client on `urllib.request`: send statements, read them back.

HTTP basic authentication (every LRS accepts it), `X-Experience-API-Version: 1.0.3`, a
timeout on every request, no redirects followed (a redirect would carry the password to
wherever it points) and no `more` link followed off the endpoint's own site. Every failure
is an `LrsError` whose message is for a person and never holds the password; `transient`
says whether trying again later may help (the LRS down, slow or failing) or not (wrong
credentials, a statement refused, an endpoint that is not an LRS).
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from http.client import HTTPException
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from trainer.errors import TrainerError
from trainer.xapi.settings import LrsSettings, is_loopback

XAPI_VERSION_HEADER = "1.0.3"
DEFAULT_TIMEOUT = 15.0
"""Seconds a request may take before the LRS counts as unreachable."""
MAX_ANSWER_BYTES = 32 * 1024 * 1024
"""The most read of one answer (a page of statements); more is refused as not an LRS's answer."""
MAX_PAGES = 100_000


class LrsError(TrainerError):
    """The LRS could not be used; `transient`: trying again later may work."""

    transient = False

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class LrsUnreachable(LrsError):
    """No answer: nothing listening, the network down, or slower than the timeout."""

    transient = True


class LrsServerError(LrsError):
    """The LRS answered with a 5xx: its own failure."""

    transient = True


class LrsRefused(LrsError):
    """401 or 403: the user name or password is wrong, or the user may not do this."""


class LrsRejected(LrsError):
    """A 4xx other than 401/403/409 (or a redirect): the request as sent will not be accepted."""


class LrsConflict(LrsError):
    """409: a different statement is already stored under one of these ids."""


class LrsBadAnswer(LrsError):
    """An answer that is not what an LRS sends (not JSON, too large): the endpoint may be wrong."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 3xx comes back as an HTTPError


class LrsClient:
    """The statements resource of one LRS (`settings.url` is the xAPI base, e.g. `.../xAPI/`)."""

    def __init__(self, settings: LrsSettings, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.settings = settings
        self.timeout = timeout
        self.base = settings.url
        host = urlsplit(self.base).hostname or ""
        handlers: list[urllib.request.BaseHandler] = [_NoRedirects()]
        if is_loopback(host):
            handlers.append(urllib.request.ProxyHandler({}))  # never through a proxy to this machine
        self._opener = urllib.request.build_opener(*handlers)
        token = base64.b64encode(f"{settings.user}:{settings.password}".encode()).decode("ascii")
        self._headers = {
            "X-Experience-API-Version": XAPI_VERSION_HEADER,
            "Accept": "application/json",
            "User-Agent": "trainer-xapi",
        }
        if settings.user or settings.password:
            self._headers["Authorization"] = f"Basic {token}"

    @property
    def statements_url(self) -> str:
        return urljoin(self.base, "statements")

    def post_statements(self, statements: Sequence[dict[str, Any]]) -> list[str]:
        """Store `statements` (one batch: all or none); the ids the LRS reports as stored now
        ([] when it already had them all, as xAPI's 204 says)."""
        status, body = self._request("POST", self.statements_url, statements)
        if status == 204 or not body.strip():
            return []
        answer = self._json(body)
        if not isinstance(answer, list) or not all(isinstance(i, str) for i in answer):
            raise LrsBadAnswer("the LRS answered the statements with something other than a list of ids")
        return answer

    def put_statement(self, statement: dict[str, Any]) -> None:
        """Store one statement under its id (204 also when an equal one is there already)."""
        url = f"{self.statements_url}?{urlencode({'statementId': statement['id']})}"
        self._request("PUT", url, statement)

    def statements(self, **query: str) -> Iterator[dict[str, Any]]:
        """Every statement matching `query` (xAPI GET parameters), following `more` page by page."""
        url: str | None = self.statements_url + (f"?{urlencode(query)}" if query else "")
        origin = urlsplit(self.base)[:2]
        for _ in range(MAX_PAGES):
            if url is None:
                return
            _, body = self._request("GET", url)
            page = self._json(body)
            if not isinstance(page, dict) or not isinstance(page.get("statements"), list):
                raise LrsBadAnswer("the LRS answered a query with something other than a statement result")
            for statement in page["statements"]:
                if isinstance(statement, dict):
                    yield statement
            more = page.get("more")
            if not isinstance(more, str) or not more:
                return
            url = urljoin(url, more)
            if urlsplit(url)[:2] != origin:
                raise LrsBadAnswer("the LRS pointed to more statements on another site; they were not read")

    def _json(self, body: bytes) -> Any:
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            raise LrsBadAnswer(
                f"the LRS at {self.base} answered with something that is not JSON; check that the endpoint is the xAPI base URL"
            ) from None

    def _request(self, method: str, url: str, payload: Any = None) -> tuple[int, bytes]:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8") if payload is not None else None
        headers = dict(self._headers)
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
        where = f"the LRS at {self.base}"
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                body = answer.read(MAX_ANSWER_BYTES + 1)
                status = answer.status
        except urllib.error.HTTPError as error:
            raise _http_error(error, where) from None
        except TimeoutError:
            raise LrsUnreachable(f"{where} did not answer within {self.timeout:g} s") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise LrsUnreachable(f"{where} did not answer within {self.timeout:g} s") from None
            text = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
            raise LrsUnreachable(f"{where} cannot be reached ({text})") from None
        except (OSError, HTTPException) as error:
            raise LrsUnreachable(f"{where} broke off the connection ({type(error).__name__})") from None
        if len(body) > MAX_ANSWER_BYTES:
            raise LrsBadAnswer(f"{where} sent an answer larger than {MAX_ANSWER_BYTES // (1024 * 1024)} MiB")
        return status, body


def _http_error(error: urllib.error.HTTPError, where: str) -> LrsError:
    status = error.code
    try:
        detail = error.read(2000).decode("utf-8", "replace")
    except (OSError, HTTPException):
        detail = ""
    try:
        parsed = json.loads(detail)
        detail = str(parsed.get("detail", "")) if isinstance(parsed, dict) else ""
    except (ValueError, RecursionError):
        detail = ""  # an HTML error page says nothing worth repeating
    said = f": {detail[:300]}" if detail else ""
    if status in (401, 403):
        return LrsRefused(f"{where} refused the user name or password (HTTP {status}){said}; check them with `python -m trainer lrs`", status)
    if status == 409:
        return LrsConflict(f"{where} already holds different statements under these ids (HTTP 409){said}", status)
    if status >= 500:
        return LrsServerError(f"{where} failed (HTTP {status}){said}", status)
    if 300 <= status < 400:
        target = error.headers.get("Location", "") if error.headers else ""
        return LrsRejected(f"{where} redirects to {target or 'another address'} (HTTP {status}); set that address as the endpoint", status)
    return LrsRejected(f"{where} did not accept the request (HTTP {status}){said}", status)

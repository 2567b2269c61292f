"""One service's HTTP client: timeouts, bounded retries with backoff, Danish one-line errors.

A 429 or 5xx answer, a timeout and a network failure are retried (at most `attempts` tries in
all, waiting `backoff`, 2×`backoff`, … seconds, or what Retry-After asks up to MAX_WAIT); any
other error answer is final. The caller's `describe_error` turns an error answer's body into the
service's own words (Jobindsats' `cause`, Statbank's `message`). The token travels only in the
Authorization header and never appears in a message.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from generator import limits
from generator.errors import SvarbrevError, printable

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_WAIT = 30.0  # seconds; a longer Retry-After is cut to this
MAX_RESPONSE = limits.EXTRACT  # the largest answer read


class FetchError(SvarbrevError):
    """A service could not deliver (refused, unreachable, or answered something unreadable)."""


@dataclass(frozen=True)
class Exchange:
    """One answer as it came (for `data hent --gem-svar`): never the request's headers, which hold the key."""

    service: str
    method: str
    url: str
    params: Any
    json_body: Any
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


@dataclass
class Service:
    """A service's base URL, name (as a user reads it) and how its requests are made."""

    name: str  # "Jobindsats", "Danmarks Statistik"
    base_url: str
    headers: dict[str, str] = field(default_factory=dict, repr=False)  # may hold the token: never printed
    timeout: float = 60.0
    deadline: float = 300.0  # seconds for a whole answer: a server sending a byte now and then is not waited for
    attempts: int = 4
    backoff: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    describe_error: Callable[[int, bytes], str | None] = lambda status, body: None
    unauthorized: str | None = None  # the message for 401 (and 403 unless `forbidden`), when the service takes a key
    forbidden: str | None = None  # a 403 that may pass (Jobindsats' sporadic one): retried, then this message
    record: Callable[[Exchange], None] | None = None  # told every answer received

    def __post_init__(self) -> None:
        try:
            url = httpx.URL(self.base_url)
        except (httpx.InvalidURL, TypeError):
            url = None
        if url is None or url.scheme not in ("http", "https") or not url.host:
            raise FetchError(f"adressen til {self.name} skal begynde med https:// eller http://, ikke '{self.base_url}'")

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def request(self, method: str, path: str, what: str, *, params: Any = None, json_body: Any = None) -> bytes:
        """The body of a successful answer; FetchError otherwise. `what` names the request in messages."""
        last_problem = ""
        for attempt in range(1, self.attempts + 1):
            try:
                status, body, retry_after, headers = self._once(method, path, params, json_body)
            except httpx.TimeoutException:
                last_problem = f"{self.name} svarede ikke inden for {_seconds(self.timeout)}"
            except _TooSlow:
                last_problem = f"{self.name} sendte ikke hele svaret på {what} inden for {_seconds(self.deadline)}"
            except httpx.DecodingError:
                raise FetchError(f"{self.name} sendte et svar på {what}, der ikke kan pakkes ud (ødelagt komprimering)") from None
            except (httpx.RequestError, OSError) as error:
                last_problem = f"kunne ikke få forbindelse til {self.name} ({self.base_url}): {_reason(error)}"
            except _TooLarge:
                raise FetchError(f"{self.name} sendte et for stort svar på {what} (over {MAX_RESPONSE // limits.MB} MB)") from None
            else:
                if self.record is not None:
                    self.record(Exchange(self.name, method, self.url(path), params, json_body, status, headers, body))
                if 200 <= status < 300:
                    return body
                if status == 403 and self.forbidden:
                    last_problem = self.forbidden
                    if attempt < self.attempts:
                        self.sleep(min(self.backoff * 2 ** (attempt - 1), MAX_WAIT))
                    continue
                if status in (401, 403) and self.unauthorized:
                    raise FetchError(f"{self.unauthorized} (HTTP {status})")
                cause = self._shown(self.describe_error(status, body))
                if status not in RETRY_STATUSES:
                    detail = f": {cause}" if cause else ""
                    raise FetchError(f"{self.name} afviste forespørgslen på {what} (HTTP {status}){detail}")
                last_problem = f"{self.name} svarede med en fejl (HTTP {status}{': ' + cause if cause else ''})"
                if attempt < self.attempts:
                    self.sleep(min(retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1), MAX_WAIT))
                continue
            if attempt < self.attempts:
                self.sleep(min(self.backoff * 2 ** (attempt - 1), MAX_WAIT))
        raise FetchError(f"{last_problem}; opgav {what} efter {self.attempts} forsøg")

    def get_json(self, path: str, what: str, params: Any = None) -> Any:
        return parse_json(self.request("GET", path, what, params=params), self.name, what)

    def _once(self, method: str, path: str, params: Any, json_body: Any) -> tuple[int, bytes, float | None, tuple[tuple[str, str], ...]]:
        timeout = httpx.Timeout(self.timeout)
        with (
            httpx.Client(timeout=timeout, headers=self.headers, follow_redirects=False, trust_env=False) as client,
            client.stream(method, self.url(path), params=params, json=json_body) as response,
        ):
                chunks, size, started = [], 0, time.monotonic()
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_RESPONSE:
                        raise _TooLarge()
                    if time.monotonic() - started > self.deadline:
                        raise _TooSlow()
                    chunks.append(chunk)
                headers = tuple((name, value) for name, value in response.headers.items() if name.lower() != "set-cookie")
                return response.status_code, b"".join(chunks), _retry_after(response.headers.get("Retry-After")), headers


    def _shown(self, text: str | None) -> str | None:
        """A service's own words as a terminal may show them: no control or direction characters, and
        never a header value of ours (a `cause` quoting the Authorization header would print the key)."""
        if text is None:
            return None
        for name, value in self.headers.items():
            if name.lower() == "authorization":
                for secret in (value, value.removeprefix("Bearer ")):
                    text = text.replace(secret, "***") if secret else text
        return " ".join(printable(text).split()) or None


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


def parse_json(body: bytes, service: str, what: str) -> Any:
    """A JSON answer; a FetchError naming the service when it is not JSON."""
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise FetchError(f"{service} sendte et svar på {what}, der ikke er gyldig JSON") from None
    except RecursionError:
        raise FetchError(f"{service} sendte et svar på {what}, der er indlejret for dybt til at kunne læses") from None


def malformed(service: str, what: str, problem: str) -> FetchError:
    """A well-formed answer of the wrong shape."""
    return FetchError(f"{service} sendte et svar på {what}, der ikke har den ventede form: {problem}")


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _seconds(value: float) -> str:
    return f"{value:g} sekunder".replace(".", ",")


def _reason(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text or type(error).__name__

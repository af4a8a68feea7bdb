"""A polite, bounded HTTP client for feeds and the files they link to.

Every request: http or https only (on every redirect too), at most 5 redirects,
connect and read timeouts, a size limit enforced while the body streams in (on
the inflated size: the body is decompressed here, chunk by bounded chunk, so a
gzip bomb stops at the limit), a User-Agent naming the tool, and retries with
backoff on timeouts, 429 and 5xx, honouring Retry-After up to a cap.
"""

from __future__ import annotations

import email.utils
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from chaptercli.errors import ChapterError

if TYPE_CHECKING:
    import httpx

MIB = 1024 * 1024
FEED_BYTES = 20 * MIB  # a feed of thousands of items with long show notes
LINK_BYTES = 5 * MIB  # a chapters file or a transcript
SCHEMES = ("http", "https")
_REDIRECTS = (301, 302, 303, 307, 308)
NOT_MODIFIED = 304


class FetchError(ChapterError):
    """A URL that could not be fetched, and why: said once, with the URL."""

    def __init__(self, url: str, problem: str) -> None:
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem}")


class _Retry(Exception):
    """A failure worth trying again (a timeout, 429, 5xx), and how long the
    server asked us to wait (Retry-After), if it did."""

    def __init__(self, problem: str, wait_s: float | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.wait_s = wait_s


@dataclass(frozen=True)
class Limits:
    """How patient and how greedy the client is."""

    connect_s: float = 10.0
    read_s: float = 30.0
    # A whole answer, however it trickles in: the read timeout is per byte, and a
    # server sending one byte a second would never meet it.
    whole_s: float = 300.0
    redirects: int = 5
    attempts: int = 3  # tries of one URL, the first included
    backoff_s: float = 1.0  # the first wait between tries; it doubles
    max_wait_s: float = 30.0  # no Retry-After makes us wait longer than this
    parallel: int = 8  # requests at once

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Limits:
        """The defaults, with CHAPTERS_HTTP_TIMEOUT (seconds, for connecting and
        for each read; four times it for a whole answer) and CHAPTERS_HTTP_MAX_WAIT
        (seconds between tries) when set."""
        timeout = _seconds(environ.get("CHAPTERS_HTTP_TIMEOUT"))
        wait = _seconds(environ.get("CHAPTERS_HTTP_MAX_WAIT"))
        limits = cls()
        return cls(
            connect_s=timeout or limits.connect_s,
            read_s=timeout or limits.read_s,
            whole_s=timeout * 4 if timeout else limits.whole_s,
            backoff_s=min(limits.backoff_s, wait) if wait is not None else limits.backoff_s,
            max_wait_s=wait if wait is not None else limits.max_wait_s,
        )


def _seconds(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and 0 <= value < 3600 else None


@dataclass(frozen=True)
class Fetched:
    """A response: its body (empty when not modified), the URL it came from after
    redirects, and the validators for a conditional request next time."""

    url: str
    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == NOT_MODIFIED


def check_scheme(url: str) -> None:
    """A FetchError unless url is an absolute http or https URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES or not parts.netloc:
        what = f"{parts.scheme}: URLs" if parts.scheme else "a relative link"
        raise FetchError(url, f"refused: only http and https URLs are fetched, not {what}")


class Client:
    """One connection pool for a run; safe to share between threads."""

    def __init__(self, limits: Limits, user_agent: str) -> None:
        import httpx

        self.limits = limits
        self._httpx = httpx
        self._http = httpx.Client(
            timeout=httpx.Timeout(limits.read_s, connect=limits.connect_s),
            follow_redirects=False,  # followed here, each one checked
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            limits=httpx.Limits(max_connections=limits.parallel),
        )

    def close(self) -> None:
        self._http.close()

    def fetch(
        self,
        url: str,
        cap: int,
        etag: str | None = None,
        last_modified: str | None = None,
        counted: Callable[[int], None] | None = None,
    ) -> Fetched:
        """The body at url, at most cap bytes once inflated, or a FetchError. With a
        validator, a 304 answer is a Fetched that is `not_modified`."""
        check_scheme(url)
        headers = {"If-None-Match": etag} if etag else {}
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(self.limits.attempts):
            try:
                return self._follow(url, cap, headers, counted)
            except _Retry as retry:
                if attempt + 1 == self.limits.attempts:
                    raise FetchError(url, f"{retry.problem} (tried {attempt + 1} times)") from None
                wait = retry.wait_s
                if wait is None:
                    wait = self.limits.backoff_s * 2**attempt
                time.sleep(min(wait, self.limits.max_wait_s))
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises

    def _follow(
        self, url: str, cap: int, headers: dict[str, str], counted: Callable[[int], None] | None
    ) -> Fetched:
        seen = {url}
        current = url
        for _hop in range(self.limits.redirects + 1):
            try:
                with self._http.stream("GET", current, headers=headers) as response:
                    if response.status_code in _REDIRECTS:
                        current = self._next(url, current, response.headers.get("location"))
                        if current in seen:
                            raise FetchError(url, f"redirect loop at {current}")
                        seen.add(current)
                        continue
                    return self._answer(url, current, response, cap, counted)
            except self._httpx.TimeoutException:
                raise _Retry("timed out") from None
            except self._httpx.HTTPError as error:
                raise FetchError(url, f"{_reason(error)}") from None
        raise FetchError(url, f"more than {self.limits.redirects} redirects")

    @staticmethod
    def _next(url: str, current: str, location: str | None) -> str:
        if not location:
            raise FetchError(url, "a redirect without a Location")
        target = urljoin(current, location.strip())
        try:
            check_scheme(target)
        except FetchError:
            raise FetchError(url, f"refused a redirect to {target}: only http and https "
                                  "URLs are followed") from None  # fmt: skip
        return target

    def _answer(
        self,
        url: str,
        current: str,
        response: httpx.Response,
        cap: int,
        counted: Callable[[int], None] | None,
    ) -> Fetched:
        status = response.status_code
        if status == 429 or status >= 500:
            raise _Retry(f"HTTP {status}", _retry_after(response.headers.get("retry-after")))
        if status not in (200, NOT_MODIFIED):
            raise FetchError(url, f"HTTP {status} {response.reason_phrase}".rstrip())
        deadline = time.monotonic() + self.limits.whole_s
        body = b"" if status == NOT_MODIFIED else _body(url, response, cap, counted, deadline)
        return Fetched(
            url=current,
            status=status,
            body=body,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            content_type=response.headers.get("content-type", ""),
        )


def _reason(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text.splitlines()[0][:200]


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _decompressor(url: str, encoding: str) -> Any:
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    raise FetchError(url, f"unsupported Content-Encoding {encoding[:40]!r}")


def _body(
    url: str,
    response: httpx.Response,
    cap: int,
    counted: Callable[[int], None] | None,
    deadline: float,
) -> bytes:
    """The body, inflated, refused as soon as it passes cap bytes or the deadline
    (a time.monotonic() value)."""
    too_large = f"larger than the limit of {cap // MIB} MB"
    declared = response.headers.get("content-length", "")
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(url, too_large)
    inflate = _decompressor(url, encoding)
    body = bytearray()
    try:
        for chunk in response.iter_raw():
            if counted is not None:
                counted(len(chunk))
            # At most one byte past the cap is ever inflated: a bomb stops there.
            body += inflate.decompress(chunk, cap + 1 - len(body)) if inflate else chunk
            if len(body) > cap:
                raise FetchError(url, too_large + (" once inflated" if inflate else ""))
            if time.monotonic() > deadline:
                raise FetchError(url, "too slow: the answer was still coming in at the time limit")
        if inflate is not None and not inflate.eof:
            raise FetchError(url, f"truncated: the {encoding} stream ends early")
    except zlib.error as error:
        raise FetchError(url, f"bad {encoding} data: {error}") from None
    return bytes(body)


def user_agent() -> str:
    from importlib.metadata import version

    return f"chaptercli/{version('chaptercli')}"

"""Fetching one URL politely: a user agent that says who is asking, bounded waits and sizes,
and a few retries with growing pauses for the failures that pass (timeouts, 429, 5xx).

Any failure becomes a `FetchError` naming the URL and the reason, so a run over many URLs
reports it and goes on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from types import TracebackType

import httpx

from tidings import __version__
from tidings.ingest.formats import size_error
from tidings.model import TidingsError

PROJECT_URL = "https://pypi.org/project/tidings/"
USER_AGENT = f"tidings/{__version__} (+{PROJECT_URL}; news event coding)"
DEFAULT_MAX_BYTES = 20_000_000
MAX_REDIRECTS = 5
_CHUNK = 1 << 16


class FetchError(TidingsError):
    """A URL that could not be fetched or read; `transient` failures may pass if retried."""

    def __init__(self, url: str, reason: str, transient: bool = False,
                 retry_after: float = 0.0) -> None:
        super().__init__(f"{url}: {reason}")
        self.url, self.reason, self.transient = url, reason, transient
        self.retry_after = retry_after  # seconds the server asked to wait, 0 if it did not


@dataclass
class Response:
    """What a server answered: the body, and what a later conditional request needs."""

    url: str  # after redirects
    status: int  # 200-299, or 304 (not modified) to a conditional request
    data: bytes
    content_type: str | None  # the media type, lower case, without parameters
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """An HTTP client for many URLs (connections reused); close it, or use it in `with`.

    `backoff` is the pause before the first retry, doubled for each next one, never more than
    `max_backoff` (a server's Retry-After is honoured within that bound).
    """

    def __init__(self, connect_timeout: float = 10.0, read_timeout: float = 30.0,
                 max_bytes: int = DEFAULT_MAX_BYTES, retries: int = 3, backoff: float = 1.0,
                 max_backoff: float = 60.0) -> None:
        self.max_bytes, self.retries = max_bytes, retries
        self.backoff, self.max_backoff = backoff, max_backoff
        timeout = httpx.Timeout(read_timeout, connect=connect_timeout)
        self._client = httpx.Client(
            headers={"User-Agent": USER_AGENT}, timeout=timeout, follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None
            ) -> Response:
        """The resource at `url`; with `etag`/`last_modified` a 304 answer means unchanged."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._get_once(url, headers)
            except FetchError as exc:
                if not exc.transient or attempt >= self.retries:
                    raise
                time.sleep(min(self.max_backoff, max(self.backoff * 2**attempt, exc.retry_after)))
                attempt += 1

    def _get_once(self, url: str, headers: dict[str, str]) -> Response:
        try:
            with self._client.stream("GET", url, headers=headers) as answer:
                if answer.status_code == 304 and headers:
                    return _response(answer, b"")
                if answer.status_code == 429 or answer.status_code >= 500:
                    raise FetchError(url, f"HTTP {answer.status_code}", transient=True,
                                     retry_after=_retry_after(answer.headers.get("Retry-After")))
                if not answer.is_success:
                    raise FetchError(url, f"HTTP {answer.status_code}")
                return _response(answer, self._body(answer, url))
        except httpx.TimeoutException as exc:
            raise FetchError(url, f"timed out ({type(exc).__name__})", transient=True) from exc
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            raise FetchError(url, f"not a URL tidings can fetch ({exc})") from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(url, f"more than {MAX_REDIRECTS} redirects") from exc
        except httpx.TransportError as exc:
            raise FetchError(url, f"connection failed ({exc or type(exc).__name__})",
                             transient=True) from exc
        except httpx.HTTPError as exc:  # e.g. a body that does not decompress
            raise FetchError(url, str(exc) or type(exc).__name__) from exc

    def _body(self, answer: httpx.Response, url: str) -> bytes:
        """The body up to the size limit: a longer one is refused, not cut."""
        declared = answer.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, str(size_error(int(declared), self.max_bytes)))
        chunks: list[bytes] = []
        size = 0
        for chunk in answer.iter_bytes(_CHUNK):
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, str(size_error(size, self.max_bytes)))
            chunks.append(chunk)
        return b"".join(chunks)


def _response(answer: httpx.Response, data: bytes) -> Response:
    media = answer.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return Response(url=str(answer.url), status=answer.status_code, data=data,
                    content_type=media or None, etag=answer.headers.get("ETag"),
                    last_modified=answer.headers.get("Last-Modified"))


def _retry_after(value: str | None) -> float:
    """Seconds a server asks to wait: a number, or an HTTP date; 0 when absent or unreadable."""
    if not value:
        return 0.0
    if value.strip().isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError):
        return 0.0

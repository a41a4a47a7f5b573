"""WARC archives (`.warc`, `.warc.gz`, as Common Crawl's CC-NEWS publishes them).

Only HTTP response records with status 200 and an HTML body are articles; the page's URL
is the record's WARC-Target-URI and, when the page states no date, the record's WARC-Date
stands in. Requests, metadata, redirects, images and PDFs are skipped and counted
(`Skipped`); a record whose page cannot be read is an `IngestFailure` named by the file and
the record's number, and the archive goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tidings.ingest.formats import IngestFailure, normalise_date, read_html
from tidings.model import RawArticle, TidingsError

HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass
class Skipped:
    """A record that is no article, counted by reason."""

    origin: str
    reason: str


def is_warc(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz"))


def read_warc(path: Path, published: str | None, max_bytes: int
              ) -> Iterator[RawArticle | IngestFailure | Skipped]:
    """The articles of a WARC file, record by record, in bounded memory."""
    n = 0
    try:
        with path.open("rb") as fh:
            for n, record in enumerate(ArchiveIterator(fh), 1):
                yield _article(record, f"{path}#record{n}", published, max_bytes)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        yield IngestFailure(str(path), f"not a readable WARC file after {n} records: {exc}")
        return
    if n == 0:
        yield IngestFailure(str(path), "no complete WARC record: truncated, or not a WARC file")


def _article(record, origin: str, published: str | None,  # noqa: ANN001 - warcio record
             max_bytes: int) -> RawArticle | IngestFailure | Skipped:
    if record.rec_type != "response":
        return Skipped(origin, f"{record.rec_type} record")
    http = record.http_headers
    if http is None:
        return Skipped(origin, "response without HTTP headers")
    status = http.get_statuscode()
    if status != "200":
        return Skipped(origin, f"HTTP {status}")
    kind = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if kind not in HTML_TYPES:
        return Skipped(origin, f"not HTML ({kind or 'no content type'})")
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return IngestFailure(origin, f"page over {max_bytes // 1_000_000} MB")
    url = record.rec_headers.get_header("WARC-Target-URI")
    day = normalise_date((record.rec_headers.get_header("WARC-Date") or "")[:10])
    try:
        raw = read_html(body, origin, published or day)
    except TidingsError as exc:
        return IngestFailure(origin, str(exc))
    raw.url = url or raw.url  # where the crawler found it, not what the page claims
    return raw

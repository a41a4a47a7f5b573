"""Readers for one input's bytes: plain text, HTML pages and JSON Lines records.

Each reader raises `TidingsError` with a message fit to print after the input's name; the JSON
Lines reader instead yields an `IngestFailure` per broken line so the good lines still come
through.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import trafilatura
from trafilatura.settings import set_date_params

from tidings.model import RawArticle, TidingsError

MB = 1_000_000
BINARY_SAMPLE = 8192
MAX_CONTROL_SHARE = 0.1  # more control characters than this: not text
MAX_HIGH_BYTE_SHARE = 0.3  # undecodable and this many non-ASCII bytes: not text
HEADLINE_MAX_WORDS = 30
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y%m%d")
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")


@dataclass
class IngestFailure:
    """An input (or one line of it) that could not be read; the run goes on without it."""

    origin: str
    error: str


def size_error(size: int, max_bytes: int) -> TidingsError:
    return TidingsError(f"too large: {size / MB:.1f} MB, limit {max_bytes / MB:.1f} MB")


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8, UTF-8 or UTF-16 with a byte-order mark; refuse binary data."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise TidingsError(f"not valid UTF-16 text ({e.reason} at offset {e.start})") from e
    else:
        if b"\x00" in data or _mostly_binary(data):
            raise TidingsError("binary file, not text")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            bad = e.object[e.start]
            offset = e.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
            raise TidingsError(
                f"not valid UTF-8 text (invalid byte 0x{bad:02X} at offset {offset})"
            ) from e
    sample = text[:BINARY_SAMPLE]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise TidingsError("binary file, not text")
    if not text.strip():
        raise TidingsError("empty file")
    return text


def _mostly_binary(data: bytes) -> bool:
    """Bytes that are neither UTF-8 nor a plausible legacy-encoded text."""
    sample = data[:BINARY_SAMPLE]
    if not sample:
        return False
    try:
        sample.decode("utf-8")
        return False
    except UnicodeDecodeError as e:
        if e.start >= len(sample) - 4:  # a character cut by the sample's end
            return False
    high = sum(b >= 0x80 for b in sample)
    return high > MAX_HIGH_BYTE_SHARE * len(sample)


def normalise_date(value: Any) -> str | None:
    """An ISO date (YYYY-MM-DD) from the usual ways of writing one; None if it is not a date."""
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    m = _ISO_DATE.match(value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def sniff(text: str) -> str:
    """The format of unnamed input: "html", "jsonl" or "text"."""
    if text.lstrip().startswith("<"):
        return "html"
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        return "jsonl" if isinstance(json.loads(first), dict) else "text"
    except ValueError:
        return "text"


def read_text(text: str, origin: str, published: str | None) -> RawArticle:
    """A plain-text story: the first non-empty line is its headline unless it reads like prose."""
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.strip())
    headline = lines[first].strip()
    rest = "".join(lines[first + 1 :])
    if not rest.strip() or _is_prose(headline):
        return RawArticle(text=text, origin=origin, published=published, format="text")
    return RawArticle(text=rest, title=headline, origin=origin, published=published, format="text")


def _is_prose(line: str) -> bool:
    """A first line that is a paragraph, not a headline: long, or closed by a full stop."""
    return len(line.split()) > HEADLINE_MAX_WORDS or line.endswith(".")


def read_html(html: str | bytes, origin: str, published: str | None) -> RawArticle:
    """The main text and metadata of a web page; menus, footers and comments left out."""
    page = extract_html(html)
    return RawArticle(
        text=page["text"],
        title=page["title"],
        url=page["url"],
        published=normalise_date(page["date"]) or published,
        source=page["sitename"],
        origin=origin,
        format="html",
    )


def extract_html(html: str | bytes) -> dict[str, Any]:
    """Trafilatura's reading of a page, paragraphs separated by blank lines."""
    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=set_date_params(extensive=False),
    )
    paragraphs = _paragraphs(doc.body) if doc is not None and doc.body is not None else []
    title = doc.title if doc is not None else None
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # the page's own headline, already in `title`
    if not paragraphs:
        raise TidingsError("no article text found in HTML")
    return {
        "text": "\n\n".join(paragraphs),
        "title": title,
        "url": doc.url,
        "date": doc.date,
        "sitename": doc.sitename,
    }


def _paragraphs(body: Any) -> list[str]:
    blocks = []
    for element in body:
        parts = element.findall("item") if element.tag == "list" else [element]
        blocks.extend(" ".join("".join(part.itertext()).split()) for part in parts)
    return [b for b in blocks if b]


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def read_records(
    text: str, origin: str, published: str | None
) -> Iterator[RawArticle | IngestFailure]:
    """JSON Lines, one article a line; a broken line fails alone, named "path:LINE"."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            yield read_record(json.loads(line), where, published)
        except ValueError as e:
            yield IngestFailure(where, f"invalid JSON: {e}")
        except TidingsError as e:
            yield IngestFailure(where, str(e))


def read_json(
    text: str, origin: str, published: str | None
) -> Iterator[RawArticle | IngestFailure]:
    """A .json file: one record, a list of records ("path#N"), or JSON Lines after all."""
    try:
        value = json.loads(text)
    except ValueError:
        yield from read_records(text, origin, published)
        return
    if not isinstance(value, list):
        yield read_record(value, origin, published)
        return
    for number, item in enumerate(value, start=1):
        try:
            yield read_record(item, f"{origin}#{number}", published)
        except TidingsError as e:
            yield IngestFailure(f"{origin}#{number}", str(e))


def read_record(record: Any, origin: str, published: str | None) -> RawArticle:
    """One JSON record; its own fields win over what its HTML says."""
    if not isinstance(record, dict):
        raise TidingsError(f"expected a JSON object, got {type(record).__name__}")
    fields = {k: _string(record, k) for k in ("id", "url", "title", "published", "source")}
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and text.strip():
        article = RawArticle(text=text, format="jsonl")
    elif isinstance(html, str) and html.strip():
        article = read_html(html, origin, None)
        article.format = "jsonl"
    else:
        raise TidingsError("record has neither text nor html")
    article.origin = origin
    article.id = fields["id"]
    article.url = fields["url"] or article.url
    article.title = fields["title"] or article.title
    article.source = fields["source"] or article.source
    article.published = normalise_date(fields["published"]) or article.published or published
    return article


def _string(record: dict[str, Any], key: str) -> str | None:
    """A scalar field as a string (ids may be numbers); None when absent or empty."""
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value).strip() or None

"""RSS and Atom feeds: what a feed lists now, asked for conditionally so an unchanged feed
costs the server one short 304 answer.

Feeds in the wild are often slightly broken; feedparser reads what it can, and a feed is
refused only when nothing usable (no entry with a link) comes out of it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import feedparser

from tidings.ingest.fetch import Fetcher, FetchError
from tidings.model import TidingsError


@dataclass
class Entry:
    """One item of a feed: the article's address, headline and date as the feed gives them."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO date


@dataclass
class Poll:
    """One look at a feed; `etag` and `last_modified` are for the next conditional request."""

    url: str
    not_modified: bool
    etag: str | None = None
    last_modified: str | None = None
    entries: list[Entry] = field(default_factory=list)


def poll(fetcher: Fetcher, url: str, etag: str | None = None,
         last_modified: str | None = None) -> Poll:
    """The feed's entries, or `not_modified` when the server says nothing changed since the
    answer that carried `etag`/`last_modified`. Raises FetchError naming the feed."""
    response = fetcher.get(url, etag=etag, last_modified=last_modified)
    if response.not_modified:
        return Poll(url, True, etag, last_modified)
    return Poll(url, False, response.etag, response.last_modified,
                parse(response.data, response.url))


def parse(data: bytes, base_url: str) -> list[Entry]:
    """The entries of an RSS or Atom document, relative links resolved against `base_url`."""
    feed = feedparser.parse(data)
    entries = [_entry(e, base_url) for e in feed.entries if e.get("link")]
    if not entries and (feed.bozo or not feed.version):
        detail = f" ({feed.get('bozo_exception')})" if feed.bozo else ""
        raise FetchError(base_url, f"not a readable RSS or Atom feed{detail}")
    return entries


def _entry(item: Any, base_url: str) -> Entry:
    when = item.get("published_parsed") or item.get("updated_parsed")
    return Entry(url=urljoin(base_url, item["link"].strip()),
                 title=(item.get("title") or "").strip() or None,
                 published=time.strftime("%Y-%m-%d", when) if when else None)


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs from a file, one a line; blank lines and `#` comments are skipped, and
    anything after the URL on its line is a comment too."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TidingsError(f"{path}: cannot read the feed list ({exc})") from exc
    feeds = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        url = line.split()[0]
        if not url.lower().startswith(("http://", "https://")):
            raise TidingsError(f"{path}:{number}: {url!r} is not an http(s) URL")
        if url not in feeds:
            feeds.append(url)
    return feeds

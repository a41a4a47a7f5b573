"""`tidings watch`: poll feeds in rounds and ingest each new article once, ever.

What was fetched lives in the store (`feeds`, `fetched`), so a second run, or a run after a
crash, takes up where the last one stopped. A feed's new ETag/Last-Modified is kept only at
the end of a round in which all its new pages went in: a feed with a failed page is asked in
full next round, and the page tried again until it has failed `PAGE_ATTEMPTS` times.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tidings.ingest import IngestFailure, read_url
from tidings.ingest.feeds import poll
from tidings.ingest.fetch import Fetcher, FetchError
from tidings.model import Analysis, RawArticle, TidingsError
from tidings.pipeline import Pipeline
from tidings.run import Report, ingest_articles
from tidings.store import Store

PAGE_ATTEMPTS = 3
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


@dataclass
class RoundReport(Report):
    """One round: the ingest report, and what the feeds said."""

    round: int = 0
    feeds: int = 0
    unchanged: int = 0  # feeds that answered 304 Not Modified
    new_pages: int = 0  # links not ingested before, fetched this round


def parse_duration(text: str) -> float:
    """Seconds in "30s", "15m", "1h", "1h30m" or a plain number of seconds."""
    text = text.strip().lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        seconds = float(text)
    elif text and re.fullmatch(f"(?:{_DURATION.pattern})+", text):
        seconds = sum(float(n) * _UNITS[unit] for n, unit in _DURATION.findall(text))
    else:
        raise TidingsError(f"{text!r} is not a duration (e.g. 30s, 15m, 1h)")
    if seconds <= 0:
        raise TidingsError(f"{text!r}: the duration must be more than zero")
    return seconds


def watch(feeds: list[str], db: str | Path = "tidings.duckdb", every: float = 900.0,
          rounds: int | None = None, fetcher: Fetcher | None = None,
          pipeline: Pipeline | None = None,
          on_round: Callable[[RoundReport], None] | None = None,
          on_error: Callable[[str, str], None] | None = None,
          on_article: Callable[[Analysis], None] | None = None) -> int:
    """Poll `feeds` every `every` seconds (from the start of one round to the next) and ingest
    new articles into `db`; `rounds` None runs until Ctrl-C, which ends the wait between
    rounds cleanly. The store is open only during a round, so others can read it in between.
    Returns the number of rounds run."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    done = 0
    try:
        while rounds is None or done < rounds:
            started = time.monotonic()
            with Store(db) as store:
                report = watch_round(feeds, store, fetcher, pipeline, on_error, on_article)
            done += 1
            report.round = done
            if on_round:
                on_round(report)
            if rounds is not None and done >= rounds:
                break
            try:
                time.sleep(max(0.0, started + every - time.monotonic()))
            except KeyboardInterrupt:
                break
    finally:
        if own:
            fetcher.close()
    return done


def watch_round(feeds: list[str], store: Store, fetcher: Fetcher,
                pipeline: Pipeline | None = None,
                on_error: Callable[[str, str], None] | None = None,
                on_article: Callable[[Analysis], None] | None = None) -> RoundReport:
    """Poll every feed once, fetch the pages not ingested before and ingest them; a failing
    feed or page is reported and the round goes on."""
    report = RoundReport()
    source: dict[str, str] = {}  # page link -> the feed that listed it
    validators: dict[str, tuple[str | None, str | None, str]] = {}  # feed -> etag, lm, status

    def failed(url: str, reason: str) -> None:
        if on_error:
            on_error(url, reason)
        if url in source:
            store.record_page(url, None, reason)
            validators[source[url]] = (None, None, f"a page failed: {url}")  # ask in full

    def fail(url: str, reason: str) -> None:
        report.failures.append((url, reason))
        failed(url, reason)

    def pages() -> Iterator[RawArticle]:
        for feed in feeds:
            report.feeds += 1
            etag, modified = store.feed_validators(feed)
            try:
                polled = poll(fetcher, feed, etag, modified)
            except FetchError as exc:
                store.record_feed(feed, etag, modified, exc.reason)
                fail(feed, exc.reason)
                continue
            report.unchanged += polled.not_modified
            validators[feed] = (polled.etag, polled.last_modified,
                                "not modified" if polled.not_modified else "ok")
            for entry in polled.entries:
                if entry.url in source or store.page_done(entry.url, PAGE_ATTEMPTS):
                    continue
                source[entry.url] = feed
                report.new_pages += 1
                for item in read_url(entry.url, entry.published, fetcher):
                    if isinstance(item, IngestFailure):
                        fail(entry.url, item.error)
                    elif isinstance(item, RawArticle):
                        known = item.url != entry.url and store.ingested(item.url or "")
                        if known:  # the link redirects to a page ingested before
                            store.record_page(entry.url, known)
                            continue
                        item.title = item.title or entry.title
                        yield item

    def saved(analysis: Analysis) -> None:
        for url in {analysis.origin, analysis.url} - {None}:
            store.record_page(url, analysis.article_id)
        if on_article:
            on_article(analysis)

    ingest_articles(pages(), store, pipeline, saved, failed, report)
    for feed, (etag, modified, status) in validators.items():
        store.record_feed(feed, etag, modified, status)
    return report

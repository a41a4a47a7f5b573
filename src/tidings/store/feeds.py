"""What `tidings watch` remembers between rounds and runs: each feed's validators for
conditional requests, and each page it fetched, so that no URL is ever ingested twice."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

INGESTED = "ingested"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class FeedState:
    """Store methods over the `feeds` and `fetched` tables (mixed into `Store`)."""

    _con: duckdb.DuckDBPyConnection

    def feed_validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified of the feed's last full answer (None, None if none)."""
        rows = self._con.execute(
            "SELECT etag, last_modified FROM feeds WHERE url = ?", [url]).fetchall()
        return rows[0] if rows else (None, None)

    def record_feed(self, url: str, etag: str | None, last_modified: str | None,
                    status: str) -> None:
        self._con.execute(
            "INSERT OR REPLACE INTO feeds VALUES (?, ?, ?, ?, ?)",
            [url, etag, last_modified, _now(), status])

    def page_done(self, url: str, max_attempts: int) -> bool:
        """Whether a page needs no more fetching: ingested, or failed `max_attempts` times."""
        rows = self._con.execute(
            "SELECT status = ? OR attempts >= ? FROM fetched WHERE url = ?",
            [INGESTED, max_attempts, url]).fetchall()
        return bool(rows and rows[0][0])

    def ingested(self, url: str) -> str | None:
        """The id of the article ingested from `url`; None if none was."""
        rows = self._con.execute("SELECT article_id FROM fetched WHERE url = ? AND status = ?",
                                 [url, INGESTED]).fetchall()
        return rows[0][0] if rows else None

    def record_page(self, url: str, article_id: str | None, status: str = INGESTED) -> None:
        """A fetch of `url`: `status` is "ingested" or what went wrong; attempts are counted."""
        self._con.execute(
            "INSERT INTO fetched VALUES (?, ?, ?, ?, 1) ON CONFLICT (url) DO UPDATE SET"
            " article_id = excluded.article_id, fetched_at = excluded.fetched_at,"
            " status = excluded.status, attempts = attempts + 1",
            [url, article_id, _now(), status])

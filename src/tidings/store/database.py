"""The embedded DuckDB store: one article per transaction, queries in the CLI's JSON shapes."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

import duckdb
import numpy as np
import pyarrow as pa

from tidings.model import Analysis, TidingsError
from tidings.store.feeds import FeedState
from tidings.store.queries import Queries, plain, records
from tidings.store.rows import ARTICLE_TABLES, Row, actor_rows, article_rows

if TYPE_CHECKING:  # the stories stage (and its MinHash library) loads only when used
    from tidings.stories import CanonicalEvent, Changes, Member

SCHEMA_VERSION = "1"


class EventFilters(TypedDict, total=False):
    """The filters of `tidings events`, shared by every event query."""

    actor: str | None
    country: str | None
    plover: str | None
    cameo: str | None
    since: str | None
    until: str | None
    article: str | None
    quad: int | None
    text: str | None
    id: str | None
    limit: int | None
    offset: int
    sort: str | None


TABLES = (*ARTICLE_TABLES, "actors")
_ROWS_VIEW = "_tidings_rows"

# Event actors as lists of structs per side, in their original order.
_ACTOR_STRUCT = (
    "{'name': name, 'kb_id': kb_id, 'country': country, 'sector': sector,"
    " 'text': text, 'start': \"start\", 'end': \"end\", 'role': office}"
)
# The JSON shape is built only for the events `chosen` selects (filtered, and sorted and paged
# when asked), so a page of 100 costs the actor lists of 100 events, not of the whole store.
_EVENTS_SQL = f"""
WITH chosen AS MATERIALIZED ({{chosen}}),
sides AS (
    SELECT event_id, role, list({_ACTOR_STRUCT} ORDER BY idx) AS actors
    FROM event_actors WHERE event_id IN (SELECT id FROM chosen) GROUP BY event_id, role
)
SELECT e.id, e.article_id, e.sentence, e.text, e.date, e.date_precision, e.date_source,
    coalesce(s.actors, []) AS source, coalesce(t.actors, []) AS target,
    e.cameo, e.cameo_root, e.quad_class, e.goldstein, e.plover, e.plover_mode,
    e.negated, e.modality,
    CASE WHEN e.loc_name IS NULL THEN NULL ELSE {{
        'name': e.loc_name, 'geonames_id': e.loc_geonames_id, 'country': e.loc_country,
        'admin1': e.loc_admin1, 'lat': e.loc_lat, 'lon': e.loc_lon}} END AS location,
    {{'text': e.trigger_text, 'start': e.trigger_start, 'end': e.trigger_end}} AS trigger,
    e.rule, a.url, a.title
FROM chosen c
JOIN events e ON e.id = c.id
JOIN articles a ON a.id = e.article_id
LEFT JOIN sides s ON s.event_id = e.id AND s.role = 'source'
LEFT JOIN sides t ON t.event_id = e.id AND t.role = 'target'
"""
EVENT_ORDER = "date, article_id, sentence, id"
# The rows of the events table (and their article's title) the filters select.
_CHOSEN_SQL = """SELECT * FROM (SELECT e.*, a.title FROM events e
JOIN articles a ON a.id = e.article_id{where})"""

# One WHERE fragment per filter; each reads only its own named parameter.
_ANY_ACTOR = "EXISTS (SELECT 1 FROM event_actors x WHERE x.event_id = e.id AND ({}))"
_ACTOR_IN_COUNTRY = _ANY_ACTOR.format("x.country = upper($country)")
_FILTERS = {
    "actor": _ANY_ACTOR.format(
        "x.kb_id = $actor OR contains(lower(x.name), lower($actor))"
        " OR contains(lower(x.text), lower($actor))"
    ),
    "country": f"(e.loc_country = upper($country) OR {_ACTOR_IN_COUNTRY})",
    "plover": "lower(e.plover) = lower($plover)",
    "cameo": "starts_with(e.cameo, $cameo)",
    "since": "e.date >= $since",
    "until": "e.date <= $until",
    "article": "e.article_id = $article",
    "quad": "e.quad_class = $quad",
    "text": "contains(lower(e.text), lower($text))",
    "id": "e.id = $id",
}
# `sort` values: a column, "-column" for descending; ties keep the default order.
SORTS = ("date", "cameo", "plover", "goldstein", "quad_class", "article_id", "title")

_ARTICLE_SQL = """
SELECT id, title, url, published, publisher, agency, cited_sources, origin, text, language,
    CASE WHEN tone IS NULL THEN NULL ELSE {'tone': tone, 'positive': positive,
        'negative': negative, 'polarity': polarity, 'word_count': word_count} END AS tone,
    warnings
FROM articles WHERE id = $id
"""
_QUOTES_SQL = """
SELECT CASE WHEN speaker_name IS NULL THEN NULL ELSE {'name': speaker_name,
        'kb_id': speaker_kb_id, 'country': speaker_country, 'sector': speaker_sector,
        'text': speaker_mention, 'start': speaker_start, 'end': speaker_end} END AS speaker,
    speaker_text, text, cue, "start", "end", direct, sentence, rule
FROM quotes WHERE article_id = $id ORDER BY idx
"""
# `show` keys read straight from a table: (table, storage-only columns, order).
_CHILDREN = {
    "dropped": ("dropped_lines", "article_id", "line_no"),
    "mentions": ("mentions", "article_id, idx", "idx"),
    "places": ("places", "article_id, idx", "idx"),
    "times": ("times", "article_id, idx", "idx"),
}
_ARTICLES_SQL = """
SELECT a.id, a.title, a.url, a.published, a.publisher, a.agency,
    (SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events,
    (SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes
FROM articles a ORDER BY a.published NULLS LAST, a.id
"""

_STORIES_SQL = """
SELECT s.id, s.first_date, s.last_date, s.articles, s.articles - s.copy_groups AS copies,
    s.sources, arg_min(a.title, coalesce(m.day, DATE '9999-12-31')) AS title,
    list({{'article_id': m.article_id, 'url': a.url, 'title': a.title, 'published':
        a.published, 'source': m.source, 'copy_of': m.copy_of, 'similarity': m.similarity}}
        ORDER BY m.day, m.article_id) AS members
FROM stories s
JOIN story_members m ON m.story_id = s.id
LEFT JOIN articles a ON a.id = m.article_id
{where}
GROUP BY ALL
ORDER BY s.articles DESC, s.last_date DESC, s.id
"""


@cache
def _pipeline_version() -> str:
    """The installed tidings version, recorded so old rows can be told from new ones."""
    try:
        return metadata.version("tidings")
    except metadata.PackageNotFoundError:
        return "unknown"


class Store(Queries, FeedState):
    """A DuckDB file holding analysed articles; the schema is created on first open."""

    def __init__(self, path: str | Path = "tidings.duckdb", read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and not self.path.exists():
            raise TidingsError(f"no tidings store at {self.path}")
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise TidingsError(f"cannot open store {self.path}: {exc}") from exc
        self._schemas: dict[str, pa.Schema] = {}
        try:
            self._check_schema(create=not read_only)
        except BaseException:
            self._con.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def cursor(self) -> Store:
        """Another handle on this open store for another thread: DuckDB wants one cursor
        per thread, and each sees what the others commit."""
        other = object.__new__(Store)
        other.path, other._con, other._schemas = self.path, self._con.cursor(), {}
        return other

    def _check_schema(self, create: bool) -> None:
        """Create the tables if missing, and refuse a store written by another schema version."""
        if create:
            schema = resources.files(__package__).joinpath("schema.sql").read_text("utf-8")
            with self._transaction():
                self._con.execute(schema)
                self._con.execute(
                    "INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
                    [SCHEMA_VERSION],
                )
        try:
            rows = self._con.execute(
                "SELECT value FROM meta WHERE key = 'schema_version'"
            ).fetchall()  # fetchone() would leave the result open (DuckDB 2)
        except duckdb.CatalogException as exc:
            raise TidingsError(f"{self.path} is not a tidings store") from exc
        found = rows[0] if rows else None
        if found is None or found[0] != SCHEMA_VERSION:
            version = found and found[0]
            raise TidingsError(
                f"{self.path} has schema version {version}, this tidings needs {SCHEMA_VERSION}"
            )

    # --- writing -------------------------------------------------------------------------

    def save(self, analysis: Analysis) -> None:
        """Store one article, replacing any earlier version of it, all or nothing."""
        self.save_many([analysis])

    def save_many(self, analyses: Iterable[Analysis], batch: int = 500) -> int:
        """Store many articles, `batch` per transaction; returns how many were saved."""
        pending: dict[str, Analysis] = {}
        saved = 0
        for analysis in analyses:
            pending.pop(analysis.article_id, None)  # within a batch the last version wins
            pending[analysis.article_id] = analysis
            if len(pending) >= batch:
                saved += self._write(list(pending.values()))
                pending.clear()
        if pending:
            saved += self._write(list(pending.values()))
        return saved

    def _write(self, analyses: list[Analysis]) -> int:
        ids = [a.article_id for a in analyses]
        now = datetime.now(UTC).replace(tzinfo=None)
        version = _pipeline_version()
        try:
            with self._transaction():
                for table in ARTICLE_TABLES:
                    key = "id" if table == "articles" else "article_id"
                    self._con.execute(
                        f"DELETE FROM {table} WHERE {key} IN (SELECT unnest($ids))", {"ids": ids}
                    )
                per_table: dict[str, list[Row]] = {t: [] for t in ARTICLE_TABLES}
                for analysis in analyses:
                    for table, rows in article_rows(analysis, now, version).items():
                        per_table[table].extend(rows)
                for table, rows in per_table.items():
                    self._insert(table, rows)
                self._insert(
                    "actors",
                    actor_rows(analyses),
                    " ON CONFLICT (kb_id) DO UPDATE SET name = excluded.name,"
                    " country = excluded.country, sector = excluded.sector",
                )
        except (duckdb.Error, pa.ArrowException, TypeError, ValueError, OverflowError) as exc:
            shown = ", ".join(ids[:3]) + (", …" if len(ids) > 3 else "")
            raise TidingsError(f"cannot save article {shown}: {exc}") from exc
        return len(analyses)

    def _insert(self, table: str, rows: list[Row], conflict: str = "") -> None:
        """Insert rows through an Arrow table typed like the DuckDB table: one statement."""
        if not rows:
            return
        if table not in self._schemas:
            self._schemas[table] = (
                self._con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
            )
        data = pa.Table.from_pylist(rows, schema=self._schemas[table])
        self._con.register(_ROWS_VIEW, data)
        try:
            self._con.execute(f"INSERT INTO {table} SELECT * FROM {_ROWS_VIEW}{conflict}")
        finally:
            self._con.unregister(_ROWS_VIEW)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN … COMMIT, or ROLLBACK on any exception, so a failed save changes nothing."""
        self._con.begin()
        try:
            yield
        except BaseException:
            self._con.rollback()
            raise
        self._con.commit()

    # --- reading -------------------------------------------------------------------------

    def sql(
        self, query: str, params: list[Any] | dict[str, Any] | None = None
    ) -> duckdb.DuckDBPyRelation:
        """Any SQL over the store, as a relation (`.df()`, `.to_arrow_table()`, `.pl()`)."""
        return self._con.sql(query, params=params)

    def events_relation(
        self,
        actor: str | None = None,
        country: str | None = None,
        plover: str | None = None,
        cameo: str | None = None,
        since: str | None = None,
        until: str | None = None,
        article: str | None = None,
        quad: int | None = None,
        text: str | None = None,
        id: str | None = None,  # noqa: A002 - the filter's name
        limit: int | None = None,
        offset: int = 0,
        sort: str | None = None,
        rows_only: bool = False,
    ) -> duckdb.DuckDBPyRelation:
        """Events in the JSON shape, filtered like `tidings events`, as a lazy relation
        (`rows_only`: the flat rows of the events table instead, see `event_rows`)."""
        params: dict[str, Any] = {
            "actor": actor,
            "country": country,
            "plover": plover,
            "cameo": cameo,
            "since": since and _bound(since, last=False),
            "until": until and _bound(until, last=True),
            "article": article and (self._resolve_id(article) or article),
            "quad": quad,
            "text": text,
            "id": id,
        }
        params = {k: v for k, v in params.items() if v not in (None, "")}
        where = " AND ".join(_FILTERS[k] for k in params)
        order = f"{_order(sort)}{EVENT_ORDER}"
        chosen = _CHOSEN_SQL.format(where=f"\nWHERE {where}" if where else "")
        if limit is not None or offset:
            chosen = _page(f"{chosen} ORDER BY {order}", params, limit, offset)
        if rows_only:
            return self._con.sql(chosen, params=params)
        shaped = _EVENTS_SQL.replace("{chosen}", chosen)
        query = f"SELECT * FROM ({shaped}) ORDER BY {order}"
        return self._con.sql(query, params=params)

    def count_events(self, **filters: Unpack[EventFilters]) -> int:
        """How many events the filters select (for paging)."""
        for key in ("limit", "offset", "sort"):
            filters.pop(key, None)  # type: ignore[misc]
        return self.event_rows(**filters).aggregate("count(*)").fetchall()[0][0]

    def event_rows(self, **filters: Unpack[EventFilters]) -> duckdb.DuckDBPyRelation:
        """The rows of the events table the filters select, with their article's title: the
        flat columns without the actor lists, far cheaper for counts and aggregates."""
        return self.events_relation(**filters, rows_only=True)

    def events(self, **filters: Unpack[EventFilters]) -> list[dict[str, Any]]:
        """Events as JSON-ready dicts; filters as in `events_relation`."""
        return records(self.events_relation(**filters))

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article with everything found in it (`tidings show`); a unique id prefix will do."""
        aid = self._resolve_id(article_id)
        if aid is None:
            return None
        params = {"id": aid}
        (record,) = records(self._con.sql(_ARTICLE_SQL, params=params))
        warnings = record.pop("warnings")
        for key, (table, storage, order) in _CHILDREN.items():
            query = (
                f"SELECT * EXCLUDE ({storage}) FROM {table} WHERE article_id = $id ORDER BY {order}"
            )
            record[key] = records(self._con.sql(query, params=params))
        record["quotes"] = records(self._con.sql(_QUOTES_SQL, params=params))
        record["events"] = self.events(article=aid)
        record["warnings"] = warnings
        return record

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Stored articles with their event and quote counts, oldest first."""
        params: dict[str, Any] = {}
        return records(self._con.sql(_page(_ARTICLES_SQL, params, limit, offset),
                                     params=params))

    def stats(self) -> dict[str, Any]:
        """Rows per table and the span of event dates."""
        counts = {t: self._con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                  for t in TABLES}
        ((first, last),) = self._con.execute("SELECT min(date), max(date) FROM events").fetchall()
        return {
            "schema_version": SCHEMA_VERSION,
            "counts": counts,
            "dates": {"first": plain(first), "last": plain(last)},
        }

    # --- stories ---------------------------------------------------------------------------

    def placed(self, article_ids: Iterable[str]) -> set[str]:
        """Those of `article_ids` already placed in a story."""
        rows = self._con.execute(
            "SELECT article_id FROM story_members WHERE article_id IN (SELECT unnest($ids))",
            {"ids": list(article_ids)}).fetchall()
        return {r[0] for r in rows}

    def open_window(self, days: int) -> tuple[list[Member], list[CanonicalEvent]]:
        """The stories still open (last article within 2 × `days` of the newest) with their
        members, oldest first, and canonical events, for `StoryIndex.restore`."""
        newest = self._con.execute("SELECT max(last_date) FROM stories").fetchall()[0][0]
        if newest is None:
            return [], []
        try:
            since = newest - timedelta(days=2 * days)
        except OverflowError:  # a story dated in the calendar's first days
            since = date.min
        return self.stories_between(since, newest)

    def stories_between(self, since: date, until: date
                        ) -> tuple[list[Member], list[CanonicalEvent]]:
        """Stories running at some point between two dates, as `open_window` gives them."""
        from tidings.stories import CanonicalEvent, Member
        from tidings.stories.copies import NUM_PERM, Fingerprint, fingerprint

        params = {"since": since, "until": until}
        open_ids = "SELECT id FROM stories WHERE last_date >= $since AND first_date <= $until"
        # a signature made with other MinHash settings (an older version) is made anew
        members = [
            Member(aid, sid, day, source, None, None, dict(features or {}),
                   fingerprint(text) if text is not None else
                   Fingerprint(text_hash, np.array(signature, dtype=np.uint64), shingles),
                   copy_of, similarity)
            for aid, sid, copy_of, similarity, day, source, text_hash, signature, shingles,
            features, text in self._con.execute(
                "SELECT m.*, CASE WHEN len(m.signature) <> $perm THEN coalesce(a.text, '') END"
                f" FROM story_members m LEFT JOIN articles a ON a.id = m.article_id "
                f"WHERE m.story_id IN ({open_ids}) ORDER BY m.day, m.rowid",
                {**params, "perm": NUM_PERM}).fetchall()]
        mentions: dict[str, list[tuple[str, str]]] = {}
        for event_id, cid, aid in self._con.execute(
                f"SELECT m.* FROM event_mentions m JOIN canonical_events c ON c.id = "
                f"m.canonical_id WHERE c.story_id IN ({open_ids}) ORDER BY m.rowid",
                params).fetchall():
            mentions.setdefault(cid, []).append((event_id, aid))
        events = [
            CanonicalEvent(cid, sid, day, precision, tuple(src), tuple(tgt), cameo, root,
                           plover, country, mentions.get(cid, []), set(sources), set(groups))
            for (cid, sid, day, precision, src, tgt, cameo, root, plover, country, _, _, _, _,
                 sources, groups) in self._con.execute(
                f"SELECT * FROM canonical_events WHERE story_id IN ({open_ids})",
                params).fetchall()]
        return members, events

    def save_stories(self, changes: Changes) -> None:
        """Write what a `StoryIndex.flush` returned, all or nothing."""
        stories = [{"id": st.id, "first_date": st.first, "last_date": st.last, **counts}
                   for st, counts in changes.stories]
        members = [{"article_id": m.article_id, "story_id": m.story_id, "copy_of": m.copy_of,
                    "similarity": m.similarity, "day": m.day, "source": m.source,
                    "text_hash": m.fingerprint.text_hash,
                    "signature": m.fingerprint.signature.tolist(),
                    "shingles": m.fingerprint.shingles,
                    "features": list(m.features.items())}
                   for m in changes.members]
        events = [{"id": e.id, "story_id": e.story_id, "date": e.date,
                   "date_precision": e.date_precision, "source_key": list(e.source_key),
                   "target_key": list(e.target_key), "cameo": e.cameo,
                   "cameo_root": e.cameo_root, "plover": e.plover, "country": e.country,
                   "num_mentions": e.num_mentions, "num_sources": e.num_sources,
                   "num_articles": e.num_articles, "confidence": e.confidence,
                   "sources": sorted(e.sources), "copy_groups": sorted(e.copy_groups)}
                  for e in changes.events]
        mentions = [{"event_id": ev, "canonical_id": cid, "article_id": aid}
                    for cid, ev, aid in changes.mentions]
        try:
            with self._transaction():
                self._con.execute("DELETE FROM stories WHERE id IN (SELECT unnest($ids))",
                                  {"ids": changes.removed})
                self._insert("stories", stories, " ON CONFLICT (id) DO UPDATE SET "
                             "first_date = excluded.first_date, last_date = excluded.last_date,"
                             " articles = excluded.articles, copy_groups = "
                             "excluded.copy_groups, sources = excluded.sources")
                self._insert("story_members", members, " ON CONFLICT (article_id) DO UPDATE "
                             "SET story_id = excluded.story_id")
                self._con.execute("DELETE FROM canonical_events WHERE id IN "
                                  "(SELECT unnest($ids))", {"ids": [e["id"] for e in events]})
                self._insert("canonical_events", events)
                self._insert("event_mentions", mentions, " ON CONFLICT DO NOTHING")
        except (duckdb.Error, pa.ArrowException, TypeError, ValueError) as exc:
            raise TidingsError(f"cannot save stories: {exc}") from exc

    def stories(self, since: str | None = None, until: str | None = None,
                limit: int | None = None) -> list[dict[str, Any]]:
        """Stories, largest first, each with its member articles (ids, URLs, copies)."""
        params: dict[str, Any] = {}
        where = []
        if since:
            where.append("s.last_date >= $since")
            params["since"] = _bound(since, last=False)
        if until:
            where.append("s.first_date <= $until")
            params["until"] = _bound(until, last=True)
        query = _STORIES_SQL.format(where=("WHERE " + " AND ".join(where)) if where else "")
        if limit is not None:
            query += " LIMIT $limit"
            params["limit"] = _count(limit, "limit")
        return records(self._con.sql(query, params=params))

    def canonical_events(self, **filters: Unpack[EventFilters]) -> list[dict[str, Any]]:
        """One record per real-world event: its first mention's fields (as `events`) plus
        GDELT's counts, a confidence, and every mention. Filters select mentions."""
        limit = filters.pop("limit", None)
        offset = filters.pop("offset", 0)
        events = self.events(**filters)
        canonical = {row[0]: row[1:] for row in self._con.execute(
            "SELECT m.event_id, c.id, c.story_id, c.num_mentions, c.num_sources, "
            "c.num_articles, c.confidence FROM event_mentions m JOIN canonical_events c ON "
            "c.id = m.canonical_id WHERE m.event_id IN (SELECT unnest($ids))",
            {"ids": [e["id"] for e in events]}).fetchall()}
        out: dict[str, dict[str, Any]] = {}
        for e in events:
            cid, story, mentions, sources, articles, confidence = canonical.get(
                e["id"], (f"event:{e['id']}", None, 1, 1, 1, 0.5))
            record = out.setdefault(cid, {
                "canonical_id": cid, "story_id": story, **e, "num_mentions": mentions,
                "num_sources": sources, "num_articles": articles, "confidence": confidence,
                "mentions": []})
            record["mentions"].append({"event_id": e["id"], "article_id": e["article_id"]})
        found = list(out.values())[offset:]
        return found if limit is None else found[:_count(limit, "limit")]

    def _resolve_id(self, prefix: str) -> str | None:
        """The article id `prefix` stands for: itself if stored, else the one id it begins."""
        found = self._con.execute(
            "SELECT id FROM articles WHERE starts_with(id, $p) ORDER BY id = $p DESC, id LIMIT 3",
            {"p": prefix},
        ).fetchall()
        if not found:
            return None
        if found[0][0] == prefix or len(found) == 1:
            return found[0][0]
        shown = ", ".join(r[0] for r in found[:2])
        raise TidingsError(f"article id prefix {prefix!r} is ambiguous: {shown}, …")


def _bound(value: str, last: bool) -> date:
    """A date bound from YYYY, YYYY-MM or YYYY-MM-DD; an upper bound covers the whole period."""
    try:
        parts = [int(p) for p in value.split("-")]
        if len(parts) == 3:
            return date.fromisoformat(value)
        if len(parts) == 2:
            year, month = parts
            return date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        if len(parts) == 1:
            return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)
    except ValueError:
        pass
    raise TidingsError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")


def _order(sort: str | None) -> str:
    """The ORDER BY prefix for a `sort` value; anything but a known column is refused."""
    if not sort:
        return ""
    column = sort.lstrip("-")
    if column not in SORTS:
        raise TidingsError(f"cannot sort by {sort!r}; sort by one of {', '.join(SORTS)}"
                           " (prefix - for descending)")
    return f"{column} {'DESC' if sort.startswith('-') else 'ASC'} NULLS LAST, "


def _page(query: str, params: dict[str, Any], limit: int | None, offset: int) -> str:
    """`query` with LIMIT and OFFSET, their values checked and added to `params`."""
    if limit is not None:
        query += " LIMIT $limit"
        params["limit"] = _count(limit, "limit")
    if offset:
        query += " OFFSET $offset"
        params["offset"] = _count(offset, "offset")
    return query


def _count(value: int, what: str) -> int:
    if not isinstance(value, int) or value < 0:
        raise TidingsError(f"{what} must be a non-negative integer, not {value!r}")
    return value

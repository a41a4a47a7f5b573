"""The analyst's questions over the store: actors, dyads, quotes, search.

Mixed into `Store`; every query is parameterised, and each answers in plain JSON-ready
records, as `tidings serve` returns them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from tidings.model import TidingsError

PERIODS = ("day", "week", "month", "year")

# An actor is a kb id, or a country code standing for everyone of that country.
_ACTOR_KEY = "coalesce(x.kb_id, x.country)"
_ACTORS_SQL = f"""
SELECT {_ACTOR_KEY} AS id, any_value(coalesce(k.name, x.name)) AS name,
    any_value(x.country) AS country, mode(x.sector) AS sector, count(DISTINCT x.event_id) AS events
FROM event_actors x LEFT JOIN actors k USING (kb_id)
WHERE {_ACTOR_KEY} IS NOT NULL {{where}}
GROUP BY 1 ORDER BY events DESC, id LIMIT $limit OFFSET $offset
"""
_SIDE_OF = """
SELECT DISTINCT event_id, role FROM event_actors WHERE kb_id = $id
    OR (kb_id IS NULL AND country = $id) OR ($country AND country = $id)
"""
_DYAD_SQL = """
WITH a AS (SELECT DISTINCT event_id, role FROM event_actors WHERE kb_id = $a OR country = $a),
     b AS (SELECT DISTINCT event_id, role FROM event_actors WHERE kb_id = $b OR country = $b)
SELECT strftime(date_trunc($by, e.date), '%Y-%m-%d') AS period,
    CASE WHEN a.role = 'source' THEN 'a_to_b' ELSE 'b_to_a' END AS direction,
    e.quad_class, count(*) AS events, round(sum(e.goldstein), 2) AS goldstein,
    list(e.id ORDER BY e.date, e.id)[1:20] AS event_ids
FROM events e JOIN a ON a.event_id = e.id JOIN b ON b.event_id = e.id AND b.role <> a.role
WHERE e.date IS NOT NULL
GROUP BY ALL ORDER BY period, direction, e.quad_class
"""
_QUOTES_SQL = """
SELECT q.article_id, a.title, a.published, q.text, q.direct, q.cue, q.speaker_name,
    q.speaker_kb_id, q.speaker_country, q.speaker_text, q."start", q."end", q.rule
FROM quotes q JOIN articles a ON a.id = q.article_id
WHERE ($speaker IS NULL OR q.speaker_kb_id = $speaker
       OR contains(lower(q.speaker_name), lower($speaker)))
ORDER BY a.published DESC NULLS LAST, q.article_id, q.idx LIMIT $limit OFFSET $offset
"""
_SEARCH_SQL = """
SELECT id, title, url, published, publisher,
    substr(text, greatest(1, strpos(lower(text), lower($q)) - 80), 220) AS snippet
FROM articles
WHERE contains(lower(text), lower($q)) OR contains(lower(coalesce(title, '')), lower($q))
ORDER BY published DESC NULLS LAST, id LIMIT $limit OFFSET $offset
"""


def _period(by: str) -> str:
    if by not in PERIODS:
        raise TidingsError(f"period {by!r}: use one of {', '.join(PERIODS)}")
    return by


def plain(value: Any) -> Any:
    """Dates as ISO strings, so records serialise to JSON as they are."""
    return value.isoformat() if isinstance(value, date) else value


def records(rel: duckdb.DuckDBPyRelation) -> list[dict[str, Any]]:
    columns = rel.columns
    return [{c: plain(v) for c, v in zip(columns, row, strict=True)} for row in rel.fetchall()]


class Queries:
    """Analyst queries; `self._con` is the store's DuckDB connection."""

    _con: duckdb.DuckDBPyConnection

    def actors(self, q: str | None = None, limit: int = 50, offset: int = 0
               ) -> list[dict[str, Any]]:
        """Actors that take part in events, most active first; `q` matches name or id."""
        where = ("AND (contains(lower(coalesce(k.name, x.name)), lower($q)) "
                 f"OR lower({_ACTOR_KEY}) = lower($q))") if q else ""
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if q:
            params["q"] = q
        return records(self._con.sql(_ACTORS_SQL.format(where=where), params=params))

    def actor(self, actor_id: str) -> dict[str, Any] | None:
        """One actor: event counts by type, its counterparts, the quotes it spoke.

        A country code stands for the country and everyone of it."""
        country = len(actor_id) == 3 and actor_id.isupper()
        params = {"id": actor_id, "country": country}
        found = self._con.sql(
            "SELECT any_value(coalesce(k.name, x.name)), any_value(x.country), "
            "mode(x.sector) FROM event_actors x LEFT JOIN actors k USING (kb_id) "
            "WHERE x.kb_id = $id OR ($country AND x.country = $id)", params=params).fetchall()
        if not found or found[0][0] is None:
            return None
        name, home, sector = found[0]
        sides = f"({_SIDE_OF})"
        by_type = records(self._con.sql(
            f"SELECT s.role, e.plover, e.quad_class, count(*) AS events FROM {sides} s "
            "JOIN events e ON e.id = s.event_id GROUP BY ALL ORDER BY events DESC",
            params=params))
        counterparts = records(self._con.sql(
            f"SELECT {_ACTOR_KEY} AS id, any_value(x.name) AS name, any_value(x.country) "
            "AS country, count(DISTINCT x.event_id) AS events, list(DISTINCT e.plover) "
            f"FILTER (WHERE e.plover IS NOT NULL) AS types FROM {sides} s JOIN event_actors x "
            "ON x.event_id = s.event_id AND x.role <> s.role JOIN events e ON e.id = s.event_id"
            f" WHERE {_ACTOR_KEY} IS NOT NULL AND {_ACTOR_KEY} <> $id GROUP BY 1 "
            "ORDER BY events DESC, id LIMIT 50", params=params))
        quotes = self._con.sql("SELECT count(*) FROM quotes WHERE speaker_kb_id = $id",
                               params={"id": actor_id}).fetchall()[0][0]
        return {"id": actor_id, "name": name, "country": home, "sector": sector,
                "events_by_type": by_type, "counterparts": counterparts, "quotes": quotes}

    def dyad(self, a: str, b: str, by: str = "month") -> list[dict[str, Any]]:
        """How `a` and `b` (kb ids or country codes) treat each other: events, and their
        Goldstein sum, per period, direction and quad class."""
        return records(self._con.sql(_DYAD_SQL, params={"a": a, "b": b, "by": _period(by)}))

    def timeline(self, by: str = "month", **filters: Any) -> list[dict[str, Any]]:
        """Dated events per period, filtered like `events` (the explorer's chart)."""
        unit = _period(by)  # one of PERIODS, so it may stand in the SQL text
        rows = self.event_rows(**filters).query(  # type: ignore[attr-defined]
            "ev", f"SELECT strftime(date_trunc('{unit}', date), '%Y-%m-%d') AS period, "
            "count(*) AS events FROM ev WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1")
        return records(rows)

    def quotes(self, speaker: str | None = None, limit: int = 50, offset: int = 0
               ) -> list[dict[str, Any]]:
        """Quotes, newest first; `speaker` is a kb id or part of a name."""
        return records(self._con.sql(_QUOTES_SQL, params={
            "speaker": speaker, "limit": limit, "offset": offset}))

    def search(self, q: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Articles whose title or text contains `q`, with a snippet around it."""
        if not q.strip():
            raise TidingsError("search: give a non-empty q")
        return records(self._con.sql(_SEARCH_SQL, params={
            "q": q.strip(), "limit": limit, "offset": offset}))

"""Events out of the store: JSON lines, CSV, Parquet, GDELT 2.0 event rows, PLOVER JSON."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, TextIO

import duckdb
import pyarrow.parquet as pq

from tidings.data import load_tsv
from tidings.model import TidingsError
from tidings.store.database import EVENT_ORDER, Store

GDELT_COLUMNS = (
    "GlobalEventID",
    "Day",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"{actor}{field}"
        for actor in ("Actor1", "Actor2")
        for field in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{geo}Geo_{field}"
        for geo in ("Actor1", "Actor2", "Action")
        for field in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    ),
    "DATEADDED",
    "SOURCEURL",
)

# GDELT geo types; a place's `feature` decides between city and first-order region.
_GEO_COUNTRY, _GEO_US_STATE, _GEO_US_CITY, _GEO_WORLD_CITY, _GEO_WORLD_STATE = 1, 2, 3, 4, 5
_REGION_FEATURES = frozenset({"region", "admin1", "state", "province"})


def _flat_sql() -> str:
    """Events with actor lists joined by ';' and location/trigger spread into columns."""
    sides = []
    for side in ("source", "target"):
        sides.append(f"array_to_string(list_transform({side}, lambda x: x.name), ';') AS {side}")
        for field, column in (("kb_id", "kb_ids"), ("country", "countries")):
            sides.append(
                f"array_to_string(list_transform({side}, lambda x: coalesce(x.{field}, '')), ';')"
                f" AS {side}_{column}"
            )
    location = ", ".join(
        f"location.{f} AS loc_{f}"
        for f in ("name", "geonames_id", "country", "admin1", "lat", "lon")
    )
    return (
        "SELECT id, article_id, sentence, text, date, date_precision, date_source, "
        + ", ".join(sides)
        + ", cameo, cameo_root, quad_class, goldstein, plover, plover_mode, negated, modality, "
        + location
        + ", trigger.text AS trigger_text, trigger.start AS trigger_start,"
        + " trigger.end AS trigger_end, rule, url, title"
        + f" FROM ev ORDER BY {EVENT_ORDER}"
    )


def flat_events(store: Store, **filters: Any) -> duckdb.DuckDBPyRelation:
    """The filtered events as a flat table, one scalar per column (CSV, Parquet, spreadsheets)."""
    return store.events_relation(**filters).query("ev", _flat_sql())


def export(store: Store, fmt: str, out: str | Path | TextIO, **filters: Any) -> int:
    """Write the events matching `filters` (as for `Store.events`) in `fmt`; returns the count."""
    if fmt == "parquet":
        if not isinstance(out, str | Path):
            raise TidingsError("parquet export needs a file path, not a stream")
        table = flat_events(store, **filters).to_arrow_table()
        pq.write_table(table, str(out))
        return table.num_rows
    writers: dict[str, Callable[[Store, TextIO, dict[str, Any]], int]] = {
        "jsonl": _jsonl,
        "csv": _csv,
        "gdelt": _gdelt,
        "plover": _plover,
    }
    if fmt not in writers:
        raise TidingsError(f"unknown export format {fmt!r}: use {', '.join([*writers, 'parquet'])}")
    with _text_out(out, newline="" if fmt == "csv" else None) as fh:
        return writers[fmt](store, fh, filters)


@contextmanager
def _text_out(out: str | Path | TextIO, newline: str | None) -> Iterator[TextIO]:
    """A path is opened (and closed) here; a stream is the caller's to close."""
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline=newline) as fh:
            yield fh
    else:
        yield out


def _jsonl(store: Store, out: TextIO, filters: dict[str, Any]) -> int:
    events = store.events(**filters)
    for event in events:
        out.write(json.dumps(event, ensure_ascii=False) + "\n")
    return len(events)


def _csv(store: Store, out: TextIO, filters: dict[str, Any]) -> int:
    rel = flat_events(store, **filters)
    rows = rel.fetchall()
    writer = csv.writer(out)
    writer.writerow(rel.columns)
    writer.writerows(rows)
    return len(rows)


def _plover(store: Store, out: TextIO, filters: dict[str, Any]) -> int:
    records = [_plover_record(e) for e in store.events(**filters)]
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(records)


def _plover_record(event: dict[str, Any]) -> dict[str, Any]:
    """An event in the PLOVER event-data layout (Halterman et al. 2023)."""

    def actors(refs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "actorText": r["text"],
                "name": r["name"],
                "code": r["country"],
                "sector": r["sector"],
                "wikidata": r["kb_id"],
            }
            for r in refs
        ]

    loc = event["location"]
    return {
        "id": event["id"],
        "date": event["date"],
        "event_type": event["plover"],
        "mode": event["plover_mode"],
        "context": [],
        "source": actors(event["source"]),
        "target": actors(event["target"]),
        "eventText": event["trigger"]["text"],
        "text": event["text"],
        "location": loc and {k: loc[k] for k in ("name", "geonames_id", "lat", "lon", "country")},
        "cameo": event["cameo"],
        "url": event["url"],
        "article_id": event["article_id"],
        "negated": event["negated"],
        "modality": event["modality"],
    }


# --- GDELT ------------------------------------------------------------------------------


@cache
def _countries() -> dict[str, dict[str, str]]:
    """iso3 → row of kb/countries.tsv; empty while that table is missing."""
    try:
        rows = load_tsv("kb/countries.tsv")
    except FileNotFoundError:
        return {}
    return {r["iso3"]: r for r in rows if r.get("iso3")}


def _gdelt(store: Store, out: TextIO, filters: dict[str, Any]) -> int:
    """One row per real-world event (its first mention), counted over all its mentions."""
    events = [e for e in store.canonical_events(**filters) if e["source"] or e["target"]]
    ids = sorted({e["article_id"] for e in events})
    articles = {
        row[0]: row[1:]
        for row in store.sql(
            "SELECT id, published, tone, ingested_at, url, origin FROM articles"
            " WHERE id IN (SELECT unnest($ids))",
            {"ids": ids},
        ).fetchall()
    }
    features = {
        (row[0], row[1]): row[2]
        for row in store.sql(
            "SELECT article_id, geonames_id, any_value(feature) FROM places"
            " WHERE article_id IN (SELECT unnest($ids)) AND geonames_id IS NOT NULL"
            " GROUP BY ALL",
            {"ids": ids},
        ).fetchall()
    }
    for event in events:
        loc = event["location"]
        feature = loc and features.get((event["article_id"], loc["geonames_id"]))
        row = _gdelt_row(event, articles[event["article_id"]], feature)
        out.write("\t".join(_cell(v) for v in row) + "\n")
    return len(events)


def _gdelt_row(
    event: dict[str, Any],
    article: tuple[date | None, float | None, datetime | None, str | None, str | None],
    feature: str | None,
) -> list[Any]:
    """The 61 GDELT 2.0 columns of one event; Actor1 = first source, Actor2 = first target
    (or, for joint actors of a reciprocal event, the second source)."""
    published, tone, ingested_at, url, origin = article
    actor1 = event["source"][0] if event["source"] else None
    actor2 = event["target"][0] if event["target"] else None
    if actor2 is None and "+reciprocal" in event["rule"] and len(event["source"]) > 1:
        actor2 = event["source"][1]  # joint actors meet each other
    day = date.fromisoformat(event["date"]) if event["date"] else published
    action_geo = _geo(event["location"], feature)

    def actor_geo(actor: dict[str, Any] | None) -> list[Any]:
        loc = event["location"]
        located = actor and loc and actor["country"] and actor["country"] == loc["country"]
        return action_geo if located else [None] * 8

    cameo = event["cameo"]
    return [
        _global_id(event["id"]),
        *(
            (
                day.strftime("%Y%m%d"),
                day.strftime("%Y%m"),
                day.year,
                f"{day.year + day.timetuple().tm_yday / 365:.4f}",
            )
            if day
            else (None,) * 4
        ),
        *_actor(actor1),
        *_actor(actor2),
        1 if event["sentence"] == 0 else 0,  # GDELT's root event: the lead; ours: sentence one
        cameo,
        cameo[:3],
        event["cameo_root"] or cameo[:2],
        event["quad_class"],
        event["goldstein"],
        event["num_mentions"],
        event["num_sources"],
        event["num_articles"],
        tone,
        *actor_geo(actor1),
        *actor_geo(actor2),
        *action_geo,
        ingested_at and ingested_at.strftime("%Y%m%d%H%M%S"),
        url or origin,
    ]


def _global_id(event_id: str) -> int:
    """A stable GDELT-style integer id: the first 15 hex digits of the id's SHA-1."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def _kb_code(kb_id: str | None) -> str:
    """A CAMEO-style group code (UNO, NAT, EEC) when the kb id is one, else ''."""
    code = (kb_id or "").rsplit(":", 1)[-1].upper()
    return code if code.isalpha() and len(code) <= 6 else ""


def _actor(actor: dict[str, Any] | None) -> list[Any]:
    """Code, Name, CountryCode, KnownGroupCode, Ethnic, Religion1/2, Type1/2/3."""
    if actor is None:
        return [None] * 10
    country = actor["country"] or ""
    sector = actor["sector"] or ""
    group = _kb_code(actor["kb_id"]) if sector == "IGO" else ""
    code = f"IGO{group}" if group else country + sector
    return [code, actor["name"].upper(), country, group, None, None, None, sector, None, None]


def _geo(loc: dict[str, Any] | None, feature: str | None) -> list[Any]:
    """Type, FullName, CountryCode (FIPS 10-4), ADM1Code, ADM2Code, Lat, Long, FeatureID."""
    if loc is None:
        return [None] * 8
    country = _countries().get(loc["country"] or "", {})
    fips = country.get("fips", "")
    country_name = country.get("name", "")
    is_country = feature == "country" or (
        feature is None
        and bool(country)
        and (str(loc["geonames_id"]) == country.get("geonames_id") or loc["name"] == country_name)
    )
    us = loc["country"] == "USA"
    if is_country:
        kind = _GEO_COUNTRY
    elif feature in _REGION_FEATURES:
        kind = _GEO_US_STATE if us else _GEO_WORLD_STATE
    else:
        kind = _GEO_US_CITY if us else _GEO_WORLD_CITY
    full_name = ", ".join(n for n in (None if is_country else loc["name"], country_name) if n)
    adm1 = fips + (loc["admin1"] or "") if fips and not is_country else fips
    return [
        kind,
        full_name or loc["name"],
        fips,
        adm1,
        None,
        loc["lat"],
        loc["lon"],
        loc["geonames_id"],
    ]


def _cell(value: Any) -> str:
    """A TSV cell: empty for None, no tabs or newlines inside."""
    if value is None:
        return ""
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)

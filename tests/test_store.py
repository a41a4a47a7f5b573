"""The DuckDB store and its exports, over hand-built analyses saved to a real file."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from tidings.model import (
    ActorRef,
    Analysis,
    DroppedLine,
    Event,
    Location,
    Mention,
    Place,
    Quote,
    Span,
    TidingsError,
    TimeExpr,
    Tone,
)
from tidings.store import Store
from tidings.store.export import GDELT_COLUMNS, export

SEOUL_TEXT = (
    "Russian President Vladimir Putin hosted South Korean Foreign Minister Cho Tae-yul "
    "in Moscow on Tuesday. Putin said Russia was ready to expand trade with Seoul. "
    "Seoul criticised Moscow over its military cooperation with Pyongyang."
)
NATO_TEXT = (
    "NATO pledged new air defence systems to Ukraine on Monday in Brussels. "
    "Ukrainian forces shelled positions near Donetsk, the Russian defence ministry said."
)


def at(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the nth occurrence of `needle` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def ref(
    text: str,
    needle: str,
    name: str,
    kb_id: str | None,
    country: str | None,
    sector: str | None,
    role: str | None = None,
    nth: int = 0,
) -> ActorRef:
    start, end = at(text, needle, nth)
    return ActorRef(name, kb_id, country, sector, needle, start, end, role)


def span(text: str, needle: str, nth: int = 0) -> Span:
    return Span(needle, *at(text, needle, nth))


def sentence(text: str, i: int) -> str:
    return text.split(". ")[i].rstrip(".") + "."


PUTIN = ("Vladimir Putin", "Q7747", "RUS", "GOV")
CHO = ("Cho Tae-yul", "Q12600937", "KOR", "GOV")
MOSCOW = Place("Moscow", 524901, "RUS", "48", 55.7522, 37.6156, "city")
DONETSK = Place("Donetsk", 709717, "UKR", "14", 48.023, 37.8022, "city")
BRUSSELS = Place("Brussels", 2800866, "BEL", "BRU", 50.8505, 4.3488, "city")


def seoul_analysis() -> Analysis:
    t = SEOUL_TEXT
    putin = ref(t, "Vladimir Putin", *PUTIN, role="president")
    cho = ref(t, "Cho Tae-yul", *CHO, role="foreign minister")
    events = [
        Event(
            id="3f2a9c0d1e4b5a6978a1",
            article_id="a1b2c3d4e5f60718",
            sentence=0,
            text=sentence(t, 0),
            trigger=span(t, "hosted"),
            source=[putin],
            target=[cho],
            cameo="043",
            cameo_root="04",
            quad_class=1,
            goldstein=2.8,
            plover="CONSULT",
            plover_mode="visit",
            negated=False,
            modality="asserted",
            date="2024-06-18",
            date_precision="day",
            date_source='text: "on Tuesday"',
            location=Location.of(MOSCOW),
            rule="verb:host",
        ),
        Event(
            id="7b1e44c2d09f3a5e6b20",
            article_id="a1b2c3d4e5f60718",
            sentence=1,
            text=sentence(t, 1),
            trigger=span(t, "ready to expand"),
            source=[ref(t, "Russia", "Russia", "Q159", "RUS", None, nth=1)],
            target=[ref(t, "Seoul", "South Korea", "Q884", "KOR", "GOV")],
            cameo="031",
            cameo_root="03",
            quad_class=1,
            goldstein=5.2,
            plover="COOPERATE",
            plover_mode="economic",
            negated=False,
            modality="reported",
            date="2024-06-18",
            date_precision="day",
            date_source="publication",
            location=None,
            rule="intent:ready-to",
        ),
        Event(
            id="c0ffee00d1e4b5a69711",
            article_id="a1b2c3d4e5f60718",
            sentence=2,
            text=sentence(t, 2),
            trigger=span(t, "criticised"),
            source=[ref(t, "Seoul", "South Korea", "Q884", "KOR", "GOV", nth=1)],
            target=[ref(t, "Moscow", "Russia", "Q159", "RUS", "GOV", nth=1)],
            cameo="111",
            cameo_root="11",
            quad_class=3,
            goldstein=-2.0,
            plover="DISAPPROVE",
            plover_mode="criticize",
            negated=False,
            modality="asserted",
            date="2024-06-18",
            date_precision="day",
            date_source="publication",
            location=None,
            rule="verb:criticise",
        ),
    ]
    moscow = replace(MOSCOW, text="Moscow", start=at(t, "Moscow")[0], end=at(t, "Moscow")[1])
    return Analysis(
        article_id="a1b2c3d4e5f60718",
        title="Putin hosts South Korea's foreign minister",
        url="https://news.example.com/world/putin-cho-moscow",
        published="2024-06-18",
        publisher="National Herald",
        agency="Reuters",
        cited_sources=["Yonhap"],
        origin="tests/seoul.html",
        text=t,
        dropped=[DroppedLine(1, "MOSCOW (Reuters) -", "dateline"), DroppedLine(9, "Share", "ui")],
        mentions=[
            Mention(
                "Vladimir Putin",
                *at(t, "Vladimir Putin"),
                "PERSON",
                "Vladimir Putin",
                "Q7747",
                "RUS",
                "GOV",
                "president",
                "alias",
                0,
            ),
            Mention(
                "Cho Tae-yul",
                *at(t, "Cho Tae-yul"),
                "PERSON",
                "Cho Tae-yul",
                "Q12600937",
                "KOR",
                "GOV",
                "foreign minister",
                "alias",
                0,
            ),
            Mention("Pyongyang", *at(t, "Pyongyang"), "GOV", None, None, None, None, None, None, 2),
        ],
        events=events,
        quotes=[
            Quote(
                "Russia was ready to expand trade with Seoul",
                *at(t, "Russia was ready"),
                False,
                "said",
                ref(t, "Putin", *PUTIN, nth=1),
                "Putin",
                1,
                "say-that",
            ),
            Quote(
                "over its military cooperation",
                *at(t, "over its military cooperation"),
                False,
                "criticised",
                None,
                None,
                2,
                "cue-object",
            ),
        ],
        places=[moscow],
        times=[TimeExpr("on Tuesday", *at(t, "on Tuesday"), "2024-06-18", "day", "weekday", 0)],
        tone=Tone(-1.25, 2.5, 3.75, 6.25, 40),
        warnings=["speaker of quote 2 unresolved"],
    )


def nato_analysis() -> Analysis:
    t = NATO_TEXT
    nato = ref(t, "NATO", "NATO", "NAT", None, "IGO")
    ukraine = ref(t, "Ukraine", "Ukraine", "Q212", "UKR", None)
    events = [
        Event(
            id="e2d41f9ab3c05d6e7f80",
            article_id="f00dbabe12345678",
            sentence=0,
            text=sentence(t, 0),
            trigger=span(t, "pledged"),
            source=[nato],
            target=[ukraine],
            cameo="0331",
            cameo_root="03",
            quad_class=1,
            goldstein=5.2,
            plover="AID",
            plover_mode="military",
            negated=False,
            modality="future",
            date="2024-07-01",
            date_precision="day",
            date_source='text: "on Monday"',
            location=Location.of(BRUSSELS),
            rule="verb:pledge",
        ),
        Event(
            id="9a8b7c6d5e4f30211203",
            article_id="f00dbabe12345678",
            sentence=1,
            text=sentence(t, 1),
            trigger=span(t, "shelled"),
            source=[ref(t, "Ukrainian forces", "Ukrainian forces", None, "UKR", "MIL")],
            target=[],
            cameo="194",
            cameo_root="19",
            quad_class=4,
            goldstein=-10.0,
            plover="FIGHT",
            plover_mode="artillery",
            negated=False,
            modality="reported",
            date=None,
            date_precision="unknown",
            date_source="none",
            location=Location.of(DONETSK),
            rule="verb:shell",
        ),
        Event(
            id="00aa11bb22cc33dd44ee",
            article_id="f00dbabe12345678",
            sentence=1,
            text=sentence(t, 1),
            trigger=span(t, "said"),
            source=[],
            target=[],
            cameo="010",
            cameo_root="01",
            quad_class=1,
            goldstein=0.0,
            plover=None,
            plover_mode=None,
            negated=False,
            modality="asserted",
            date=None,
            date_precision="unknown",
            date_source="none",
            location=None,
            rule="verb:say",
        ),
    ]
    return Analysis(
        article_id="f00dbabe12345678",
        title="NATO pledges air defence to Ukraine",
        url=None,
        published="2024-07-02",
        publisher="Daily Courier",
        agency="AP",
        cited_sources=[],
        origin="feeds/nato.jsonl:3",
        text=t,
        mentions=[Mention("NATO", *at(t, "NATO"), "IGO", "NATO", "NAT", None, "IGO")],
        events=events,
        places=[
            replace(
                BRUSSELS, text="Brussels", start=at(t, "Brussels")[0], end=at(t, "Brussels")[1]
            ),
            replace(DONETSK, text="Donetsk", start=at(t, "Donetsk")[0], end=at(t, "Donetsk")[1]),
        ],
        tone=None,
    )


@pytest.fixture
def store(tmp_path: Path):
    with Store(tmp_path / "t.duckdb") as s:
        s.save(seoul_analysis())
        s.save(nato_analysis())
        yield s


def counts(store: Store) -> dict[str, int]:
    return store.stats()["counts"]


# --- schema and round trip ------------------------------------------------------------------


def test_schema_is_versioned_and_reopens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "t.duckdb"
    with Store(path) as s:
        s.save(seoul_analysis())
        assert s.sql("SELECT value FROM meta WHERE key = 'schema_version'").fetchall() == [("1",)]
    with Store(path, read_only=True) as s:
        assert counts(s)["events"] == 3
        assert s.stats()["dates"] == {"first": "2024-06-18", "last": "2024-06-18"}
    with pytest.raises(TidingsError, match="no tidings store"):
        Store(tmp_path / "missing.duckdb", read_only=True)


def test_events_round_trip_in_json_shape(store: Store) -> None:
    event = store.events(article="a1b2c3d4e5f60718")[0]
    assert list(event) == [
        "id",
        "article_id",
        "sentence",
        "text",
        "date",
        "date_precision",
        "date_source",
        "source",
        "target",
        "cameo",
        "cameo_root",
        "quad_class",
        "goldstein",
        "plover",
        "plover_mode",
        "negated",
        "modality",
        "location",
        "trigger",
        "rule",
        "url",
        "title",
    ]
    original = seoul_analysis().events[0]
    expected = asdict(original)
    expected["location"] = asdict(original.location)
    for key in ("id", "sentence", "text", "date", "cameo", "goldstein", "negated", "rule"):
        assert event[key] == expected[key]
    assert event["source"] == [asdict(r) for r in original.source]
    assert event["target"] == [asdict(r) for r in original.target]
    assert event["location"] == expected["location"]
    assert event["trigger"] == asdict(original.trigger)
    assert event["url"] == "https://news.example.com/world/putin-cho-moscow"
    json.dumps(event)  # JSON-ready as it is
    no_actors = store.events(cameo="010")[0]
    assert no_actors["source"] == [] and no_actors["location"] is None


def test_article_show_shape_mirrors_the_analysis(store: Store) -> None:
    a = seoul_analysis()
    shown = store.article(a.article_id)
    assert shown is not None
    assert shown["published"] == "2024-06-18"
    assert shown["cited_sources"] == ["Yonhap"]
    assert shown["tone"] == asdict(a.tone)
    assert shown["dropped"] == [asdict(d) for d in a.dropped]
    assert shown["mentions"] == [asdict(m) for m in a.mentions]
    assert shown["places"] == [asdict(p) for p in a.places]
    assert shown["times"] == [asdict(t) for t in a.times]
    quote = shown["quotes"][0]
    assert quote["speaker"] == {k: v for k, v in asdict(a.quotes[0].speaker).items() if k != "role"}
    assert quote["speaker_text"] == "Putin" and quote["direct"] is False
    assert shown["quotes"][1]["speaker"] is None
    assert [e["id"] for e in shown["events"]] == [e.id for e in a.events]
    assert shown["warnings"] == a.warnings
    assert store.article("f00dbabe12345678")["tone"] is None
    assert store.sql("SELECT count(*) FROM actors").fetchall() == [(6,)]


def test_article_prefix_lookup(store: Store, tmp_path: Path) -> None:
    assert store.article("a1b2")["id"] == "a1b2c3d4e5f60718"
    assert store.article("zzz") is None
    store.save(replace(nato_analysis(), article_id="a1b2ffff", events=[]))
    with pytest.raises(TidingsError, match="'a1b2'"):
        store.article("a1b2")
    assert store.article("a1b2c")["id"] == "a1b2c3d4e5f60718"
    assert store.article("a1b2ffff")["events"] == []


def test_articles_list_counts(store: Store) -> None:
    listed = store.articles()
    assert [(a["id"], a["events"], a["quotes"]) for a in listed] == [
        ("a1b2c3d4e5f60718", 3, 2),
        ("f00dbabe12345678", 3, 0),
    ]
    assert len(store.articles(limit=1)) == 1


# --- re-ingestion and failures ---------------------------------------------------------------


def test_resaving_replaces_rows_never_duplicates(store: Store) -> None:
    before = counts(store)
    store.save(seoul_analysis())
    store.save_many([seoul_analysis(), nato_analysis(), seoul_analysis()])
    assert counts(store) == before
    changed = seoul_analysis()
    changed.title = "Putin and Cho meet in Moscow"
    changed.events = changed.events[:1]
    changed.quotes = []
    store.save(changed)
    after = counts(store)
    assert after["events"] == before["events"] - 2
    assert after["event_actors"] == before["event_actors"] - 4
    assert after["quotes"] == 0 and after["articles"] == 2
    shown = store.article(changed.article_id)
    assert shown["title"] == "Putin and Cho meet in Moscow"
    assert [e["id"] for e in shown["events"]] == [changed.events[0].id]


def test_failed_save_keeps_the_previous_version(store: Store) -> None:
    before = store.article("a1b2c3d4e5f60718")
    broken = seoul_analysis()
    broken.title = "must not be stored"
    broken.places = [replace(broken.places[0], lat=object())]  # fails after the deletes
    with pytest.raises(TidingsError, match="a1b2c3d4e5f60718"):
        store.save(broken)
    assert store.article("a1b2c3d4e5f60718") == before
    bad_date = replace(seoul_analysis(), published="18 June 2024")
    with pytest.raises(TidingsError, match="not an ISO date"):
        store.save(bad_date)
    assert store.article("a1b2c3d4e5f60718") == before


# --- filters -------------------------------------------------------------------------------


def ids(events: list[dict]) -> list[str]:
    return [e["id"] for e in events]


def test_actor_filter(store: Store) -> None:
    assert ids(store.events(actor="Q7747")) == ["3f2a9c0d1e4b5a6978a1"]
    assert ids(store.events(actor="putin")) == ["3f2a9c0d1e4b5a6978a1"]
    assert ids(store.events(actor="ukrainian")) == ["9a8b7c6d5e4f30211203"]
    assert len(store.events(actor="South Korea")) == 2  # source or target


def test_actor_filter_is_safe_against_injection(store: Store) -> None:
    for hostile in ("x' OR 1=1 --", "'; DROP TABLE events; --", "%", "_"):
        assert store.events(actor=hostile) == []
        assert store.events(article=hostile) == []
    assert counts(store)["events"] == 6


def test_country_plover_cameo_and_date_filters(store: Store) -> None:
    assert ids(store.events(country="ukr")) == ["e2d41f9ab3c05d6e7f80", "9a8b7c6d5e4f30211203"]
    assert ids(store.events(country="BEL")) == ["e2d41f9ab3c05d6e7f80"]  # location only
    assert len(store.events(country="KOR")) == 3
    assert ids(store.events(plover="disapprove")) == ["c0ffee00d1e4b5a69711"]
    assert ids(store.events(cameo="03")) == ["7b1e44c2d09f3a5e6b20", "e2d41f9ab3c05d6e7f80"]
    assert ids(store.events(cameo="0331")) == ["e2d41f9ab3c05d6e7f80"]
    assert len(store.events(since="2024-06-18", until="2024-06-18")) == 3
    assert ids(store.events(since="2024-07")) == ["e2d41f9ab3c05d6e7f80"]
    assert len(store.events(until="2024-06")) == 3
    with pytest.raises(TidingsError, match="not a date"):
        store.events(since="June")


def test_order_limit_offset(store: Store) -> None:
    every = ids(store.events())
    assert len(every) == 6
    assert every[:4] == [
        "3f2a9c0d1e4b5a6978a1",
        "7b1e44c2d09f3a5e6b20",
        "c0ffee00d1e4b5a69711",
        "e2d41f9ab3c05d6e7f80",
    ]  # by date, undated last
    assert ids(store.events(limit=2, offset=1)) == every[1:3]
    with pytest.raises(TidingsError, match="limit"):
        store.events(limit=-1)


def test_relation_converts_to_pandas_and_arrow(store: Store) -> None:
    rel = store.events_relation(country="RUS")
    df = rel.df()
    assert isinstance(df, pd.DataFrame) and len(df) == 3
    assert df.loc[0, "source"][0]["kb_id"] == "Q7747"
    table = rel.to_arrow_table()
    assert isinstance(table, pa.Table) and table.num_rows == 3
    assert rel.arrow().read_all().num_rows == 3
    assert store.sql("SELECT count(*) FROM events WHERE cameo_root = ?", ["19"]).fetchall() == [
        (1,)
    ]


# --- exports --------------------------------------------------------------------------------


def gdelt_rows(store: Store, **filters) -> list[dict[str, str]]:
    out = io.StringIO()
    n = export(store, "gdelt", out, **filters)
    lines = out.getvalue().splitlines()
    assert len(lines) == n
    for line in lines:
        assert len(line.split("\t")) == 61
    return [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True)) for line in lines]


def test_gdelt_export_columns_and_codes(store: Store) -> None:
    assert len(GDELT_COLUMNS) == 61
    assert GDELT_COLUMNS[:5] == ("GlobalEventID", "Day", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    rows = {r["EventCode"]: r for r in gdelt_rows(store)}
    assert set(rows) == {"043", "031", "111", "0331", "194"}  # the actor-less 010 is skipped
    visit = rows["043"]
    assert visit["Actor1Code"] == "RUSGOV" and visit["Actor1Name"] == "VLADIMIR PUTIN"
    assert visit["Actor1CountryCode"] == "RUS" and visit["Actor2Code"] == "KORGOV"
    assert visit["Actor1Type1Code"] == "GOV"
    assert (visit["EventBaseCode"], visit["EventRootCode"], visit["QuadClass"]) == (
        "043",
        "04",
        "1",
    )
    assert visit["Day"] == "20240618" and visit["MonthYear"] == "202406" and visit["Year"] == "2024"
    assert visit["FractionDate"] == "2024.4658"  # 2024 + 170 / 365
    assert visit["GlobalEventID"].isdigit()
    assert visit["AvgTone"] == "-1.25" and visit["NumMentions"] == "1"
    assert visit["ActionGeo_Type"] == "4" and visit["ActionGeo_FeatureID"] == "524901"
    assert visit["Actor2Geo_Type"] == ""  # the Korean minister is not from Moscow
    assert len(visit["DATEADDED"]) == 14
    assert visit["SOURCEURL"] == "https://news.example.com/world/putin-cho-moscow"
    fight = rows["194"]
    assert (fight["EventRootCode"], fight["QuadClass"], fight["GoldsteinScale"]) == (
        "19",
        "4",
        "-10.0",
    )
    assert fight["Day"] == "20240702"  # no event date: the publication date
    assert fight["SOURCEURL"] == "feeds/nato.jsonl:3"  # no url: the origin
    assert fight["Actor2Code"] == "" and fight["AvgTone"] == ""
    pledge = rows["0331"]
    assert pledge["Actor1Code"] == "IGONAT" and pledge["Actor1KnownGroupCode"] == "NAT"
    assert pledge["EventBaseCode"] == "033"
    assert rows["111"]["ActionGeo_Type"] == ""


def test_gdelt_geo_codes_are_fips(store: Store) -> None:
    from tidings.store.export import _countries

    if not {"RUS", "KOR", "UKR", "BEL"} <= set(_countries()):
        pytest.skip("kb/countries.tsv not there yet")
    rows = {r["EventCode"]: r for r in gdelt_rows(store)}
    visit = rows["043"]
    assert visit["ActionGeo_CountryCode"] == "RS" and visit["ActionGeo_ADM1Code"] == "RS48"
    assert visit["ActionGeo_FullName"] == "Moscow, Russia"
    assert visit["Actor1Geo_CountryCode"] == "RS"  # Putin is located in Moscow
    assert rows["194"]["ActionGeo_CountryCode"] == "UP"
    assert rows["0331"]["ActionGeo_CountryCode"] == "BE"
    korea = seoul_analysis()
    seoul = Location("South Korea", 1835841, "KOR", None, 35.91, 127.77)
    korea.events = [replace(korea.events[2], location=seoul)]
    store.save(korea)
    (row,) = gdelt_rows(store, article=korea.article_id)
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"]) == ("1", "KS")
    assert row["ActionGeo_FullName"] == "South Korea" and row["ActionGeo_ADM1Code"] == "KS"
    assert row["Actor1Geo_CountryCode"] == "KS" and row["Actor2Geo_CountryCode"] == ""


def test_jsonl_and_plover_exports(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    assert export(store, "jsonl", path, actor="putin") == 1
    (line,) = path.read_text(encoding="utf-8").splitlines()
    assert json.loads(line) == store.events(actor="putin")[0]
    out = io.StringIO()
    assert export(store, "plover", out, country="UKR") == 2
    records = json.loads(out.getvalue())
    assert [r["event_type"] for r in records] == ["AID", "FIGHT"]
    assert records[0]["source"][0] == {
        "actorText": "NATO",
        "name": "NATO",
        "code": None,
        "sector": "IGO",
        "wikidata": "NAT",
    }
    assert records[0]["location"]["geonames_id"] == 2800866 and records[0]["context"] == []
    assert records[1]["eventText"] == "shelled" and records[1]["mode"] == "artillery"


def test_csv_and_parquet_round_trip_through_pandas(store: Store, tmp_path: Path) -> None:
    csv_path, parquet_path = tmp_path / "e.csv", tmp_path / "e.parquet"
    assert export(store, "csv", csv_path) == 6
    assert export(store, "parquet", parquet_path) == 6
    from_csv = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    from_parquet = pd.read_parquet(parquet_path)
    assert list(from_csv.columns) == list(from_parquet.columns)
    first = from_csv.iloc[0]
    assert (first["source"], first["source_countries"], first["target_kb_ids"]) == (
        "Vladimir Putin",
        "RUS",
        "Q12600937",
    )
    assert first["loc_name"] == "Moscow" and first["trigger_text"] == "hosted"
    assert list(from_parquet["id"]) == list(from_csv["id"])
    assert from_parquet.loc[0, "loc_geonames_id"] == 524901
    assert from_parquet.loc[4, "source_kb_ids"] == ""  # an unresolved actor keeps its slot
    with pytest.raises(TidingsError, match="path"):
        export(store, "parquet", io.StringIO())
    with pytest.raises(TidingsError, match="unknown export format"):
        export(store, "xml", io.StringIO())
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert len(rows) == 7


def test_open_window_at_the_start_of_the_calendar(tmp_path: Path) -> None:
    """A store whose newest story is of 0001-01-01 opens its window without an overflow."""
    with Store(tmp_path / "edge.duckdb") as store:
        store.sql("INSERT INTO stories VALUES ('story:x', DATE '0001-01-01', "
                  "DATE '0001-01-01', 1, 1, 1)")
        members, events = store.open_window(7)
        assert members == [] and events == []


def test_pages_counts_and_rows_agree_with_the_whole(store: Store) -> None:
    """Pages are cut before the JSON shape is built: each page is the slice of the whole
    ordered result, and the cheap counts and flat rows select the same events."""
    for filters in ({}, {"country": "RUS"}, {"actor": "Putin"}, {"since": "2020"}):
        for sort in (None, "-goldstein", "title", "-date"):
            whole = store.events(**filters, sort=sort)
            assert store.events(**filters, sort=sort, limit=2, offset=1) == whole[1:3]
            assert store.events(**filters, sort=sort, offset=2) == whole[2:]
        assert store.count_events(**filters) == len(whole)
        rows = store.event_rows(**filters).fetchall()
        assert sorted(r[0] for r in rows) == sorted(e["id"] for e in whole)

"""Benchmark: `tidings serve` latency on a store of a million synthetic events.

The store is made up on the spot, straight into the DuckDB tables with bulk SQL (minutes, not
the hours the pipeline would take): articles over ten years, five events each with CAMEO codes,
Goldstein weights, quad classes and PLOVER types from the codebook, a location for two in
five, and one or two source actors and usually a target among ~200 countries (as countries
and their governments), a few hundred knowledge-base people and some unnamed groups, all
picked with a long tail as in the news (a few countries and leaders in most events). An
existing store made with the same `--events` is reused.

A real `tidings serve` process is then asked each question `--repeat` times over HTTP
(keep-alive); p50 and p95 are printed next to a baseline measured in the same run: the same
store methods called in-process (the same SQL, without HTTP and JSON), so the ratio is the
server's own cost.

    python bench/serve_latency.py [--events 1000000] [--db /tmp/tidings-bench.duckdb]
                                  [--repeat 20] [--regenerate]
"""

from __future__ import annotations

import argparse
import math
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pyarrow as pa

from tidings.data import load_tsv
from tidings.events.ontology import QUAD_BY_ROOT
from tidings.store import Store

EVENTS_PER_ARTICLE = 5
FIRST_DAY, YEARS = "2015-01-01", 10
# Most news is about a few countries and leaders: these come first in the long tail.
TOP_COUNTRIES = ["USA", "RUS", "CHN", "UKR", "ISR", "PSE", "GBR", "IRN", "FRA", "DEU", "IND",
                 "TUR", "PRK", "KOR", "JPN", "SYR", "PAK", "AFG", "SAU", "TWN"]
TOP_PEOPLE = ["person:vladimir-putin", "person:joe-biden", "person:donald-trump",
              "person:xi-jinping", "person:volodymyr-zelensky", "person:benjamin-netanyahu",
              "person:recep-tayyip-erdogan", "person:emmanuel-macron", "person:narendra-modi",
              "person:kim-jong-un", "person:olaf-scholz", "person:boris-johnson",
              "person:angela-merkel", "person:rishi-sunak"]
COMMON_ROOTS = ["04", "01", "05", "03", "02", "19", "11", "12", "17", "08", "06", "13", "18",
                "10", "14", "07", "09", "16", "15", "20"]
GROUPS = ["protesters", "police", "fighters", "militants", "troops", "officials", "activists",
          "rebels", "students", "workers"]


def lookups() -> dict[str, pa.Table]:
    """Countries, people and CAMEO codes in long-tail order (index 0 most frequent)."""
    countries = [r for r in load_tsv("kb/countries.tsv") if r["un"] or r["iso3"] in
                 TOP_COUNTRIES]
    countries.sort(key=lambda r: (TOP_COUNTRIES.index(r["iso3"]) if r["iso3"] in TOP_COUNTRIES
                                  else len(TOP_COUNTRIES), r["iso3"]))
    terms: dict[str, str] = {}
    for t in load_tsv("kb/terms.tsv"):
        terms.setdefault(t["person_id"], t["office"])
    people = [r for r in load_tsv("kb/people.tsv") if r["id"] in terms and r["country"]]
    people.sort(key=lambda r: (TOP_PEOPLE.index(r["id"]) if r["id"] in TOP_PEOPLE
                               else len(TOP_PEOPLE), r["id"]))
    people = people[:400]
    codes = [r for r in load_tsv("cameo.tsv")]
    codes.sort(key=lambda r: (COMMON_ROOTS.index(r["code"][:2]), len(r["code"]), r["code"]))

    def lat(r: dict[str, str], key: str) -> float:
        return float(r[key] or 0)

    return {
        "c": pa.table({"n": range(len(countries)), "iso3": [r["iso3"] for r in countries],
                       "name": [r["name"] for r in countries],
                       "capital": [r["capital"] or r["name"] for r in countries],
                       "lat": [lat(r, "lat") for r in countries],
                       "lon": [lat(r, "lon") for r in countries]}),
        "p": pa.table({"n": range(len(people)), "kb_id": [r["id"] for r in people],
                       "name": [r["name"] for r in people],
                       "country": [r["country"] for r in people],
                       "office": [terms[r["id"]] for r in people]}),
        "k": pa.table({"n": range(len(codes)), "code": [r["code"] for r in codes],
                       "name": [r["name"].lower() for r in codes],
                       "goldstein": [float(r["goldstein"] or 0) for r in codes],
                       "plover": [r["plover"] or None for r in codes],
                       "plover_mode": [r["plover_mode"] or None for r in codes],
                       "quad": [QUAD_BY_ROOT[int(r["code"][:2])] for r in codes]}),
        "g": pa.table({"n": range(len(GROUPS)), "name": GROUPS}),
    }


# u(i, salt): a uniform number in [0, 1) from a row number, the same on every run;
# tail(u, n): an index in [0, n) with a long tail (log-uniform: index 0 most frequent).
_MACROS = """
CREATE OR REPLACE TEMP MACRO u(i, salt) AS (hash(i, salt) % 1000003) / 1000003.0;
CREATE OR REPLACE TEMP MACRO tail(x, n) AS least(n - 1, floor(exp(x * ln(n + 1)) - 1)::INT);
CREATE OR REPLACE TEMP MACRO aid(j) AS 'a' || substr(md5('article' || j), 1, 15);
CREATE OR REPLACE TEMP MACRO eid(i) AS substr(md5('event' || i), 1, 16);
"""

_ARTICLES = """
INSERT INTO articles
SELECT aid(j), 'Synthetic report ' || j, 'https://news.example.org/' || j,
    DATE '{first}' + (u(j, 1) * {days})::INT, ['Example Wire', 'Daily Example',
    'Example Times'][1 + j % 3], CASE WHEN j % 4 = 0 THEN 'AP' END, [], 'bench',
    'Synthetic article ' || j || '. ' || repeat('Officials met and talked. ', 20), 'en',
    round(u(j, 2) * 10 - 5, 3), round(u(j, 3) * 5, 3), round(u(j, 4) * 5, 3),
    round(u(j, 5) * 10, 3), 100 + j % 400, [], now()::TIMESTAMP, 'bench'
FROM range({articles}) t(j)
"""

_EVENTS = """
INSERT INTO events
SELECT eid(i), aid(i // {per}), (i % {per})::INT,
    'Sentence ' || i || ' of a synthetic article: ' || k.name || '.', split_part(k.name, ' ', 1),
    10, 10 + length(split_part(k.name, ' ', 1)), k.code, k.code[1:2], k.quad, k.goldstein,
    k.plover, k.plover_mode, u(i, 11) < 0.05, CASE WHEN u(i, 12) < 0.1 THEN 'future'
    ELSE 'asserted' END,
    CASE WHEN u(i, 13) < 0.05 THEN NULL ELSE a.published - (u(i, 14) * 4)::INT END,
    'day', 'publication',
    CASE WHEN loc THEN c.capital END, CASE WHEN loc THEN 1000 + c.n END,
    CASE WHEN loc THEN c.iso3 END, NULL, CASE WHEN loc THEN c.lat + u(i, 15) - 0.5 END,
    CASE WHEN loc THEN c.lon + u(i, 16) - 0.5 END, 'bench:' || k.code
FROM (SELECT i, u(i, 10) < 0.4 AS loc, tail(u(i, 17), {nk}) AS ki, tail(u(i, 18), {nc}) AS ci
      FROM range({events}) t(i)) r
JOIN k ON k.n = r.ki JOIN c ON c.n = r.ci
JOIN articles a ON a.id = aid(r.i // {per})
"""

# Source: one actor, a second one time in seven; target: seven times in ten. A country (or
# its government), a person of the knowledge base, or an unnamed group.
_ACTORS = """
INSERT INTO event_actors
SELECT eid(i), aid(i // {per}), side, slot,
    CASE kind WHEN 0 THEN c.name || CASE WHEN u(s, 3) < 0.3 THEN ' government' ELSE '' END
        WHEN 1 THEN p.name ELSE g.name END,
    CASE kind WHEN 0 THEN c.iso3 WHEN 1 THEN p.kb_id END,
    CASE kind WHEN 0 THEN c.iso3 WHEN 1 THEN p.country
        ELSE CASE WHEN u(s, 4) < 0.5 THEN c.iso3 END END,
    CASE kind WHEN 2 THEN ['CVL', 'COP', 'REB', 'MIL'][1 + (s % 4)::BIGINT] ELSE 'GOV' END,
    CASE kind WHEN 0 THEN c.name WHEN 1 THEN p.name ELSE g.name END,
    (20 * slot)::INT, (20 * slot + 12)::INT, CASE kind WHEN 1 THEN p.office END
FROM (
    SELECT i, side, slot, hash(i, side, slot) AS s,
        CASE WHEN u(hash(i, side, slot), 1) < 0.45 THEN 0
             WHEN u(hash(i, side, slot), 1) < 0.9 THEN 1 ELSE 2 END AS kind
    FROM range({events}) t(i),
        (VALUES ('source', 0), ('source', 1), ('target', 0)) sides(side, slot)
    WHERE (side = 'source' AND (slot = 0 OR u(i, 20) < 0.15))
       OR (side = 'target' AND u(i, 21) < 0.7)
) r
JOIN c ON c.n = tail(u(r.s, 5), {nc}) JOIN p ON p.n = tail(u(r.s, 6), {np})
JOIN g ON g.n = (r.s % {ng})::BIGINT
"""


def generate(db: Path, events: int) -> float:
    """Write the synthetic store; returns the seconds it took."""
    started = time.perf_counter()
    tables = lookups()
    articles = math.ceil(events / EVENTS_PER_ARTICLE)
    days = YEARS * 365
    sizes = {f"n{name}": len(t) for name, t in tables.items()}
    with Store(db) as store:
        con = store._con  # noqa: SLF001 - bulk SQL straight into the tables
        for name, table in tables.items():
            con.register(f"_{name}", table)
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _{name}")
        con.execute(_MACROS)
        steps = [("articles", _ARTICLES.format(first=FIRST_DAY, days=days, articles=articles)),
                 ("events", _EVENTS.format(per=EVENTS_PER_ARTICLE, events=events, **sizes)),
                 ("event_actors", _ACTORS.format(per=EVENTS_PER_ARTICLE, events=events,
                                                 **sizes)),
                 ("actors", "INSERT INTO actors SELECT DISTINCT ON (kb_id) kb_id, name, "
                            "country, sector FROM event_actors WHERE kb_id IS NOT NULL "
                            "ON CONFLICT DO NOTHING")]
        for table, sql in steps:
            t = time.perf_counter()
            con.execute("BEGIN")
            con.execute(sql)
            con.execute("COMMIT")
            n = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            print(f"  {table:<13} {n:>10,} rows  {time.perf_counter() - t:6.1f} s", flush=True)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('bench_events', ?)", [str(events)])
        con.execute("CHECKPOINT")
    return time.perf_counter() - started


def existing(db: Path) -> int | None:
    if not db.exists():
        return None
    try:
        with Store(db, read_only=True) as store:
            rows = store.sql("SELECT value FROM meta WHERE key = 'bench_events'").fetchall()
    except Exception:  # noqa: BLE001 - anything else is not a store of ours: made anew
        return None
    return int(rows[0][0]) if rows else None


# The questions: (label, path, params). The baseline asks the store the same in-process.
def questions() -> list[tuple[str, str, dict[str, Any]]]:
    events = [
        ("no filter", {}),
        ("country=RUS", {"country": "RUS"}),
        ("actor=person:vladimir-putin", {"actor": "person:vladimir-putin"}),
        ("actor=Merkel (name part)", {"actor": "Merkel"}),
        ("since/until one month", {"since": "2020-03", "until": "2020-03"}),
        ("plover=PROTEST", {"plover": "PROTEST"}),
        ("sort=-goldstein", {"sort": "-goldstein"}),
        ("country=USA plover=CONSULT since 2019", {"country": "USA", "plover": "CONSULT",
                                                   "since": "2019"}),
        ("quad=4 country=UKR sort=date", {"quad": 4, "country": "UKR", "sort": "date"}),
        ("offset=100000 (deep page)", {"offset": 100_000}),
        ("country=CHN offset=20000", {"country": "CHN", "offset": 20_000}),
    ]
    dyads = [("USA-RUS month", {"a": "USA", "b": "RUS", "by": "month"}),
             ("USA-RUS year", {"a": "USA", "b": "RUS", "by": "year"}),
             ("CHN-TWN month", {"a": "CHN", "b": "TWN", "by": "month"}),
             ("ISR-PSE year", {"a": "ISR", "b": "PSE", "by": "year"}),
             ("putin-USA month", {"a": "person:vladimir-putin", "b": "USA", "by": "month"})]
    return ([(f"/api/events {label}", "/api/events", {"limit": 100, **p})
             for label, p in events]
            + [(f"/api/dyads {label}", "/api/dyads", p) for label, p in dyads]
            + [("/api/stats", "/api/stats", {}),
               ("/api/timeline by month", "/api/timeline", {"by": "month"}),
               ("/api/timeline country=IRN by year", "/api/timeline",
                {"country": "IRN", "by": "year"})])


def direct(store: Store, path: str, params: dict[str, Any]) -> Callable[[], Any]:
    """The in-process equivalent of one question."""
    p = dict(params)
    if path == "/api/events":
        filters = {k: v for k, v in p.items() if k not in ("limit", "offset", "sort")}
        return lambda: (store.events(**p), store.count_events(**filters))
    if path == "/api/dyads":
        return lambda: store.dyad(p["a"], p["b"], p["by"])
    if path == "/api/stats":
        return store.stats
    if path == "/api/timeline":
        by = p.pop("by")

        def timeline() -> Any:
            rel = store.event_rows(**p)
            return rel.query("ev", "SELECT strftime(date_trunc($by, date), '%Y-%m-%d'), "
                             "count(*) FROM ev WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1"
                             .replace("$by", f"'{by}'")).fetchall()
        return timeline
    raise ValueError(path)


def timed(call: Callable[[], Any], repeat: int) -> list[float]:
    call()  # warm: first touch of the columns
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        call()
        out.append(time.perf_counter() - t)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_and_ask(db: Path, asks: list[tuple[str, str, dict[str, Any]]], repeat: int
                  ) -> tuple[dict[str, list[float]], dict[str, int]]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "tidings.cli", "serve", "--db", str(db),
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    times: dict[str, list[float]] = {}
    sizes: dict[str, int] = {}
    try:
        with httpx.Client(base_url=url, timeout=600) as client:
            for _ in range(600):
                try:
                    client.get("/api/stats")
                    break
                except httpx.TransportError:
                    if proc.poll() is not None:
                        raise RuntimeError("tidings serve exited") from None
                    time.sleep(0.1)
            for label, path, params in asks:
                def ask(path: str = path, params: dict[str, Any] = params) -> httpx.Response:
                    response = client.get(path, params=params)
                    response.raise_for_status()
                    return response
                sizes[label] = len(ask().content)
                times[label] = timed(ask, repeat)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return times, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/tidings-bench.duckdb"))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--only", help="ask only the questions whose label contains this")
    args = parser.parse_args()

    found = existing(args.db)
    if found == args.events and not args.regenerate:
        print(f"reusing {args.db} ({found:,} events)")
    else:
        for path in (args.db, Path(f"{args.db}.wal")):
            path.unlink(missing_ok=True)
        print(f"generating {args.events:,} events into {args.db}")
        took = generate(args.db, args.events)
        print(f"generated in {took:.1f} s ({args.db.stat().st_size / 2**20:,.0f} MB)")

    asks = [q for q in questions() if not args.only or args.only in q[0]]
    base: dict[str, list[float]] = {}
    with Store(args.db, read_only=True) as store:
        store.sql("SET enable_progress_bar = false")
        for label, path, params in asks:
            base[label] = timed(direct(store, path, params), args.repeat)
    http, sizes = serve_and_ask(args.db, asks, args.repeat)

    print(f"\n{args.events:,} events, {args.repeat} requests each (after one warm-up); "
          "baseline: the same store call in-process")
    head = (f"{'question':<48} {'p50 ms':>8} {'p95 ms':>8} {'base p50':>9} {'base p95':>9} "
            f"{'ratio':>6} {'bytes':>9}")
    print(head)
    print("-" * len(head))
    for label, _, _ in asks:
        h50, h95 = pct(http[label], 0.5) * 1e3, pct(http[label], 0.95) * 1e3
        b50, b95 = pct(base[label], 0.5) * 1e3, pct(base[label], 0.95) * 1e3
        print(f"{label:<48} {h50:8.1f} {h95:8.1f} {b50:9.1f} {b95:9.1f} "
              f"{h50 / b50 if b50 else float('nan'):6.2f} {sizes[label]:9,}")
    all_http = [t for label, _, _ in asks for t in http[label]]
    print(f"\nall requests: p50 {statistics.median(all_http) * 1e3:.1f} ms, "
          f"p95 {pct(all_http, 0.95) * 1e3:.1f} ms, max {max(all_http) * 1e3:.1f} ms")


if __name__ == "__main__":
    main()

"""The command line, driven as a user drives it: `python -m tidings.cli ...` in a subprocess.

Only `ingest` and `demo` load the language model (a few seconds each); the read-only
commands are quick, so one ingested store is shared by every test in this module.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EVENT_FIELDS = {
    "id", "article_id", "sentence", "text", "date", "date_precision", "date_source",
    "source", "target", "cameo", "cameo_root", "quad_class", "goldstein", "plover",
    "plover_mode", "negated", "modality", "location", "trigger", "rule",
}
ACTOR_FIELDS = {"name", "kb_id", "country", "sector", "text", "start", "end"}
QUOTE_FIELDS = {"speaker", "text", "cue", "start", "end", "direct"}

SINGAPORE = """\
Trump and Kim hold first summit in Singapore

US President Donald Trump met North Korean leader Kim Jong-un in Singapore on 12 June 2018, \
the first meeting between a sitting American president and a leader of North Korea.

The two leaders held talks for about five hours on 12 June 2018 and signed a joint statement \
in which Kim committed to work toward the denuclearisation of the Korean peninsula.

"We have developed a very special bond," Trump said after the signing ceremony.
"""

MOSCOW = """\
Xi Jinping visits Moscow for talks with Putin

Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on 21 March 2023, \
the second day of a state visit to Russia.

Xi visited Moscow in March 2023 on his first trip abroad since he secured a third term. \
Xi and Putin held talks at the Kremlin on 21 March 2023 and signed agreements on economic \
cooperation.

"China and Russia are good neighbours and reliable partners," Xi said at the start of the \
meeting.
"""

WIRE_RECORD = {
    "id": "wire-biden-modi",
    "url": "https://news.example.org/2023/06/22/modi-washington",
    "title": "Biden hosts Modi at the White House",
    "published": "2023-06-22",
    "text": (
        "US President Joe Biden met Indian Prime Minister Narendra Modi at the White House in "
        "Washington on Thursday.\n\nThe two leaders held talks on defence and technology and "
        "signed agreements on jet engines and semiconductors.\n\n\"The relationship between "
        "India and the United States is one of the most consequential in the world,\" Biden said."
    ),
}

SPANISH = """\
El presidente del Gobierno se reunió con los líderes sindicales en Madrid este martes para \
hablar de la reforma laboral.

Según fuentes del ministerio, las negociaciones continuarán durante las próximas semanas y se \
espera un acuerdo antes del verano.

Los sindicatos advirtieron que convocarán una huelga general si no se atienden sus \
reivindicaciones sobre los salarios y las pensiones.
"""

LOGIN_PAGE = """<!DOCTYPE html><html><head><title>Sign in</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a> <a href="/login">Log in</a></nav>
<footer>Contact us</footer>
</body></html>
"""

STDIN_STORY = """\
Xi and Putin pledge closer ties

Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on \
Tuesday. The two leaders signed a joint statement on their partnership.
"""

HUGE_BYTES = 50 * 1024 * 1024


def run(*args: str, input: str | None = None, cwd: Path | None = None,
        ) -> subprocess.CompletedProcess[str]:
    """`python -m tidings.cli ARGS...` in `cwd` (the module's work directory by default)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "tidings.cli", *args],
        input=input, capture_output=True, text=True, encoding="utf-8",
        cwd=cwd or WORKDIR["path"], env=env, timeout=600,
    )


WORKDIR: dict[str, Path] = {}


def ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, (
        f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    assert "Traceback" not in proc.stderr
    return proc


def events_json(*args: str) -> list[dict]:
    return json.loads(ok(run("events", "--db", "store.duckdb", "--format", "json", *args)).stdout)


def actors(event: dict) -> list[dict]:
    return event["source"] + event["target"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory of good and bad inputs; subprocesses run with it as their cwd."""
    root = tmp_path_factory.mktemp("cli")
    WORKDIR["path"] = root
    news = root / "news"
    news.mkdir()
    # "aaa" sorts first: the run must go on after refusing it.
    line = b"The council met on Monday and agreed a budget for the coming year.\n"
    with (news / "aaa_huge.txt").open("wb") as fh:
        fh.write(line * (HUGE_BYTES // len(line) + 1))
    (news / "singapore.txt").write_text(SINGAPORE, encoding="utf-8")
    (news / "moscow.txt").write_text(MOSCOW, encoding="utf-8")
    (news / "wire.jsonl").write_text(
        json.dumps(WIRE_RECORD) + "\n" + '{"id": "cut-off", "text": "this line never ends\n',
        encoding="utf-8",
    )
    (news / "empty.txt").write_bytes(b"")
    (news / "blob.txt").write_bytes(b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)) * 4)
    (news / "latin1.txt").write_bytes(
        "Café owners protest\n\nThe café owners of the old town protested on Monday against "
        "new rents, their association said.\n".encode("latin-1")
    )
    (news / "spanish.txt").write_text(SPANISH, encoding="utf-8")
    pages = root / "pages"
    pages.mkdir()
    (pages / "login.html").write_text(LOGIN_PAGE, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def ingested(workdir: Path) -> subprocess.CompletedProcess[str]:
    """One ingest of a directory, a glob and a missing path into store.duckdb."""
    return run("ingest", "news", "pages/*.html", "missing.txt", "--db", "store.duckdb")


@pytest.fixture(scope="module")
def all_events(ingested: subprocess.CompletedProcess[str]) -> list[dict]:
    return events_json()


@pytest.fixture(scope="module")
def shown(all_events: list[dict]) -> dict[str, dict]:
    """`show --format json` of every stored article, by id."""
    ids = sorted({e["article_id"] for e in all_events})
    return {
        aid: json.loads(ok(run("show", aid, "--db", "store.duckdb", "--format", "json")).stdout)
        for aid in ids
    }


# --- ingest ------------------------------------------------------------------------------


BAD_INPUTS = {
    "news/aaa_huge.txt": "too large",
    "news/empty.txt": "empty",
    "news/blob.txt": "binary",
    "news/latin1.txt": "UTF-8",
    "news/spanish.txt": "not English",
    "news/wire.jsonl:2": "invalid JSON",
    "pages/login.html": "no article text",
    "missing.txt": "no such file",
}


def test_ingest_reports_each_bad_input_once_and_exits_1(ingested):
    assert ingested.returncode == 1
    assert "Traceback" not in ingested.stderr
    errors = [line for line in ingested.stderr.splitlines() if line.startswith("error: ")]
    for origin, reason in BAD_INPUTS.items():
        named = [line for line in errors if line.startswith(f"error: {origin}: ")]
        assert len(named) == 1, (origin, errors)
        assert reason.lower() in named[0].lower(), named[0]
    assert len(errors) == len(BAD_INPUTS), errors
    assert "ingested 3 articles" in ingested.stderr


def test_too_large_file_is_named_with_its_size_and_the_run_goes_on(ingested, shown):
    (line,) = [x for x in ingested.stderr.splitlines() if "aaa_huge.txt" in x]
    assert "too large" in line and "MB" in line
    # the good files come after it in the directory walk, and were stored
    assert {r["title"] for r in shown.values()} == {
        "Trump and Kim hold first summit in Singapore",
        "Xi Jinping visits Moscow for talks with Putin",
        "Biden hosts Modi at the White House",
    }


def test_good_articles_are_stored(shown, all_events):
    assert len(shown) == 3
    assert "wire-biden-modi" in shown
    origins = {r["origin"] for r in shown.values()}
    assert {"news/singapore.txt", "news/moscow.txt", "news/wire.jsonl:1"} == origins
    names = {a["name"] for e in all_events for a in actors(e)}
    assert {"Donald Trump", "Kim Jong-un", "Xi Jinping", "Vladimir Putin"} <= names
    assert not any("Madrid" in r["text"] or "café" in r["text"] for r in shown.values())


def test_reingest_is_idempotent(ingested, all_events, workdir):
    again = run("ingest", "news", "pages/*.html", "missing.txt", "--db", "store.duckdb")
    assert again.returncode == 1
    after = events_json()
    ids = [e["id"] for e in after]
    assert len(ids) == len(set(ids)), "duplicate event ids"
    assert sorted(ids) == sorted(e["id"] for e in all_events)
    counts = subprocess.run(
        [sys.executable, "-c",
         "import json, tidings.store as s\n"
         "with s.Store('store.duckdb', read_only=True) as st:\n"
         "    print(json.dumps(st.stats()['counts']))"],
        capture_output=True, text=True, cwd=workdir, check=True,
    )
    table_counts = json.loads(counts.stdout)
    assert table_counts["articles"] == 3
    assert table_counts["events"] == len(all_events)


def test_ingest_from_standard_input(tmp_path):
    proc = ok(run("ingest", "-", "--published", "2023-03-21", "--db", "stdin.duckdb",
                  input=STDIN_STORY, cwd=tmp_path))
    assert "ingested 1 articles" in proc.stderr
    found = json.loads(ok(run("events", "--db", "stdin.duckdb", "--format", "json",
                              cwd=tmp_path)).stdout)
    assert found
    assert any({"Xi Jinping", "Vladimir Putin"} <= {a["name"] for a in actors(e)}
               for e in found)
    article = json.loads(ok(run("show", found[0]["article_id"], "--db", "stdin.duckdb",
                                "--format", "json", cwd=tmp_path)).stdout)
    assert article["origin"] == "<stdin>"
    assert article["published"] == "2023-03-21"
    assert article["title"] == "Xi and Putin pledge closer ties"
    assert all(e["date"] == "2023-03-21" for e in found if e["date"] is not None)


# --- events ------------------------------------------------------------------------------


def test_event_json_shape(all_events):
    assert len(all_events) >= 6
    for e in all_events:
        assert e.keys() >= EVENT_FIELDS, EVENT_FIELDS - e.keys()
        assert isinstance(e["source"], list) and isinstance(e["target"], list)
        for a in actors(e):
            assert a.keys() >= ACTOR_FIELDS, ACTOR_FIELDS - a.keys()
        assert set(e["trigger"]) >= {"text", "start", "end"}
        assert e["cameo"].startswith(e["cameo_root"])
        assert e["quad_class"] in (1, 2, 3, 4)
        assert isinstance(e["negated"], bool)
        assert e["location"] is None or "name" in e["location"]


def test_event_offsets_point_into_the_article_text(all_events, shown):
    for e in all_events:
        text = shown[e["article_id"]]["text"]
        t = e["trigger"]
        assert text[t["start"]:t["end"]] == t["text"], e
        for a in actors(e):
            assert text[a["start"]:a["end"]] == a["text"], (a, e["id"])
        assert e["text"] in text


def test_summit_meeting_is_found(all_events):
    meetings = [e for e in all_events if e["plover"] == "CONSULT"
                and {"Donald Trump", "Kim Jong-un"} <= {a["name"] for a in actors(e)}]
    assert any(e["date"] == "2018-06-12" for e in meetings)
    xi_putin = [e for e in all_events
                if {"Xi Jinping", "Vladimir Putin"} <= {a["name"] for a in actors(e)}]
    assert any(e["date"] == "2023-03-21" and e["cameo"].startswith("04") for e in xi_putin)


def test_filter_actor(all_events):
    found = events_json("--actor", "Putin")
    assert found
    for e in found:
        assert any("putin" in (a["name"] + a["text"]).lower() for a in actors(e)), e
    expected = [e["id"] for e in all_events
                if any("putin" in (a["name"] + a["text"]).lower() for a in actors(e))]
    assert [e["id"] for e in found] == expected
    assert len(found) < len(all_events)


def test_filter_country(all_events):
    found = events_json("--country", "PRK")
    assert found
    for e in found:
        assert (any(a["country"] == "PRK" for a in actors(e))
                or (e["location"] or {}).get("country") == "PRK"), e
    assert not any(e["article_id"] == "wire-biden-modi" for e in found)


def test_filter_plover(all_events):
    found = events_json("--plover", "CONSULT")
    assert found and all(e["plover"] == "CONSULT" for e in found)
    assert [e["id"] for e in found] == [e["id"] for e in all_events if e["plover"] == "CONSULT"]


def test_filter_cameo_prefix(all_events):
    found = events_json("--cameo", "04")
    assert found and all(e["cameo"].startswith("04") for e in found)
    assert len(found) == sum(e["cameo"].startswith("04") for e in all_events)


def test_filter_date_bounds(all_events):
    found = events_json("--since", "2023-01-01", "--until", "2023-03-31")
    assert found
    assert all(e["date"] and "2023-01-01" <= e["date"] <= "2023-03-31" for e in found)
    expected = {e["id"] for e in all_events
                if e["date"] and "2023-01" <= e["date"][:7] <= "2023-03"}
    assert {e["id"] for e in found} == expected
    years = events_json("--until", "2018")
    assert years and all(e["date"] <= "2018-12-31" for e in years)


def test_events_csv_has_a_header(all_events):
    proc = ok(run("events", "--db", "store.duckdb", "--format", "csv"))
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    assert rows[0][:3] == ["id", "article_id", "date"]
    assert "cameo" in rows[0] and "plover" in rows[0]
    assert len(rows) == len(all_events) + 1


def test_events_table_has_a_header(all_events):
    lines = ok(run("events", "--db", "store.duckdb")).stdout.splitlines()
    assert lines[0].split()[:5] == ["date", "source", "cameo", "plover", "target"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert len(lines) == len(all_events) + 2


# --- show --------------------------------------------------------------------------------


def test_show_json(shown):
    for record in shown.values():
        for key in ("title", "agency", "cited_sources", "dropped", "quotes", "tone", "places",
                    "events"):
            assert key in record, key
        assert isinstance(record["cited_sources"], list)
        assert isinstance(record["dropped"], list)
        assert record["events"]
        assert record["tone"] is None or {"tone", "positive", "negative"} <= record["tone"].keys()
        assert record["quotes"], record["title"]
        for q in record["quotes"]:
            assert q.keys() >= QUOTE_FIELDS
            assert record["text"][q["start"]:q["end"]] == q["text"]
    wire = shown["wire-biden-modi"]
    assert wire["url"] == WIRE_RECORD["url"]
    assert wire["published"] == "2023-06-22"
    (quote,) = [q for r in shown.values() for q in r["quotes"]
                if q["text"].startswith("We have developed")]
    assert quote["direct"] is True
    assert quote["cue"] == "said"
    assert quote["speaker"]["name"] == "Donald Trump"


def test_show_by_id_prefix_as_text(shown):
    aid = next(a for a in shown if a != "wire-biden-modi")
    proc = ok(run("show", aid[:6], "--db", "store.duckdb"))
    assert shown[aid]["title"] in proc.stdout
    assert "Quotes:" in proc.stdout and "Events:" in proc.stdout


def test_show_unknown_article(ingested):
    proc = run("show", "no-such-article", "--db", "store.duckdb")
    assert proc.returncode != 0
    assert "no-such-article" in proc.stderr and "error" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_store_is_a_clear_error(workdir):
    for args in (("events",), ("show", "anything"), ("export", "--format", "jsonl")):
        proc = run(*args, "--db", "nowhere.duckdb")
        assert proc.returncode != 0, args
        assert "nowhere.duckdb" in proc.stderr and "no such store" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert not (workdir / "nowhere.duckdb").exists()


# --- export ------------------------------------------------------------------------------


def test_export_gdelt_rows_have_61_fields(all_events):
    proc = ok(run("export", "--db", "store.duckdb", "--format", "gdelt"))
    rows = proc.stdout.splitlines()
    assert len(rows) == sum(bool(e["source"] or e["target"]) for e in all_events)
    for row in rows:
        fields = row.split("\t")
        assert len(fields) == 61, row
        assert fields[0].isdigit()
    assert any(r.split("\t")[1] == "20180612" for r in rows)


def test_export_plover_is_a_json_list(all_events):
    proc = ok(run("export", "--db", "store.duckdb", "--format", "plover", "--plover", "CONSULT"))
    records = json.loads(proc.stdout)
    assert isinstance(records, list)
    assert len(records) == sum(e["plover"] == "CONSULT" for e in all_events)
    assert all(r["event_type"] == "CONSULT" for r in records)


def test_export_csv_loads_with_pandas(all_events):
    pd = pytest.importorskip("pandas")
    proc = ok(run("export", "--db", "store.duckdb", "--format", "csv"))
    frame = pd.read_csv(io.StringIO(proc.stdout))
    assert len(frame) == len(all_events)
    assert {"id", "cameo", "source", "target"} <= set(frame.columns)


def test_export_parquet_to_file(all_events, workdir):
    pd = pytest.importorskip("pandas")
    ok(run("export", "--db", "store.duckdb", "--format", "parquet", "-o", "f.parquet"))
    frame = pd.read_parquet(workdir / "f.parquet")
    assert len(frame) == len(all_events)
    assert set(frame["id"]) == {e["id"] for e in all_events}


def test_export_parquet_needs_a_file(ingested):
    proc = run("export", "--db", "store.duckdb", "--format", "parquet")
    assert proc.returncode != 0
    assert "parquet" in proc.stderr.lower() and "-o" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


# --- demo --------------------------------------------------------------------------------


def test_demo_prints_a_table_of_events(tmp_path):
    proc = ok(run("demo", "--db", "x.duckdb", cwd=tmp_path))
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:2] == ["date", "source"]
    assert len(lines) - 2 >= 20
    assert (tmp_path / "x.duckdb").exists()


# --- bad requests: an `error:` line, never a traceback ------------------------------------


@pytest.mark.parametrize("args", [
    pytest.param(("export", "--db", "store.duckdb", "--format", "jsonl", "--since", "notadate"),
                 id="export-bad-date"),
    pytest.param(("export", "--db", "store.duckdb", "--format", "csv",
                  "-o", "no/such/dir/out.csv"), id="export-unwritable-output"),
    pytest.param(("events", "--db", "news/singapore.txt"), id="events-db-not-duckdb"),
    pytest.param(("ingest", "news/singapore.txt", "--published", "notadate"),
                 id="ingest-bad-published"),
])
def test_bad_requests_fail_without_traceback(ingested, args):
    proc = run(*args)
    assert proc.returncode != 0
    assert proc.stderr.lower().startswith("error: ") or "Error: Invalid value" in proc.stderr
    assert "Traceback" not in proc.stderr

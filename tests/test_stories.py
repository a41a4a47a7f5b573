"""Stories: copies, story clustering, canonical events, their tables and commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.run import ingest
from tidings.store import Store
from tidings.stories.copies import CopyIndex, containment, fingerprint

QUAKE = """A magnitude 7.0 earthquake struck the Aegean Sea on Friday, toppling apartment blocks \
in the Turkish city of Izmir and sending a small tsunami into the streets of Samos.

Rescue teams pulled survivors from the rubble of at least twenty buildings in Izmir's \
Bayrakli district as night fell, Turkish officials said.

Turkish President Recep Tayyip Erdogan telephoned Greek Prime Minister Kyriakos Mitsotakis \
on Friday to offer condolences, and the two leaders pledged to help each other.

"Whatever our differences, these are times when our people need to stand together," \
Mitsotakis wrote after the call.

On Samos, the sea surged into the harbour town of Vathy and two teenagers were killed by a \
falling wall on their way home from school, the Greek coast guard said.

Seismologists said aftershocks were likely to continue for days across the eastern Aegean."""

# The same wire copy as another site ran it: new headline, dateline, boilerplate, a few words
# changed and the last paragraph cut.
QUAKE_COPY = """Deadly quake hits Turkey and Greece

IZMIR, Turkey (Example Wire) - A magnitude 7.0 earthquake struck the Aegean Sea on Friday, \
toppling apartment blocks in the Turkish city of Izmir and sending a small tsunami into the \
streets of Samos.

Rescue teams pulled survivors from the rubble of at least 20 buildings in Izmir's Bayrakli \
district as night fell, Turkish officials said.

Turkish President Recep Tayyip Erdogan telephoned Greek Prime Minister Kyriakos Mitsotakis \
on Friday to offer condolences, and the two leaders pledged to help each other.

"Whatever our differences, these are times when our people need to stand together," \
Mitsotakis wrote after the call.

On Samos, the sea surged into the harbour town of Vathy and two teenagers were killed by a \
falling wall on their way home from school, the Greek coast guard said.

Subscribe to our newsletter for the latest news."""

# The same happening, written independently.
QUAKE_OWN = """Buildings collapsed across Izmir on Friday after a powerful undersea earthquake \
shook western Turkey and the Greek island of Samos, leaving dozens dead and hundreds injured.

In Izmir's Bayrakli district, rescuers worked by floodlight to reach people trapped in \
collapsed apartment blocks after the earthquake.

Erdogan telephoned Mitsotakis on Friday and offered help, a rare gesture between the two \
neighbours after months of tension over gas exploration in the eastern Mediterranean.

Greek officials said the earthquake killed two teenagers on Samos."""

# Same subject, another happening: the February 2023 earthquakes.
OTHER_QUAKE = """Two powerful earthquakes struck southern Turkey and northern Syria on Monday, \
flattening thousands of buildings in Gaziantep, Kahramanmaras and Antakya.

The first quake hit before dawn near Gaziantep, and a second one struck hours later near \
Elbistan, Turkish disaster officials said.

Syrian rescuers in Idlib province dug through the rubble with their hands as winter storms \
hampered relief convoys.

The United Nations appealed for access to northwest Syria through every border crossing."""


def _jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


RECORDS = [
    {"id": "quake-wire", "title": "Earthquake hits Izmir and Samos", "text": QUAKE,
     "published": "2020-10-30", "source": "Example Wire", "url": "https://wire.example/q"},
    {"id": "quake-copy", "title": "Deadly quake hits Turkey and Greece", "text": QUAKE_COPY,
     "published": "2020-10-30", "source": "Example Gazette", "url": "https://gazette.example/q"},
    {"id": "quake-own", "title": "Izmir digs out after quake", "text": QUAKE_OWN,
     "published": "2020-10-31", "source": "Example Herald", "url": "https://herald.example/q"},
]
LATER = {"id": "quake-2023", "title": "Earthquakes devastate Turkey and Syria",
         "text": OTHER_QUAKE, "published": "2023-02-06", "source": "Example Wire",
         "url": "https://wire.example/q2023"}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("stories")
    db = tmp / "s.duckdb"
    first = ingest([str(_jsonl(tmp / "a.jsonl", RECORDS[:2]))], db=db)
    assert (first.articles, first.copies, first.new_stories) == (2, 1, 1)
    # a later run: restored from the store, the new article joins the open story
    second = ingest([str(_jsonl(tmp / "b.jsonl", [RECORDS[2], LATER]))], db=db)
    assert (second.articles, second.copies, second.new_stories) == (2, 0, 1)
    return db


def test_copies_survive_boilerplate_headline_dateline_and_a_cut_ending():
    a, b = fingerprint(QUAKE), fingerprint(QUAKE_COPY)
    assert containment(a, b) > 0.8
    assert containment(a, fingerprint(QUAKE_OWN)) < 0.2
    index = CopyIndex()
    assert index.add("wire", a) is None
    assert index.add("copy", b) == "wire"
    assert index.add("own", fingerprint(QUAKE_OWN)) is None
    assert index.add("again", fingerprint(QUAKE.replace("\n\n", "\n"))) == "wire"  # exact


def test_stories_group_copies_and_independent_reports_not_other_happenings(store_path: Path):
    with Store(store_path, read_only=True) as store:
        stories = store.stories()
    by_article = {m["article_id"]: (s["id"], m["copy_of"]) for s in stories
                  for m in s["members"]}
    assert by_article["quake-copy"] == (by_article["quake-wire"][0], "quake-wire")
    assert by_article["quake-own"] == (by_article["quake-wire"][0], None)
    assert by_article["quake-2023"][0] != by_article["quake-wire"][0]
    (big,) = [s for s in stories if s["articles"] == 3]
    assert (big["copies"], big["sources"], big["first_date"], big["last_date"]) == (
        1, 3, "2020-10-30", "2020-10-31")


def test_canonical_events_count_mentions_sources_and_independent_reports(store_path: Path):
    with Store(store_path, read_only=True) as store:
        canonical = store.canonical_events(actor="person:recep-tayyip-erdogan")
        per_article = store.events(actor="person:recep-tayyip-erdogan")
    calls = [c for c in canonical if c["cameo_root"] == "04"
             and "person:kyriakos-mitsotakis" in {a["kb_id"] for a in c["target"]}]
    assert len(calls) == 1, canonical
    (call,) = calls
    assert {m["article_id"] for m in call["mentions"]} == {"quake-wire", "quake-copy",
                                                          "quake-own"}
    assert (call["num_articles"], call["num_sources"]) == (3, 3)
    assert call["confidence"] == 0.75  # two independent reports: the copy adds none
    # nothing thrown away: every per-article event is still there
    assert len(per_article) >= 3


def test_reingesting_is_idempotent(store_path: Path, tmp_path: Path):
    def counts() -> tuple[int, ...]:
        with Store(store_path, read_only=True) as store:
            return tuple(store.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in (
                "stories", "story_members", "canonical_events", "event_mentions"))

    before = counts()
    again = ingest([str(_jsonl(tmp_path / "again.jsonl", RECORDS))], db=store_path)
    assert again.articles == 3 and again.new_stories == 0
    assert counts() == before


def test_commands(store_path: Path):
    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "tidings.cli", *args, "--db",
                               str(store_path)], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    stories = json.loads(run("stories", "--format", "json"))
    assert [len(s["members"]) for s in stories] == [3, 1]
    assert {m["url"] for m in stories[0]["members"]} == {r["url"] for r in RECORDS}
    table = run("stories")
    assert "quake-wire" in table and "Earthquake hits Izmir" in table
    rows = run("stories", "--format", "csv").splitlines()
    assert rows[0].startswith("story_id,") and len(rows) == 5
    canonical = json.loads(run("events", "--canonical", "--format", "json"))
    assert max(c["num_articles"] for c in canonical) == 3
    assert "mentions" in run("events", "--canonical")
    gdelt = run("export", "--format", "gdelt").splitlines()
    counts = {tuple(int(x) for x in line.split("\t")[31:34]) for line in gdelt}
    assert (3, 3, 3) in counts  # NumMentions, NumSources, NumArticles of the phone call
    assert len(gdelt) == len([c for c in canonical if c["source"] or c["target"]])


def test_syndication_measure_on_the_examples():
    from tidings.evaluate import evaluate
    from tidings.run import examples_dir

    report = evaluate("copies", "syndication", examples_dir())
    assert report.n == 21 * 6 and report.details["merged_wrongly"] == []
    assert report.metrics["pairwise_p"] == 1.0 and report.metrics["pairwise_r"] >= 0.95


def test_a_variant_changes_headline_and_boilerplate_but_keeps_the_story():
    import random

    from tidings.evaluate.copies import variant
    from tidings.model import RawArticle

    raw = RawArticle("Earthquake hits Izmir and Samos\n\n" + QUAKE, published="2020-10-30")
    copies = [variant(raw, random.Random(seed)) for seed in range(5)]
    assert all(c.text != raw.text and c.title != "Earthquake hits Izmir and Samos"
               for c in copies)
    index = CopyIndex()
    index.add("original", fingerprint(QUAKE))
    assert all(index.find(fingerprint(c.text)) == "original" for c in copies)

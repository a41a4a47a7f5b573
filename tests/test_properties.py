"""Property-based tests (hypothesis): the cleaner, the date resolver and the importers never
crash on any input, the cleaner never loses a line without saying why, and is idempotent."""

from __future__ import annotations

import contextlib
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.clean import clean
from tidings.dates import resolve
from tidings.kb import shipped_tables
from tidings.kb.layers import read_layer
from tidings.kb.petrarch import read_actors, read_agents
from tidings.kb.wikidata import Importer
from tidings.model import TidingsError

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Lines like scraped news: prose, boilerplate, datelines, bylines, agency tags, repeats.
NEWSY = st.sampled_from([
    "Russian President Vladimir Putin met Kim Jong-un on Thursday.",
    "SEOUL (Reuters) - North Korea fired a missile, officials said.",
    "Subscribe to our newsletter", "Share this article", "Advertisement", "(IANS)",
    "Photo: AFP", "By Jane Doe", "Read more: Putin and Kim meet", "user",
    "Copyright 2019 Example Media. All rights reserved.", "The talks, CNN reported, went well.",
    "Kim said: \"We will meet again.\"", "", "   ",
])
LINES = st.lists(st.one_of(NEWSY, st.text(max_size=80)), max_size=25)


@SETTINGS
@given(LINES, st.one_of(st.none(), NEWSY))
def test_cleaner_keeps_or_explains_every_line_and_is_idempotent(lines: list[str],
                                                                 title: str | None):
    text = "\n".join(lines)
    once = clean(text, title)
    dropped = {d.line_no for d in once.dropped}
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            assert number in dropped or line.strip() in once.text, (number, line)
    assert all(d.reason for d in once.dropped)
    assert clean(once.text).text == once.text


EXPRESSIONS = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["Thursday", "last week", "in February", "2011", "the '80s", "now",
                     "recently", "the third quarter", "next summer", "two years ago",
                     "early 1998", "the fiscal year 2020", "this weekend", "yesterday",
                     "March 3", "the year-ago quarter", "the 1990s", "mid-1998"]))
DAYS = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@SETTINGS
@given(EXPRESSIONS, DAYS, st.sampled_from([None, "past", "future"]))
def test_date_resolver_never_crashes(expr: str, ref: date | None, tense: str | None):
    value, precision, note = resolve(expr, ref, tense)
    assert isinstance(precision, str) and isinstance(note, str)
    if value is not None:
        date.fromisoformat(value)


@SETTINGS
@given(st.lists(st.one_of(st.text(max_size=60), st.sampled_from([
    "RUSSIA [RUS]", "+VLADIMIR_PUTIN", "[RUSGOV 000508-080507]", "<!-- comment -->", "!minist!",
    "PRESIDENT_ [~GOV]", "~MIL", "{", "}", "#", "+KIM_JONG_UN [PRKGOV >111217]"])),
    max_size=30))
def test_petrarch_importers_never_crash(lines: list[str]):
    for reader in (read_actors, read_agents):
        with contextlib.suppress(TidingsError):
            reader(lines)


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20),
              st.sampled_from(["person", "FRA", "president", "2020-01-01", "Q42"])),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(
                                ["people", "groups", "igos", "name", "id", "terms", "office",
                                 "country", "start", "end", "aliases", "wikidata", "gender"]),
                                inner, max_size=5)),
    max_leaves=20)


@SETTINGS
@given(YAML_VALUES)
def test_kb_layers_never_crash(doc: object):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "layer.yaml"
        path.write_text(json.dumps(doc), encoding="utf-8")  # JSON is YAML
        with contextlib.suppress(TidingsError):
            read_layer(path, shipped_tables())


ENTITY = st.fixed_dictionaries({"id": st.sampled_from(["Q1", "Q5", "Q42", "Q9999"])}, optional={
    "labels": st.dictionaries(st.just("en"), st.fixed_dictionaries(
        {"value": st.text(max_size=30)})),
    "claims": st.dictionaries(st.sampled_from(["P31", "P39", "P298", "P1001", "P27", "P21"]),
                              st.lists(YAML_VALUES, max_size=3), max_size=4)})


@SETTINGS
@given(st.lists(st.one_of(ENTITY, YAML_VALUES), max_size=8))
def test_wikidata_dump_import_never_crashes(entities: list[object]):
    from io import StringIO

    from tidings.kb import load

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dump.json"
        path.write_text("[\n" + ",\n".join(json.dumps(e) for e in entities) + "\n]\n",
                        encoding="utf-8")
        with contextlib.suppress(TidingsError):
            Importer(load(())).import_dump(path, StringIO())


BINDING = st.dictionaries(st.sampled_from(["person", "personLabel", "position", "positionLabel",
                                           "country", "countryLabel", "start", "end", "aliases",
                                           "gender"]),
                          st.one_of(st.fixed_dictionaries({"value": st.text(max_size=30)}),
                                    YAML_VALUES), max_size=8)


@SETTINGS
@given(st.one_of(st.lists(BINDING, max_size=6), YAML_VALUES))
def test_wikidata_sparql_import_never_crashes(bindings: object):
    from io import StringIO

    from tidings.kb import load

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "query.json"
        path.write_text(json.dumps({"head": {"vars": []}, "results": {"bindings": bindings}}),
                        encoding="utf-8")
        with contextlib.suppress(TidingsError):
            Importer(load(())).import_sparql(path, StringIO())

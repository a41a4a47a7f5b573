"""User knowledge-base layers, the Wikidata importers and the `tidings kb` commands."""

from __future__ import annotations

import bz2
import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.kb import load, shipped_tables
from tidings.kb.layers import merge, read_layer
from tidings.kb.wikidata import import_file
from tidings.model import TidingsError

YAML_LAYER = """\
people:
  - name: Marta Quillen
    aliases: [M. Quillen]
    gender: f
    country: NZL
    terms:
      - {office: foreign_minister, country: NZL, start: 2031-02-01, end: 2033-05-10}
  - id: person:vladimir-putin
    aliases: [VVP]
groups:
  - name: Southern Harbour Front
    aliases: [SHF]
    sector: REB
    country: PHL
"""


def tidings(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tidings.cli", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.fixture
def yaml_layer(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text(YAML_LAYER, encoding="utf-8")
    return path


def test_yaml_layer_adds_people_terms_groups_and_extends_shipped_entries(yaml_layer: Path):
    kb = load((str(yaml_layer),))
    person = kb.people["person:marta-quillen"]
    assert person.role_on("2032-01-01").office == "foreign_minister"
    assert person.role_on("2034-01-01") is None
    assert kb.holder("NZL", ["foreign_minister"], "2032-06-30")[0] is person
    assert {m.person.id for m in kb.lookup("M. Quillen")} == {"person:marta-quillen"}
    assert {m.org.id for m in kb.lookup("SHF") if m.org} == {"group:southern-harbour-front"}
    assert kb.orgs["group:southern-harbour-front"].country == "PHL"
    # a shipped person keeps its name, terms and aliases and gains the new alias
    putin = kb.people["person:vladimir-putin"]
    assert putin.name == "Vladimir Putin" and putin.terms
    assert {m.person.id for m in kb.lookup("VVP")} == {"person:vladimir-putin"}
    assert kb.lookup("Vladimir Vladimirovich Putin")
    # the shipped base itself is untouched
    assert "person:marta-quillen" not in load(()).people


def test_csv_layer_one_row_per_term(tmp_path: Path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "type,id,name,aliases,country,gender,office,start,end\n"
        "person,,Tomas Ferrand,T. Ferrand,FRA,m,defence_minister,2030-01-05,2031-03\n"
        "person,,Tomas Ferrand,,FRA,m,prime_minister,2031-03,\n"
        "igo,igo:lake-basin-commission,Lake Basin Commission,LBC,TCD,,,,\n",
        encoding="utf-8")
    kb = load((str(path),))
    person = kb.people["person:tomas-ferrand"]
    assert [t.office for t in person.terms] == ["defence_minister", "prime_minister"]
    assert person.role_on("2030-06-01").office == "defence_minister"
    # a month-precise date: the handover month belongs to the successor term
    assert person.role_on("2031-03-15").office == "prime_minister"
    assert kb.orgs["igo:lake-basin-commission"].igo


@pytest.mark.parametrize("text, message", [
    ("people:\n  - name: A B\n    country: XXX\n", "unknown country 'XXX'"),
    ("people:\n  - name: A B\n    terms: [{office: emperor_of_mars, country: FRA}]\n",
     "unknown office 'emperor_of_mars'"),
    ("people:\n  - name: A B\n    terms: [{office: president, country: FRA, start: 2020-05-01,"
     " end: 2019-01-01}]\n", "ends before it starts"),
    ("people:\n  - name: A B\n    terms: [{office: president, country: FRA, start: May 2020}]\n",
     "is not YYYY"),
    ("people:\n  - name: A B\n    wikidata: 7747\n", "is not a QID"),
    ("persons:\n  - name: A B\n", "unknown section"),
    ("people:\n  - aliases: [x]\n", "has no name"),
    ("people: [\n", "not valid YAML"),
])
def test_bad_layers_are_refused_with_the_file_and_entry_named(tmp_path: Path, text: str,
                                                              message: str):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TidingsError) as err:
        read_layer(path, shipped_tables())
    assert str(path) in str(err.value) and message in str(err.value)


def test_layer_merge_is_idempotent(yaml_layer: Path):
    tables = shipped_tables()
    merge(tables, read_layer(yaml_layer, tables))
    once = {k: len(v) for k, v in tables.items()}
    merge(tables, read_layer(yaml_layer, tables))
    assert {k: len(v) for k, v in tables.items()} == once


# -- Wikidata -------------------------------------------------------------------------------
# A dump in Wikidata's own layout; the QIDs of the fixture's people are made up.

def _snak(prop: str, value: object, kind: str = "wikibase-entityid") -> dict:
    return {"snaktype": "value", "property": prop, "datavalue": {"value": value, "type": kind}}


def _item(qid: str) -> dict:
    return {"entity-type": "item", "id": qid, "numeric-id": int(qid[1:])}


def _time(day: str, precision: int = 11) -> dict:
    return {"time": f"+{day}T00:00:00Z", "precision": precision, "timezone": 0, "before": 0,
            "after": 0, "calendarmodel": "http://www.wikidata.org/entity/Q1985727"}


def _claim(prop: str, value: object, kind: str = "wikibase-entityid", rank: str = "normal",
           qualifiers: dict | None = None) -> dict:
    return {"mainsnak": _snak(prop, value, kind), "type": "statement", "rank": rank,
            "qualifiers": qualifiers or {}}


def _entity(qid: str, label: str, claims: dict, aliases: tuple[str, ...] = ()) -> dict:
    return {"type": "item", "id": qid, "labels": {"en": {"language": "en", "value": label}},
            "aliases": {"en": [{"language": "en", "value": a} for a in aliases]},
            "claims": claims}


def _held(position: str, start: str, end: str | None = None, precision: int = 11) -> dict:
    qualifiers = {"P580": [_snak("P580", _time(start, precision), "time")]}
    if end:
        qualifiers["P582"] = [_snak("P582", _time(end), "time")]
    return _claim("P39", _item(position), qualifiers=qualifiers)


DUMP = [
    _entity("Q664", "New Zealand", {"P298": [_claim("P298", "NZL", "string")]}),
    _entity("Q9000001", "Prime Minister of New Zealand",
            {"P1001": [_claim("P1001", _item("Q664"))]}),
    _entity("Q9000002", "Deputy Prime Minister of New Zealand",
            {"P1001": [_claim("P1001", _item("Q664"))]}),
    _entity("Q9000003", "Secretary-General of the United Nations",
            {"P1001": [_claim("P1001", _item("Q9999999"))]}),
    _entity("Q9100001", "Harriet Moana", {
        "P31": [_claim("P31", _item("Q5"))], "P21": [_claim("P21", _item("Q6581072"))],
        "P27": [_claim("P27", _item("Q664"))],
        "P39": [_held("Q9000002", "2030-01-01", "2032-02-01"),
                _held("Q9000001", "2032-02-01", "2035-11-20")]}, aliases=("Hattie Moana",)),
    _entity("Q9100002", "Ossian Lund", {
        "P31": [_claim("P31", _item("Q5"))],
        "P39": [_held("Q9000003", "2037-01", precision=10)]}),
    _entity("Q9100003", "Nobody Official", {
        "P31": [_claim("P31", _item("Q5"))],
        "P39": [_held("Q9000002", "2036-01-01")]}),
]


def _write_dump(path: Path, opener=open) -> Path:  # noqa: ANN001 - open, gzip.open, bz2.open
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write("[\n" + ",\n".join(json.dumps(e) for e in DUMP) + "\n]\n")
    return path


@pytest.mark.parametrize("name, opener", [("dump.json", open), ("dump.json.gz", gzip.open),
                                          ("dump.json.bz2", bz2.open)])
def test_wikidata_dump_import_keeps_known_positions_with_their_dates(tmp_path: Path, name: str,
                                                                    opener):  # noqa: ANN001
    dump = _write_dump(tmp_path / name, opener)
    layer = tmp_path / "layer.csv"
    with layer.open("w", encoding="utf-8", newline="") as out:
        report = import_file(dump, load(()), out)
    assert (report.people, report.terms) == (2, 2)
    assert report.skipped["position naming no known office"] == 1  # the deputy PM
    assert report.skipped["person holding no known position"] == 1
    kb = load((str(layer),))
    moana = kb.people["person:harriet-moana"]
    assert (moana.wikidata, moana.gender, moana.country) == ("Q9100001", "f", "NZL")
    assert [(t.office, t.country, t.start, t.end) for t in moana.terms] == [
        ("prime_minister", "NZL", "2032-02-01", "2035-11-20")]
    assert kb.holder("NZL", ["prime_minister"], "2033-01-01")[0] is moana
    assert {m.person.id for m in kb.lookup("Hattie Moana")} == {"person:harriet-moana"}
    lund = kb.people["person:ossian-lund"]
    assert [(t.office, t.country, t.start) for t in lund.terms] == [
        ("secretary_general", "igo:un", "2037-01")]


def test_wikidata_sparql_results_import(tmp_path: Path):
    def uri(qid: str) -> dict:
        return {"type": "uri", "value": f"http://www.wikidata.org/entity/{qid}"}

    def lit(value: str) -> dict:
        return {"type": "literal", "value": value}

    results = {"head": {"vars": ["person", "personLabel", "position", "positionLabel",
                                 "country", "countryLabel", "start", "end"]},
               "results": {"bindings": [
                   {"person": uri("Q9100001"), "personLabel": lit("Harriet Moana"),
                    "position": uri("Q9000001"),
                    "positionLabel": lit("Prime Minister of New Zealand"),
                    "country": uri("Q664"), "countryLabel": lit("New Zealand"),
                    "start": lit("2032-02-01T00:00:00Z"), "end": lit("2035-11-20T00:00:00Z")},
                   {"person": uri("Q9100003"), "personLabel": lit("Nobody Official"),
                    "position": uri("Q9000009"), "positionLabel": lit("Mayor of Nowhere"),
                    "start": lit("2036-01-01T00:00:00Z")},
               ]}}
    path = tmp_path / "query.json"
    path.write_text(json.dumps(results), encoding="utf-8")
    layer = tmp_path / "layer.csv"
    with layer.open("w", encoding="utf-8", newline="") as out:
        report = import_file(path, load(()), out)
    assert (report.people, report.terms) == (1, 1)
    kb = load((str(layer),))
    assert kb.holder("NZL", ["prime_minister"], "2034-05-05")[0].id == "person:harriet-moana"


def test_broken_dump_line_is_named(tmp_path: Path):
    path = tmp_path / "dump.json"
    path.write_text('[\n{"id": "Q1", "claims": {}},\n{not json\n]\n', encoding="utf-8")
    with pytest.raises(TidingsError, match=r"dump.json: line 3"):
        import_file(path, load(()), open(tmp_path / "out.csv", "w"))  # noqa: SIM115


# -- the commands ---------------------------------------------------------------------------

def test_kb_resolve_by_date_and_unknown_names():
    may = tidings("kb", "resolve", "the British prime minister", "--date", "2019-04-25",
                  "--format", "json")
    sunak = tidings("kb", "resolve", "the British prime minister", "--date", "2023-01-01",
                    "--format", "json")
    assert json.loads(may.stdout)["kb_id"] == "person:theresa-may"
    assert json.loads(sunak.stdout)["kb_id"] == "person:rishi-sunak"
    assert json.loads(sunak.stdout)["how"] == "title"
    trump = json.loads(tidings("kb", "resolve", "the US president", "--date", "2021-01-19",
                               "--format", "json").stdout)
    biden = json.loads(tidings("kb", "resolve", "the US president", "--date", "2021-01-21",
                               "--format", "json").stdout)
    assert (trump["kb_id"], biden["kb_id"]) == ("person:donald-trump", "person:joe-biden")
    troops = json.loads(tidings("kb", "resolve", "Russian troops", "--format", "json").stdout)
    assert (troops["country"], troops["sector"]) == ("RUS", "MIL")
    unknown = tidings("kb", "resolve", "the Grand Vizier of Zembla", "--format", "json")
    assert unknown.returncode == 1 and json.loads(unknown.stdout)["resolved"] is False
    assert json.loads(unknown.stdout)["reason"]


def test_kb_lookup_stats_and_kb_option(tmp_path: Path, yaml_layer: Path):
    out = tidings("kb", "lookup", "Medvedev")
    assert "person:dmitry-medvedev" in out.stdout and "prime_minister of RUS" in out.stdout
    assert tidings("kb", "lookup", "Marta Quillen").returncode == 1
    mine = tidings("kb", "lookup", "Marta Quillen", "--kb", str(yaml_layer))
    assert mine.returncode == 0 and "foreign_minister of NZL: 2031-02-01" in mine.stdout
    stats = json.loads(tidings("kb", "stats", "--format", "json").stdout)
    assert stats["un_members"] == 193 and stats["people"] >= 368
    assert stats["leaders_covered_since_2000"] + len(stats["leader_gaps"]) == 193
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - name: X Y\n    country: ZZZ\n", encoding="utf-8")
    refused = tidings("kb", "stats", "--kb", str(bad))
    assert refused.returncode == 2 and "bad.yaml" in refused.stderr
    # the same layer from a config file in the working directory
    (tmp_path / "tidings.toml").write_text(f'[kb]\nlayers = ["{yaml_layer.name}"]\n')
    configured = tidings("kb", "resolve", "M. Quillen", "--date", "2032-01-01", "--format",
                         "json", cwd=tmp_path)
    assert json.loads(configured.stdout)["kb_id"] == "person:marta-quillen"


def test_import_wikidata_command_writes_a_usable_layer(tmp_path: Path):
    dump = _write_dump(tmp_path / "dump.json")
    layer = tmp_path / "wd.csv"
    run = tidings("kb", "import-wikidata", str(dump), "-o", str(layer))
    assert run.returncode == 0 and "wrote 2 people and 2 terms" in run.stderr
    resolved = tidings("kb", "resolve", "the New Zealand prime minister", "--date",
                       "2033-03-03", "--format", "json", "--kb", str(layer))
    assert json.loads(resolved.stdout)["kb_id"] == "person:harriet-moana"

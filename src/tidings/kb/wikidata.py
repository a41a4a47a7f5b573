"""Import people and the offices they held from Wikidata, into a CSV knowledge-base layer.

Two inputs, as Wikidata publishes them:

- the JSON dump (one entity per line between "[" and "]", plain, .gz or .bz2). It is
  read twice, line by line: first for the positions (P39 targets) and the countries they
  apply to, then for the people who held them. Memory holds positions and countries,
  never people, so a multi-gigabyte dump runs in bounded memory.
- SPARQL JSON results with the variables documented in docs/kb.md.

A position counts when its label names a known office ("Prime Minister of Kenya" →
prime_minister) and its jurisdiction (P1001, else P17) is a known country or IGO.
People holding no such position are skipped, and counted.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tidings.kb import KnowledgeBase, norm
from tidings.kb.layers import CSV_COLUMNS, slug
from tidings.model import TidingsError

HUMAN = "Q5"
GENDERS = {"Q6581097": "m", "Q6581072": "f"}
FILLER = {"of", "the", "for", "republic", "federal", "kingdom", "national", "government"}
PRECISION = {9: 4, 10: 7, 11: 10}  # Wikidata time precision -> characters of YYYY-MM-DD


@dataclass
class Position:
    office: str
    country: str  # ISO alpha-3 or igo id


@dataclass
class Report:
    """What an import wrote and what it passed over."""

    people: int = 0
    terms: int = 0
    skipped: Counter = field(default_factory=Counter)


def _open(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def entities(path: Path) -> Iterator[dict[str, Any]]:
    """The entities of a JSON dump, one at a time."""
    with _open(path) as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip().rstrip(",")
            if line in ("", "[", "]"):
                continue
            try:
                entity = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TidingsError(f"{path}: line {n}: not a JSON entity: {exc.msg}") from None
            if not isinstance(entity, dict) or not isinstance(entity.get("id"), str):
                raise TidingsError(f"{path}: line {n}: not a Wikidata entity (no id)")
            yield entity


def _get(value: Any, *keys: str) -> Any:
    """`value[k1][k2]...`, or None where the JSON is not shaped like that."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _label(entity: dict[str, Any]) -> str:
    label = _get(entity, "labels", "en", "value")
    return label if isinstance(label, str) else ""


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _claims(entity: dict[str, Any], prop: str) -> list[dict[str, Any]]:
    return [c for c in _list(_get(entity, "claims", prop))
            if c.get("rank") != "deprecated" and _get(c, "mainsnak", "snaktype") == "value"]


def _value(snak: Any) -> Any:
    return _get(snak, "datavalue", "value")


def _item(snak: Any) -> str:
    item = _get(_value(snak), "id")
    return item if isinstance(item, str) else ""


def _time(snak: Any) -> str:
    value = _value(snak)
    time, precision = _get(value, "time"), _get(value, "precision")
    if not isinstance(time, str) or not time.startswith("+"):
        return ""
    return time[1:11][:PRECISION.get(precision, 0) if isinstance(precision, int) else 10]


class Importer:
    """Maps Wikidata items onto the knowledge base's countries, IGOs and offices."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.titles = sorted(kb.offices, key=len, reverse=True)
        self.countries: dict[str, str] = {}  # QID -> ISO alpha-3 or igo id
        self.positions: dict[str, Position] = {}
        self.by_qid = {p.wikidata: p.id for p in kb.people.values() if p.wikidata}
        self.names_of: dict[str, list[str]] = {}  # country or IGO -> its names, longest first
        for key, matches in kb.names.items():
            for m in matches:
                where = m.country.iso3 if m.country and m.how != "metonym" else (
                    m.org.id if m.org else None)
                if where:
                    self.names_of.setdefault(where, []).append(key)
        for names in self.names_of.values():
            names.sort(key=len, reverse=True)
        self.report = Report()

    def place(self, qid: str, label: str) -> str | None:
        """The country or IGO an item is: by its ISO code, else by a name in `label`."""
        if qid in self.countries:
            return self.countries[qid]
        tokens = norm(label).split()
        for size in range(len(tokens), 0, -1):
            for i in range(len(tokens) - size + 1):
                for match in self.kb.lookup(" ".join(tokens[i:i + size])):
                    if match.country and match.how in ("alias", "demonym"):
                        return match.country.iso3
                    if match.org and match.org.igo:
                        return match.org.id
        return None

    def office(self, label: str, where: str) -> str | None:
        """The office a position's label names; None when anything else is left
        ("Deputy Prime Minister", "President of the Senate" name no office we know)."""
        text = f" {norm(label)} "
        for name in self.names_of.get(where, []):
            text = text.replace(f" {name} ", " ")
        for title in self.titles:
            if f" {title} " in text:
                if set(text.replace(f" {title} ", " ").split()) - FILLER:
                    return None
                # "secretary-general" of the UN is an IGO's head, of a party its leader
                igo = where.startswith("igo:")
                return min(self.kb.offices[title], key=lambda o: (
                    (self.kb.office_kinds.get(o) == "igo_head") != igo))
        return None

    def position(self, qid: str, label: str, where: str | None) -> Position | None:
        if where is None:
            self.report.skipped["position outside known countries and IGOs"] += 1
            return None
        office = self.office(label, where)
        if office is None:
            self.report.skipped["position naming no known office"] += 1
            return None
        self.positions[qid] = Position(office, where)
        return self.positions[qid]

    def import_dump(self, path: Path, out: IO[str]) -> Report:
        pending: dict[str, tuple[str, str]] = {}  # position QID -> (label, jurisdiction QID)
        for entity in entities(path):  # pass 1: countries and positions
            iso3 = next((_value(c["mainsnak"]) for c in _claims(entity, "P298")), None)
            if isinstance(iso3, str) and iso3 in self.kb.countries:
                self.countries[entity["id"]] = iso3
            jurisdiction = [_item(c["mainsnak"]) for c in _claims(entity, "P1001")
                            + _claims(entity, "P17")]
            if jurisdiction and not _is_human(entity):
                pending[entity["id"]] = (_label(entity), jurisdiction[0])
        for qid, (label, where) in pending.items():
            # a jurisdiction that is no country in the dump (an IGO) is named in the label
            self.position(qid, label, self.place(where, label))
        writer = _writer(out)
        for entity in entities(path):  # pass 2: the people who held them
            if not _is_human(entity):
                continue
            terms = []
            for claim in _claims(entity, "P39"):
                pos = self.positions.get(_item(claim["mainsnak"]))
                if pos is None:
                    continue
                start = next((_time(q) for q in _list(_get(claim, "qualifiers", "P580"))), "")
                end = next((_time(q) for q in _list(_get(claim, "qualifiers", "P582"))), "")
                terms.append((pos, start, end))
            if not terms:
                self.report.skipped["person holding no known position"] += 1
                continue
            citizenship = [self.countries.get(_item(c["mainsnak"]), "")
                           for c in _claims(entity, "P27")]
            gender = next((GENDERS.get(_item(c["mainsnak"]), "")
                           for c in _claims(entity, "P21")), "")
            aliases = [a["value"] for a in _list(_get(entity, "aliases", "en"))
                       if isinstance(a.get("value"), str)]
            self._write(writer, entity["id"], _label(entity), aliases, gender,
                        next((c for c in citizenship if c), ""), terms)
        return self.report

    def import_sparql(self, path: Path, out: IO[str]) -> Report:
        try:
            bindings = json.loads(path.read_text(encoding="utf-8"))["results"]["bindings"]
        except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise TidingsError(f"{path}: not SPARQL JSON results: {exc}") from None
        if not isinstance(bindings, list):
            raise TidingsError(f"{path}: results.bindings is not a list")
        people: dict[str, dict[str, Any]] = {}
        for row in _list(bindings):
            get = {k: str(v.get("value", "")) for k, v in row.items() if isinstance(v, dict)}
            person = get.get("person", "").rsplit("/", 1)[-1]
            position = get.get("position", "").rsplit("/", 1)[-1]
            if not person or not position:
                raise TidingsError(f"{path}: each result needs ?person and ?position")
            where = get.get("country", "")
            code = where if where in self.kb.countries else (
                self.place(where.rsplit("/", 1)[-1], get.get("countryLabel", ""))
                or self.place("", get.get("positionLabel", "")))
            pos = self.positions.get(position) or self.position(
                position, get.get("positionLabel", ""), code)
            entry = people.setdefault(person, {"label": get.get("personLabel", ""),
                                               "aliases": [], "gender": "", "terms": []})
            entry["aliases"] += [a for a in re.split(r"\s*\|\s*", get.get("aliases", "")) if a]
            entry["gender"] = entry["gender"] or GENDERS.get(
                get.get("gender", "").rsplit("/", 1)[-1], "")
            if pos is not None:
                term = (pos, get.get("start", "")[:10], get.get("end", "")[:10])
                if term not in entry["terms"]:
                    entry["terms"].append(term)
        writer = _writer(out)
        for qid, entry in people.items():
            if not entry["terms"]:
                self.report.skipped["person holding no known position"] += 1
                continue
            self._write(writer, qid, entry["label"], entry["aliases"], entry["gender"],
                        entry["terms"][0][0].country if entry["terms"][0][0].country
                        in self.kb.countries else "", entry["terms"])
        return self.report

    def _write(self, writer: csv.DictWriter, qid: str, name: str, aliases: list[str],
               gender: str, country: str, terms: list[tuple[Position, str, str]]) -> None:
        if not name:
            self.report.skipped["person without an English label"] += 1
            return
        pid = self.by_qid.get(qid) or f"person:{slug(name)}"
        base = {"type": "person", "id": pid, "name": name,
                "aliases": "|".join(dict.fromkeys(a for a in aliases if a != name)),
                "country": country, "gender": gender, "wikidata": qid}
        writer.writerow(base)
        for pos, start, end in terms:
            writer.writerow({"type": "person", "id": pid, "name": name, "country": pos.country,
                             "office": pos.office, "start": start, "end": end,
                             "note": "wikidata"})
            self.report.terms += 1
        self.report.people += 1


def _is_human(entity: dict[str, Any]) -> bool:
    return HUMAN in {_item(c["mainsnak"]) for c in _claims(entity, "P31")}


def _writer(out: IO[str]) -> csv.DictWriter:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, restval="")
    writer.writeheader()
    return writer


def import_file(path: str | Path, kb: KnowledgeBase, out: IO[str],
                fmt: str | None = None) -> Report:
    """Write a CSV layer from a Wikidata dump (`dump`) or SPARQL results (`sparql`)."""
    path = Path(path)
    if not path.is_file():
        raise TidingsError(f"{path}: no such file")
    if fmt is None:
        fmt = "sparql" if path.suffix == ".json" and _looks_like_sparql(path) else "dump"
    importer = Importer(kb)
    if fmt == "sparql":
        return importer.import_sparql(path, out)
    return importer.import_dump(path, out)


def _looks_like_sparql(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as fh:
        return '"head"' in fh.read(4096)

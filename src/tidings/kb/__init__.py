"""The knowledge base: countries, people and their terms in office, IGOs, roles, places.

Shipped as TSV files under `tidings/data/kb/`; loaded once per process. Every
lookup that depends on time takes a date, because offices change hands.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path

from tidings.data import load_tsv, split
from tidings.model import TidingsError

# Family name first: news calls Kim Jong-un "Kim" and Xi Jinping "Xi".
FAMILY_NAME_FIRST = {"CHN", "PRK", "KOR", "TWN", "HKG", "MAC", "SGP", "KHM", "HUN", "MNG"}


def norm(text: str) -> str:
    """Lower-case, accent-free, hyphen- and punctuation-insensitive key for names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").lower()
    text = re.sub(r"[-‐–.]", " ", text)
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]", " ", text)).strip()


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    fips: str
    name: str
    geonames_id: int | None
    lat: float | None
    lon: float | None
    capital: str
    un: str = ""  # member, observer or empty


@dataclass(frozen=True)
class Term:
    person_id: str
    country: str
    office: str
    kind: str
    start: str
    end: str
    note: str

    def holds_on(self, day: str | None) -> bool:
        """Dates may be YYYY-MM or YYYY when the day is not known: such a term starts
        and ends with its month or year, which ISO strings compare correctly; a term that
        starts and ends in the same such month (or year) holds all through it."""
        if day is None:
            return not self.end
        if self.start and self.start <= day and self.within_one_period:
            return day[:len(self.end)] <= self.end
        return (not self.start or self.start <= day) and (not self.end or day < self.end)

    @property
    def within_one_period(self) -> bool:
        return bool(self.end) and len(self.end) < 10 and self.start.startswith(self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    gender: str
    country: str
    wikidata: str
    terms: tuple[Term, ...] = ()

    @cached_property
    def short_names(self) -> frozenset[str]:
        """The bare names news uses after first mention."""
        tokens = norm(self.name).split()
        if len(tokens) < 2:
            return frozenset(tokens)
        return frozenset({tokens[0] if self.country in FAMILY_NAME_FIRST else tokens[-1]})

    def role_on(self, day: str | None) -> Term | None:
        """The most senior office held on `day` (None: the current or last one)."""
        held = [t for t in self.terms if t.holds_on(day)] if day else []
        if not held and day is None:
            held = [t for t in self.terms if not t.end] or sorted(self.terms, key=lambda t: t.end)
        return min(held, key=lambda t: KIND_RANK.get(t.kind, 9), default=None)


KIND_RANK = {"paramount_leader": 0, "head_of_state": 1, "head_of_government": 2, "igo_head": 3,
             "minister": 4}


@dataclass(frozen=True)
class Org:
    id: str
    code: str  # CAMEO actor code of an IGO ("IGOUNO"); empty for other groups
    name: str
    sector: str
    country: str  # headquarters of an IGO; home country of a group
    wikidata: str = ""

    @property
    def igo(self) -> bool:
        return self.sector in ("IGO", "NGO") or self.id.startswith("igo:")


@dataclass(frozen=True)
class Role:
    phrase: str
    sector: str
    office: str
    country: str  # set for metonyms such as "the Pentagon"


@dataclass(frozen=True)
class KnownPlace:
    name: str
    kind: str
    country: str
    admin1: str
    lat: float | None
    lon: float | None
    geonames_id: int | None
    city: str


@dataclass
class Match:
    """What a name refers to, and why."""

    kind: str  # person, country, org, role, place
    how: str  # alias, surname, demonym, metonym, title, role
    person: Person | None = None
    country: Country | None = None
    org: Org | None = None
    role: Role | None = None
    place: KnownPlace | None = None


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    orgs: dict[str, Org] = field(default_factory=dict)
    places: list[KnownPlace] = field(default_factory=list)
    offices: dict[str, list[str]] = field(default_factory=dict)  # title words -> offices
    office_kinds: dict[str, str] = field(default_factory=dict)  # office -> head_of_state, ...
    terms_of: dict[str, list[tuple[Person, Term]]] = field(default_factory=dict)  # by country
    by_short_name: dict[str, list[Person]] = field(default_factory=dict)  # "putin" -> people
    names: dict[str, list[Match]] = field(default_factory=dict)  # normalised name -> matches
    surfaces: set[str] = field(default_factory=set)  # every name as written, for matching

    def add_name(self, name: str, match: Match) -> None:
        key = norm(name)
        if key:
            self.names.setdefault(key, []).append(match)
            self.surfaces.add(name)

    def lookup(self, name: str) -> list[Match]:
        return self.names.get(norm(name), [])

    def country(self, code: str | None) -> Country | None:
        return self.countries.get(code or "")

    def holder(self, country: str, offices: list[str], day: str | None
               ) -> tuple[Person, Term] | None:
        """Who held one of `offices` of `country` on `day` (leader: the paramount office)."""
        best: tuple[int, Person, Term] | None = None
        for person, term in self.terms_of.get(country, []):
            if term.holds_on(day):
                if "leader" in offices:
                    rank = KIND_RANK.get(term.kind, 9)
                elif term.office in offices:
                    rank = offices.index(term.office)
                else:
                    continue
                # of two open terms the later one is current: the other ended unrecorded
                if best is None or rank < best[0] or (rank == best[0]
                                                      and term.start > best[2].start):
                    best = (rank, person, term)
        return (best[1], best[2]) if best else None

    def surname_matches(self, name: str, day: str | None) -> list[Person]:
        """People with this short name; those in office on `day` first."""
        found = self.by_short_name.get(norm(name), [])
        return sorted(found, key=lambda p: p.role_on(day) is None)

    def place(self, name: str) -> KnownPlace | None:
        for match in self.lookup(name):
            if match.place:
                return match.place
        return None


TABLES = ("countries", "igos", "groups", "people", "terms", "offices", "roles", "places")
Tables = dict[str, list[dict[str, str]]]


def shipped_tables() -> Tables:
    """The shipped TSV tables as rows, ready to be layered over."""
    return {name: [dict(row) for row in load_tsv(f"kb/{name}.tsv")] for name in TABLES}


_CHOSEN: list[str] = []  # layers chosen by the caller (the CLI's --kb)


def use_layers(paths: list[str]) -> None:
    """Layer these files over the shipped base in every later `load()`."""
    _CHOSEN[:] = paths


def configured_layers() -> tuple[str, ...]:
    """Layers from $TIDINGS_KB (paths joined by os.pathsep), ./tidings.toml's
    `[kb] layers = [...]` (relative to that file), then those chosen with `use_layers`."""
    paths = [p for p in os.environ.get("TIDINGS_KB", "").split(os.pathsep) if p]
    config = Path(os.environ.get("TIDINGS_CONFIG", "tidings.toml"))
    if config.is_file():
        try:
            table = tomllib.loads(config.read_text(encoding="utf-8")).get("kb", {})
        except tomllib.TOMLDecodeError as exc:
            raise TidingsError(f"{config}: not valid TOML: {exc}") from None
        paths += [str(config.parent / p) for p in table.get("layers", [])]
    return tuple(paths + _CHOSEN)


def load(layers: tuple[str, ...] | None = None) -> KnowledgeBase:
    """The shipped knowledge base with the user's layers (YAML or CSV files) on top."""
    return _load(configured_layers() if layers is None else tuple(layers))


@cache
def _load(layers: tuple[str, ...]) -> KnowledgeBase:
    from tidings.kb.layers import merge, read_layer

    tables = shipped_tables()
    for path in layers:
        merge(tables, read_layer(path, tables))
    return build(tables)


def build(tables: Tables) -> KnowledgeBase:
    """Index the tables for lookup by name, code and date."""
    kb = KnowledgeBase()
    for row in tables["countries"]:
        c = Country(row["iso3"], row["iso2"], row["fips"], row["name"],
                    _int(row["geonames_id"]), _float(row["lat"]), _float(row["lon"]),
                    row["capital"], row.get("un", ""))
        kb.countries[c.iso3] = c
        for name in [c.name, *split(row["aliases"])]:
            kb.add_name(name, Match("country", "alias", country=c))
        for name in split(row["demonyms"]):
            kb.add_name(name, Match("country", "demonym", country=c))
        for name in split(row["metonyms"]):
            kb.add_name(name, Match("country", "metonym", country=c))
    for row in tables["igos"]:
        org = Org(row["id"], row["code"], row["name"], row["sector"] or "IGO",
                  row.get("hq_country", ""), row.get("wikidata", ""))
        kb.orgs[org.id] = org
        for name in [org.name, *split(row["aliases"])]:
            kb.add_name(name, Match("org", "alias", org=org))
    for row in tables["groups"]:  # non-state armed groups: of a country, not IGOs
        org = Org(row["id"], "", row["name"], row["sector"], row["country"],
                  row.get("wikidata", ""))
        kb.orgs[org.id] = org
        for name in [org.name, *split(row["aliases"])]:
            kb.add_name(name, Match("org", "alias", org=org))
    terms: dict[str, list[Term]] = {}
    for row in tables["terms"]:
        terms.setdefault(row["person_id"], []).append(
            Term(row["person_id"], row["country"], row["office"], row["kind"], row["start"],
                 row["end"], row["note"]))
    for row in tables["people"]:
        p = Person(row["id"], row["name"], row["gender"], row["country"], row["wikidata"],
                   tuple(terms.get(row["id"], ())))
        kb.people[p.id] = p
        for short in p.short_names:
            kb.by_short_name.setdefault(short, []).append(p)
        for term in p.terms:
            kb.terms_of.setdefault(term.country, []).append((p, term))
        for name in [p.name, *split(row["aliases"])]:
            kb.add_name(name, Match("person", "alias", person=p))
    for row in tables["offices"]:
        kb.office_kinds[row["office"]] = row["kind"]
        for title in split(row["titles"]):
            kb.offices.setdefault(norm(title), []).append(row["office"])
    for row in tables["roles"]:
        for phrase in split(row["phrase"]):
            role = Role(phrase, row["sector"], row.get("office", ""), row.get("country", ""))
            kb.add_name(phrase, Match("role", "metonym" if role.country else "role", role=role))
    for row in tables["places"]:
        place = KnownPlace(row["name"], row["kind"], row["country"], row["admin1"],
                           _float(row["lat"]), _float(row["lon"]), _int(row["geonames_id"]),
                           row["city"])
        kb.places.append(place)
        for name in [place.name, *split(row["aliases"])]:
            kb.add_name(name, Match("place", "alias", place=place))
    return kb


LEADER_KINDS = ("paramount_leader", "head_of_state", "head_of_government")


def coverage(kb: KnowledgeBase, since: str, until: str) -> dict[str, list[tuple[str, str]]]:
    """Per UN member, the stretches between `since` and `until` when no leader is known."""
    gaps: dict[str, list[tuple[str, str]]] = {}
    spans: dict[str, list[tuple[str, str]]] = {}
    for person in kb.people.values():
        for t in person.terms:
            if t.kind in LEADER_KINDS:
                end = _day(t.end, "9999-12-31")
                if t.within_one_period:  # the whole month or year
                    end = _next_period(t.end)
                spans.setdefault(t.country, []).append((_day(t.start, "0000-01-01"), end))
    for iso3, country in kb.countries.items():
        if country.un != "member":
            continue
        cursor, missing = since, []
        for start, end in sorted(spans.get(iso3, [])):
            if start > cursor:
                missing.append((cursor, min(start, until)))
            cursor = max(cursor, end)
            if cursor >= until:
                break
        if cursor < until:
            missing.append((cursor, until))
        # a term's end is its last day in some sources and the successor's first in others
        gaps[iso3] = [(a, b) for a, b in missing
                      if (date.fromisoformat(b) - date.fromisoformat(a)).days > 1]
    return gaps


def _next_period(value: str) -> str:
    """The first day after a YYYY or YYYY-MM period."""
    year, _, month = value.partition("-")
    if not month:
        return f"{int(year) + 1:04d}-01-01"
    return f"{int(year) + int(month) // 12:04d}-{int(month) % 12 + 1:02d}-01"


def _day(value: str, default: str) -> str:
    return {0: default, 4: f"{value}-01-01", 7: f"{value}-01"}.get(len(value), value)


def stats(kb: KnowledgeBase, today: str) -> dict[str, object]:
    """Counts by type and country, and how much of 2000–today the leaders cover."""
    gaps = coverage(kb, "2000-01-01", today)
    by_country: dict[str, int] = {}
    terms_by_kind: dict[str, int] = {}
    for person in kb.people.values():
        for where in {t.country for t in person.terms} or {person.country}:
            by_country[where] = by_country.get(where, 0) + 1
        for t in person.terms:
            terms_by_kind[t.kind] = terms_by_kind.get(t.kind, 0) + 1
    igos = sum(org.igo for org in kb.orgs.values())
    return {
        "countries": len(kb.countries),
        "un_members": sum(c.un == "member" for c in kb.countries.values()),
        "people": len(kb.people),
        "people_with_wikidata": sum(bool(p.wikidata) for p in kb.people.values()),
        "terms": sum(terms_by_kind.values()),
        "terms_by_kind": dict(sorted(terms_by_kind.items())),
        "igos": igos,
        "groups": len(kb.orgs) - igos,
        "offices": len(kb.office_kinds),
        "places": len(kb.places),
        "people_by_country": dict(sorted(by_country.items(), key=lambda kv: -kv[1])),
        "leaders_covered_since_2000": sum(not g for g in gaps.values()),
        "leader_gaps": {k: v for k, v in sorted(gaps.items()) if v},
    }


def describe(kb: KnowledgeBase, name: str) -> list[dict[str, object]]:
    """What `name` can refer to, as plain dicts (people with all their terms)."""
    out: list[dict[str, object]] = []
    matches = kb.lookup(name) or [Match("person", "surname", person=p)
                                  for p in kb.surname_matches(name, None)]
    for m in matches:
        if m.person:
            p = m.person
            out.append({"kind": "person", "id": p.id, "name": p.name, "country": p.country,
                        "wikidata": p.wikidata, "how": m.how,
                        "terms": [vars(t) for t in p.terms]})
        elif m.country:
            out.append({"kind": "country", "id": m.country.iso3, "name": m.country.name,
                        "country": m.country.iso3, "how": m.how})
        elif m.org:
            out.append({"kind": "igo" if m.org.igo else "group", "id": m.org.id,
                        "name": m.org.name, "country": m.org.country, "sector": m.org.sector,
                        "wikidata": m.org.wikidata, "how": m.how})
        elif m.role:
            out.append({"kind": "role", "id": m.role.phrase, "name": m.role.phrase,
                        "country": m.role.country, "sector": m.role.sector, "how": m.how})
        elif m.place:
            out.append({"kind": "place", "id": m.place.name, "name": m.place.name,
                        "country": m.place.country, "how": m.how})
    return out

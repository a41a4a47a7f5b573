"""The knowledge base: countries, people and their terms in office, IGOs, roles, places.

Shipped as TSV files under `tidings/data/kb/`; loaded once per process. Every
lookup that depends on time takes a date, because offices change hands.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from tidings.data import load_tsv, split

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
        if day is None:
            return not self.end
        return (not self.start or self.start <= day) and (not self.end or day < self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    gender: str
    country: str
    wikidata: str
    terms: tuple[Term, ...] = ()

    @property
    def short_names(self) -> set[str]:
        """The bare names news uses after first mention."""
        tokens = norm(self.name).split()
        if len(tokens) < 2:
            return set(tokens)
        family = tokens[0] if self.country in FAMILY_NAME_FIRST else tokens[-1]
        return {family}

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
        for person in self.people.values():
            for term in person.terms:
                if term.country != country or not term.holds_on(day):
                    continue
                if "leader" in offices:
                    rank = KIND_RANK.get(term.kind, 9)
                elif term.office in offices:
                    rank = offices.index(term.office)
                else:
                    continue
                if best is None or rank < best[0]:
                    best = (rank, person, term)
        return (best[1], best[2]) if best else None

    def surname_matches(self, name: str, day: str | None) -> list[Person]:
        """People with this short name; those in office on `day` first."""
        key = norm(name)
        found = [p for p in self.people.values() if key in p.short_names]
        return sorted(found, key=lambda p: p.role_on(day) is None)

    def place(self, name: str) -> KnownPlace | None:
        for match in self.lookup(name):
            if match.place:
                return match.place
        return None


@cache
def load() -> KnowledgeBase:
    """The shipped knowledge base."""
    kb = KnowledgeBase()
    for row in load_tsv("kb/countries.tsv"):
        c = Country(row["iso3"], row["iso2"], row["fips"], row["name"],
                    _int(row["geonames_id"]), _float(row["lat"]), _float(row["lon"]),
                    row["capital"])
        kb.countries[c.iso3] = c
        for name in [c.name, *split(row["aliases"])]:
            kb.add_name(name, Match("country", "alias", country=c))
        for name in split(row["demonyms"]):
            kb.add_name(name, Match("country", "demonym", country=c))
        for name in split(row["metonyms"]):
            kb.add_name(name, Match("country", "metonym", country=c))
    for row in load_tsv("kb/igos.tsv"):
        org = Org(row["id"], row["code"], row["name"], row["sector"] or "IGO",
                  row.get("hq_country", ""))
        kb.orgs[org.id] = org
        for name in [org.name, *split(row["aliases"])]:
            kb.add_name(name, Match("org", "alias", org=org))
    for row in load_tsv("kb/groups.tsv"):  # non-state armed groups: of a country, not IGOs
        org = Org(row["id"], "", row["name"], row["sector"], row["country"])
        kb.orgs[org.id] = org
        for name in [org.name, *split(row["aliases"])]:
            kb.add_name(name, Match("org", "alias", org=org))
    terms: dict[str, list[Term]] = {}
    for row in load_tsv("kb/terms.tsv"):
        terms.setdefault(row["person_id"], []).append(
            Term(row["person_id"], row["country"], row["office"], row["kind"], row["start"],
                 row["end"], row["note"]))
    for row in load_tsv("kb/people.tsv"):
        p = Person(row["id"], row["name"], row["gender"], row["country"], row["wikidata"],
                   tuple(terms.get(row["id"], ())))
        kb.people[p.id] = p
        for name in [p.name, *split(row["aliases"])]:
            kb.add_name(name, Match("person", "alias", person=p))
    for row in load_tsv("kb/offices.tsv"):
        for title in split(row["titles"]):
            kb.offices.setdefault(norm(title), []).append(row["office"])
    for row in load_tsv("kb/roles.tsv"):
        for phrase in split(row["phrase"]):
            role = Role(phrase, row["sector"], row.get("office", ""), row.get("country", ""))
            kb.add_name(phrase, Match("role", "metonym" if role.country else "role", role=role))
    for row in load_tsv("kb/places.tsv"):
        place = KnownPlace(row["name"], row["kind"], row["country"], row["admin1"],
                           _float(row["lat"]), _float(row["lon"]), _int(row["geonames_id"]),
                           row["city"])
        kb.places.append(place)
        for name in [place.name, *split(row["aliases"])]:
            kb.add_name(name, Match("place", "alias", place=place))
    return kb

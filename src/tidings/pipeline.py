"""The analysis: small components over one shared document object.

clean → parse → times → actors → places → quotes → events → tone. Each component
reads what the earlier ones left on the `Document` and adds its own results; none
re-parses the text. Offsets everywhere point into the cleaned text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from tidings import actors, dates, nlp, places, quotes
from tidings.clean import Cleaned, clean, detect_language, outlet_names
from tidings.events import code_events
from tidings.ingest import article_id
from tidings.kb import KnowledgeBase
from tidings.kb import load as load_kb
from tidings.model import (
    Analysis,
    Event,
    Mention,
    Place,
    Quote,
    RawArticle,
    TidingsError,
    TimeExpr,
    Tone,
)
from tidings.tone import tone as measure_tone

VERSION = "0.1.0"
MIN_WORDS = 5
MIN_WORDS_LANGUAGE = 20  # below this, a language guess is too weak to refuse a text


@dataclass
class Document:
    """One article on its way through the pipeline."""

    raw: RawArticle
    id: str
    published: date | None
    cleaned: Cleaned
    doc: Doc
    times: list[TimeExpr] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    tone: Tone | None = None

    @property
    def day(self) -> str | None:
        return self.published.isoformat() if self.published else None


Component = Callable[[Document], None]


class Pipeline:
    """Turns raw articles into `Analysis` records."""

    def __init__(self, kb: KnowledgeBase | None = None):
        self.nlp = nlp.load()
        self.kb = kb or load_kb()
        self.resolver = actors.resolver(self.nlp, self.kb)
        self.gazetteer = places.Gazetteer(self.kb)
        self.outlets = {n for n in outlet_names() if len(n) > 2}
        self.components: list[tuple[str, Component]] = [
            ("times", self.tag_times),
            ("actors", self.tag_actors),
            ("places", self.tag_places),
            ("quotes", self.find_quotes),
            ("events", self.code_events),
            ("tone", self.measure_tone),
        ]

    # -- components ---------------------------------------------------------------------------
    def tag_times(self, d: Document) -> None:
        d.times = dates.tag(d.doc, d.published)

    def tag_actors(self, d: Document) -> None:
        d.mentions = actors.tag(d.doc, self.resolver, d.day)

    def tag_places(self, d: Document) -> None:
        context = {m.country for m in d.mentions if m.country}
        d.places = places.tag(d.doc, self.gazetteer, context)

    def find_quotes(self, d: Document) -> None:
        d.quotes = quotes.find(d.doc, d.mentions, self.outlets)

    def code_events(self, d: Document) -> None:
        d.events = code_events(d.doc, d.mentions, d.places, d.times, d.published, d.id,
                               self.resolver)

    def measure_tone(self, d: Document) -> None:
        d.tone = measure_tone(d.cleaned.text)

    def resolve(self, text: str, day: str | None = None) -> Mention | None:
        """The actor a bare mention ("the British prime minister") refers to on `day`,
        resolved exactly as the actor stage resolves it inside an article."""
        found = actors.tag(self.nlp(text), self.resolver, day)
        return max(found, key=lambda m: (m.end - m.start, m.kb_id is not None), default=None)

    # -- running ------------------------------------------------------------------------------
    def prepare(self, raw: RawArticle) -> tuple[RawArticle, Cleaned]:
        """Clean and check an article; TidingsError names the input when it can't be used."""
        cleaned = clean(raw.text, raw.title)
        words = cleaned.text.split()
        if len(words) < MIN_WORDS:
            raise TidingsError(f"{raw.origin}: no article text after cleaning "
                               f"({len(words)} words)")
        language = detect_language(cleaned.text) if len(words) >= MIN_WORDS_LANGUAGE else "en"
        if language not in ("en", "und"):
            raise TidingsError(f"{raw.origin}: not English (detected language: {language}); "
                               "tidings analyses English news")
        return raw, cleaned

    def analyse(self, raw: RawArticle, cleaned: Cleaned, doc: Doc) -> Analysis:
        published = dates.parse_iso(raw.published)
        d = Document(raw, article_id(raw), published, cleaned, doc)
        for _, component in self.components:
            component(d)
        attribution = cleaned.attribution
        return Analysis(
            article_id=d.id, title=raw.title, url=raw.url, published=d.day,
            publisher=raw.source or attribution.publisher, agency=attribution.agency,
            cited_sources=attribution.cited_sources, origin=raw.origin, text=cleaned.text,
            dropped=cleaned.dropped, mentions=d.mentions, events=d.events, quotes=d.quotes,
            places=d.places, times=d.times, tone=d.tone, language="en",
            warnings=[] if published else ["no publication date: relative dates unresolved"])

    def __call__(self, raw: RawArticle) -> Analysis:
        raw, cleaned = self.prepare(raw)
        return self.analyse(raw, cleaned, self.nlp(cleaned.text))

    def pipe(self, raws: Iterable[RawArticle], batch_size: int = 32
             ) -> Iterator[Analysis | TidingsError]:
        """Analyse many articles, parsing in batches; a bad one yields its error, the rest go on."""
        batch: list[tuple[RawArticle, Cleaned]] = []

        def flush() -> Iterator[Analysis | TidingsError]:
            docs = self.nlp.pipe([c.text for _, c in batch])
            for (raw, cleaned), doc in zip(batch, docs, strict=True):
                try:
                    yield self.analyse(raw, cleaned, doc)
                except Exception as exc:  # noqa: BLE001 - one article must not stop the run
                    yield TidingsError(f"{raw.origin}: analysis failed: {exc!r}")
            batch.clear()

        for raw in raws:
            try:
                batch.append(self.prepare(raw))
            except TidingsError as exc:
                yield exc
                continue
            if len(batch) >= batch_size:
                yield from flush()
        if batch:
            yield from flush()


_PIPELINE: Pipeline | None = None


def default() -> Pipeline:
    """The process-wide pipeline (models and knowledge base loaded once)."""
    global _PIPELINE
    if _PIPELINE is None:
        _PIPELINE = Pipeline()
    return _PIPELINE


def process(text: str, published: str | None = None, url: str | None = None,
            title: str | None = None) -> Analysis:
    """Analyse one article's text."""
    raw = RawArticle(text=text, title=title, url=url, published=published)
    return default()(raw)

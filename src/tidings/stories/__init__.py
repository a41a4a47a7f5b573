"""Stories: one real-world happening, however many times it is reported.

After the per-article pass, each article is placed three ways:

1. **copies** (`copies.py`): the same text re-published, grouped under a canonical article;
2. **stories**: articles about the same happening within `WINDOW_DAYS`, written
   independently or not, joined incrementally: a new article joins the open story it is on
   average most similar to (cosine of TF-IDF weighted words, actors, places, months and
   event types), or starts one. A copy joins its original's story;
3. **canonical events**: events of different articles with the same actors, the same CAMEO
   root, dates within `DAY_TOLERANCE` and compatible places are one event, counted as GDELT
   counts (NumMentions, NumSources, NumArticles) with a confidence that grows with the
   number of independent reports (copy groups, not copies).

Only the stories and events of the open window are held in memory; older ones stay in the
store. Nothing here reads or writes the store: `StoryIndex` takes what the store gives it
back (`restore`) and hands out what changed (`flush`).
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.lang.en.stop_words import STOP_WORDS

from tidings.model import ActorRef, Analysis, Event
from tidings.stories.copies import CopyIndex, Fingerprint, fingerprint, words

WINDOW_DAYS = 7
DAY_TOLERANCE = 1
# Average cosine an article needs with a story's members to join it, and two stories need
# to become one (average linkage); chosen on the ECB+ development topics (docs/evaluation.md).
# Two stories' averages are smoother than one article's, so they merge on less.
THRESHOLD = 0.18
MERGE_THRESHOLD = 0.15
KIND_WEIGHTS: dict[str, float] = {"word": 1.0, "actor": 2.0, "place": 2.0, "month": 2.0,
                                  "event": 1.0}
# A feature found in more than this share of the window's articles finds no candidates.
COMMON = 0.3
INDEPENDENT_REPORT = 0.5  # chance a single independent report is right, for the confidence


def features(analysis: Analysis) -> dict[str, float]:
    """Counts of what identifies a happening: words, actors, places, months, event types."""
    feats: Counter[str] = Counter()
    for w in words(analysis.text):
        if len(w) > 2 and w.isalpha() and w not in STOP_WORDS:
            feats[f"word:{w}"] += 1
    for m in analysis.mentions:
        if m.label != "PRONOUN":
            feats[f"actor:{m.kb_id or (m.name or m.text).lower()}"] += 1
    for p in analysis.places:
        feats[f"place:{p.geonames_id or p.name.lower()}"] += 1
    for t in analysis.times:
        if t.date and t.precision in ("day", "week", "month"):
            feats[f"month:{t.date[:7]}"] += 1
    for e in analysis.events:
        feats[f"event:{e.plover or e.cameo_root}"] += 1
    return dict(feats)


def _shifted(day: date, delta: timedelta) -> date:
    """`day` moved by `delta`, held within the calendar (published 0001-01-01 or 9999-12-31)."""
    try:
        return day + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _actor_key(actors: Iterable[ActorRef]) -> tuple[str, ...]:
    """Who, for merging: the KB id, else country and sector, else the name."""
    return tuple(sorted({a.kb_id or (f"{a.country}:{a.sector or ''}" if a.country
                                     else a.name.lower()) for a in actors}))


@dataclass
class Member:
    """An article as the stories stage keeps it."""

    article_id: str
    story_id: str
    day: date | None
    source: str  # the publisher (or agency, or web site) for NumSources
    url: str | None
    title: str | None
    features: dict[str, float]
    fingerprint: Fingerprint
    copy_of: str | None = None  # canonical article of its copy group
    similarity: float = 1.0  # to its story when it joined (1 for a story's first article)


@dataclass
class Story:
    id: str
    first: date | None
    last: date | None
    members: list[str] = field(default_factory=list)
    seq: int = 0  # order of creation


@dataclass
class CanonicalEvent:
    """One happening, with every event (mention) that reports it."""

    id: str
    story_id: str
    date: date | None
    date_precision: str
    source_key: tuple[str, ...]
    target_key: tuple[str, ...]
    cameo: str
    cameo_root: str
    plover: str | None
    country: str | None  # of its location, when known
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (event id, article id)
    sources: set[str] = field(default_factory=set)
    copy_groups: set[str] = field(default_factory=set)

    @property
    def num_mentions(self) -> int:
        return len(self.mentions)

    @property
    def num_articles(self) -> int:
        return len({a for _, a in self.mentions})

    @property
    def num_sources(self) -> int:
        return len(self.sources)

    @property
    def confidence(self) -> float:
        return round(1 - (1 - INDEPENDENT_REPORT) ** len(self.copy_groups), 4)


Loader = Callable[[date, date], tuple[list[Member], list[CanonicalEvent]]]


@dataclass
class Placed:
    """Where one article went."""

    article_id: str
    story_id: str
    copy_of: str | None
    new_story: bool
    similarity: float


class StoryIndex:
    """Copies, stories and canonical events of the open time window."""

    def __init__(self, window_days: int = WINDOW_DAYS, threshold: float = THRESHOLD,
                 merge_threshold: float = MERGE_THRESHOLD,
                 kind_weights: Mapping[str, float] = KIND_WEIGHTS, loader: Loader | None = None):
        self.window = timedelta(days=window_days)
        self.loader = loader  # the store's stories between two dates, to take back
        self.loaded: list[tuple[date, date]] = []
        self.today = date.today()
        self.threshold = threshold
        self.merge_threshold = merge_threshold
        self.kind_weights = kind_weights
        self.copies = CopyIndex()
        self.members: dict[str, Member] = {}
        self.stories: dict[str, Story] = {}
        self.events: dict[str, CanonicalEvent] = {}
        self.df: Counter[str] = Counter()  # document frequency over the members in memory
        self.postings: dict[str, set[str]] = {}  # feature -> open stories having it
        self.event_keys: dict[tuple, list[str]] = {}  # (source, target, root) -> canonical ids
        self.newest: date | None = None
        self.dirty_stories: set[str] = set()
        self.new_members: list[str] = []
        self.dirty_events: set[str] = set()
        self.new_mentions: list[tuple[str, str, str]] = []  # (canonical, event, article)
        self._created = itertools.count()
        self._units: dict[str, dict[str, float]] = {}  # member -> unit vector (cache)
        self._units_n = 0
        self.merged_since: set[str] = set()  # stories merged away since the last flush

    # -- adding ---------------------------------------------------------------------------
    def add(self, analysis: Analysis) -> Placed:
        """Place one analysed article: its copy group, its story, its events."""
        aid = analysis.article_id
        if aid in self.members:  # re-ingested: already placed
            m = self.members[aid]
            return Placed(aid, m.story_id, m.copy_of, False, m.similarity)
        day = _day(analysis.published) or self.today  # undated: as of when it came in
        self._load_around(day)
        self._advance(day)
        fp = fingerprint(analysis.text)
        copy_of = self.copies.add(aid, fp)
        feats = features(analysis)
        vec = self._vector(feats)
        if copy_of and copy_of in self.members:
            story_id, sim, new = self.members[copy_of].story_id, 1.0, False
        else:
            story_id, sim = self._best_story(vec, day, self.threshold)
            new = story_id is None
            if story_id is None:
                story_id, sim = f"story:{aid}", 1.0
                self.stories[story_id] = Story(story_id, day, day, seq=next(self._created))
        source = analysis.publisher or analysis.agency or _site(analysis.url) or aid
        member = Member(aid, story_id, day, source, analysis.url, analysis.title, feats, fp,
                        copy_of, round(sim, 4))
        self._join(member)
        self.new_members.append(aid)
        story_id = self._absorb(story_id)
        member.story_id = story_id
        for event in analysis.events:
            self._merge_event(event, member)
        return Placed(aid, story_id, copy_of, new, member.similarity)

    def _vector(self, feats: Mapping[str, float]) -> dict[str, float]:
        """Unit-length sublinear TF-IDF vector, IDF over the window plus this article."""
        n = len(self.members) + 1
        vec = {}
        for key, count in feats.items():
            if count > 0:
                weight = self.kind_weights.get(key.split(":", 1)[0], 1.0)
                idf = math.log((1 + n) / (1 + self.df[key] + 1)) + 1
                vec[key] = (1 + math.log(count)) * weight * idf
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {k: v / norm for k, v in vec.items()}

    def _story_vector(self, story: Story) -> dict[str, float]:
        """The sum of the members' unit vectors. Member vectors are cached and weighed
        anew whenever the window has grown or shrunk by a tenth since, so the IDF of a
        small window (a story's first articles) does not freeze early."""
        if abs(len(self.members) - self._units_n) > 0.1 * self._units_n:
            self._units.clear()
            self._units_n = len(self.members)
        total: dict[str, float] = {}
        for aid in story.members:
            unit = self._units.get(aid)
            if unit is None:
                unit = self._units[aid] = self._vector(self.members[aid].features)
            for k, v in unit.items():
                total[k] = total.get(k, 0.0) + v
        return total

    def _best_story(self, vec: Mapping[str, float], day: date | None, threshold: float,
                    exclude: str = "", size: int = 1) -> tuple[str | None, float]:
        """The open story with the highest average cosine to `vec` (a sum of `size` unit
        vectors), if it reaches the threshold; candidates share a feature that is not
        common in the window."""
        limit = max(2, COMMON * len(self.members))
        candidates: set[str] = set()
        for key in vec:
            if self.df[key] <= limit:
                candidates |= self.postings.get(key, set())
        candidates.discard(exclude)
        best, found = threshold, None
        for sid in candidates:
            story = self.stories[sid]
            if day and story.last and abs((day - story.last).days) > self.window.days:
                continue
            other = self._story_vector(story)
            score = sum(v * other.get(k, 0.0) for k, v in vec.items()) / (
                len(story.members) * size)
            if score >= best:
                best, found = score, sid
        return found, best if found else 0.0

    def _absorb(self, story_id: str) -> str:
        """Merge into the grown story any open story now as similar to it, on average, as
        an article must be to join: average linkage, kept up incrementally."""
        while True:
            story = self.stories[story_id]
            found, _ = self._best_story(self._story_vector(story), story.last,
                                        self.merge_threshold, story_id, len(story.members))
            if found is None:
                return story_id
            keep, gone = sorted((story, self.stories[found]), key=lambda st: st.seq)
            self._merge_stories(keep, gone)
            story_id = keep.id

    def _merge_stories(self, keep: Story, gone: Story) -> None:
        """The older story takes the other's members and events."""
        for aid in gone.members:
            self.members[aid].story_id = keep.id
            for k in self.members[aid].features:
                posting = self.postings[k]
                posting.discard(gone.id)
                posting.add(keep.id)
        keep.members += gone.members
        keep.first = min(filter(None, (keep.first, gone.first)), default=None)
        keep.last = max(filter(None, (keep.last, gone.last)), default=None)
        for ev in self.events.values():
            if ev.story_id == gone.id:
                ev.story_id = keep.id
                self.dirty_events.add(ev.id)
        del self.stories[gone.id]
        self.dirty_stories.add(keep.id)
        self.merged_since.add(gone.id)

    def _join(self, member: Member, changed: bool = True) -> None:
        story = self.stories[member.story_id]
        story.members.append(member.article_id)
        for k in member.features:
            self.postings.setdefault(k, set()).add(story.id)
        if member.day:
            story.first = min(filter(None, (story.first, member.day)))
            story.last = max(filter(None, (story.last, member.day)))
        self.members[member.article_id] = member
        self.df.update(member.features.keys())
        if changed:
            self.dirty_stories.add(story.id)

    def _merge_event(self, event: Event, member: Member) -> None:
        key = (_actor_key(event.source), _actor_key(event.target), event.cameo_root)
        day = _day(event.date)
        country = event.location.country if event.location else None
        found = None
        for cid in self.event_keys.get(key, []):
            c = self.events[cid]
            if _same_time(c.date, c.date_precision, day, event.date_precision, c.story_id,
                          member.story_id) and (not c.country or not country
                                                or c.country == country):
                found = c
                break
        if found is None:
            cid = "cev:" + hashlib.sha1(f"{event.id}".encode()).hexdigest()[:16]
            found = CanonicalEvent(cid, member.story_id, day, event.date_precision, key[0],
                                   key[1], event.cameo, event.cameo_root, event.plover,
                                   country)
            self.events[cid] = found
            self.event_keys.setdefault(key, []).append(cid)
        found.mentions.append((event.id, member.article_id))
        found.sources.add(member.source)
        found.copy_groups.add(member.copy_of or member.article_id)
        found.country = found.country or country
        self.dirty_events.add(found.id)
        self.new_mentions.append((found.id, event.id, member.article_id))

    # -- the window -----------------------------------------------------------------------
    def _advance(self, day: date | None) -> None:
        """Move the window forward; stories and events that left it leave memory."""
        if day is None or (self.newest and day <= self.newest):
            return
        self.newest = day
        cutoff = _shifted(day, -self.window * 2)
        for sid in [s for s, st in self.stories.items() if st.last and st.last < cutoff]:
            self._evict(sid)

    def _evict(self, story_id: str) -> None:
        story = self.stories.pop(story_id)
        evicted = {}
        for aid in story.members:
            member = evicted[aid] = self.members.pop(aid)
            self.copies.remove(aid)
            self.df.subtract(member.features.keys())
            for key in member.features:
                if self.df[key] <= 0:
                    del self.df[key]
        for aid in story.members:
            self._units.pop(aid, None)
        for key in {k for aid in story.members for k in evicted[aid].features}:
            posting = self.postings.get(key)
            if posting is not None:
                posting.discard(story_id)
                if not posting:
                    del self.postings[key]
        for cid in [c for c, ev in self.events.items() if ev.story_id == story_id]:
            ev = self.events.pop(cid)
            key = (ev.source_key, ev.target_key, ev.cameo_root)
            self.event_keys[key].remove(cid)
            if not self.event_keys[key]:
                del self.event_keys[key]

    # -- persistence ----------------------------------------------------------------------
    def restore(self, members: Iterable[Member], events: Iterable[CanonicalEvent]) -> None:
        """Take back stories from the store (oldest member first); they are not changes."""
        for m in members:
            if m.article_id in self.members:
                continue
            self._advance(m.day)
            self.copies.add(m.article_id, m.fingerprint, m.copy_of)
            if m.story_id not in self.stories:
                self.stories[m.story_id] = Story(m.story_id, m.day, m.day,
                                                 seq=next(self._created))
            self._join(m, changed=False)
        for ev in events:
            if ev.story_id in self.stories and ev.id not in self.events:
                self.events[ev.id] = ev
                self.event_keys.setdefault((ev.source_key, ev.target_key, ev.cameo_root),
                                           []).append(ev.id)

    def _load_around(self, day: date) -> None:
        """Stories of the store around `day`, for an article older than the open window."""
        if self.loader is None or any(lo <= day <= hi for lo, hi in self.loaded):
            return
        lo, hi = _shifted(day, -self.window * 2), _shifted(day, self.window * 2)
        self.restore(*self.loader(lo, hi))
        self.loaded.append((lo, hi))

    def flush(self) -> Changes:
        """What changed since the last flush, for the store."""
        stories = [self.stories[s] for s in sorted(self.dirty_stories) if s in self.stories]
        members = {a for st in stories for a in st.members} | {
            a for a in self.new_members if a in self.members}
        changes = Changes(
            stories=[(st, self.summary(st)) for st in stories],
            members=[self.members[a] for a in sorted(members)],
            removed=sorted(self.merged_since),
            events=[self.events[e] for e in sorted(self.dirty_events) if e in self.events],
            mentions=self.new_mentions)
        self.dirty_stories, self.new_members, self.dirty_events = set(), [], set()
        self.new_mentions, self.merged_since = [], set()
        return changes

    def summary(self, story: Story) -> dict[str, int]:
        """Articles, independent reports (copy groups) and sources of a story."""
        members = [self.members[a] for a in story.members]
        return {"articles": len(members),
                "copy_groups": len({m.copy_of or m.article_id for m in members}),
                "sources": len({m.source for m in members})}


@dataclass
class Changes:
    """Rows to write after `StoryIndex.flush`."""

    stories: list[tuple[Story, dict[str, int]]]
    members: list[Member]
    removed: list[str]  # stories merged into others
    events: list[CanonicalEvent]
    mentions: list[tuple[str, str, str]]  # (canonical event, event, article)


def _same_time(a: date | None, a_precision: str, b: date | None, b_precision: str,
               a_story: str, b_story: str) -> bool:
    """Dates within the tolerance; month-precise dates in the same month; undated events
    only within one story."""
    if a is None or b is None:
        return a is None and b is None and a_story == b_story
    if "day" not in (a_precision, b_precision) or a_precision != b_precision:
        return (a.year, a.month) == (b.year, b.month)
    return abs((a - b).days) <= DAY_TOLERANCE


def _site(url: str | None) -> str | None:
    if not url or "//" not in url:
        return None
    host = url.split("//", 1)[1].split("/", 1)[0].lower()
    return host.removeprefix("www.")

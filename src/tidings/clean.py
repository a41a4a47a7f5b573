"""Cleaning scraped news text, and finding who the story came from.

Scrapers hand over the headline twice, the teaser above the article, a stray user name, the
wire agency on a line of its own and social-media footers. Analysing that noise would invent
sentences, so `clean` drops it, keeps every dropped line for audit and records the agency and
the outlets the story cites. The patterns and outlet names live in data files.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from tidings.data import load_tsv, split
from tidings.model import Attribution, DroppedLine

SOCIAL_FOOTER = "social footer"  # dropped even when the line reads like a sentence
MIN_SENTENCE_WORDS = 8
MIN_TEASER_WORDS = 4
# Finite-verb cues for the "never drop a real sentence" guard: auxiliaries, reporting verbs,
# and regular past-tense or progressive forms.
_VERB = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|should|may|might|must|"
    r"do|does|did|said|says|told|met|held|went|took|made|\w{3,}ed|\w{3,}ing)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_PUNCT_EDGE = "\"'“”‘’()[]{}-–—:;,.|*•·"


@dataclass
class Cleaned:
    """The text to analyse, the lines taken out of it, and who reported the story."""

    text: str
    dropped: list[DroppedLine] = field(default_factory=list)
    attribution: Attribution = field(default_factory=Attribution)


@dataclass(frozen=True)
class _Outlets:
    canonical: dict[str, str]  # lower-cased name or alias -> canonical name
    agencies: frozenset[str]  # canonical names of wire agencies
    names: str  # regex alternation of every name and alias, longest first


@cache
def _outlets() -> _Outlets:
    canonical: dict[str, str] = {}
    agencies: set[str] = set()
    forms: list[str] = []
    for row in load_tsv("outlets.tsv"):
        for form in [row["name"], *split(row["aliases"])]:
            canonical.setdefault(form.lower(), row["name"])
            forms.append(form)
        if row["kind"] == "agency":
            agencies.add(row["name"])
    forms.sort(key=len, reverse=True)
    names = "|".join(_form_regex(f) for f in forms)
    return _Outlets(canonical, frozenset(agencies), names)


def _form_regex(form: str) -> str:
    """A name as a regex: any run of spaces between words, "the" in either case."""
    words = [re.escape(w) for w in form.split()]
    if len(words) > 1 and words[0] == "The":
        words[0] = "[Tt]he"
    return r"\s+".join(words)


def outlet_names() -> frozenset[str]:
    """Lower-cased names and aliases of the news outlets tidings knows."""
    return frozenset(_outlets().canonical)


def _outlet(name: str) -> str | None:
    """The canonical outlet for a name as written, ignoring case and a leading "the"."""
    key = " ".join(name.split()).lower()
    table = _outlets().canonical
    return table.get(key) or table.get(key.removeprefix("the "))


def _agency(name: str) -> str | None:
    outlet = _outlet(name)
    return outlet if outlet in _outlets().agencies else None


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(row["pattern"], re.IGNORECASE), row["reason"])
        for row in load_tsv("boilerplate.tsv")
    )


@cache
def _cited_patterns() -> tuple[re.Pattern[str], ...]:
    """Reporting constructions around an outlet name; group "o" is the outlet."""
    name = rf"(?P<o>{_outlets().names})(?![\w-])(?!\s+[A-Z][a-z])"
    medium = r"(?:\s+(?i:news(?:\s+agency)?|agency|newspaper|daily|channel|television|tv))?"
    state = (
        r"(?:(?i:state(?:-run|-owned)?\s+"
        r"(?:media|news\s+agency|broadcaster|television|tv))\s+)?"
    )
    the = r"(?:[Tt]he\s+)?"
    before = (
        r"(?i:reports?|reported(?:\s+by)?|reporting\s+by|said|says|told|quoted|quoting|cited|"
        r"citing|according\s+to(?:\s+(?:a|an|the))?(?:\s+report(?:s)?\s+(?:by|in|from|on))?|"
        r"in\s+(?:an?\s+)?(?:interview|statement|report|article|op-ed)s?\s+(?:with|to|by|in|on)|"
        r"speaking\s+(?:to|with)|writing\s+in|wrote\s+in|published\s+by|broadcast\s+by|"
        r"aired\s+by|carried\s+by|as\s+reported\s+by)"
    )
    after = (
        r"(?i:reported|reports|said|says|quoted|cited|wrote|writes|added|announced|"
        r"broadcast|showed|aired|carried|revealed|learned|learnt|understands)"
    )
    return (
        re.compile(rf"\b{before}\s+{state}{the}{name}"),
        re.compile(rf"(?<![\w-]){state}{the}{name}{medium}(?:'s\s+\w+)?\s+{after}\b"),
        re.compile(rf"\b(?i:an?|the)\s+{name}\s+(?i:report|interview|story|article|poll)\b"),
    )


_DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w.'’ -]{1,40}?"
    r"(?:,\s*(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,9})(?:,?\s*\d{4})?)?\s*)?"
    r"\((?P<agency>[^()]{2,40})\)\s*(?P<dash>--?|—|–|:)?"
)


def clean(text: str, title: str | None = None) -> Cleaned:
    """Drop noise lines from scraped text, keeping each with its line number and reason."""
    lines = text.splitlines()
    keys = [_norm(line) for line in lines]
    teasers = _teasers(keys)
    title_key = _norm(title or "")
    dropped: list[DroppedLine] = []
    attribution = Attribution()
    paragraphs: list[list[str]] = [[]]
    kept_keys: set[str] = set()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            paragraphs.append([])
            continue
        reason, agency = _noise(stripped, keys[i], title_key, kept_keys, i in teasers)
        if reason is None:
            paragraphs[-1].append(stripped)
            kept_keys.add(keys[i])
            agency = _dateline_agency(stripped)
        else:
            dropped.append(DroppedLine(i + 1, line, reason))
            paragraphs.append([])
        if agency and attribution.agency is None:
            attribution.agency = agency
    cleaned = "\n\n".join(" ".join(p) for p in paragraphs if p)
    attribution.cited_sources = cited_sources(cleaned)
    return Cleaned(cleaned, dropped, attribution)


def _teasers(keys: list[str]) -> set[int]:
    """Indexes of lines that are the start of a later, longer line."""
    by_start: dict[tuple[str, ...], list[int]] = {}
    for i, key in enumerate(keys):
        by_start.setdefault(tuple(key.split()[:MIN_TEASER_WORDS]), []).append(i)
    teasers: set[int] = set()
    for start, indexes in by_start.items():
        if len(start) < MIN_TEASER_WORDS:
            continue
        for n, i in enumerate(indexes):
            if any(keys[j].startswith(keys[i] + " ") for j in indexes[n + 1 :]):
                teasers.add(i)
    return teasers


def _noise(
    line: str, key: str, title_key: str, kept: set[str], teaser: bool
) -> tuple[str | None, str | None]:
    """Why a line is noise (or None), and the wire agency it names."""
    if key and (key == title_key or key in kept):
        return "headline repeated", None
    if teaser:
        return "teaser duplicated in body", None
    agency = _agency(line.strip(_PUNCT_EDGE + " "))
    if agency:
        return "wire agency line", agency
    for pattern, reason in _patterns():
        if pattern.fullmatch(line):
            if reason != SOCIAL_FOOTER and _is_sentence(line):
                return None, None
            return reason, None
    return None, None


def _is_sentence(line: str) -> bool:
    """A line that reads like a real sentence: at least eight words and a verb."""
    return len(_WORD.findall(line)) >= MIN_SENTENCE_WORDS and bool(_VERB.search(line))


def _dateline_agency(line: str) -> str | None:
    """The agency named in a dateline such as "SEOUL, April 25 (Yonhap) --"."""
    m = _DATELINE.match(line)
    if not m:
        return None
    agency = _agency(m["agency"])
    bare = m.group(0).lstrip().startswith("(")
    return agency if agency and (m["dash"] or not bare) else None


def cited_sources(text: str) -> list[str]:
    """Outlets the text cites in a reporting construction, in order of first appearance."""
    found: list[tuple[int, str]] = []
    for pattern in _cited_patterns():
        for m in pattern.finditer(text):
            outlet = _outlet(m["o"])
            if outlet:
                found.append((m.start("o"), outlet))
    return list(dict.fromkeys(name for _, name in sorted(found)))


def _norm(line: str) -> str:
    """A line compared case-, whitespace- and punctuation-insensitively."""
    folded = unicodedata.normalize("NFKC", line).casefold()
    return " ".join(_WORD.findall(folded)).replace("’", "'")


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    return {row["lang"]: frozenset(split(row["words"])) for row in load_tsv("stopwords.tsv")}


_SCRIPTS = (
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
)
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
MIN_STOPWORD_SHARE = 0.15


def detect_language(text: str) -> str:
    """A cheap guess at the language of a story, so non-English input can be refused early.

    Returns an ISO 639-1 code, or "und" when the text gives too little to go on.
    """
    counts = {lang: len(rx.findall(text)) for lang, rx in _SCRIPTS}
    latin = len(_LATIN.findall(text))
    script, most = max(counts.items(), key=lambda kv: kv[1])
    if most > latin:
        if script == "zh" and counts["ja"] >= 0.1 * most:
            return "ja"  # Japanese mixes kana into Chinese characters
        return script
    words = [w.lower() for w in _WORD.findall(text) if _LATIN.search(w)]
    if not words:
        return "und"
    scores = {
        lang: sum(w in stop for w in words) / len(words) for lang, stop in _stopwords().items()
    }
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= MIN_STOPWORD_SHARE else "und"

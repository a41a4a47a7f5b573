"""`quotes`/`polnear`: tidings' quotes against PolNeAR's attributions (BRAT standoff).

A PolNeAR folder (`train/`, `dev/`) holds `text/<article>.txt` and
`attributions/<article>_<annotator>.ann`. In the `.ann` files, `T` lines are spans
(`T3<TAB>Content 10 20;25 30<TAB>text`, fragments separated by `;`) and each `E` line is one
attribution linking them: `E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`
(`Attribution-no-source` has no Source; `Content2` is a second content span). Articles annotated
by several annotators are scored against the first annotation file in name order.

Articles are analysed without cleaning, so tidings' offsets point into the published text.
Scores (P/R/F1) are kept apart for direct and indirect attributions:

- content, overlap: a prediction matches a gold content (one to one, best overlap first) when
  their word tokens overlap by at least half of each (`MIN_OVERLAP`); `exact` needs the same
  words (punctuation and quote marks aside).
- speaker: a content match whose predicted speaker is right, i.e. the speaker mention overlaps
  the gold Source span, or the speaker's resolved name shares a capitalised word with the gold
  Source text (so "he", resolved to Donald Trump, is right where the gold source is "Trump").
  Predicted pairs are quotes with a speaker; gold pairs are attributions with a Source.

A gold attribution is direct when most of its content lies inside quote marks (pairs of
`"“”` within a paragraph, as tidings pairs them); a predicted quote by its own `direct` flag.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from tidings.evaluate.scoring import prf
from tidings.model import Quote, RawArticle, TidingsError

Fragment = tuple[int, int]
MIN_OVERLAP = 0.5
BATCH_SIZE = 16
CLASSES = ("direct", "indirect", "all")
QUOTE_MARK = re.compile(r"[\"“”]")
WORD = re.compile(r"\w+")
SPAN = re.compile(r"^(\d+) (\d+)$")


@dataclass
class GoldAttribution:
    id: str
    content: list[Fragment] = field(default_factory=list)
    source: list[Fragment] = field(default_factory=list)
    cue: list[Fragment] = field(default_factory=list)


def read_ann(lines: Iterable[str], errors: list[str], origin: str = "<ann>"
             ) -> list[GoldAttribution]:
    """The attributions of one `.ann` file; malformed lines are noted in `errors`."""
    spans: dict[str, tuple[str, list[Fragment]]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for line_no, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        where = f"{origin}:{line_no}"
        cols = line.split("\t")
        if line.startswith("T"):
            parsed = _span_line(cols)
            if parsed is None:
                errors.append(f"{where}: bad span line {line!r}")
                continue
            spans[cols[0]] = parsed
        elif line.startswith("E"):
            args = [a.partition(":") for a in cols[1].split()] if len(cols) > 1 else []
            if not args or any(not sep for _, sep, _ in args):
                errors.append(f"{where}: bad event line {line!r}")
                continue
            events.append((cols[0], [(role, ref) for role, _, ref in args]))
    out = []
    for eid, args in events:
        gold = GoldAttribution(eid)
        for role, ref in args:
            kind = role.rstrip("0123456789").lower()  # Content2 is more content
            if ref not in spans:
                errors.append(f"{origin}: {eid} refers to missing {ref}")
            elif kind in ("content", "source", "cue"):
                getattr(gold, kind).extend(spans[ref][1])
        if gold.content:
            out.append(gold)
        else:
            errors.append(f"{origin}: {eid} has no content span")
    return out


def _span_line(cols: list[str]) -> tuple[str, list[Fragment]] | None:
    """("Content", [(10, 20), (25, 30)]) from `T3<TAB>Content 10 20;25 30<TAB>text`."""
    if len(cols) < 2:
        return None
    label, _, offsets = cols[1].partition(" ")
    fragments = []
    for part in offsets.split(";"):
        m = SPAN.match(part.strip())
        if m is None or int(m.group(1)) > int(m.group(2)):
            return None
        fragments.append((int(m.group(1)), int(m.group(2))))
    return label, fragments


@dataclass
class Article:
    name: str
    text: str
    gold: list[GoldAttribution]
    published: str | None = None


def read_polnear(path: Path, errors: list[str]) -> Iterator[Article]:
    """Articles of a PolNeAR compartment, one annotation each, in name order."""
    text_dir, ann_dir = path / "text", path / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise TidingsError(f"{path}: expected text/ and attributions/ (a PolNeAR compartment)")
    anns: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        anns.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    dates = _publication_dates(path)
    for txt in sorted(text_dir.glob("*.txt")):
        ann = anns.get(txt.stem)
        if ann is None:
            errors.append(f"{txt}: no attribution file")
            continue
        try:
            text = txt.read_text(encoding="utf-8")
            with ann.open(encoding="utf-8") as lines:
                gold = read_ann(lines, errors, str(ann))
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{txt}: unreadable: {exc}")
            continue
        yield Article(txt.stem, text, gold, dates.get(txt.stem))


def _publication_dates(path: Path) -> dict[str, str]:
    """filename -> publication date from `metadata.tsv` beside or above the compartment."""
    for meta in (path / "metadata.tsv", path.parent / "metadata.tsv"):
        if meta.is_file():
            with meta.open(encoding="utf-8", newline="") as f:
                return {r["filename"]: r["publication_date"]
                        for r in csv.DictReader(f, delimiter="\t")
                        if r.get("filename") and r.get("publication_date")}
    return {}


class Words:
    """The word tokens of an article, to compare spans by the words they cover."""

    def __init__(self, text: str):
        self.text = text
        self.spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
        self.starts = [s for s, _ in self.spans]
        self.quoted = _quoted_chars(text)

    def covered(self, fragments: Iterable[Fragment]) -> frozenset[int]:
        """Indices of the words a set of character spans overlaps."""
        out: set[int] = set()
        for start, end in fragments:
            i = max(bisect.bisect_right(self.starts, start) - 1, 0)
            while i < len(self.spans) and self.spans[i][0] < end:
                if self.spans[i][1] > start:
                    out.add(i)
                i += 1
        return frozenset(out)

    def is_direct(self, fragments: list[Fragment]) -> bool:
        """Most of the content's visible characters lie within quote marks."""
        chars = [i for s, e in fragments for i in range(s, e) if not self.text[i].isspace()]
        return bool(chars) and sum(i in self.quoted for i in chars) * 2 > len(chars)


def _quoted_chars(text: str) -> set[int]:
    """Positions inside a pair of quote marks (marks included), pairing within a paragraph;
    an open quote runs to the paragraph's end (a quote that goes on in the next one)."""
    inside: set[int] = set()
    for para in re.finditer(r"[^\n]+", text):
        marks = [m.start() + para.start() for m in QUOTE_MARK.finditer(para.group())]
        for i in range(0, len(marks), 2):
            end = marks[i + 1] + 1 if i + 1 < len(marks) else para.end()
            inside.update(range(marks[i], end))
    return inside


def speaker_right(quote: Quote, gold: GoldAttribution, words: Words) -> bool:
    """The predicted speaker is the gold Source: by position, or by resolved name."""
    if quote.speaker is None or not gold.source:
        return False
    s = quote.speaker
    if any(start < s.end and s.start < end for start, end in gold.source):
        return True
    source_words = {words.text[a:b].lower() for a, b in
                    (words.spans[i] for i in words.covered(gold.source))}
    name_words = {w.lower() for w in WORD.findall(s.name) if w[:1].isupper()}
    return bool(name_words & source_words)


class Counts:
    """Counts for one class (direct, indirect, all): content and speaker true positives."""

    def __init__(self) -> None:
        self.c: Counter[str] = Counter()

    def add(self, words: Words, gold: list[GoldAttribution], pred: list[Quote]) -> None:
        g_words = [words.covered(g.content) for g in gold]
        p_words = [words.covered([(q.start, q.end)]) for q in pred]
        self.c["gold"] += len(gold)
        self.c["pred"] += len(pred)
        self.c["gold_pairs"] += sum(bool(g.source) for g in gold)
        self.c["pred_pairs"] += sum(q.speaker is not None for q in pred)
        self.c["exact_tp"] += len(_match(g_words, p_words, exact=True))
        for gi, pi in _match(g_words, p_words, exact=False):
            self.c["content_tp"] += 1
            self.c["speaker_tp"] += speaker_right(pred[pi], gold[gi], words)

    def metrics(self, prefix: str) -> dict[str, float]:
        c = self.c
        out: dict[str, float] = {}
        for name, tp, pred, gold in (
                ("content", c["content_tp"], c["pred"], c["gold"]),
                ("content_exact", c["exact_tp"], c["pred"], c["gold"]),
                ("speaker", c["speaker_tp"], c["pred_pairs"], c["gold_pairs"])):
            p, r, f = prf(tp, pred, gold)
            out |= {f"{prefix}_{name}_precision": p, f"{prefix}_{name}_recall": r,
                    f"{prefix}_{name}_f1": f}
        return out


def _match(gold: list[frozenset[int]], pred: list[frozenset[int]], exact: bool
           ) -> list[tuple[int, int]]:
    """One-to-one (gold, pred) index pairs, the largest overlaps (Jaccard) first."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            both = len(g & p)
            if not both:
                continue
            ok = g == p if exact else (both >= MIN_OVERLAP * len(g) and
                                       both >= MIN_OVERLAP * len(p))
            if ok:
                pairs.append((both / len(g | p), gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out




def score_article(text: str, gold: list[GoldAttribution], pred: list[Quote],
                  counts: dict[str, Counts]) -> None:
    """Add one article's gold and predicted quotes to the per-class counts."""
    words = Words(text)
    direct = [words.is_direct(g.content) for g in gold]
    counts["direct"].add(words, [g for g, d in zip(gold, direct, strict=True) if d],
                         [q for q in pred if q.direct])
    counts["indirect"].add(words, [g for g, d in zip(gold, direct, strict=True) if not d],
                           [q for q in pred if not q.direct])
    counts["all"].add(words, gold, pred)


def run(path: Path, fmt: str, limit: int | None = None
        ) -> tuple[int, dict[str, float], dict[str, Any]]:
    """Score tidings' quotes on a PolNeAR compartment; `limit` counts articles."""
    if fmt != "polnear":
        raise TidingsError(f"quotes: unknown format {fmt!r}")
    from tidings.clean import Cleaned
    from tidings.pipeline import default

    pipe = default()
    errors: list[str] = []
    counts = {c: Counts() for c in CLASSES}
    rules: Counter[str] = Counter()
    n = 0
    articles = islice(read_polnear(path, errors), limit)
    while batch := list(islice(articles, BATCH_SIZE)):
        for art, doc in zip(batch, pipe.nlp.pipe([a.text for a in batch]), strict=True):
            raw = RawArticle(text=art.text, published=art.published, origin=art.name)
            try:
                quotes = pipe.analyse(raw, Cleaned(art.text), doc).quotes
            except Exception as exc:  # noqa: BLE001 - a failure counts as misses, not a crash
                errors.append(f"{art.name}: analysis failed: {exc!r}")
                quotes = []
            rules.update(q.rule for q in quotes)
            score_article(art.text, art.gold, quotes, counts)
            n += 1
    metrics: dict[str, float] = {}
    for cls in CLASSES:
        metrics |= counts[cls].metrics(cls)
    details = {"counts": {cls: dict(counts[cls].c) for cls in CLASSES},
               "predicted_by_rule": dict(rules), "errors": errors[:20],
               "n_errors": len(errors)}
    return n, metrics, details

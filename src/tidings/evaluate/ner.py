"""`ner`/`conll`: entity-level F1 on CoNLL-2003 files, scored as conlleval scores them.

Each document is rebuilt from its tokens (space-joined, one sentence per line) so every
prediction can be projected back onto the gold tokens. What tidings "recognises" is its own
actor mentions and places first, then the spaCy entities it parses with; `TIDINGS_TYPES`,
`COUNTRY_HOW_TYPES` and `SPACY_TYPES` say how each maps to a CoNLL type. A spaCy-only score is
reported beside it, so the gain (or loss) from tidings' knowledge base is visible.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc

from tidings import actors, places
from tidings.evaluate.scoring import prf
from tidings.kb import norm
from tidings.model import Mention, Place, TidingsError

if TYPE_CHECKING:
    from tidings.pipeline import Pipeline

TYPES = ("PER", "ORG", "LOC", "MISC")
HEADLINE_TYPES = ("PER", "ORG", "LOC")  # the micro average reported as `micro_f1`
DOCSTART = "-DOCSTART-"
# A file without -DOCSTART- lines is cut into pseudo-documents of this many sentences, so a
# reader never holds a whole corpus in memory.
MAX_SENTENCES_PER_DOC = 200
BATCH_SIZE = 32

# tidings mention label -> CoNLL type. COUNTRY depends on how it was matched (below); GOV counts
# only as a metonym ("Washington", "the Kremlin" name the place: CoNLL tags them LOC); GROUP only
# as an institution ("the Pentagon"). Pronouns, titles and "the two leaders" are not names.
TIDINGS_TYPES = {"PERSON": "PER", "IGO": "ORG", "ORG": "ORG", "GOV": "LOC", "GROUP": "ORG"}
COUNTRY_HOW_TYPES = {"alias": "LOC", "metonym": "LOC", "demonym": "MISC"}
NOT_NAMES = ("pronoun", "anaphora", "title", "demonym+role", "unresolved: no holder")
# spaCy (OntoNotes) label -> CoNLL type; the rest (dates, numbers, money) are not entities.
SPACY_TYPES = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC",
    "LANGUAGE": "MISC", "PRODUCT": "MISC",
}
# Precedence on overlap, after length: tidings' knowledge, then its gazetteer, then spaCy.
POSSESSIVES = {"'s", "'", "’s", "’"}
RANK_MENTION, RANK_PLACE, RANK_SPACY = 0, 1, 2

Entity = tuple[int, int, str]  # first token, last token + 1, CoNLL type


@dataclass
class Document:
    """One CoNLL document: its sentences' tokens and gold tags, and the text rebuilt from them."""

    tokens: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sentence_ends: list[int] = field(default_factory=list)  # token index after each sentence

    def text_and_offsets(self) -> tuple[str, list[tuple[int, int]]]:
        """Tokens joined by spaces, sentences by newlines, with each token's (start, end)."""
        parts: list[str] = []
        offsets: list[tuple[int, int]] = []
        pos = 0
        ends = set(self.sentence_ends)
        for i, tok in enumerate(self.tokens):
            if i:
                sep = "\n" if i in ends else " "
                parts.append(sep)
                pos += 1
            offsets.append((pos, pos + len(tok)))
            parts.append(tok)
            pos += len(tok)
        return "".join(parts), offsets


def read_conll(lines: Iterable[str], errors: list[str], origin: str = "<conll>"
               ) -> Iterator[Document]:
    """Documents of a CoNLL-2003 file; a malformed line is noted in `errors` and skipped."""
    doc = Document()
    in_sentence = False

    def end_sentence() -> None:
        nonlocal in_sentence
        if in_sentence:
            doc.sentence_ends.append(len(doc.tokens))
            in_sentence = False

    for line_no, line in enumerate(lines, 1):
        fields = line.split()
        if not fields:
            end_sentence()
            if len(doc.sentence_ends) >= MAX_SENTENCES_PER_DOC:
                yield doc
                doc = Document()
            continue
        if fields[0] == DOCSTART:
            end_sentence()
            if doc.tokens:
                yield doc
            doc = Document()
            continue
        tag = fields[-1]
        if len(fields) < 2 or not (tag == "O" or re.fullmatch(r"[BI]-[A-Z]+", tag)):
            errors.append(f"{origin}:{line_no}: not 'token ... BIO-tag': {line.rstrip()!r}")
            continue
        doc.tokens.append(fields[0])
        doc.tags.append(tag)
        in_sentence = True
    end_sentence()
    if doc.tokens:
        yield doc


def chunks(tags: list[str], sentence_ends: list[int]) -> set[Entity]:
    """Entities in a BIO tag sequence, IOB1 or IOB2, as conlleval finds them."""
    out: set[Entity] = set()
    start, kind = None, None
    ends = set(sentence_ends)
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        boundary = i in ends
        begins = prefix == "B" or (prefix == "I" and (typ != kind or boundary))
        if start is not None and (prefix == "O" or begins):
            out.add((start, i, kind))
            start, kind = None, None
        if begins:
            start, kind = i, typ
    return out


def project(start: int, end: int, offsets: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The gold tokens a character span touches (first, last + 1), or None if it touches none."""
    touched = [i for i, (s, e) in enumerate(offsets) if s < end and start < e]
    return (touched[0], touched[-1] + 1) if touched else None


def mention_type(m: Mention) -> str | None:
    """The CoNLL type of a tidings mention, or None when it is not a name (see TIDINGS_TYPES)."""
    how = m.how or ""
    if how.startswith(NOT_NAMES):
        return None
    if m.label == "COUNTRY":
        return COUNTRY_HOW_TYPES.get(how)
    if m.label in ("GOV", "GROUP") and how != "metonym":
        return None
    return TIDINGS_TYPES.get(m.label)


def _name_start(doc: Doc, m: Mention, office_words: frozenset[str]) -> int:
    """Where the name of a person mention begins: tidings' span includes the title before it."""
    for ent in doc.ents:
        if ent.label_ == "PERSON" and ent.end_char == m.end and ent.start_char >= m.start:
            return ent.start_char
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m.start
    start = m.end
    for tok in reversed(span):
        if not tok.text[:1].isupper() or norm(tok.text) in office_words:
            break
        start = tok.idx
    return start if start < m.end else m.start


def predict(doc: Doc, mentions: list[Mention], found_places: list[Place],
            office_words: frozenset[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping (start char, end char, CoNLL type): tidings' view of the names."""
    candidates: list[tuple[int, int, int, str]] = []  # rank, start, end, type
    for m in mentions:
        typ = mention_type(m)
        if typ is not None:
            start = _name_start(doc, m, office_words) if m.label == "PERSON" else m.start
            candidates.append((RANK_MENTION, start, m.end, typ))
    ent_labels = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
    for p in found_places:
        # a facility spaCy called ORG ("Harvard University") keeps its ORG type
        typ = "ORG" if ent_labels.get((p.start, p.end)) == "ORG" else "LOC"
        candidates.append((RANK_PLACE, p.start, p.end, typ))
    # less what runs two names together, as tidings' own mentions leave it out
    candidates.extend(c for c in spacy_candidates(doc)
                      if not actors.run_together(doc.text[c[1]:c[2]]))
    return select(candidates)


def spacy_candidates(doc: Doc) -> list[tuple[int, int, int, str]]:
    return [(RANK_SPACY, e.start_char, e.end_char, SPACY_TYPES[e.label_])
            for e in map(actors.first_line, doc.ents) if e.label_ in SPACY_TYPES]


def select(candidates: list[tuple[int, int, int, str]]) -> list[tuple[int, int, str]]:
    """Longest first, then by rank; a span overlapping one already taken is dropped."""
    taken: list[tuple[int, int, str]] = []
    for _, start, end, typ in sorted(candidates, key=lambda c: (c[1] - c[2], c[0], c[1])):
        if not any(s < end and start < e for s, e, _ in taken):
            taken.append((start, end, typ))
    return sorted(taken)


def to_entities(spans: list[tuple[int, int, str]], offsets: list[tuple[int, int]],
                tokens: list[str]) -> set[Entity]:
    """Character spans as gold-token entities, without the article and possessive that
    OntoNotes-style spans include and CoNLL's leave out ("the United States 's"), nor the
    figures a tagger runs on into ("J. Smith 4-17" in a scorecard): a name ends in a word."""
    out = set()
    for start, end, typ in spans:
        toks = project(start, end, offsets)
        if toks is None:
            continue
        first, last = toks
        while last - first > 1 and tokens[first].lower() == "the":
            first += 1
        while last - first > 1 and (tokens[last - 1] in POSSESSIVES
                                    or not any(c.isalpha() for c in tokens[last - 1])):
            last -= 1
        out.add((first, last, typ))
    return out


class Counts:
    """True positives, predictions and gold entities per type."""

    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.pred: Counter[str] = Counter()
        self.gold: Counter[str] = Counter()

    def add(self, gold: set[Entity], pred: set[Entity]) -> None:
        for _, _, typ in gold:
            self.gold[typ] += 1
        for _, _, typ in pred:
            self.pred[typ] += 1
        for _, _, typ in gold & pred:
            self.tp[typ] += 1

    def metrics(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for typ in TYPES:
            p, r, f = prf(self.tp[typ], self.pred[typ], self.gold[typ])
            out |= {f"{typ.lower()}_precision": p, f"{typ.lower()}_recall": r,
                    f"{typ.lower()}_f1": f}
        for name, types in (("micro", HEADLINE_TYPES), ("micro_all", TYPES)):
            p, r, f = prf(sum(self.tp[t] for t in types), sum(self.pred[t] for t in types),
                          sum(self.gold[t] for t in types))
            out |= {f"{name}_precision": p, f"{name}_recall": r, f"{name}_f1": f}
        return out

    def table(self) -> dict[str, dict[str, int]]:
        return {t: {"tp": self.tp[t], "pred": self.pred[t], "gold": self.gold[t]} for t in TYPES}




def run(path: Path, fmt: str, limit: int | None = None
        ) -> tuple[int, dict[str, float], dict[str, Any]]:
    """Score tidings' entities on a CoNLL-2003 file; `limit` counts documents."""
    if fmt != "conll":
        raise TidingsError(f"ner: unknown format {fmt!r}")
    from tidings.pipeline import default

    pipe = default()
    office_words = frozenset(w for title in pipe.kb.offices for w in title.split())
    errors: list[str] = []
    tidings_counts, spacy_counts = Counts(), Counts()
    n = 0
    with path.open(encoding="utf-8") as lines:
        docs = islice(read_conll(lines, errors, str(path)), limit)
        prepared = ((d, *d.text_and_offsets()) for d in docs)
        batch: list[tuple[Document, str, list[tuple[int, int]]]] = []
        for item in prepared:
            batch.append(item)
            if len(batch) == BATCH_SIZE:
                n += _score_batch(pipe, batch, office_words, tidings_counts, spacy_counts)
                batch = []
        n += _score_batch(pipe, batch, office_words, tidings_counts, spacy_counts)
    spacy_metrics = spacy_counts.metrics()
    details: dict[str, Any] = {
        "counts": tidings_counts.table(),
        "spacy_only": {k: round(v, 4) for k, v in spacy_metrics.items() if k.endswith("f1")},
        "malformed": errors[:20],
        "n_malformed": len(errors),
    }
    return n, tidings_counts.metrics(), details


def _score_batch(pipe: Pipeline, batch: list[tuple[Document, str, list[tuple[int, int]]]],
                 office_words: frozenset[str], counts: Counts, spacy_counts: Counts) -> int:
    """Parse a batch of documents together, then score each against its gold entities."""
    for (gold_doc, _, offsets), doc in zip(batch, pipe.nlp.pipe([t for _, t, _ in batch]),
                                           strict=True):
        gold = chunks(gold_doc.tags, gold_doc.sentence_ends)
        mentions = actors.tag(doc, pipe.resolver, None)
        context = {m.country for m in mentions if m.country}
        found = places.tag(doc, pipe.gazetteer, context)
        tokens = gold_doc.tokens
        counts.add(gold, to_entities(predict(doc, mentions, found, office_words), offsets,
                                     tokens))
        spacy_counts.add(gold, to_entities(select(spacy_candidates(doc)), offsets, tokens))
    return len(batch)

"""Mentions → actors: people, countries, governments, groups, organisations.

Resolution is article-aware and date-aware: "Kim" is the Kim the article introduced
first, "he" is the last person spoken of, "the Russian President" is whoever held the
office on the date in question, and "the two nations" is the pair the article is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from tidings.clean import outlet_names
from tidings.data import load_tsv
from tidings.kb import KnowledgeBase, Match, Person, norm
from tidings.model import Mention
from tidings.places import FACILITY_WORDS
from tidings.syntax import clause, subject

TITLE_MODIFIERS = {"the", "then", "former", "late", "acting", "interim", "new", "incoming",
                   "outgoing", "current", "ex", "-", "deputy", "vice"}
PRONOUNS = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f",
            "hers": "f", "herself": "f"}
DYAD_HEADS = {"nations": "country", "countries": "country", "sides": "country",
              "neighbours": "country", "neighbors": "country", "leaders": "person",
              "men": "person", "presidents": "person"}
DYAD_MODIFIERS = {"two", "both"}
PERSON_LABELS = {"PERSON"}
DATE_LABELS = {"DATE", "TIME"}
# The tagger's labels of names (not of dates or numbers), which it sometimes confuses.
NAME_LABELS = {"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART"}
# Prepositions that make a place name a location ("in Hanoi"), not an actor ("Hanoi said").
LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around",
            "within"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative"}
REGNAL_NUMBER = re.compile(r"[ivxlc]+")  # a normalised short name
# The parser's labels of nationalities and languages: such a word is no bare surname. (Not its
# place labels: the small model calls "Erdogan" and "Mitsotakis" places.)
PEOPLE_LABELS = {"NORP", "LANGUAGE"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "king",
              "queen", "prince", "princess", "sheikh", "general", "gen"}
SEPARATOR = re.compile(r"\s(?:-|--|—|–)\s")
SIDE_LABELS = {"GPE", "FAC"}  # the tagger's labels of the towns, regions and grounds of clubs
MIN_SPORTS_WORDS = 3  # different words of sports.tsv that make a story a sports report
GOVERNMENT_KINDS = {"paramount_leader", "head_of_state", "head_of_government", "minister"}


@dataclass
class Resolver:
    """Everything actor resolution needs that outlives one article."""

    kb: KnowledgeBase
    matcher: PhraseMatcher

    def person_actor(self, person: Person, day: str | None) -> tuple[str | None, str | None]:
        """(office, sector) of a person on a date."""
        term = person.role_on(day)
        if term is None:
            return None, "ELI" if person.terms else None
        sector = "IGO" if term.kind == "igo_head" else (
            "GOV" if term.kind in GOVERNMENT_KINDS else None)
        return term.office, sector


_RESOLVERS: dict[tuple[int, int], Resolver] = {}


def resolver(nlp, kb: KnowledgeBase) -> Resolver:  # noqa: ANN001 - spaCy Language
    """The phrase matcher over every name the knowledge base knows, built once."""
    key = (id(nlp), id(kb))
    if key in _RESOLVERS:
        return _RESOLVERS[key]
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    names: dict[str, set[str]] = {"KB": set(kb.surfaces), "OFFICE": set(kb.offices),
                                  "SHORT": set(), "DYAD": set(), "OUTLET": set(outlet_names())}
    for person in kb.people.values():
        # "Juan Carlos I" is not called "I", nor "Albert II of Belgium" "Belgium": a regnal
        # number or the name of something else the KB knows is no family name
        names["SHORT"].update(p.capitalize() for p in person.short_names
                              if not REGNAL_NUMBER.fullmatch(p)
                              and all(m.person for m in kb.lookup(p)))
    for head in DYAD_HEADS:
        for lead in ("the two", "both", "both the", "the"):
            names["DYAD"].add(f"{lead} {head}")
    for label, values in names.items():
        matcher.add(label, [nlp.make_doc(v) for v in sorted(values) if v])
    _RESOLVERS[key] = Resolver(kb, matcher)
    return _RESOLVERS[key]


def tag(doc: Doc, res: Resolver, day: str | None) -> list[Mention]:
    """All actor mentions of an article, resolved as far as the evidence allows."""
    kb = res.kb
    spans = []
    for label_id, start, end in res.matcher(doc):
        span = Span(doc, start, end, label=label_id)
        if span.label_ != "OFFICE" and not _capitalised_or_role(span, kb):
            continue
        if span.label_ == "SHORT" and any(t.ent_type_ in DATE_LABELS for t in span):
            continue  # "since May", "May 14": the parser read a date, not Theresa May
        spans.append(span)
    named = [sp for sp in spans if sp.label_ == "OUTLET" or any(
        m.kind in ("person", "org") or m.how == "metonym" for m in kb.lookup(sp.text))]
    introduced = _introduced_people(doc)
    for ent in map(first_line, doc.ents):
        if run_together(ent.text):
            continue
        if ent.label_ in PERSON_LABELS or (ent.label_ in NAME_LABELS
                                           and norm(ent.text) in introduced):
            spans.append(Span(doc, ent.start, ent.end, label="PERSON"))
        elif ent.label_ == "ORG" and not any(sp.start < ent.end and ent.start < sp.end
                                             for sp in named) and not (
                set(norm(ent.text).split()) & FACILITY_WORDS):  # a university is a place
            spans.append(Span(doc, ent.start, ent.end, label="ORG"))  # not in the KB
    spans = filter_spans(_sports_sides(doc, kb) + spans)  # a side wins a tie with a KB place
    sent_of = {}
    for i, sent in enumerate(doc.sents):
        for tok in sent:
            sent_of[tok.i] = i
    state = _Article(res, day)
    out: list[Mention] = []
    for index, span in enumerate(spans):
        for mention in state.mention(span, spans[:index], doc, sent_of[span.start]):
            if any(m.start <= mention.start and mention.end <= m.end
                   and m.end - m.start > mention.end - mention.start for m in out):
                continue  # inside a longer one: "Nigeria" of "the president of Nigeria"
            # a title reaching back over an earlier name ("Singapore Prime Minister Lee")
            # replaces the shorter mentions it covers
            out = [m for m in out if m.end <= mention.start or m.start >= mention.end
                   or (m.start, m.end) == (mention.start, mention.end)]
            out.append(mention)
            state.saw(mention)
    out.extend(state.pronouns(doc, out, sent_of))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def run_together(text: str) -> bool:
    """Two names the tagger ran into one: across a spaced dash or an unclosed parenthesis
    ("Romania - Ion Popa", "Ana Silva ( Brazil")."""
    return bool(SEPARATOR.search(text)) or text.count("(") != text.count(")")


def first_line(ent: Span) -> Span:
    """A name ends with its line: "Ann Lee\nLEEDS" is a byline over a dateline."""
    for tok in ent[:-1]:
        if "\n" in tok.whitespace_ or "\n" in ent.doc[tok.i + 1].text:
            return Span(ent.doc, ent.start, tok.i + 1, label=ent.label_)
    return ent


def _introduced_people(doc: Doc) -> set[str]:
    """The full names and family names of the people an article names in full: its later
    "Rios" is the "Marcelo Rios" it introduced, whatever the tagger calls the bare name."""
    names = set()
    for ent in doc.ents:
        words = [t for t in ent if t.is_alpha]
        if ent.label_ in PERSON_LABELS and len(words) >= 2 and words[-1].is_title:
            names |= {norm(ent.text), norm(words[-1].text)}
    return names


@cache
def _sports_words() -> frozenset[str]:
    return frozenset(row["lemma"] for row in load_tsv("sports.tsv"))


def _sports_sides(doc: Doc, kb: KnowledgeBase) -> list[Span]:
    """In a sports report, the towns and regions that act are the clubs named after them.

    "Leeds beat Hull", "Boston 5 Toronto 3": a place name that is neither where something
    happens ("in Leeds", a dateline) nor a country (a national side is tagged by its country).
    """
    cues = ({t.lemma_.lower() for t in doc} | {t.lower_ for t in doc}) & _sports_words()
    if len(cues) < MIN_SPORTS_WORDS:
        return []
    sides = []
    for ent in doc.ents:
        name = ent.text.removeprefix("the ").removeprefix("The ")
        if ent.label_ not in SIDE_LABELS or any(m.country and m.how != "metonym"
                                                 for m in kb.lookup(name)):
            continue
        head = ent.root
        before = doc[ent.start - 2:ent.start] if ent.start >= 2 else []
        if ((head.dep_ == "pobj" and head.head.lower_ in LOCATIVE | {"of"})
                or (head.dep_ in ("compound", "amod", "nmod") and head.head.i >= ent.end
                    and head.head.pos_ == "NOUN")
                or _dateline(ent, doc) or _before_date(ent)
                or (len(before) == 2 and before[1].text == "," and before[0].ent_type_ == "GPE")):
            continue  # "in Leeds", "Peter Ross of Leeds", "the Leeds stadium", "LEEDS 2021-05-02",
            # "Ilkley, Yorkshire"
        end = ent.end
        while end - ent.start > 1 and not any(c.isalpha() for c in doc[end - 1].text):
            end -= 1  # "Kampala 2-1": the score is not part of the name
        sides.append(Span(doc, ent.start, end, label="SIDE"))
    return sides


def _bare_surname(span: Span, kb: KnowledgeBase) -> bool:
    """Whether a word the KB knows as a family name may be one here without an introduction:
    not "English" (the parser reads a nationality or a language), not a capitalised
    common word ("Note", "Fall"), not a word of an all-capitals headline, not one word of a
    longer name ("Mark Ellis", "Jose Luis Brown"); a title before it is fine ("Mr Brown")."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    prev = doc[span.start - 1] if span.start else None
    return (not span.text.isupper()
            and all(t.pos_ == "PROPN" and t.ent_type_ not in PEOPLE_LABELS
                    for t in span)
            and not (nxt is not None and _name_word(nxt))
            and not (prev is not None and _name_word(prev) and not _title_word(prev, kb)))


def _name_word(tok: Token) -> bool:
    return tok.pos_ == "PROPN" and tok.text[:1].isupper() and tok.text[1:2].islower()


def _title_word(tok: Token, kb: KnowledgeBase) -> bool:
    """A word of an office, role or honorific: "President", "Chancellor", "Mr"."""
    key = norm(tok.text)
    return (key in HONORIFICS or any(key in title.split() for title in kb.offices)
            or any(m.role for m in kb.lookup(tok.text)))


def _capitalised_or_role(span: Span, kb: KnowledgeBase) -> bool:
    if span.label_ == "SHORT" or any(m.kind != "role" for m in kb.lookup(span.text)):
        first = span.text.lstrip("the ").strip()
        if not first[:1].isupper():
            return False
        return not (len(first) <= 3 and not first.isupper() and first.lower() in {"us", "un"})
    return True


class _Article:
    """Resolution state for one article: who has been introduced so far."""

    def __init__(self, res: Resolver, day: str | None):
        self.res = res
        self.kb = res.kb
        self.day = day
        self.people: list[tuple[Person, int]] = []  # full mentions in order (person, sentence)
        self.recent: list[Person] = []  # people by recency of mention, most recent last
        self.countries: list[str] = []  # countries by recency of mention, most recent last

    def saw(self, mention: Mention) -> None:
        """Keep track of who was spoken of last, for "the two leaders" and "the two nations"."""
        person = self.kb.people.get(mention.kb_id or "")
        if person is not None:
            if person in self.recent:
                self.recent.remove(person)
            self.recent.append(person)
        if mention.country and mention.how and not mention.how.startswith("anaphora"):
            if mention.country in self.countries:
                self.countries.remove(mention.country)
            self.countries.append(mention.country)

    def mention(self, span: Span, before: list[Span], doc: Doc, sent: int) -> list[Mention]:
        label = span.label_
        if label == "DYAD":
            return self._dyad(span, doc, sent)
        matches = self.kb.lookup(span.text)
        if label == "OFFICE" or (label == "KB" and _office_of(span, self.kb)):
            return self._title(span, before, doc, sent)
        person = next((m.person for m in matches if m.person), None)
        if label in ("KB", "PERSON") and person:
            return [self._person(span, person, before, doc, sent, "alias")]
        if label == "ORG":
            return [self._unknown_org(span, doc, sent)]
        if label == "OUTLET":  # "Interfax news agency" names Interfax
            return [Mention(span.text, span.start_char, span.end_char, "ORG", span.text, None,
                            None, "MED", None, "outlet", sent)]
        if label == "SIDE":
            return [Mention(span.text, span.start_char, span.end_char, "ORG", span.text, None,
                            None, None, None, "sports side", sent)]
        if label in ("SHORT", "PERSON"):
            found = self._short(span.text, sent,
                                in_kb=label == "PERSON" or _bare_surname(span, self.kb))
            if found:
                return [self._person(span, found[0], before, doc, sent, found[1])]
            if label == "PERSON":
                return [self._unknown_person(span, before, doc, sent)]
            return []
        country = next((m for m in matches if m.country), None)
        if country:
            return self._country(span, country, doc, sent)
        org = next((m.org for m in matches if m.org), None)
        if org:
            label, country = ("IGO", None) if org.igo else ("GROUP", org.country or None)
            return [Mention(span.text, span.start_char, span.end_char, label, org.name, org.id,
                            country, org.sector, None, "alias", sent)]
        role = next((m.role for m in matches if m.role), None)
        if role:
            return self._role(span, role, doc, sent)
        return []

    # -- people ---------------------------------------------------------------------------
    def _person(self, span: Span, person: Person, before: list[Span], doc: Doc, sent: int,
                how: str) -> Mention:
        start = self._title_start(span, before, doc)
        office, sector = self.res.person_actor(person, self.day)
        if how == "alias":
            self.people.append((person, sent))
        text_start = doc[start].idx
        return Mention(doc[start:span.end].text, text_start, span.end_char, "PERSON",
                       person.name, person.id, person.country, sector, office, how, sent)

    def _title_start(self, span: Span, before: list[Span], doc: Doc) -> int:
        """Extend a name leftwards over its title: "the then Russian President"."""
        start = span.start
        for prev in reversed(before):
            gap = doc[prev.end:start]
            if any(t.lower_ not in TITLE_MODIFIERS for t in gap):
                break
            if prev.label_ == "OFFICE" or _office_of(prev, self.kb) or any(
                    m.country and m.how in ("demonym", "alias") for m in self.kb.lookup(prev.text)):
                start = prev.start
            else:
                break
        while start > 0 and doc[start - 1].lower_ in TITLE_MODIFIERS - {"-"}:
            start -= 1
        return start

    def _short(self, text: str, sent: int, in_kb: bool = True) -> tuple[Person, str] | None:
        """A bare family name: the article's own person first, then (`in_kb`) the KB by date."""
        key = norm(text)
        for person, _ in self.people:
            if key in person.short_names:
                return person, "surname"
        if not in_kb:
            return None
        known = self.kb.surname_matches(text, self.day)
        in_office = [p for p in known if p.role_on(self.day) is not None]
        only = in_office if len(in_office) == 1 else known if len(known) == 1 else []
        if only:  # the one in office then, or the only one of that name
            self.people.append((only[0], sent))
            return only[0], "surname"
        return None

    def _unknown_person(self, span: Span, before: list[Span], doc: Doc, sent: int) -> Mention:
        """A name the KB lacks keeps what its title says: "Swiss President Guy Parmelin"."""
        start = self._title_start(span, before, doc)
        country = sector = office = None
        for prev in (b for b in before if b.start >= start):
            offices = _office_of(prev, self.kb)
            if offices:
                office, sector = offices[0], "GOV"
            for m in self.kb.lookup(prev.text):
                country = country or (m.country.iso3 if m.country else None)
                sector = sector or (m.role.sector if m.role else None)
        text_start = doc[start].idx
        return Mention(doc[start:span.end].text, text_start, span.end_char, "PERSON",
                       span.text, None, country, sector, office,
                       "unresolved: not in the knowledge base", sent)

    def _unknown_org(self, span: Span, doc: Doc, sent: int) -> Mention:
        """An organisation the KB lacks, coded by its words: "the Latvian Constitutional Court"."""
        country = sector = None
        for tok in span:
            for m in self.kb.lookup(tok.text):
                if m.country and m.how in ("demonym", "alias"):
                    country = country or m.country.iso3
                if m.role and not m.role.country:
                    sector = m.role.sector  # the head word comes last and wins
        text = span.text.removeprefix("the ").removeprefix("The ")
        start = span.end_char - len(text)
        return Mention(text, start, span.end_char, "ORG", text, None, country, sector, None,
                       "unresolved: not in the knowledge base", sent)

    def _title(self, span: Span, before: list[Span], doc: Doc, sent: int) -> list[Mention]:
        """A title with no name: "the Russian President" is the holder on that date."""
        office = _office_of(span, self.kb)
        nxt = doc[span.end] if span.end < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN":
            return []  # the name that follows carries the mention
        country = None
        start, end = span.start, span.end
        if before and all(t.lower_ in TITLE_MODIFIERS | {"'s", "’s"}
                          for t in doc[before[-1].end:span.start]):
            prev = before[-1]  # "the Russian President", "Kenya's president"
            country = next((m.country.iso3 for m in self.kb.lookup(prev.text)
                            if m.country and m.how in ("demonym", "alias")), None)
            if country:
                start = prev.start
        if country is None and nxt is not None and nxt.lower_ == "of":
            country, end = _country_after(doc, span.end + 1, self.kb)  # "the president of Peru"
            end = end or span.end
        while start > 0 and doc[start - 1].lower_ in TITLE_MODIFIERS - {"-"}:
            start -= 1
        if country is None or not office or _generic(doc, start):
            return []  # "a sitting American president" is nobody in particular
        held = self.kb.holder(country, office, self.day)
        text_start, text_end = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
        text = doc[start:end].text
        if held is None:
            return [Mention(text, text_start, text_end, "GOV", None, None, country, "GOV",
                            office[0], "unresolved: no holder of this office on that date", sent)]
        person, term = held
        return [Mention(text, text_start, text_end, "PERSON", person.name, person.id,
                        person.country, "GOV", term.office, "title", sent)]

    # -- countries, groups ------------------------------------------------------------------
    def _country(self, span: Span, match: Match, doc: Doc, sent: int) -> list[Mention]:
        country = match.country
        assert country is not None
        head = span.root
        if head.dep_ == "pobj" and head.head.lower_ in LOCATIVE:
            return []  # a location, for the places stage
        if _dateline(span, doc):
            return []  # "SINGAPORE — ...": where the story was filed
        if match.how == "demonym":
            role = _role_after(span, doc, self.kb)
            if role is not None and role[0].office and _generic(doc, span.start):
                return []
            if role is not None:
                end_tok = role[1]
                after = doc[end_tok.i + 1] if end_tok.i + 1 < len(doc) else None
                held = self.kb.holder(country.iso3, [role[0].office], self.day) if (
                    role[0].office and (after is None or after.pos_ != "PROPN")) else None
                if held is not None:  # "Nigerian President" with no name: who held it then
                    person, term = held
                    return [Mention(doc[span.start:end_tok.i + 1].text, span.start_char,
                                    end_tok.idx + len(end_tok), "PERSON", person.name,
                                    person.id, person.country, "GOV", term.office, "title",
                                    sent)]
                return [Mention(doc[span.start:end_tok.i + 1].text,
                                span.start_char, end_tok.idx + len(end_tok), "GROUP",
                                f"{country.name} {role[0].phrase}", country.iso3, country.iso3,
                                role[0].sector, role[0].office or None, "demonym+role", sent)]
            if head.dep_ in ("amod", "compound") and span.end < len(doc) and doc[span.end].pos_ in (
                    "NOUN", "PROPN"):
                return []  # "the Korean peninsula", "Soviet support": a modifier, not an actor
        if match.how == "metonym":
            return [Mention(span.text, span.start_char, span.end_char, "GOV",
                            f"{country.name} government", country.iso3, country.iso3, "GOV",
                            None, "metonym", sent)]
        return [Mention(span.text, span.start_char, span.end_char, "COUNTRY", country.name,
                        country.iso3, country.iso3, None, None, match.how, sent)]

    def _role(self, span: Span, role, doc: Doc, sent: int) -> list[Mention]:  # noqa: ANN001
        if role.country:  # "the Pentagon"
            c = self.kb.country(role.country)
            name = f"{c.name if c else role.country} {role.phrase}"
            return [Mention(span.text, span.start_char, span.end_char, "GROUP", name,
                            role.country, role.country, role.sector, None, "metonym", sent)]
        head = span.root
        if role.office or head.pos_ != "NOUN" or head.dep_ not in ARGUMENT_DEPS:
            return []
        if any(t.dep_ in ("amod", "compound") and t.pos_ in ("PROPN", "ADJ") and t.i < span.start
               for t in head.lefts):
            return []  # "Sudanese police" is coded with its demonym; "city police" is not a group
        start = min([span.start, *(t.i for t in head.lefts if t.dep_ == "det")])
        return [Mention(doc[start:span.end].text, doc[start].idx, span.end_char,
                        "GROUP", role.phrase, None, None, role.sector, None, "role", sent)]

    def _dyad(self, span: Span, doc: Doc, sent: int) -> list[Mention]:
        """"the two nations", "both leaders": the pair the article is about."""
        head = span[-1]
        kind = DYAD_HEADS.get(head.lower_)
        words = {t.lower_ for t in span[:-1]}
        if kind is None or not (words & DYAD_MODIFIERS or head.lower_ == "leaders"):
            return []
        text_start, end, text = span.start_char, span.end_char, span.text
        if kind == "country":
            pair = self.countries[-2:]
            out = []
            for iso3 in pair:
                c = self.kb.country(iso3)
                out.append(Mention(text, text_start, end, "COUNTRY", c.name if c else iso3,
                                   iso3, iso3, None, None, "anaphora: the pair last named", sent))
            return out if len(out) == 2 else []
        people = self.recent[-2:][::-1]
        out = []
        for person in reversed(people):
            office, sector = self.res.person_actor(person, self.day)
            out.append(Mention(text, text_start, end, "PERSON", person.name, person.id,
                               person.country, sector, office,
                               "anaphora: the pair last named", sent))
        return out if len(out) == 2 else []

    # -- pronouns ---------------------------------------------------------------------------
    def pronouns(self, doc: Doc, mentions: list[Mention], sent_of: dict[int, int]
                 ) -> list[Mention]:
        """He, his, she: the last person of matching gender, subjects preferred."""
        people = [m for m in mentions if m.label == "PERSON" and m.how != "pronoun"]
        by_start = {m.start: m for m in people}
        out: list[Mention] = []
        for tok in doc:
            gender = PRONOUNS.get(tok.lower_)
            if gender is None or tok.pos_ != "PRON":
                continue
            sent = sent_of[tok.i]
            candidates = [m for m in people + out if m.end <= tok.idx and sent - m.sentence <= 1
                          and self._gender(m) in (gender, "")]
            if tok.dep_ in ("dobj", "pobj", "dative"):
                # "signed a statement with him": not the subject of his own clause
                subj = subject(clause(tok))
                if subj is not None:
                    candidates = [m for m in candidates if not m.start <= subj.idx < m.end]
            if not candidates:
                continue
            subjects = [m for m in candidates if _is_subject(doc, m)]
            chosen = (subjects or candidates)[-1]
            chosen = by_start.get(chosen.start, chosen)
            out.append(Mention(tok.text, tok.idx, tok.idx + len(tok), "PERSON", chosen.name,
                               chosen.kb_id, chosen.country, chosen.sector, chosen.role,
                               "pronoun", sent))
        return out

    def _gender(self, m: Mention) -> str:
        person = self.kb.people.get(m.kb_id or "")
        return person.gender if person else ""


def _is_subject(doc: Doc, m: Mention) -> bool:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and span.root.dep_ in ("nsubj", "nsubjpass")


def _country_after(doc: Doc, i: int, kb: KnowledgeBase) -> tuple[str | None, int | None]:
    """The country named from token `i` on ("(the) United States"), and where its name ends."""
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    for end in range(min(len(doc), i + 4), i, -1):
        found = next((m.country.iso3 for m in kb.lookup(doc[i:end].text)
                      if m.country and m.how == "alias"), None)
        if found:
            return found, end
    return None, None


def _generic(doc: Doc, start: int) -> bool:
    """An indefinite noun phrase: "a president", "any leader"."""
    for tok in reversed(doc[max(0, start - 3):start]):
        if tok.lower_ in ("a", "an", "any", "every", "each"):
            return True
        if tok.pos_ not in ("ADJ", "ADV") and tok.dep_ != "amod":  # "a sitting president"
            return False
    return False


def _dateline(span: Span, doc: Doc) -> bool:
    """A place name opening a paragraph, followed by a dash, comma or parenthesis."""
    at_start = span.start == 0 or "\n" in doc[span.start - 1].text + doc[span.start - 1].whitespace_
    nxt = doc[span.end].text if span.end < len(doc) else ""
    return at_start and nxt in {"—", "–", "-", "--", ",", "("}


def _before_date(span: Span) -> bool:
    """Followed by a date, as the place of a dateline is: "LEEDS 2021-05-02", "Ilkley, Yorkshire
    May 2"."""
    return span.end < len(span.doc) and span.doc[span.end].ent_type_ in DATE_LABELS


def _office_of(span: Span, kb: KnowledgeBase) -> list[str]:
    return kb.offices.get(norm(span.text), [])


def _role_after(span: Span, doc: Doc, kb: KnowledgeBase) -> tuple[object, Token] | None:
    """The role noun a demonym modifies: "Russian troops", "the North Korean regime"."""
    for tok in doc[span.end:span.end + 3]:
        for m in kb.lookup(tok.text):
            if m.role and not m.role.country:
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and nxt.pos_ == "PROPN" and nxt.ent_type_ == "PERSON":
                    return None  # a title before a name: "Swiss President Guy Parmelin"
                return m.role, tok
        if tok.pos_ not in ("ADJ", "NOUN"):
            break
    return None


"""Who did what to whom: a dependency-rule event coder over the shared document.

Triggers (verbs, nouns, light-verb phrases such as "held talks") come from a data
file; their actors from the parse and the actor mentions; every event keeps the
sentence, the trigger and actor offsets, and the rule that made it. Negation and
modality are flagged, never silently dropped.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from tidings.actors import LOCATIVE, Resolver
from tidings.data import load_tsv, split
from tidings.events.ontology import code as cameo_code
from tidings.model import ActorRef, Event, Location, Mention, Place, TimeExpr
from tidings.model import Span as TextSpan
from tidings.quotes import cue_lemmas
from tidings.syntax import clause, subject

LIGHT_VERBS = {"hold", "have", "conduct", "attend", "begin", "start", "resume", "launch",
               "carry", "stage", "make", "pay", "open", "host", "announce", "impose", "call"}
# Joint actors of these act together or with each other ("X and Y met", "signed"); of a visit
# or an attack they do not.
RECIPROCAL_ROOTS = {"03", "06"}
RECIPROCAL_CODES = {"040", "041", "044", "045", "046", "057", "0871"}

NON_ARGUMENT_DEPS = {"relcl", "acl", "advcl", "ccomp", "xcomp", "poss", "prep", "punct",
                     "advmod", "mark", "cc", "det"}
# Where a verb's target sits when its lexicon entry names no preposition.
TARGET_PREPS = ("to", "with", "against", "on", "toward", "towards", "into", "from")
NOUN_TARGET_PREPS = ("against", "on", "into", "to", "for", "with", "toward", "towards")
DURATION_WORDS = {"since", "until", "till", "for", "throughout"}
PERFECT = {"has", "have", "had"}
# A noun event under a verb that is no event itself takes that verb's subject through these
# prepositions: "went on strike", "engaged in ethnic cleansing", "held civilians as shields".
LIGHT_PREPS = {"on", "in", "as"}
# Pronouns that stand for an actor named earlier in the sentence ("X said it will ...").
PERSONAL = {"he", "she", "it", "they", "we", "his", "her", "its", "their"}
# Participles that describe their subject's own stance, not something done to it: "X is
# committed to talks", "X is opposed to the plan", "X was engaged in fighting".
STATIVE_PARTICIPLES = {"commit", "oppose", "engage", "determine", "dedicate", "resolve",
                       "involve"}
# Events directed at someone that PLOVER codes against the actor's own country when the text
# names no other target (CAMEO roots): a protest always; a demand, accusation, refusal, threat,
# arrest or attack when a part of a country does it (its government, police, rebels, a court),
# not the country or a nationality as a whole ("Iran rejected the plan", "a Russian raid") nor
# its armed forces, who fight abroad as often as at home.
DOMESTIC_ROOTS = {"14"}
SUBSTATE_DOMESTIC_ROOTS = {"10", "11", "12", "13", "17", "18", "19", "20"}
# Meetings and visits take place abroad as often as at home: their location tells nothing of
# who the actors are.
TRAVEL_ROOTS = {"04"}
# Sectors that stand for no country of their own.
STATELESS = {"IGO", "NGO"}


@dataclass(frozen=True)
class Trigger:
    kind: str  # verb | noun
    lemma: str
    objects: frozenset[str]
    prep: str
    cameo: str
    args: tuple[str, ...]


@cache
def lexicon() -> dict[tuple[str, str], tuple[Trigger, ...]]:
    """(kind, lemma) → triggers, object-restricted ones first."""
    out: dict[tuple[str, str], list[Trigger]] = {}
    for row in load_tsv("triggers.tsv"):
        trig = Trigger(row["kind"], row["lemma"], frozenset(split(row["obj"])), row["prep"],
                       row["cameo"], tuple(split(row["args"])))
        cameo_code(trig.cameo)  # fail loudly on a typo in the data file
        out.setdefault((trig.kind, trig.lemma), []).append(trig)
    return {k: tuple(sorted(v, key=lambda t: not t.objects)) for k, v in out.items()}


@cache
def modality_words() -> dict[tuple[str, str], str]:
    return {(r["kind"], r["word"]): r["modality"] for r in load_tsv("modality.tsv")}


@cache
def restatements() -> dict[tuple[str, str], str]:
    """(status, CAMEO code prefix) → the code of an announced or refused act (intent.tsv)."""
    out = {}
    for row in load_tsv("intent.tsv"):
        cameo_code(row["cameo"])  # fail loudly on a typo in the data file
        for status in split(row["when"]):
            out[(status, row["code"])] = row["cameo"]
    return out


def restated(code: str, status: str) -> str | None:
    """The code an act of `code` becomes when it is only announced or refused, else None."""
    table = restatements()
    return next((table[(status, code[:n])] for n in range(len(code), 1, -1)
                 if (status, code[:n]) in table), None)


class Coder:
    """Codes the events of one analysed article."""

    def __init__(self, doc: Doc, mentions: list[Mention], places: list[Place],
                 times: list[TimeExpr], published: date | None, article_id: str,
                 resolver: Resolver | None = None):
        self.doc = doc
        self.published = published
        self.article_id = article_id
        self.places = places
        self.times = times
        self.resolver = resolver
        self.place_at: dict[int, Place] = {}  # a place by its root token
        # places and times with their spans, in text order, found once (not per event)
        self.place_spans = _spans(doc, places)
        self.time_spans = _spans(doc, times)
        for p, span in self.place_spans:
            self.place_at[span.root.i] = p
        self.by_head: dict[int, list[Mention]] = {}
        self.mention_tokens: set[int] = set()
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            self.by_head.setdefault(span.root.i, []).append(m)
            self.mention_tokens.update(range(span.start, span.end))

    # -- entry point ------------------------------------------------------------------------
    def events(self) -> list[Event]:
        out: list[Event] = []
        seen: set[tuple[int, int]] = set()
        for index, sent in enumerate(self.doc.sents):
            for tok in sent:
                for event in self._at(tok, sent, index):
                    key = (event.trigger.start, event.trigger.end)
                    if key not in seen:
                        seen.add(key)
                        out.append(event)
        return out

    def _at(self, tok: Token, sent: Span, index: int) -> Iterable[Event]:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB":
            noun = self._light_object(tok)
            if noun is not None:
                return []  # coded at the noun, with this verb's subject
            trig = self._verb_trigger(tok, lemma)
            if trig:
                return self._code_verb(tok, trig, sent, index)
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in self.mention_tokens:
            trig = self._noun_trigger(tok)
            if trig:
                return self._code_noun(tok, trig, sent, index)
        return []

    # -- triggers ---------------------------------------------------------------------------
    def _light_object(self, verb: Token) -> Token | None:
        if not _light(verb) and self._verb_trigger(verb, verb.lemma_.lower()):
            return None
        for child in verb.children:
            if child.dep_ == "dobj" and self._noun_trigger(child):
                return child
        return None

    def _light_verb_of(self, noun: Token) -> Token | None:
        """The light verb of "held talks", also when the parser attached the noun elsewhere."""
        if noun.dep_ == "compound" and noun.head.dep_ == "dobj":
            noun = noun.head  # "undertook a mediation mission"
        if noun.dep_ == "dobj" and (_light(noun.head) or (
                noun.head.pos_ == "VERB" and not self._verb_trigger(noun.head,
                                                                    noun.head.lemma_.lower()))):
            return noun.head  # "renewed negotiations": a verb that is no event of its own
        verb = noun.head.head
        if (noun.dep_ == "pobj" and noun.head.lower_ in LIGHT_PREPS and verb.pos_ == "VERB"
                and not self._verb_trigger(verb, verb.lemma_.lower())):
            return verb  # "went on strike", "held civilians as human shields"
        for tok in reversed(noun.doc[max(noun.sent.start, noun.i - 4):noun.i]):
            if tok.pos_ == "VERB":
                return tok if _light(tok) else None
            if tok.pos_ not in ("DET", "ADJ", "NUM", "PRON", "ADV", "PUNCT"):
                return None
        return None

    def _verb_trigger(self, verb: Token, lemma: str) -> Trigger | None:
        objects = {c.lemma_.lower() for c in verb.children if c.dep_ in ("dobj", "nsubjpass")}
        objects |= {c.lower_ for c in verb.children if c.dep_ in ("dobj", "nsubjpass")}
        preps = [c for c in verb.children if c.dep_ in ("prep", "prt", "agent")]
        preps += [g for p in preps for g in p.children if g.dep_ == "prep"]  # "out of the deal"
        for prep in preps:
            objects |= {g.lemma_.lower() for g in prep.children if g.dep_ == "pobj"}
        preps = {c.lower_ for c in verb.children if c.dep_ in ("prep", "prt")}
        named = [m for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
                 for m in self._phrase_actors(c)]
        if any(m.label == "PERSON" for m in named):
            objects.add("@person")
        if any(m.label in ("PERSON", "GROUP") for m in named):
            objects.add("@actor")  # "released dozens of activists"
        for trig in lexicon().get(("verb", lemma), ()):
            if trig.objects and not trig.objects & objects:
                continue
            if trig.prep and trig.prep not in preps:
                continue
            return trig
        return None

    def _noun_trigger(self, noun: Token) -> Trigger | None:
        if noun.pos_ not in ("NOUN", "PROPN"):
            return None
        prev = noun.doc[noun.i - 1] if noun.i else None
        keys = [f"{prev.lower_} {noun.lemma_.lower()}"] if prev is not None else []
        keys += [noun.lower_, noun.lemma_.lower()]  # "hunger strike" before "strike"
        for key in keys:
            found = lexicon().get(("noun", key))
            if found:
                return found[0]
        return None

    # -- coding -----------------------------------------------------------------------------
    def _code_verb(self, verb: Token, trig: Trigger, sent: Span, index: int) -> list[Event]:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive and _stative(verb):
            source = [m for c in verb.children if c.dep_ == "nsubjpass" for m in self._actors(c)]
            target = []
        elif passive:
            source = [m for c in verb.children if c.dep_ == "agent"
                      for g in c.children for m in self._actors(g)]
            target = [m for c in verb.children if c.dep_ == "nsubjpass" for m in self._actors(c)]
        else:
            subj = subject(verb)
            source = self._actors(subj) if subj is not None else []
            target = [m for c in verb.children if c.dep_ in ("dobj", "dative")
                      for m in self._actors(c)]
        if not target:
            target = self._prep_args(verb, trig.args or (trig.prep,) if trig.prep else trig.args)
        if not target:
            target = self._deep_target(verb)
        return self._make(verb, verb, trig, source, target, sent, index, "verb")

    def _deep_target(self, verb: Token) -> list[Mention]:
        """A target further in: "welcomed Reagan's statement", "lifted a blockade on
        Palestinian lorries", "promised to continue aid to Mozambique"."""
        for head in [verb, *(c for c in verb.children if c.dep_ == "xcomp")]:
            found = self._prep_args(head, TARGET_PREPS)
            for obj in (c for c in head.children if c.dep_ == "dobj"):
                found = found or self._actors(obj) or [
                    m for c in obj.children if c.dep_ == "poss" for m in self._actors(c)]
                found = found or self._prep_args(obj, NOUN_TARGET_PREPS)
            for comp in (c for c in head.children if c.dep_ == "xcomp"):
                found = found or self._deep_target(comp)
            for comp in (c for c in head.children if c.dep_ == "ccomp"):
                # "demanded that Hamas renounce ...": the one asked to act
                found = found or [m for c in comp.children if c.dep_ == "nsubj"
                                  for m in self._actors(c)]
            if found:
                return found
        return []

    def _code_noun(self, noun: Token, trig: Trigger, sent: Span, index: int) -> list[Event]:
        source = [m for c in noun.children if c.dep_ == "poss" for m in self._actors(c)]
        target: list[Mention] = []
        light = self._light_verb_of(noun)
        if light is not None:
            anchor = light
            subj = subject(anchor)
            rule = f"light-verb:{anchor.lemma_.lower()}+{noun.lemma_.lower()}"
        else:
            anchor, subj, rule = noun, None, "noun"
        holders = [noun]
        if anchor.i != noun.i:
            holders.append(anchor)  # "imposed sanctions on Russia"
            # "held civilians as human shields", "gave Tanzania a grant"
            target = [m for c in anchor.children if c.dep_ in ("dobj", "dative") and c.i != noun.i
                      for m in self._actors(c)]
        if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
            holders.append(noun.head.head)  # "the failure of a summit ... between X and Y"
        between = [m for h in holders for m in self._prep_args(h, ("between",))]
        if between:
            source, target = source or between[:1], between[1:] if not source else between
        else:
            target = target or [m for h in holders for m in self._prep_args(h, trig.args)]
            target = target or [m for h in holders for m in self._prep_args(h, NOUN_TARGET_PREPS)]
        if subj is None and _stative(anchor):  # "were engaged in ethnic cleansing"
            subj = next((c for c in anchor.children if c.dep_ == "nsubjpass"), None)
        if not source and subj is not None:
            source = self._actors(subj)
        if not source and light is None and noun.dep_ in ("nsubj", "ROOT"):
            # "Palestinian riots go on", "an Israeli raid killed five": the nationality of an
            # event the clause is about acts; not of an object ("rejected an Australian
            # ultimatum") or an adjunct ("open to Chinese investments")
            source = [m for c in noun.children if c.dep_ == "amod" for m in self._demonym(c)]
        return self._make(anchor, noun, trig, source, target, sent, index, rule)

    def _make(self, anchor: Token, trigger_tok: Token, trig: Trigger, source: list[Mention],
              target: list[Mention], sent: Span, index: int, rule: str) -> list[Event]:
        source, target = _dedupe(source), _dedupe(target)
        code = cameo_code(trig.cameo)
        if not target and len(source) > 1 and (code.root in RECIPROCAL_ROOTS
                                               or code.code in RECIPROCAL_CODES):
            rule += "+reciprocal"  # joint actors, as PLOVER codes them: all sources, no target
        keys = {m.kb_id or m.text for m in source}
        own = {m.country for m in source if m.label == "PERSON"}
        target = [m for m in target if (m.kb_id or m.text) not in keys
                  and not (m.label == "COUNTRY" and m.country in own)]
        if not source and not target:
            return []
        location = self._location(anchor, trigger_tok, sent)
        if location is not None and location.country and code.root not in TRAVEL_ROOTS:
            # "President X declared a curfew in Haiti", "protesters blocked roads in Hong
            # Kong": an actor of no known country acts where the event happens
            source = [_localised(m, location.country) for m in source]
            target = [_localised(m, location.country) for m in target]
        if not target and location is not None and location.country and not (
                rule.endswith("+reciprocal")):
            # "set up a centre in Tokyo": JPN; "imposed a curfew in a Turkish town": TUR, as
            # PLOVER codes domestic events against their own country
            target = [self._place_actor(location, sent)]
            rule += "+target:location"
        lo, hi = sorted((anchor.i, trigger_tok.i))
        trigger = self.doc[lo:hi + 1]
        modality = self._modality(anchor)
        negated = self._negated(anchor, trigger_tok)
        # "will not release" refuses; "did not meet" only did not happen
        status = "negated" if negated and modality not in ("asserted", "reported") else modality
        announced = restated(code.code, status)
        if announced is not None:  # "will release": intent to release; "will not": refusal
            code = cameo_code(announced)
            rule += "+refusal" if status in ("negated", "refused") else "+intent"
            negated = False
        home = None if rule.endswith("+reciprocal") else self._home(source, code.root)
        if home is not None and not target:  # "Egyptian protesters rioted": against their own
            target = [home]                  # country
            rule += "+target:domestic"
        elif home is not None:  # "Egyptian police arrested students": Egyptian students
            target = [_localised(m, home.country or "") for m in target]
        day, precision, date_source = self._date(anchor, trigger_tok, sent)
        ident = hashlib.sha1(
            f"{self.article_id}|{trigger.start_char}|{trigger.end_char}|{code.code}".encode()
        ).hexdigest()[:16]
        return [Event(
            id=ident, article_id=self.article_id, sentence=index, text=sent.text.strip(),
            trigger=TextSpan(trigger.text, trigger.start_char, trigger.end_char),
            source=[self._ref(m, day) for m in source], target=[self._ref(m, day) for m in target],
            cameo=code.code, cameo_root=code.root, quad_class=code.quad_class,
            goldstein=code.goldstein, plover=code.plover, plover_mode=code.plover_mode,
            negated=negated, modality=modality, date=day,
            date_precision=precision, date_source=date_source,
            location=location,
            rule=f"{rule}:{trig.lemma}->{code.code}")]

    def _home(self, source: list[Mention], root: str) -> Mention | None:
        """The own country of a domestic event (DOMESTIC_ROOTS) as its target, else None."""
        countries = {m.country for m in source if m.country}
        if len(countries) != 1 or any(m.sector in STATELESS or m.label == "IGO" for m in source):
            return None
        substate = all(m.sector and m.sector != "MIL" and m.label != "COUNTRY"
                       and m.how != "metonym" for m in source if m.country)
        if root not in DOMESTIC_ROOTS and not (root in SUBSTATE_DOMESTIC_ROOTS and substate):
            return None
        first = next(m for m in source if m.country)
        code = first.country
        country = self.resolver.kb.country(code) if self.resolver else None
        return Mention(first.text, first.start, first.end, "COUNTRY",
                       country.name if country else code, code, code, None, None, "domestic",
                       first.sentence)

    def _place_actor(self, location: Location, sent: Span) -> Mention:
        """The country an event happens in, as its target, with the place's own words."""
        place = next(p for p in self.places if Location.of(p) == location
                     and sent.start_char <= p.start < sent.end_char)
        country = self.resolver.kb.country(location.country) if self.resolver else None
        return Mention(place.text, place.start, place.end, "COUNTRY",
                       country.name if country else location.country, location.country,
                       location.country, None, None, "location", place.sentence)

    def _ref(self, m: Mention, day: str | None) -> ActorRef:
        ref = m.to_ref()
        person = self.resolver.kb.people.get(m.kb_id or "") if self.resolver else None
        if person is not None and self.resolver is not None:
            role, sector = self.resolver.person_actor(person, day)
            ref.role, ref.sector = role or ref.role, sector or ref.sector
        return ref

    # -- arguments ----------------------------------------------------------------------------
    def _actors(self, tok: Token) -> list[Mention]:
        """The actors of an argument: those in its phrase, else those of its possessor
        ("France's president", "his government"), else the antecedent of a pronoun."""
        found = self._phrase_actors(tok)
        if found:
            return self._situated(found, tok)
        if tok.pos_ == "PRON":
            return self._antecedent(tok)
        found = [m for c in tok.children if c.dep_ == "poss" for m in self._actors(c)]
        return found or [m for c in tok.children if c.dep_ == "amod"
                         for m in self._demonym(c)]

    def _demonym(self, adj: Token) -> list[Mention]:
        """The country of a nationality adjective ("an Australian ultimatum": AUS)."""
        if self.resolver is None:
            return []
        for match in self.resolver.kb.lookup(adj.text):
            if match.how == "demonym" and match.country is not None:
                code = match.country.iso3
                sentence = next(i for i, s in enumerate(self.doc.sents) if adj.i < s.end)
                return [Mention(adj.text, adj.idx, adj.idx + len(adj.text), "COUNTRY",
                                match.country.name, code, code, None, None, "demonym",
                                sentence)]
        return []

    def _antecedent(self, pron: Token) -> list[Mention]:
        """The actor a personal pronoun stands for: the subject of the nearest governing clause
        that names one ("The rebels said they will release ...")."""
        if pron.lower_ not in PERSONAL:
            return []
        verb = clause(pron)
        while verb.head.i != verb.i:
            verb = verb.head
            for subj in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
                found = [] if subj.pos_ == "PRON" or pron in subj.subtree else self._actors(subj)
                if found:
                    return found
        return []

    def _phrase_actors(self, tok: Token) -> list[Mention]:
        """Actor mentions in an argument phrase, skipping clauses, possessors and adjuncts; an
        of-phrase counts only when the rest names no actor of a known country ("the leader of
        North Korea", but "the Turkish and Greek sides of Cyprus" are Turkish and Greek)."""
        out: list[Mention] = []
        of_phrases: list[Token] = []
        stack = [tok]
        while stack:
            t = stack.pop()
            out.extend(self.by_head.get(t.i, ()))
            stack.extend(c for c in t.children if c.dep_ not in NON_ARGUMENT_DEPS)
            if not self.by_head.get(t.i):
                of_phrases.extend(c for c in t.children if c.dep_ == "prep" and c.lower_ == "of")
        if not any(m.country or m.sector in STATELESS or m.label == "IGO" for m in out):
            out += [m for prep in of_phrases for m in self._phrase_actors(prep)]
        return sorted(out, key=lambda m: m.start)

    def _situated(self, found: list[Mention], tok: Token) -> list[Mention]:
        """Actors of no country take the country their phrase gives them: a possessor
        ("Iran's leader X", "Niger's ambassador Y") or a place ("protesters in Cairo")."""
        if any(m.country or m.sector in STATELESS or m.label == "IGO" for m in found):
            return found
        phrase = [tok]
        for t in phrase:  # the argument's own words, as _phrase_actors walks them
            phrase.extend(c for c in t.children if c.dep_ not in NON_ARGUMENT_DEPS)
        country = next((m.country for t in phrase for c in t.children if c.dep_ == "poss"
                        for m in self._actors(c) if m.country), None)
        country = country or next((self.place_at[g.i].country for t in phrase
                                   for p in t.children if p.dep_ == "prep"
                                   and p.lower_ in LOCATIVE for g in p.children
                                   if g.i in self.place_at), None)
        if country is None:
            return found
        return [replace(m, country=country) for m in found]

    def _prep_args(self, head: Token, preps: Iterable[str]) -> list[Mention]:
        wanted = set(preps)
        out: list[Mention] = []
        for child in head.children:
            if child.dep_ in ("prep", "agent") and child.lower_ in wanted:
                for g in child.children:
                    if g.dep_ == "pobj":
                        out.extend(self._actors(g))
        return out

    # -- status ---------------------------------------------------------------------------
    def _negated(self, anchor: Token, trigger: Token) -> bool:
        if any(c.dep_ == "neg" for c in anchor.children):
            return True
        return any(c.lower_ == "no" for c in trigger.children if c.dep_ == "det")

    def _modality(self, anchor: Token) -> str:
        words = modality_words()
        tok = anchor
        for _ in range(5):
            for child in tok.children:
                if child.dep_ in ("aux", "auxpass"):
                    found = words.get(("aux", child.lower_))
                    if found:
                        return found
            if tok.dep_ not in ("xcomp", "ccomp", "conj", "acomp", "pcomp", "prep", "pobj") or (
                    tok.head.i == tok.i):
                return "asserted"
            head = tok.head
            if head.pos_ == "VERB" and tok.dep_ == "ccomp" and head.lemma_.lower() in cue_lemmas():
                return "reported" if self._actor_speaks(head, tok) else "asserted"
            found = words.get(("verb", head.lemma_.lower())) or words.get(("adj", head.lower_))
            if found:
                return found
            tok = head
        return "asserted"

    def _actor_speaks(self, cue: Token, clause: Token) -> bool:
        """An actor other than the clause's own subject says it (not a news outlet)."""
        subj = next((c for c in cue.children if c.dep_ == "nsubj"), None)
        if subj is None or not self._actors(subj):
            return False
        own = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        return own is None or own.pos_ != "PRON"

    def _date(self, anchor: Token, trigger: Token, sent: Span) -> tuple[str | None, str, str]:
        own = clause(anchor)
        when = any(c.lower_ == "when" for c in own.children)
        for t, span in _within(self.time_spans, sent):
            before = self.doc[span.start - 1].lower_ if span.start else ""
            # "since 2011, when X met Y": the clause dates from the time it follows
            introduces = when and 0 < own.left_edge.i - span.end + 1 <= 3
            if introduces or (clause(span.root) == own and before not in DURATION_WORDS):
                if t.date:
                    return t.date, t.precision, f"text: {t.text}"
                return None, "unknown", f"text: {t.text} ({t.note})"
        if own.dep_ == "conj" and own.head.i != own.i:
            # "held talks on 12 June and signed a statement": conjoined verbs share the date
            return self._date(own.head, own.head, sent)
        if any(c.lower_ in PERFECT and c.dep_ == "aux" for c in anchor.children):
            return None, "unknown", "tense: perfect, before publication"
        if self.published is None:
            return None, "unknown", "none: no date in the event's clause, no publication date"
        return self.published.isoformat(), "day", "publication"

    def _location(self, anchor: Token, trigger: Token, sent: Span) -> Location | None:
        own = clause(anchor)
        # "agreed to set up a centre in Poland": the complement clause is the event's too
        clauses = {own.i, *(c.i for c in own.children if c.dep_ == "xcomp"),
                   *(g.i for c in own.children if c.dep_ == "xcomp"
                     for g in c.children if g.dep_ == "xcomp")}
        candidates = []
        for place, span in _within(self.place_spans, sent):
            if any(i in self.mention_tokens for i in range(span.start, span.end)):
                continue  # "Singapore Prime Minister": part of an actor, not a location
            prep = span.root.head
            if span.root.dep_ != "pobj" or prep.lower_ not in LOCATIVE:
                continue  # "the denuclearization of the Korean peninsula" is no location
            if clause(span.root).i in clauses or _in_phrase(span.root, trigger):
                candidates.append((place.feature == "country", span.start, place))
        if not candidates:
            return None
        return Location.of(min(candidates, key=lambda c: c[:2])[2])


def _spans(doc: Doc, items: list[Any]) -> list[tuple[Any, Span]]:
    """Places or times with their token spans, ordered by where they start."""
    found = [(item, doc.char_span(item.start, item.end, alignment_mode="expand"))
             for item in items]
    return sorted(((i, sp) for i, sp in found if sp is not None), key=lambda x: x[1].start)


def _within(spans: list[tuple[Any, Span]], sent: Span) -> list[tuple[Any, Span]]:
    """Those of `spans` that start inside `sent`."""
    lo = bisect.bisect_left(spans, sent.start, key=lambda x: x[1].start)
    hi = bisect.bisect_left(spans, sent.end, key=lambda x: x[1].start)
    return spans[lo:hi]


def _light(verb: Token) -> bool:
    """A verb that lends its subject to a noun ("held talks"), unless a particle changes it
    ("called off the strike")."""
    return verb.lemma_.lower() in LIGHT_VERBS and not any(c.dep_ == "prt" for c in verb.children)


def _localised(m: Mention, country: str) -> Mention:
    """A country-less actor (not an IGO, NGO or named organisation) placed in `country`."""
    if m.country or m.sector in STATELESS or m.label in ("IGO", "ORG", "COUNTRY"):
        return m
    return replace(m, country=country)


def _stative(verb: Token) -> bool:
    """A passive participle that is its subject's stance: "is committed to", "is opposed to"."""
    return verb.lemma_.lower() in STATIVE_PARTICIPLES and any(
        c.dep_ == "nsubjpass" for c in verb.children) and not any(
        c.dep_ == "agent" for c in verb.children)


def _in_phrase(tok: Token, head: Token) -> bool:
    """`tok` hangs under `head` with no clause in between ("a summit in Hanoi")."""
    t = tok
    while t.i != head.i:
        if t.head.i == t.i or (t.i != tok.i and t.pos_ in ("VERB", "AUX")):
            return False
        t = t.head
    return True


def _dedupe(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[str, int]] = set()
    out = []
    for m in mentions:
        key = (m.kb_id or m.text, m.start)
        if key not in seen and (m.kb_id or m.text) not in {x.kb_id or x.text for x in out}:
            seen.add(key)
            out.append(m)
    return out


def code_events(doc: Doc, mentions: list[Mention], places: list[Place], times: list[TimeExpr],
                published: date | None, article_id: str, resolver: Resolver | None = None
                ) -> list[Event]:
    """The events of an article."""
    return Coder(doc, mentions, places, times, published, article_id, resolver).events()

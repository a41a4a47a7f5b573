"""Quotes and their speakers: what GDELT keeps without a speaker, tidings keeps with one.

Direct quotes are the text between quote marks; the speaker is the subject of the
cue verb ("said", "told", "added") that governs them, or, for a paragraph that is all
quote, the speaker of the quote before it. Indirect quotes are clauses reported by a
cue verb ("Kim said he hoped ...") or introduced by "according to".
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from spacy.tokens import Doc, Span, Token

from tidings.data import load_tsv
from tidings.model import ActorRef, Mention, Quote
from tidings.syntax import subject

QUOTE_MARKS = re.compile(r"[\"“”]")
MIN_WORDS_LABELLED = 3  # 'Correction: ...' and 'Update: Yes' are no one's words
# prepositions that complete what a cue says of its object: 'described the plan as a gift',
# 'blamed him for the loss', 'accused the mayor of lying'
OBJECT_COMPLETIONS = ("as", "for", "of")
SPACE = r"[^\S\n]"  # a space within a line, no-break spaces too
NAME = rf"[A-Z][\w'’.-]*(?:{SPACE}+[A-Z][\w'’.-]*){{0,3}}"
SIGNATURE = re.compile(rf"{SPACE}*[―—–-]+{SPACE}*(?P<name>{NAME})")
# 'WALLACE: Let's start', 'Sanders: Clinton needs'
LABEL = re.compile(rf"(?P<name>{NAME}):{SPACE}+")
MIN_WORDS_UNATTRIBUTED = 8  # shorter quotes with no speaker are scare quotes and titles
MAX_INTERRUPTION_WORDS = 6  # '"X," the minister told reporters, "Y."'


@cache
def cue_lemmas() -> frozenset[str]:
    """Speech verbs (kind `speech` in `cues.tsv`): they govern direct quotes and make an
    event they report a reported one."""
    return frozenset(r["lemma"] for r in load_tsv("cues.tsv") if r["kind"] == "speech")


@cache
def attribution_cues() -> dict[str, frozenset[str]]:
    """Every attribution verb (`cues.tsv`) and the prepositions that introduce what it
    attributes; "" stands for a clause or an object."""
    vias: dict[str, set[str]] = {}
    for r in load_tsv("cues.tsv"):
        if r["kind"] == "noun":
            continue
        vias.setdefault(r["lemma"], set()).add(r["via"])
    return {lemma: frozenset(v) for lemma, v in vias.items()}


@cache
def noun_cues() -> dict[str, frozenset[str]]:
    """Nouns that attribute (kind `noun` in `cues.tsv`: 'his claim that', 'her criticism of')
    and the prepositions that introduce what they attribute; "" stands for a clause."""
    vias: dict[str, set[str]] = {}
    for r in load_tsv("cues.tsv"):
        if r["kind"] == "noun":
            vias.setdefault(r["lemma"], set()).add(r["via"])
    return {lemma: frozenset(v) for lemma, v in vias.items()}


def cue_lemma(tok: Token) -> str:
    """The lemma under which `cues.tsv` knows a verb; the parser's lemma, unless that is no cue
    and the word's form minus an ending is one ('hoping' read as 'hop', 'rated' as 'rat')."""
    lemma = tok.lemma_.lower()
    if lemma in attribution_cues():
        return lemma
    word = tok.lower_
    for ending in ("ing", "ed", "es", "s", "d"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[:-len(ending)]
            for form in (stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else stem):
                if form in attribution_cues():
                    return form
    return lemma


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of text inside quote marks; an open quote runs to the paragraph's end."""
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        marks = [m.start() + para.start() for m in QUOTE_MARKS.finditer(para.group())]
        for i in range(0, len(marks), 2):
            start = marks[i] + 1
            end = marks[i + 1] if i + 1 < len(marks) else para.end()
            if text[start:end].strip():
                spans.append((start, end))
    return spans


class QuoteFinder:
    def __init__(self, doc: Doc, mentions: list[Mention], outlets: set[str]):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each call: read it once
        self.outlets = outlets
        self.by_token: dict[int, Mention] = {}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None and m.label in ("PERSON", "GOV", "GROUP", "IGO", "COUNTRY"):
                for i in range(span.start, span.end):
                    self.by_token.setdefault(i, m)
        self.sent_index = {s.start: i for i, s in enumerate(doc.sents)}

    def quotes(self) -> list[Quote]:
        direct = self._direct()
        indirect = []
        for q in self._indirect():
            inside = [d for d in direct if d.start < q.end and q.start < d.end]
            if inside and (any(self._beyond(d, q) for d in inside)
                           or not self._unquoted_words(q, inside)):
                continue  # the direct quote says it already
            if inside:
                q = self._with_quoted(q, inside)
            indirect.append(q)
            direct = [d for d in direct if d not in inside]
        return sorted(direct + indirect, key=lambda q: q.start)

    def _beyond(self, quoted: Quote, clause: Quote) -> bool:
        """The quote has words outside the clause, not just its closing punctuation."""
        text = self.text
        outside = text[quoted.start:clause.start] + text[clause.end:quoted.end]
        return any(c.isalnum() for c in outside)

    def _unquoted_words(self, clause: Quote, quoted: list[Quote]) -> bool:
        text = self.text
        inside = {i for d in quoted for i in range(d.start, d.end)}
        return any(text[i].isalnum() for i in range(clause.start, clause.end) if i not in inside)

    def _with_quoted(self, clause: Quote, quoted: list[Quote]) -> Quote:
        """'He said Trump has "enormous respect" for the army': a reported clause that holds
        quoted words is one attribution, the clause; direct when most of it is quoted ('she
        said it was "a disgrace to the whole city"'), else indirect. The closing marks of a
        quote that ends the clause belong to it."""
        text = self.text
        end = max(clause.end, *(d.end for d in quoted))
        while end < len(text) and QUOTE_MARKS.match(text, end):
            end += 1
        visible = sum(not c.isspace() for c in text[clause.start:end])
        verbatim = sum(not c.isspace() for d in quoted for c in text[d.start:d.end])
        speaker = clause if clause.speaker is not None else quoted[0]
        rule = clause.rule if verbatim * 2 < visible else "direct:in-clause"
        return replace(clause, text=text[clause.start:end], end=end,
                       direct=verbatim * 2 >= visible, speaker=speaker.speaker,
                       speaker_text=speaker.speaker_text, rule=rule)

    def _direct(self) -> list[Quote]:
        out: list[Quote] = []
        cues: list[int | None] = []  # the token index of each quote's cue
        previous: Quote | None = None
        for start, end in _quoted_spans(self.text):
            body = self.doc.char_span(start, end, alignment_mode="expand")
            if body is None:
                continue
            sent = body[0].sent
            cue = self._cue_for(body)
            raw = self.text[start:end]
            start += len(raw) - len(raw.lstrip())
            text = raw.strip()
            quote = Quote(text, start, start + len(text), True, None, None, None,
                          self.sent_index[sent.start], "")
            cue_at = cue.i if cue is not None else None
            if (label := self._label(start)) is not None:
                quote.speaker, quote.speaker_text = label[0], label[0].text
                quote.start, quote.text = label[1], self.text[label[1]:quote.end]
                quote.rule, cue_at = "direct:label", None
            elif cue is not None:
                quote.cue = cue.text
                quote.speaker, quote.speaker_text = self._speaker(cue, body)
                quote.rule = "direct:cue"
            elif previous is not None and self._all_quote(start, end):
                quote.speaker, quote.speaker_text = previous.speaker, previous.speaker_text
                quote.cue, quote.rule = previous.cue, "direct:continuation"
            elif (signed := self._signature(end)) is not None:
                quote.speaker, quote.speaker_text = signed, signed.text
                quote.rule = "direct:dash"
            elif (before := self._cue_before(body)) is not None:
                quote.cue, cue_at = before.text, before.i
                quote.speaker, quote.speaker_text = self._speaker(before)
                quote.rule = "direct:previous-sentence"
            else:
                quote.rule = "direct:no-speaker"
            if quote.speaker is None and len(quote.text.split()) < MIN_WORDS_UNATTRIBUTED:
                continue  # a scare-quoted phrase or a title, not speech
            if out and self._interrupted(out[-1], quote, cues[-1] is not None
                                         and cues[-1] == cue_at):
                quote = self._joined(out.pop(), quote)
                cues.pop()
            out.append(quote)
            cues.append(cue_at)
            previous = quote
        return out

    def _interrupted(self, first: Quote, second: Quote, same_cue: bool) -> bool:
        """"X," he said, "Y.": one quote broken by its attribution; or '"X," said Kim, the
        party's leader. "Y."', the quotes of one cue in one paragraph (one attribution)."""
        between = self.text[first.end:second.start]
        if first.speaker is None or "\n" in between:
            return False
        return same_cue or (len(between.split()) <= MAX_INTERRUPTION_WORDS
                            and (second.rule != "direct:cue" or second.speaker == first.speaker))

    def _joined(self, first: Quote, second: Quote) -> Quote:
        first.text = self.text[first.start:second.end]
        first.end = second.end
        return first

    def _all_quote(self, start: int, end: int) -> bool:
        """True when the quote fills its paragraph (a continuing quote)."""
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        line_end = len(self.text) if line_end < 0 else line_end
        rest = self.text[line_start:start - 1] + self.text[end + 1:line_end]
        return not rest.strip(" .,\"“”")

    def _cue_for(self, body: Span) -> Token | None:
        """The speech verb outside the quote, in the sentences it starts and ends in, whose
        subject is not an outlet: '"A. B," he said.' has its cue after the last sentence."""
        doc = body.doc
        after = doc[min(body.end, len(doc) - 1)]
        while after.is_punct and after.i + 1 < len(doc) and "\n" not in after.text_with_ws:
            after = doc[after.i + 1]  # past the closing mark: '…," Francisco Herrero said.'
        sents = {body[0].sent.start: body[0].sent, body[-1].sent.start: body[-1].sent,
                 after.sent.start: after.sent}
        inside = set(range(body.start, body.end))
        cues = [t for sent in sents.values() for t in sent
                if t.i not in inside and cue_lemma(t) in cue_lemmas() and t.pos_ == "VERB"
                and not self._outlet_subject(t)]
        if not cues:
            return None
        # a cue that governs the quote wins, else the nearest
        governing = [c for c in cues if any(c.is_ancestor(t) for t in body)]
        pool = governing or cues
        return min(pool, key=lambda c: min(abs(c.i - body.start), abs(c.i - body.end)))

    def _signature(self, end: int) -> ActorRef | None:
        """'"…" ― Martha Aguilar': a quote signed with a dash and a name."""
        m = SIGNATURE.match(self.text, end + 1)
        if m is None:
            return None
        return self._named(*m.span("name"))

    def _label(self, start: int) -> tuple[ActorRef, int] | None:
        """'PENCE: Well, look…': a transcript's speaker label; the speaker, and where the
        words after it begin."""
        m = LABEL.match(self.text, start)
        return None if m is None else (self._named(m.start("name"), m.end("name")), m.end())

    def _named(self, start: int, stop: int) -> ActorRef:
        """The actor named by the words at [start, stop): a known mention, else the words."""
        for t in range(start, stop):
            mention = self.by_token.get(self._token_at(t))
            if mention is not None and mention.start >= start:
                return mention.to_ref()
        words = self.text[start:stop]
        return ActorRef(words, None, None, None, words, start, stop)

    def _token_at(self, char: int) -> int:
        span = self.doc.char_span(char, char + 1, alignment_mode="expand")
        return span.start if span is not None else -1

    def _cue_before(self, body: Span) -> Token | None:
        """'Trump said on Monday.' then '"We will ..."': a cue in the sentence just before,
        in the same paragraph, whose speaker is named."""
        first = body[0].sent
        if first.start == 0 or "\n" in body.doc[first.start - 1].text_with_ws:
            return None
        previous = body.doc[first.start - 1].sent
        cues = [t for t in previous if cue_lemma(t) in cue_lemmas() and t.pos_ == "VERB"
                and not self._outlet_subject(t) and subject(t) is not None]
        return cues[-1] if cues else None

    def _outlet_subject(self, cue: Token) -> bool:
        subj = next((c for c in cue.children if c.dep_ in ("nsubj",)), None)
        if subj is None:
            return False
        return self._outlet_phrase(subj)

    def _outlet_phrase(self, tok: Token) -> bool:
        """An outlet's name as whole words: 'uni' names an agency, not 'university'."""
        phrase = f" {' '.join(t.text for t in tok.subtree).lower()} "
        return any(f" {o} " in phrase for o in self.outlets)

    def _speaker(self, cue: Token, quoted: Span | None = None
                 ) -> tuple[ActorRef | None, str | None]:
        """Who speaks: a resolved actor, else the words that name the speaker, unresolved.
        The speaker of a quote is never inside it: a parse that finds the subject there
        ('"One of the best," Rep. Kay said') gives way to the words next to the cue."""
        subj = subject(cue)  # also "He thanked Putin ... and added that ..."
        if subj is not None and quoted is not None and quoted.start <= subj.i < quoted.end:
            subj = self._beside(cue, quoted)
        if subj is None:
            return None, None
        if subj.tag_ in ("WP", "WDT") and (antecedent := self._antecedent(cue)) is not None:
            ref, _ = self._named_by(antecedent)  # "Trump, who said …": Trump, written "who"
            if ref is None:
                return None, None
            return replace(ref, text=subj.text, start=subj.idx,
                           end=subj.idx + len(subj)), subj.text
        return self._named_by(subj)

    def _named_by(self, subj: Token) -> tuple[ActorRef | None, str | None]:
        """The actor a subject names: a known mention, else its words; none for 'it'."""
        mention = self._mention_in(subj)
        if mention is not None:
            return mention.to_ref(), mention.text
        if subj.pos_ == "PRON" and subj.lower_ in ("it", "this", "that", "what"):
            return None, None
        words = self.doc[subj.left_edge.i:subj.i + 1]
        return ActorRef(words.text, None, None, None, words.text, words.start_char,
                        words.end_char), words.text

    def _beside(self, cue: Token, quoted: Span) -> Token | None:
        """The head of the noun phrase just before the cue ('…," Rep. Kay said') or just
        after it ('…," said Rep. Kay'), outside the quote."""
        doc = cue.doc
        i = cue.i - 1
        while i >= quoted.end and doc[i].dep_ in ("aux", "advmod", "neg"):
            i -= 1
        for j in (i, cue.i + 1):
            if (quoted.end <= j < len(doc) and j != cue.i
                    and doc[j].pos_ in ("PROPN", "NOUN", "PRON")):
                tok = doc[j]
                while (tok.head.pos_ in ("PROPN", "NOUN") and tok.head.i != tok.i
                       and (tok.head.i < cue.i) == (j < cue.i)):
                    tok = tok.head
                return tok
        return None

    @staticmethod
    def _antecedent(cue: Token) -> Token | None:
        """The noun a relative clause hangs from: 'Trump, who said …' -> Trump."""
        verb = cue
        for _ in range(6):
            if verb.dep_ == "relcl":
                return verb.head
            if verb.head.i == verb.i:
                return None
            verb = verb.head
        return None

    def _mention_in(self, tok: Token) -> Mention | None:
        for t in [tok, *tok.subtree]:
            if t.i in self.by_token:
                return self.by_token[t.i]
        return None

    def _indirect(self) -> list[Quote]:
        """Reported clauses; one inside another's ('she said she plans to run') is part of
        that one's content, not an attribution of its own."""
        found = [(q, q.start) for q in self._labelled()]  # (quote, where its cue is)
        for tok in self.doc:
            if tok.pos_ == "VERB" and cue_lemma(tok) in attribution_cues():
                if self._outlet_subject(tok) or any(c.dep_ == "neg" for c in tok.children):
                    continue  # "did not say how ..." reports nothing
                content = self._content(tok)
                if content:  # 'attacked Machado', 'declined to comment' say something
                    speaker, named = self._speaker(tok)
                    found.append((self._quote_of(content[0], content[-1], speaker, named, tok,
                                                 "indirect:cue"), tok.idx))
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in noun_cues():
                found.extend((q, tok.idx) for q in self._noun_attribution(tok))
            elif tok.lower_ == "according" and tok.i + 2 < len(self.doc) and (
                    self.doc[tok.i + 1].lower_ == "to"):
                found.extend((q, tok.idx) for q in self._according_to(tok))
        return [q for q, at in found
                if not any(o.start <= at < o.end for o, _ in found if o is not q)]

    def _content(self, cue: Token) -> list[Token]:
        """The words a cue attributes: what its preposition introduces ('called for higher
        taxes', 'spoke about the war'), else its complement clause ('said the plan failed'),
        else its object with what completes it ('called the plan "a disgrace"', 'wants to
        leave'); for a parenthetical cue ('The plan, she said, failed'), the clause around it."""
        vias = attribution_cues()[cue_lemma(cue)]
        rights = [c for c in cue.children if c.i > cue.i]
        prep = next((c for c in rights if c.dep_ == "prep" and c.lower_ in vias), None)
        obj = next((c for c in rights if c.dep_ == "dobj"), None)
        if prep is not None and "" in vias and obj is not None and obj.i < prep.i:
            parts = [obj, prep]  # 'likened the rules to a war', 'compared him to Obama'
        elif prep is not None:
            parts = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
            parts += [c for c in rights if c.dep_ in ("xcomp", "ccomp") and c.i > prep.i]
        elif (clause := next((c for c in cue.children if c.dep_ == "ccomp"), None)) is not None:
            parts = [clause]
        elif "" in vias:
            parts = [c for c in rights if c.dep_ in ("dobj", "xcomp", "oprd")]
            completion = [c for c in rights if c.dep_ == "prep" and c.lower_ in OBJECT_COMPLETIONS
                          and obj is not None and c.i > obj.i]
            if obj is not None and obj.pos_ == "PRON" and not completion:
                parts.remove(obj)  # 'backed it' says nothing; 'blamed him for the loss' does
            parts += completion
        else:
            parts = []
        if not parts and cue.dep_ == "parataxis" and cue_lemma(cue) in cue_lemmas():
            inner = {t.i for t in cue.subtree}
            toks = [t for t in cue.head.subtree if t.i not in inner]
        else:
            toks = sorted((t for p in parts for t in p.subtree), key=lambda t: t.i)
        while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
            toks.pop(0)
        while toks and toks[-1].is_punct:
            toks.pop()
        return toks

    def _noun_attribution(self, noun: Token) -> list[Quote]:
        """'Trump's claim that crime is rising', 'her plan to cut taxes', 'his criticism of the
        police': a noun that attributes, with its owner as the speaker and the clause or the
        preposition's object that completes it as the content."""
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is None:
            return []  # 'the claim that ...' names no one
        vias = noun_cues()[noun.lemma_.lower()]
        parts = []
        for c in noun.children:
            if c.i < noun.i:
                continue
            if c.dep_ == "prep" and c.lower_ in vias:
                parts += [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
            elif "" in vias and c.dep_ in ("acl", "ccomp") and any(
                    m.dep_ in ("mark", "aux") and m.lower_ in ("that", "to") for m in c.children):
                parts.append(c)
        toks = sorted((t for p in parts for t in p.subtree), key=lambda t: t.i)
        while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
            toks.pop(0)
        while toks and toks[-1].is_punct:
            toks.pop()
        if not toks:
            return []
        speaker, named = self._named_by(owner)
        return [self._quote_of(toks[0], toks[-1], speaker, named, noun, "indirect:noun")]

    def _according_to(self, according: Token) -> list[Quote]:
        """'According to the mayor, the bridge will open' and 'The bridge will open,
        according to the mayor': the clause on the other side of the attribution."""
        pobj = next((c for c in self.doc[according.i + 1].children if c.dep_ == "pobj"), None)
        main = according.head
        if pobj is None or main.i == according.i or self._outlet_phrase(pobj):
            return []  # "according to Yonhap" attributes the story, not a statement
        mention = self._mention_in(pobj)
        speaker = mention.to_ref() if mention else None
        if according.i < main.i:
            span = [t for t in main.subtree if t.i > pobj.right_edge.i]
        else:
            span = [t for t in main.subtree if t.i < according.i]
        while span and span[0].is_punct:
            span.pop(0)
        while span and span[-1].is_punct:
            span.pop()
        if not span:
            return []
        named = mention.text if mention else self.doc[pobj.left_edge.i:pobj.i + 1].text
        return [self._quote_of(span[0], span[-1], speaker, named, according,
                               "indirect:according-to")]

    def _labelled(self) -> list[Quote]:
        """'Sanders: Clinton must do more': a paragraph led by a known actor's name and a
        colon, as in headlines and unquoted transcripts."""
        out = []
        for para in re.finditer(r"[^\n]+", self.text):
            label = self._label(para.start())
            body = self.text[label[1]:para.end()].strip() if label else ""
            if label is None or label[0].kb_id is None or len(body.split()) < MIN_WORDS_LABELLED:
                continue  # 'Correction:', 'The Latest:' name no one
            first = self.doc.char_span(label[1], label[1] + len(body), alignment_mode="expand")
            if first is None:
                continue
            out.append(Quote(body, label[1], label[1] + len(body), False, ":", label[0],
                             label[0].text, self.sent_index[first[0].sent.start],
                             "indirect:label"))
        return out

    def _quote_of(self, first: Token, last: Token, speaker: ActorRef | None, named: str | None,
                  cue: Token, rule: str) -> Quote:
        start, end = first.idx, last.idx + len(last)
        text = self.text[start:end].rstrip()
        end = start + len(text)
        return Quote(text, start, end, False, cue.text, speaker, named,
                     self.sent_index[first.sent.start], rule)


def find(doc: Doc, mentions: list[Mention], outlets: set[str]) -> list[Quote]:
    """Direct and indirect quotes with speakers; `outlets` are lower-case names of media."""
    return QuoteFinder(doc, mentions, outlets).quotes()

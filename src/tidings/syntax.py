"""Small dependency-parse helpers shared by the analysis stages."""

from __future__ import annotations

from spacy.tokens import Token


def clause(tok: Token) -> Token:
    """The verb that heads the clause a token belongs to."""
    t = tok
    for _ in range(40):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def subject(verb: Token) -> Token | None:
    """The subject of a verb, through control, conjunction, relative and copular clauses."""
    for _ in range(6):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not (
                    child.dep_ == "nsubjpass" and verb.lemma_ != "be"):
                return child
        head = verb.head
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ == "for":
            obj = next((c for c in head.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj  # "thanked Putin for hosting him": Putin hosted
        if verb.dep_ == "relcl":
            if head.dep_ == "attr":
                verb = head.head
                continue
            return head
        if verb.dep_ in ("xcomp", "conj", "pcomp", "advcl", "acomp") or head.pos_ in (
                "ADP", "ADJ"):
            if head.i == verb.i:
                return None
            verb = head if head.pos_ != "ADP" else head.head
            continue
        return None
    return None

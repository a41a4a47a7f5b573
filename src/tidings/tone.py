"""Document tone, as GDELT measures it: positive and negative words per hundred words."""

from __future__ import annotations

import re
from functools import cache

from tidings.data import load_tsv
from tidings.model import Tone

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@cache
def lexicon() -> dict[str, int]:
    return {r["word"]: int(r["polarity"]) for r in load_tsv("tone.tsv")}


def tone(text: str) -> Tone:
    words = [w.lower() for w in WORD.findall(text)]
    if not words:
        return Tone(0.0, 0.0, 0.0, 0.0, 0)
    lex = lexicon()
    pos = sum(1 for w in words if lex.get(w) == 1)
    neg = sum(1 for w in words if lex.get(w) == -1)
    n = len(words)
    positive, negative = 100 * pos / n, 100 * neg / n
    return Tone(round(positive - negative, 3), round(positive, 3), round(negative, 3),
                round(positive + negative, 3), n)

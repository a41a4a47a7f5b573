"""Copies: the same story re-published, found by text hash and MinHash LSH.

Syndicated wire copy reaches dozens of sites with a new headline, other boilerplate, a
different dateline, a cut last paragraph or a few edited words. Over word 5-shingles of
the cleaned text those copies still share most shingles, while two stories written
separately about the same event share almost none. LSH finds candidates; a candidate is a
copy when the shingles of the shorter text are mostly inside the longer one (containment,
estimated from the MinHash Jaccard and the two shingle counts), so a cut ending does not
split a group.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 5
SCHEME = "affine32"  # datasketch's hashing scheme; stored signatures depend on it
NUM_PERM = 128
LSH_THRESHOLD = 0.2  # Jaccard at which candidates are looked at: a copy cut to 40% is 0.4
CONTAINMENT = 0.6  # share of the shorter text's shingles found in the longer one

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Lower-case, accent-free words: punctuation and spacing edits change nothing."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _WORD.findall(text)


def text_hash(text: str) -> str:
    """The exact-copy key: the words of the text, hashed."""
    return hashlib.sha1(" ".join(words(text)).encode()).hexdigest()


@dataclass
class Fingerprint:
    """What copy detection keeps of an article."""

    text_hash: str
    signature: np.ndarray  # MinHash hash values (uint64)
    shingles: int


def fingerprint(text: str) -> Fingerprint:
    ws = words(text)
    shingles = {" ".join(ws[i:i + SHINGLE]) for i in range(max(1, len(ws) - SHINGLE + 1))}
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    mh.update_batch([s.encode() for s in shingles])
    return Fingerprint(text_hash(text), mh.hashvalues.copy(), len(shingles))


def _minhash(fp: Fingerprint) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=fp.signature, scheme=SCHEME)


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller shingle set inside the larger one."""
    jaccard = float(np.mean(a.signature == b.signature))
    if jaccard == 0.0:
        return 0.0
    inter = jaccard * (a.shingles + b.shingles) / (1 + jaccard)
    return min(1.0, inter / max(1, min(a.shingles, b.shingles)))


class CopyIndex:
    """Copy groups of the articles in memory; each group is named by its first article."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self.prints: dict[str, Fingerprint] = {}
        self.by_hash: dict[str, str] = {}
        self.group: dict[str, str] = {}  # article id -> canonical article id

    def add(self, article_id: str, fp: Fingerprint, copy_of: str | None = None) -> str | None:
        """Index an article; returns the canonical article it copies, if any.

        `copy_of` restores a grouping decided in an earlier run.
        """
        if copy_of is None:
            copy_of = self.find(fp)
        self.group[article_id] = self.group.get(copy_of, copy_of) if copy_of else article_id
        self.prints[article_id] = fp
        self.by_hash.setdefault(fp.text_hash, article_id)
        self.lsh.insert(article_id, _minhash(fp))
        return self.group[article_id] if self.group[article_id] != article_id else None

    def find(self, fp: Fingerprint) -> str | None:
        """The canonical article `fp` is a copy of, if any."""
        if fp.text_hash in self.by_hash:
            return self.group[self.by_hash[fp.text_hash]]
        best, found = CONTAINMENT, None
        for other in self.lsh.query(_minhash(fp)):
            score = containment(fp, self.prints[other])
            if score >= best:
                best, found = score, other
        return self.group[found] if found else None

    def remove(self, article_id: str) -> None:
        """Forget an article (it left the time window)."""
        fp = self.prints.pop(article_id, None)
        if fp is None:
            return
        self.lsh.remove(article_id)
        if self.by_hash.get(fp.text_hash) == article_id:
            del self.by_hash[fp.text_hash]
        self.group.pop(article_id, None)

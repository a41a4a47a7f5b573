"""Main-text extraction from HTML, scored as the Scrapinghub article-extraction benchmark does.

Data layout (https://github.com/scrapinghub/article-extraction-benchmark): `ground-truth.json`
maps a page id to `{"articleBody": ..., "url": ...}`, and `html/<id>.html.gz` holds the page
(gzip, UTF-8). Each page goes through `tidings.ingest.formats.extract_html`, exactly as
`tidings ingest` reads HTML.

Scoring follows the benchmark's `evaluate.py`, so numbers compare with its published table:

* texts are tokenised with the regex `\\w+` (case kept), and cut into overlapping 4-token
  shingles (a text shorter than 4 tokens is one shorter shingle);
* per page, TP/FP/FN are the multiset overlap of shingles, then normalised to sum to 1 so long
  pages weigh no more than short ones;
* `precision` is the mean of per-page precision over pages that predicted something
  (TP + FP > 0), `recall` the mean of per-page recall over pages with gold text, and `f1` the
  harmonic mean of those two means (not a mean of per-page F1s);
* `accuracy` is the share of pages whose token sequence equals the gold one exactly.

The benchmark leaves pages with no prediction out of the precision mean. To make failures
visible, `mean_page_f1` averages per-page F1 with failed pages at 0, `failures` counts them,
and `token_*` repeat the scores on single tokens (bag of words) rather than shingles.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tidings.ingest.formats import extract_html

SHINGLE = 4  # the benchmark's `ngram_n`
_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]  # normalised TP, FP, FN of one page


def tokenize(text: str) -> list[str]:
    """The benchmark's tokeniser: runs of word characters, case kept."""
    return _TOKEN.findall(text or "")


def shingles(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    """Overlapping n-grams; a text shorter than n tokens gives one shorter shingle."""
    grams = (tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def match(true: str, pred: str, n: int = SHINGLE) -> Counts:
    """TP/FP/FN of shingle multisets, normalised to sum to 1 (as `string_shingle_matching`)."""
    gold, found = shingles(tokenize(true), n), shingles(tokenize(pred), n)
    tp = float(sum((gold & found).values()))
    fp = float(sum((found - gold).values()))
    fn = float(sum((gold - found).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def aggregate(pages: list[Counts]) -> dict[str, float]:
    """The benchmark's `metrics_from_tp_fp_fns`, plus the mean of per-page F1."""
    precision = _mean([page_precision(*c) for c in pages if c[0] + c[1] > 0])
    recall = _mean([page_recall(*c) for c in pages if c[0] + c[2] > 0])
    return {
        "precision": precision,
        "recall": recall,
        "f1": _harmonic(precision, recall),
        "mean_page_f1": _mean([_harmonic(page_precision(*c), page_recall(*c)) for c in pages]),
    }


def read(path: Path, limit: int | None = None
         ) -> Iterator[tuple[str, str, bytes | None, str | None]]:
    """(id, gold text, gzip-decoded HTML or None, problem) per page of the ground truth."""
    root = path if path.is_dir() else path.parent
    truth_file = root / "ground-truth.json" if path.is_dir() else path
    truth: dict[str, Any] = json.loads(truth_file.read_text(encoding="utf-8"))
    for i, (key, record) in enumerate(truth.items()):
        if limit is not None and i >= limit:
            return
        gold = record.get("articleBody", "") if isinstance(record, dict) else ""
        page = root / "html" / f"{key}.html.gz"
        try:
            yield key, gold or "", gzip.decompress(page.read_bytes()), None
        except (OSError, EOFError) as exc:
            yield key, gold or "", None, f"{page.name}: {exc}"


def run(path: Path, fmt: str, limit: int | None = None
        ) -> tuple[int, dict[str, float], dict[str, Any]]:
    """Extract every page's main text and score it against the benchmark's ground truth."""
    shingled: list[Counts] = []
    tokens: list[Counts] = []
    exact = 0
    failures: dict[str, str] = {}
    for key, gold, html, problem in read(path, limit):
        pred = ""
        if html is None:
            failures[key] = problem or "unreadable"
        else:
            try:
                pred = extract_html(html)["text"]
            except Exception as exc:  # noqa: BLE001 - a failed page scores 0, the run goes on
                failures[key] = f"{type(exc).__name__}: {exc}"
        shingled.append(match(gold, pred))
        tokens.append(match(gold, pred, n=1))
        exact += tokenize(gold) == tokenize(pred)
    n = len(shingled)
    metrics = aggregate(shingled)
    metrics["accuracy"] = exact / n if n else 0.0
    metrics["failures"] = float(len(failures))
    metrics.update({f"token_{k}": v for k, v in aggregate(tokens).items()})
    return n, metrics, {"failures": failures, "shingle": SHINGLE}

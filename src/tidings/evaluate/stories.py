"""Same-event document clustering, scored on ECB+ topics.

ECB+ (Cybulska & Vossen 2014) groups news documents into topics, e.g. "a celebrity checks into
rehab"; within a topic, `<topic>_<n>ecb.xml` documents report one real-world (seminal) event and
`<topic>_<n>ecbplus.xml` documents another. The task is to split each topic's documents into
real-world events without being told how many there are, which is what a "stories" stage must
do for a stream of articles on one subject.

Each document is rebuilt from its `<token t_id sentence number>` elements (one line per
sentence). The `ecbplus` documents open with the URL they were found at, tokenised as sentence
zero; it is passed as the article's URL and kept out of the text, since only those documents
have one and its tokens would give the gold split away.

The documents run through the pipeline without the cleaner (`Pipeline.analyse`) and then,
one after another in file order, through the stories stage (`tidings.stories.StoryIndex`)
exactly as ingest places articles: no number of events is given, and a topic's documents are
one undated stream.

Scores, over documents, are B-cubed (per-document precision and recall of its cluster) and
pairwise (document pairs put together), each as `*_macro_*` (the mean over topics) and
`*_micro_*` (all topics pooled: B-cubed averaged over every document, pairwise from summed pair
counts). Pairwise precision is 0 for a topic where no pair was predicted (0/0 counts as 0).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tidings.stories import MERGE_THRESHOLD, THRESHOLD, StoryIndex

_FILE = re.compile(r"^(?P<topic>\d+)_(?P<n>\d+)(?P<kind>ecb|ecbplus)\.xml$")
_NO_SPACE_BEFORE = frozenset({".", ",", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "n't",
                              "'re", "'ve", "'ll", "'d", "'m", "''"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "$", "``"})


@dataclass
class EcbDocument:
    name: str  # file name, e.g. "1_3ecbplus.xml"
    gold: str  # "ecb" or "ecbplus": the seminal event within the topic
    text: str
    url: str | None


# -- reading ----------------------------------------------------------------------------------

def detokenize(tokens: Sequence[str]) -> str:
    """Tokens back into readable text, so the parser sees ordinary punctuation."""
    out: list[str] = []
    glue = True
    for tok in tokens:
        if out and not glue and tok not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(tok)
        glue = tok in _NO_SPACE_AFTER
    return "".join(out).replace("``", '"').replace("''", '"')


def read_document(path: Path) -> EcbDocument:
    """One ECB+ XML file; raises ValueError (or ET.ParseError) when it is not one."""
    m = _FILE.match(path.name)
    if not m:
        raise ValueError(f"{path.name}: not named <topic>_<n>ecb.xml or <topic>_<n>ecbplus.xml")
    sentences: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for el in ET.parse(path).getroot().iter("token"):
        sentences[int(el.get("sentence", "0"))].append((int(el.get("number", "0")), el.text or ""))
    lines = {s: detokenize([t for _, t in sorted(toks)]) for s, toks in sentences.items()}
    url = None
    if m["kind"] == "ecbplus" and lines.get(0, "").replace(" ", "").startswith("http"):
        url = lines.pop(0).replace(" ", "")
    text = "\n".join(lines[s] for s in sorted(lines))
    return EcbDocument(path.name, m["kind"], text, url)


def topics(path: Path) -> list[Path]:
    """Topic folders under `path` in numeric order (or `path` itself if it is one)."""
    if any(_FILE.match(p.name) for p in path.glob("*.xml")):
        return [path]
    found = [p for p in path.iterdir() if p.is_dir() and p.name.isdigit()]
    return sorted(found, key=lambda p: int(p.name))


def read_topic(folder: Path) -> tuple[list[EcbDocument], list[str]]:
    """A topic's documents in a stable order, and a note for each file that could not be read."""
    docs, problems = [], []
    numbered = [(int(m["n"]), p) for p in folder.glob("*.xml") if (m := _FILE.match(p.name))]
    for _, p in sorted(numbered):
        try:
            docs.append(read_document(p))
        except (ET.ParseError, ValueError, OSError) as exc:
            problems.append(f"{folder.name}/{p.name}: {exc}")
    return docs, problems


# -- scoring ----------------------------------------------------------------------------------

def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def bcubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[list[float], list[float]]:
    """Per-document B-cubed precision and recall (Bagga & Baldwin 1998)."""
    both = Counter(zip(gold, pred, strict=True))
    g, p = Counter(gold), Counter(pred)
    precision = [both[x, y] / p[y] for x, y in zip(gold, pred, strict=True)]
    recall = [both[x, y] / g[x] for x, y in zip(gold, pred, strict=True)]
    return precision, recall


def pair_counts(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> tuple[int, int, int]:
    """TP, FP, FN over unordered document pairs placed in the same cluster."""
    def pairs(labels: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in labels.values())

    tp = pairs(Counter(zip(gold, pred, strict=True)))
    return tp, pairs(Counter(pred)) - tp, pairs(Counter(gold)) - tp


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def score(topics_: Sequence[tuple[Sequence[Hashable], Sequence[Hashable]]]) -> dict[str, float]:
    """B-cubed and pairwise P/R/F1 of (gold, predicted) label lists, one pair per topic."""
    macro: dict[str, list[float]] = defaultdict(list)
    all_p: list[float] = []
    all_r: list[float] = []
    sums = [0, 0, 0]
    for gold, pred in topics_:
        bp, br = bcubed(gold, pred)
        all_p += bp
        all_r += br
        p, r = sum(bp) / len(bp), sum(br) / len(br)
        macro["bcubed"] += [p, r, _f1(p, r)]
        tp, fp, fn = pair_counts(gold, pred)
        sums = [sums[0] + tp, sums[1] + fp, sums[2] + fn]
        p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        macro["pairwise"] += [p, r, _f1(p, r)]
    out: dict[str, float] = {}
    n = len(topics_)
    for name, values in macro.items():
        for k, metric in enumerate(("p", "r", "f1")):
            out[f"{name}_macro_{metric}"] = sum(values[k::3]) / n
    p, r = _ratio(sum(all_p), len(all_p)), _ratio(sum(all_r), len(all_r))
    out.update(bcubed_micro_p=p, bcubed_micro_r=r, bcubed_micro_f1=_f1(p, r))
    tp, fp, fn = sums
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    out.update(pairwise_micro_p=p, pairwise_micro_r=r, pairwise_micro_f1=_f1(p, r))
    return out


# -- the evaluation ---------------------------------------------------------------------------

def _labels(docs: list[EcbDocument], problems: list[str]) -> list[str]:
    """Each document's story, as the stories stage places them one after another."""
    from tidings.clean import Cleaned
    from tidings.model import Attribution, RawArticle
    from tidings.pipeline import default

    p = default()
    index = StoryIndex()
    for d, parsed in zip(docs, p.nlp.pipe(d.text for d in docs), strict=True):
        raw = RawArticle(text=d.text, url=d.url, origin=d.name)
        try:
            analysis = p.analyse(raw, Cleaned(d.text, [], Attribution()), parsed)
        except Exception as exc:  # noqa: BLE001 - one document must not stop the run
            problems.append(f"{d.name}: {type(exc).__name__}: {exc}")
            continue
        analysis.article_id = d.name
        index.add(analysis)
    # a story may have merged into another after a document joined it: read them at the end
    return [index.members[d.name].story_id if d.name in index.members else f"failed:{d.name}"
            for d in docs]


def run(path: Path, fmt: str, limit: int | None = None
        ) -> tuple[int, dict[str, float], dict[str, Any]]:
    """Cluster each topic's documents and score against the ecb / ecbplus split."""
    results: list[tuple[list[str], list[str]]] = []
    problems: list[str] = []
    per_topic: dict[str, dict[str, int]] = {}
    for folder in topics(path)[:limit]:
        docs, bad = read_topic(folder)
        problems += bad
        if not docs:
            continue
        labels = _labels(docs, problems)
        gold = [d.gold for d in docs]
        results.append((gold, labels))
        per_topic[folder.name] = {"documents": len(docs), "gold_clusters": len(set(gold)),
                                  "predicted_clusters": len(set(labels))}
    if not results:
        return 0, {}, {"problems": problems}
    metrics = score(results)
    baselines = {
        "one_cluster": score([(g, [0] * len(g)) for g, _ in results]),
        "singletons": score([(g, list(range(len(g)))) for g, _ in results]),
    }
    details = {"topics": per_topic, "threshold": THRESHOLD,
               "merge_threshold": MERGE_THRESHOLD, "problems": problems,
               "baselines": {k: {m: round(v, 4) for m, v in b.items() if m.endswith("f1")}
                             for k, b in baselines.items()}}
    return sum(len(g) for g, _ in results), metrics, details

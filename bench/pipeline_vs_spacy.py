"""Benchmark: the full tidings pipeline against a bare spaCy pass over the same texts.

Uses the Voice of America stories in ../shared/corpora/voa/ when present, else the
bundled examples. Prints articles/s, words/s, peak memory and the full/bare ratio.
Both passes run in this process, on the same texts, one after the other.

    python bench/pipeline_vs_spacy.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from tidings import nlp
from tidings.ingest import iter_inputs
from tidings.model import RawArticle, TidingsError
from tidings.pipeline import Pipeline
from tidings.run import example_overrides, examples_dir

VOA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"


def corpus(limit: int) -> tuple[str, list[RawArticle]]:
    if VOA.exists():
        raws = []
        with VOA.open(encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                if rec.get("text"):
                    raws.append(RawArticle(text=rec["text"], title=rec.get("title"),
                                           url=rec.get("url"), published=rec.get("published"),
                                           origin=f"voa:{rec.get('id')}"))
        repeated = [raws[i % len(raws)] for i in range(max(limit, len(raws)))]
        return f"VOA corpus ({len(raws)} stories, repeated to {len(repeated)})", repeated
    directory = examples_dir()
    overrides = example_overrides(directory)
    raws = [r for r in iter_inputs([str(directory)]) if isinstance(r, RawArticle)]
    for raw in raws:
        raw.published = raw.published or overrides.get(Path(raw.origin).name, {}).get("published")
    return "bundled examples", raws


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=200,
                        help="articles to run (the VOA stories repeated to reach it)")
    args = parser.parse_args()
    name, raws = corpus(args.limit)
    pipeline = Pipeline()
    model = nlp.load()
    texts = [pipeline.prepare(r)[1].text for r in raws]  # the same cleaned texts for both
    words = sum(len(t.split()) for t in texts)
    list(model.pipe(texts[:5]))  # warm both up
    list(pipeline.pipe(raws[:5]))

    start = time.perf_counter()
    for _ in model.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - start
    bare_peak = peak_mb()

    start = time.perf_counter()
    events = errors = 0
    for result in pipeline.pipe(raws, batch_size=32):
        if isinstance(result, TidingsError):
            errors += 1
        else:
            events += len(result.events)
    full = time.perf_counter() - start

    n = len(texts)
    print(f"corpus: {name}: {n} articles, {words} words (model {nlp.model_name()})")
    print(f"bare spaCy : {n / bare:8.1f} articles/s {words / bare:10.0f} words/s")
    print(f"tidings    : {n / full:8.1f} articles/s {words / full:10.0f} words/s "
          f"({events} events, {errors} rejected)")
    print(f"ratio full/bare throughput: {bare / full:.2f}")
    print(f"peak memory: {bare_peak:.0f} MB after bare pass, {peak_mb():.0f} MB after full pass")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

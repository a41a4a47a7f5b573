"""Benchmark: the full pipeline on 1 process, on every core, and on a 2-worker Dask
LocalCluster, against a bare spaCy pass over the same cleaned texts, all in one run.

Uses the Voice of America stories in ../shared/corpora/voa/ repeated to --limit articles
(default 2,000) when present, else the bundled examples repeated. Prints articles/s and
words/s of each, the ratios (full/bare, N workers/1), and peak memory per worker.

    python bench/scale_throughput.py [--limit N] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline_vs_spacy import corpus  # noqa: E402 - the same corpus as the other benchmark

from tidings import nlp  # noqa: E402
from tidings.model import TidingsError  # noqa: E402
from tidings.pipeline import Pipeline  # noqa: E402
from tidings.scale import analyse, run_dask  # noqa: E402


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _timed(results) -> tuple[float, int]:  # noqa: ANN001 - an iterator of results
    start = time.perf_counter()
    ok = sum(not isinstance(r, TidingsError) for r in results)
    return time.perf_counter() - start, ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    name, raws = corpus(args.limit)
    raws = [raws[i % len(raws)] for i in range(args.limit)]
    pipeline = Pipeline()
    texts = [pipeline.prepare(r)[1].text for r in raws]
    words = sum(len(t.split()) for t in texts)
    n = len(raws)
    model = nlp.load()
    list(model.pipe(texts[:5]))
    list(pipeline.pipe(raws[:5]))

    start = time.perf_counter()
    for _ in model.pipe(texts, batch_size=32):
        pass
    bare = time.perf_counter() - start
    one, _ = _timed(pipeline.pipe(raws))
    main_peak = _peak_mb()
    many, _ = _timed(analyse(raws, workers=args.workers))
    worker_peak = _peak_mb(resource.RUSAGE_CHILDREN)

    # Dask: the articles as JSON Lines files, one partition each, on a 2-worker LocalCluster
    folder = Path(tempfile.mkdtemp(prefix="tidings-bench-"))
    per_file = max(1, n // 16)
    for i in range(0, n, per_file):
        with (folder / f"part{i:06d}.jsonl").open("w", encoding="utf-8") as fh:
            for j, raw in enumerate(raws[i:i + per_file]):
                fh.write(json.dumps({"id": f"b{i + j}", "title": raw.title, "text": raw.text,
                                     "published": raw.published}) + "\n")
    start = time.perf_counter()
    job = run_dask([str(folder)], "local", folder / "out", workers=2)
    dask = time.perf_counter() - start

    def line(label: str, seconds: float) -> str:
        return (f"{label:<28} {n / seconds:8.1f} articles/s {words / seconds:9.0f} words/s"
                f"  ratio to bare spaCy {bare / seconds:.2f}")

    print(f"corpus: {name}: {n} articles, {words} words; {os.cpu_count()} cores")
    print(line("bare spaCy (1 process)", bare))
    print(line("tidings, 1 process", one))
    print(line(f"tidings, {args.workers} worker processes", many))
    print(line("tidings, Dask 2 workers", dask) + f"  ({job.articles} articles, "
          f"{len(job.failed)} failures; includes cluster start)")
    print(f"speed-up: {args.workers} processes / 1 = {one / many:.2f}; Dask 2 / 1 = "
          f"{one / dask:.2f}")
    print(f"peak memory: main process {main_peak:.0f} MB; largest worker process "
          f"{worker_peak:.0f} MB")


if __name__ == "__main__":
    main()

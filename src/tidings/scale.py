"""Many cores, many machines: the same pipeline in worker processes or on a Dask cluster.

Nothing here analyses text itself: every worker runs `tidings.pipeline.Pipeline`, loaded once
per worker process, and the results are stored and grouped into stories by the one process
that owns the DuckDB file, after the parallel stage.

**Worker processes** (`analyse(raws, workers=N)`): articles go out in batches to N spawned
processes, at most two batches per worker in flight, and come back in input order; a small
input (less than two batches per worker) is analysed in this process, where starting
workers would cost more than it saves.

**Dask** (`run_dask`): each input file (a WARC, a JSON Lines dump, a text file) is one
partition. A worker analyses its partition and writes, under the output directory::

    <table>/part-<id>.parquet    one file per store table (articles, events, event_actors,
                                 mentions, quotes, places, times, dropped_lines), with the
                                 columns of the DuckDB table of the same name
    analyses/part-<id>.jsonl.gz  the analyses themselves, to load into a store
    _done/part-<id>.json         written last: the partition's report; a rerun skips it

`<id>` hashes the input's path, size and modification time. A partition that raises is
retried by Dask, then reported, and the job goes on; rerunning the job does only what is
missing. `Store.over_parquet(DIR)` queries the Parquet files in place.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from tidings.ingest import IngestFailure, Skipped, iter_inputs, sources
from tidings.kb import configured_layers, use_layers
from tidings.model import Analysis, RawArticle, TidingsError
from tidings.pipeline import Pipeline, default
from tidings.store import Store
from tidings.store.rows import ARTICLE_TABLES

BATCH = 16
Result = Analysis | TidingsError

# -- worker processes -----------------------------------------------------------------------

_PIPELINE: Pipeline | None = None


def _start_worker(layers: tuple[str, ...]) -> None:
    global _PIPELINE
    use_layers(list(layers))
    _PIPELINE = Pipeline()


def _analyse_batch(batch: list[RawArticle]) -> list[Result]:
    assert _PIPELINE is not None, "worker not started"
    return list(_PIPELINE.pipe(batch))


def _batches(items: Iterable[RawArticle], size: int) -> Iterator[list[RawArticle]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def analyse(raws: Iterable[RawArticle], workers: int | None = None, batch: int = BATCH,
            pipeline: Pipeline | None = None) -> Iterator[Result]:
    """Analyses in input order, from `workers` processes (None: one per core)."""
    workers = workers or os.cpu_count() or 1
    it = iter(raws)
    head = list(islice(it, 2 * workers * batch)) if workers > 1 else []
    if workers <= 1 or len(head) < 2 * workers * batch:
        yield from (pipeline or default()).pipe(chain(head, it))
        return
    context = multiprocessing.get_context("spawn")  # no forked DuckDB or spaCy state
    with context.Pool(workers, initializer=_start_worker,
                      initargs=(configured_layers(),)) as pool:
        pending: deque = deque()
        for chunk in _batches(chain(head, it), batch):
            pending.append(pool.apply_async(_analyse_batch, (chunk,)))
            if len(pending) >= 2 * workers:  # bounded: the input is read as work is done
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


# -- Dask -----------------------------------------------------------------------------------

@dataclass
class Partition:
    id: str
    origin: str
    path: str
    format: str | None


@dataclass
class DaskReport:
    """What a Dask job did, partition by partition."""

    done: list[str] = field(default_factory=list)  # partitions analysed in this run
    skipped: list[str] = field(default_factory=list)  # done by an earlier run
    failed: list[tuple[str, str]] = field(default_factory=list)  # (input, error)
    articles: int = 0


def partitions(inputs: Iterable[str]) -> tuple[list[Partition], list[IngestFailure]]:
    """One partition per input file; URLs and standard input have no place on a cluster."""
    parts, problems = [], []
    for source in sources(inputs):
        if isinstance(source, IngestFailure):
            problems.append(source)
            continue
        origin, path, fmt = source
        if path is None:
            problems.append(IngestFailure(origin, "not a file: a Dask job reads files"))
            continue
        stat = path.stat()
        key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
        parts.append(Partition(hashlib.sha1(key.encode()).hexdigest()[:16], origin,
                               str(path), fmt))
    return parts, problems


def analyse_partition(part: Partition, out: str, layers: tuple[str, ...] = (),
                      published: str | None = None) -> dict[str, Any]:
    """Run on a Dask worker: one input file analysed and written under `out`."""
    global _PIPELINE
    if _PIPELINE is None:
        _start_worker(layers)
    assert _PIPELINE is not None
    root = Path(out)
    failures: list[list[str]] = []
    skipped: dict[str, int] = {}
    raws = []
    for item in iter_inputs([part.path], published=published):
        if isinstance(item, Skipped):
            skipped[item.reason] = skipped.get(item.reason, 0) + 1
        elif isinstance(item, IngestFailure):
            failures.append([item.origin, item.error])
        else:
            raws.append(item)
    analyses = []
    for result in _PIPELINE.pipe(raws):
        if isinstance(result, TidingsError):
            origin, _, message = str(result).partition(": ")
            failures.append([origin, message])
        else:
            analyses.append(result)
    with Store(":memory:") as store:
        store.save_many(analyses)
        for table in ARTICLE_TABLES:
            target = root / table / f"part-{part.id}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            store.sql(f"COPY {table} TO '{_tmp(target)}' (FORMAT parquet)")
            _tmp(target).replace(target)
    target = root / "analyses" / f"part-{part.id}.jsonl.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(_tmp(target), "wt", encoding="utf-8") as fh:
        for a in analyses:
            fh.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
    _tmp(target).replace(target)
    report = {"partition": part.id, "input": part.origin, "articles": len(analyses),
              "failures": failures, "skipped": skipped}
    marker = root / "_done" / f"part-{part.id}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    _tmp(marker).write_text(json.dumps(report), encoding="utf-8")
    _tmp(marker).replace(marker)
    return report


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


def run_dask(inputs: Iterable[str], address: str, out: str | Path, workers: int = 2,
             published: str | None = None, retries: int = 2) -> DaskReport:
    """Analyse `inputs` on a Dask cluster (`address`, or "local" for a LocalCluster of
    `workers` processes) into the partitioned Parquet layout under `out`."""
    from dask.distributed import Client, LocalCluster, as_completed

    root = Path(out)
    report = DaskReport()
    parts, problems = partitions(inputs)
    report.failed += [(p.origin, p.error) for p in problems]
    todo = []
    for part in parts:
        if (root / "_done" / f"part-{part.id}.json").exists():
            report.skipped.append(part.id)
        else:
            todo.append(part)
    if not todo:
        return report
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None) if address == "local" else None
    with Client(cluster if cluster is not None else address) as client:
        futures = client.map(analyse_partition, todo, out=str(root),
                             layers=configured_layers(), published=published,
                             retries=retries, pure=False)
        origin = {f.key: p.origin for f, p in zip(futures, todo, strict=True)}
        for future in as_completed(futures):
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - a partition's failure is reported
                report.failed.append((origin[future.key], f"partition failed: {exc!r}"))
                continue
            report.done.append(result["partition"])
            report.articles += result["articles"]
            report.failed += [(o, m) for o, m in result["failures"]]
    if cluster is not None:
        cluster.close()
    return report


def load_analyses(out: str | Path) -> Iterator[Analysis]:
    """Every analysis of the finished partitions under `out`, to store and group."""
    root = Path(out)
    for marker in sorted((root / "_done").glob("part-*.json")):
        part = marker.stem.removeprefix("part-")
        with gzip.open(root / "analyses" / f"part-{part}.jsonl.gz", "rt",
                       encoding="utf-8") as fh:
            for line in fh:
                yield Analysis.from_dict(json.loads(line))

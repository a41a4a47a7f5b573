"""Worker processes and a real Dask LocalCluster run the same analysis as one process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tidings.ingest import iter_inputs
from tidings.model import RawArticle
from tidings.pipeline import default
from tidings.run import example_overrides, examples_dir, store_results
from tidings.scale import analyse, load_analyses, partitions, run_dask
from tidings.store import Store
from tidings.store.parquet import open_parquet

FILES = ["hanoi_summit_2019.txt", "singapore_summit_2018.txt", "crimea_annexation_2014.txt",
         "wire.jsonl"]


def _raws() -> list[RawArticle]:
    overrides = example_overrides(examples_dir())
    raws = [r for r in iter_inputs([str(examples_dir())]) if isinstance(r, RawArticle)]
    for raw in raws:
        raw.published = raw.published or overrides.get(Path(raw.origin).name, {}).get(
            "published")
    return raws


def _events(analyses: list) -> list[tuple[str, str, str]]:
    return [(a.article_id, e.id, e.cameo) for a in analyses for e in a.events]


def test_worker_processes_give_what_one_process_gives():
    raws = _raws()
    alone = list(default().pipe(raws))
    parallel = list(analyse(raws, workers=2, batch=2))  # 21 articles: enough for two workers
    assert [a.article_id for a in parallel] == [a.article_id for a in alone]
    assert _events(parallel) == _events(alone)
    # few articles: analysed here, no processes started
    assert _events(list(analyse(raws[:3], workers=2))) == _events(alone[:3])


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in FILES:
        shutil.copy(examples_dir() / name, folder / name)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


def test_dask_local_cluster_partitions_parquet_retry_and_rerun(inputs: Path, tmp_path: Path):
    out = tmp_path / "out"
    parts, problems = partitions([str(inputs)])
    assert len(parts) == len(FILES) + 1 and not problems
    # a partition whose output cannot be written fails, is retried, then reported
    wire = next(p for p in parts if p.origin.endswith("wire.jsonl"))
    blocker = out / "analyses" / f"part-{wire.id}.jsonl.gz"
    blocker.mkdir(parents=True)
    first = run_dask([str(inputs)], "local", out, workers=2, published="2019-02-28")
    assert len(first.done) == len(parts) - 1 and not first.skipped
    assert wire.id not in first.done
    failed = dict(first.failed)
    assert "partition failed" in failed[str(inputs / "wire.jsonl")]
    assert any("empty.txt" in origin for origin in failed)  # a bad input is reported
    for part in first.done:
        for table in ("articles", "events", "event_actors", "quotes", "places"):
            assert (out / table / f"part-{part}.parquet").is_file()
    # rerun: only the failed partition is analysed again
    blocker.rmdir()
    second = run_dask([str(inputs)], "local", out, workers=2, published="2019-02-28")
    assert second.done == [wire.id] and len(second.skipped) == len(parts) - 1
    # the Parquet output queried in place equals the store it loads into
    with Store(tmp_path / "s.duckdb") as store:
        report = store_results(load_analyses(out), store)
        stored = store.events()
        stories = store.stories()
    assert report.articles == second.articles + first.articles == 6
    with open_parquet(out) as parquet:
        in_place = parquet.events()
    assert sorted(e["id"] for e in in_place) == sorted(e["id"] for e in stored)
    assert stories  # story grouping ran after the parallel stage


def test_cli_dask_and_from_parquet(inputs: Path, tmp_path: Path):
    out, db = tmp_path / "pq", tmp_path / "c.duckdb"
    run = subprocess.run([sys.executable, "-m", "tidings.cli", "ingest", str(inputs), "--dask",
                          "local", "--workers", "2", "--parquet", str(out), "--db", str(db),
                          "--published", "2019-02-28"], capture_output=True, text=True,
                         timeout=600)
    assert "5 partitions analysed" in run.stderr and "empty.txt" in run.stderr
    assert run.returncode == 1  # the empty input is a failure
    events = subprocess.run([sys.executable, "-m", "tidings.cli", "events", "--from-parquet",
                             str(out), "--format", "json"], capture_output=True, text=True,
                            timeout=120)
    stored = subprocess.run([sys.executable, "-m", "tidings.cli", "events", "--db", str(db),
                             "--format", "json"], capture_output=True, text=True, timeout=120)
    assert json.loads(events.stdout) and len(json.loads(events.stdout)) == len(
        json.loads(stored.stdout))

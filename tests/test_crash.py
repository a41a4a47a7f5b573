"""Crashes: an ingest killed mid-write, a full disk, a read-only store — nothing half-written,
nothing lost, nothing duplicated, and a clear error instead of a traceback."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tidings.run import examples_dir
from tidings.store import Store

TABLES = ("articles", "events", "event_actors", "quotes", "mentions", "places", "times",
          "story_members", "event_mentions")
KILL_AFTER = (4.0, 6.5, 9.0, 11.5, 14.0)  # seconds into the run: model load, then writing


def ingest(inputs: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tidings.cli", "ingest", str(inputs),
                             "--db", str(db), "--workers", "1", "--published", "2020-01-01"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def counts(db: Path) -> dict[str, int]:
    with Store(db, read_only=True) as store:
        return {t: store.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


def consistent(db: Path) -> None:
    """No half-written article: every child row has its article, and every article that has
    events has all its event actors."""
    with Store(db, read_only=True) as store:
        for table in ("events", "event_actors", "quotes", "mentions", "places", "times"):
            orphans = store.sql(f"SELECT count(*) FROM {table} t WHERE NOT EXISTS "
                                "(SELECT 1 FROM articles a WHERE a.id = t.article_id)")
            assert orphans.fetchall()[0][0] == 0, table
        for table, key in (("articles", "id"), ("events", "id"), ("story_members",
                                                                  "article_id")):
            dup = store.sql(f"SELECT count(*) - count(DISTINCT {key}) FROM {table}")
            assert dup.fetchall()[0][0] == 0, table


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    db = tmp_path_factory.mktemp("ref") / "ref.duckdb"
    proc = ingest(examples_dir(), db)
    proc.communicate(timeout=600)
    return counts(db)


@pytest.mark.parametrize("after", KILL_AFTER)
def test_sigkill_mid_ingest_then_rerun_completes_without_duplicates(
        tmp_path: Path, reference: dict[str, int], after: float):
    db = tmp_path / "k.duckdb"
    proc = ingest(examples_dir(), db)
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    if db.exists():
        consistent(db)  # the store opens, and holds whole articles only
    rerun = ingest(examples_dir(), db)
    _, err = rerun.communicate(timeout=600)
    assert rerun.returncode in (0, 1) and "Traceback" not in err
    consistent(db)
    assert counts(db) == reference


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True)
    return done.returncode == 0


def _disk(tmp_path: Path, size: str):
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or shutil.which("mount") is None or not _mount_tmpfs(disk, size):
        pytest.skip("needs root and tmpfs mounts to simulate a full or read-only disk")
    yield disk
    subprocess.run(["umount", str(disk)], check=False)


@pytest.fixture
def tiny_disk(tmp_path: Path):
    yield from _disk(tmp_path, "512k")  # less than the example corpus needs


@pytest.fixture
def small_disk(tmp_path: Path):
    yield from _disk(tmp_path, "16m")


def test_full_disk_gives_a_clear_error_and_no_corruption(tiny_disk: Path,
                                                          reference: dict[str, int]):
    db = tiny_disk / "full.duckdb"
    proc = ingest(examples_dir(), db)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode != 0 and "Traceback" not in err
    assert "error:" in err and ("space" in err.lower() or "cannot" in err.lower()), err[-500:]
    subprocess.run(["mount", "-o", "remount,size=256m", str(tiny_disk)], check=True)
    if db.exists():
        consistent(db)
    rerun = ingest(examples_dir(), db)
    rerun.communicate(timeout=600)
    consistent(db)
    assert counts(db) == reference


def test_read_only_store_gives_a_clear_error_and_can_still_be_read(small_disk: Path):
    db = small_disk / "ro.duckdb"
    with Store(db) as store:
        assert store.stats()["counts"]["articles"] == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    proc = ingest(examples_dir(), db)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 2 and "Traceback" not in err
    assert f"error: cannot open store {db}" in err, err[-500:]
    shown = subprocess.run([sys.executable, "-m", "tidings.cli", "events", "--db", str(db)],
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0 and "Traceback" not in shown.stderr

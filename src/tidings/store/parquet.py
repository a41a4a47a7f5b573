"""A store over the Parquet files of a partitioned job (see `tidings.scale`), queried in place."""

from __future__ import annotations

from pathlib import Path

from tidings.model import TidingsError
from tidings.store.database import Store
from tidings.store.rows import ARTICLE_TABLES


def open_parquet(directory: str | Path) -> Store:
    """An in-memory store whose article tables are views over the finished partitions'
    `directory/<table>/part-*.parquet`; every query of `Store` works on it, nothing is
    copied."""
    root = Path(directory)
    if not (root / "articles").is_dir():
        raise TidingsError(f"{root}: no articles/ folder of Parquet files (a `tidings ingest "
                           "--dask ... --parquet DIR` output)")
    done = {m.stem for m in (root / "_done").glob("part-*.json")}  # finished partitions only
    store = Store(":memory:")
    for table in ARTICLE_TABLES:
        files = sorted(f for f in (root / table).glob("part-*.parquet") if f.stem in done)
        if files:
            store.sql(f"DROP TABLE {table}")
            listed = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
            store.sql(f"CREATE VIEW {table} AS SELECT * FROM read_parquet([{listed}])")
    return store

"""Where analyses live: an embedded DuckDB file, queried in the CLI's JSON shapes."""

from tidings.store.database import Store

__all__ = ["Store"]

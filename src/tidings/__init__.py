"""tidings: who did what to whom, when, where, and what they said."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Analysis", "Store", "TidingsError", "ingest", "process", "__version__"]

if TYPE_CHECKING:
    from tidings.model import Analysis, TidingsError
    from tidings.pipeline import process
    from tidings.run import ingest
    from tidings.store import Store

_LAZY = {
    "Analysis": "tidings.model",
    "TidingsError": "tidings.model",
    "process": "tidings.pipeline",
    "ingest": "tidings.run",
    "Store": "tidings.store",
}


def __getattr__(name: str) -> Any:
    """Import on first use: `import tidings` stays cheap, spaCy loads when needed."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")

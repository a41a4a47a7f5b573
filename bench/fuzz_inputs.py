"""Coverage-guided fuzzing (atheris) of the text and HTML entry points.

Each input's bytes go through what `tidings ingest` does with a file: the readers (as text,
HTML, JSON Lines and sniffed), the cleaner, and, for what survives, the whole analysis
pipeline. Only `TidingsError` (a clear per-input error) may come out; anything else is a crash
that atheris reports with the input that caused it.

    python bench/fuzz_inputs.py -max_total_time=300 [corpus_dir]

Not a test: it runs for minutes. The seed corpus is the project's own examples.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from tidings.clean import clean
    from tidings.ingest import IngestFailure, Skipped, read_bytes
    from tidings.model import RawArticle, TidingsError
    from tidings.pipeline import default

PIPELINE = default()
FORMATS = ("text", "html", "jsonl", "json", None)


def one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    fmt = FORMATS[fdp.ConsumeIntInRange(0, len(FORMATS) - 1)]
    body = fdp.ConsumeBytes(fdp.remaining_bytes())
    for item in read_bytes(body, fmt, "<fuzz>", None):
        if isinstance(item, IngestFailure | Skipped):
            continue
        assert isinstance(item, RawArticle)
        clean(item.text, item.title)
        with contextlib.suppress(TidingsError):
            PIPELINE(item)


def main() -> None:
    seeds = Path(__file__).resolve().parents[1] / "examples"
    args = sys.argv + ([str(seeds)] if len(sys.argv) == 1 or all(
        a.startswith("-") for a in sys.argv[1:]) else [])
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

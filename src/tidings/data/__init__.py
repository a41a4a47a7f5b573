"""Data files shipped with tidings (lexicons, ontology tables, the knowledge base).

Data stays data: TSV files with a header row, "|" between values of one field.
Each file is read once per process.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of `data/<name>` as dicts; lines starting with '#' are comments."""
    ref = resources.files(__package__).joinpath(name)
    with ref.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "").strip() for k, v in row.items() if k} for row in reader)


def split(value: str) -> list[str]:
    """The values of a multi-valued field."""
    return [v.strip() for v in value.split("|") if v.strip()]

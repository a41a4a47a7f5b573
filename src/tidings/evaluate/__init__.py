"""`tidings eval`: read published gold standards, run the real pipeline, score it.

Each task lives in its own module with one entry point::

    def run(path: Path, fmt: str, limit: int | None = None
            ) -> tuple[int, dict[str, float], dict[str, Any]]

returning the number of scored items, a flat dict of metrics (0..1 unless the name says
otherwise, e.g. `mean_error_km`), and details (a confusion table, per-class scores). `TASKS` maps
(task, format) to that module and to where its data sits under a folder laid out like
the shared evaluation data, for `tidings eval all ROOT`.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from time import perf_counter  # not `import time`: tidings.evaluate.time shadows it
from typing import Any

from tidings.model import TidingsError

VERSION = "0.1.0"


@dataclass(frozen=True)
class Task:
    task: str
    format: str
    module: str  # tidings.evaluate.<module>
    default_path: str  # relative to an evaldata root, for `eval all`


TASKS: tuple[Task, ...] = (
    Task("events", "plover-gsr", "events", "plover-gsr/PLOVER_GSR_CAMEO.json"),
    Task("events", "petrarch-xml", "events", "petrarch2-gsr/PETR2_GSR_validation.xml"),
    Task("quad", "conflibert", "events", "conflibert/cameo_class/train.tsv"),
    Task("ner", "conll", "ner", "conll2003/dev.txt"),
    Task("quotes", "polnear", "quotes", "polnear/dev"),
    Task("geo", "lgl-xml", "geo", "geo/lgl.xml"),
    Task("geo", "gritta-flat", "geo", "geo/lgl_gold.txt"),
    Task("time", "timeml", "time", "tempeval3"),
    Task("extract", "scrapinghub", "extract", "article-extraction"),
    Task("stories", "ecbplus", "stories", "ecbplus"),
    # made from any folder of articles (the project's examples/); not under an evaldata root
    Task("copies", "syndication", "copies", ""),
)


@dataclass
class Report:
    task: str
    format: str
    n: int
    metrics: dict[str, float]
    runtime_s: float
    version: str = VERSION
    path: str = ""
    details: dict[str, Any] = field(default_factory=dict)  # e.g. a confusion table

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def find(task: str, fmt: str) -> Task:
    for t in TASKS:
        if (t.task, t.format) == (task, fmt):
            return t
    known = ", ".join(f"{t.task}/{t.format}" for t in TASKS)
    raise TidingsError(f"no evaluation {task!r} with format {fmt!r}; known: {known}")


def evaluate(task: str, fmt: str, path: str | Path, limit: int | None = None) -> Report:
    """Score the pipeline on one gold standard."""
    spec = find(task, fmt)
    path = Path(path)
    if not path.exists():
        raise TidingsError(f"{path}: no such file or directory")
    module = importlib.import_module(f"tidings.evaluate.{spec.module}")
    runner: Callable[..., tuple[int, dict[str, float], dict[str, Any]]] = module.run
    start = perf_counter()
    n, metrics, details = runner(path, fmt, limit=limit)
    return Report(task, fmt, n, {k: round(v, 4) for k, v in metrics.items()},
                  round(perf_counter() - start, 2), path=str(path), details=details)


def evaluate_all(root: str | Path, limit: int | None = None) -> list[Report]:
    """Every task whose data is found under `root` (laid out like the shared evaldata)."""
    reports = []
    for spec in TASKS:
        path = Path(root) / spec.default_path
        if spec.default_path and path.exists():
            reports.append(evaluate(spec.task, spec.format, path, limit=limit))
    return reports


def write_json(reports: list[Report], out: str | Path) -> None:
    data = [r.to_json() for r in reports]
    Path(out).write_text(json.dumps(data[0] if len(data) == 1 else data, indent=2) + "\n",
                         encoding="utf-8")

"""Ingest runs: inputs → pipeline → store, with a per-input error report.

Every article is committed on its own, so what succeeded stays stored when a
later input fails, and re-running the same inputs replaces rows instead of adding.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tidings.ingest import IngestFailure, Skipped, iter_inputs
from tidings.model import Analysis, RawArticle, TidingsError
from tidings.pipeline import Pipeline, default
from tidings.scale import analyse
from tidings.store import Store
from tidings.stories import WINDOW_DAYS, StoryIndex


@dataclass
class Report:
    """What an ingest run did."""

    articles: int = 0
    events: int = 0
    quotes: int = 0
    copies: int = 0  # articles found to copy an earlier one
    new_stories: int = 0
    article_ids: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)  # records that are no article
    failures: list[tuple[str, str]] = field(default_factory=list)  # (input, message)

    @property
    def ok(self) -> bool:
        return not self.failures


def _split_failures(items: Iterable[RawArticle | IngestFailure], report: Report,
                    on_error: Callable[[str, str], None] | None) -> Iterator[RawArticle]:
    for item in items:
        if isinstance(item, Skipped):
            report.skipped[item.reason] += 1
        elif isinstance(item, IngestFailure):
            report.failures.append((item.origin, item.error))
            if on_error:
                on_error(item.origin, item.error)
        else:
            yield item


def ingest(inputs: Iterable[str], db: str | Path = "tidings.duckdb",
           published: str | None = None, overrides: dict[str, dict[str, str]] | None = None,
           pipeline: Pipeline | None = None,
           on_article: Callable[[Analysis], None] | None = None,
           on_error: Callable[[str, str], None] | None = None,
           workers: int | None = 1) -> Report:
    """Analyse `inputs` (paths, directories, globs, URLs, "-") into the store at `db`,
    in `workers` processes (None: one per core).

    `overrides` maps a file name to fields (published, url, source) the file itself lacks.
    """
    report = Report()
    raws = _split_failures(iter_inputs(inputs, published=published), report, on_error)
    if overrides:
        raws = (_override(raw, overrides) for raw in raws)
    with Store(db) as store:
        return store_results(analyse(raws, workers, pipeline=pipeline), store, on_article,
                             on_error, report)


def ingest_articles(raws: Iterable[RawArticle], store: Store, pipeline: Pipeline | None = None,
                    on_article: Callable[[Analysis], None] | None = None,
                    on_error: Callable[[str, str], None] | None = None,
                    report: Report | None = None) -> Report:
    """Analyse articles (in this process) into an open store."""
    return store_results((pipeline or default()).pipe(raws), store, on_article, on_error,
                         report)


def store_results(results: Iterable[Analysis | TidingsError], store: Store,
                  on_article: Callable[[Analysis], None] | None = None,
                  on_error: Callable[[str, str], None] | None = None,
                  report: Report | None = None) -> Report:
    """Save analyses into an open store, each on its own, then place each in its copy
    group, story and canonical events (once: a re-ingested article keeps its place)."""
    report = report or Report()
    index = StoryIndex(loader=store.stories_between)
    index.restore(*store.open_window(WINDOW_DAYS))
    for result in results:
        if isinstance(result, TidingsError):
            origin, _, message = str(result).partition(": ")
            report.failures.append((origin, message))
            if on_error:
                on_error(origin, message)
            continue
        store.save(result)
        if not store.placed([result.article_id]):
            placed = index.add(result)
            report.copies += placed.copy_of is not None
            report.new_stories += placed.new_story
            store.save_stories(index.flush())
        report.articles += 1
        report.article_ids.append(result.article_id)
        report.events += len(result.events)
        report.quotes += len(result.quotes)
        if on_article:
            on_article(result)
    return report


def _override(raw: RawArticle, overrides: dict[str, dict[str, str]]) -> RawArticle:
    extra = overrides.get(Path(raw.origin).name, {})
    raw.published = raw.published or extra.get("published") or None
    raw.url = raw.url or extra.get("url") or None
    raw.source = raw.source or extra.get("source") or None
    return raw


def examples_dir() -> Path:
    """The bundled example corpus: beside the source tree, or in the working directory."""
    for candidate in (Path(__file__).resolve().parents[2] / "examples", Path.cwd() / "examples"):
        if (candidate / "published.tsv").exists():
            return candidate
    raise TidingsError("examples/: the example corpus was not found (run from the repository)")


def example_overrides(directory: Path) -> dict[str, dict[str, str]]:
    """Publication dates, URLs and publishers of the examples (`published.tsv`)."""
    with (directory / "published.tsv").open(encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}

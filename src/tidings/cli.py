"""The one front door: each command is a few lines over the Python API."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import click

from tidings.model import TidingsError

DB_OPTION = click.option("--db", default="tidings.duckdb", show_default=True,
                         type=click.Path(dir_okay=False), help="DuckDB file of the store.")
FILTERS = [
    click.option("--actor", help="Actor kb_id, or part of a name."),
    click.option("--country", help="ISO 3166 alpha-3 code of an actor or the location."),
    click.option("--plover", help="PLOVER event type, e.g. CONSULT."),
    click.option("--cameo", help="CAMEO code or prefix, e.g. 04 or 042."),
    click.option("--since", help="First date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    click.option("--until", help="Last date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    click.option("--article", help="Article id (or a unique prefix)."),
]
TABLE_COLUMNS = ("date", "source", "cameo", "plover", "target", "location", "trigger")
COUNT_COLUMNS = ("num_mentions", "num_sources", "num_articles", "confidence")


def _use_kb(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> None:
    if value:
        from tidings.kb import load, use_layers

        use_layers(list(value))
        try:
            load()
        except TidingsError as exc:
            raise click.BadParameter(str(exc), ctx, param) from None


KB_OPTION = click.option("--kb", multiple=True, expose_value=False, is_eager=True,
                         callback=_use_kb, metavar="PATH",
                         help="A YAML or CSV knowledge-base layer over the shipped one "
                              "(repeatable; see docs/kb.md).")


def filters(func):  # noqa: ANN001, ANN201 - click decorator
    for option in reversed(FILTERS):
        func = option(func)
    return func


@click.group()
@click.version_option(package_name="tidings")
def main() -> None:
    """tidings: who did what to whom, when, where, and what they said."""


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)


def _check_date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from tidings.dates import parse_iso

    if value is not None and parse_iso(value) is None:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)")
    return value


def _run_ingest(inputs: list[str], db: str, published: str | None,
                overrides: dict[str, dict[str, str]] | None = None,
                workers: int | None = 1) -> None:
    from tqdm import tqdm

    from tidings.run import ingest

    bar = tqdm(desc="ingest", unit=" articles", file=sys.stderr, disable=None, leave=False)
    try:
        report = ingest(inputs, db=db, published=published, overrides=overrides,
                        on_article=lambda a: bar.update(1),
                        on_error=lambda origin, msg: _fail(f"{origin}: {msg}"),
                        workers=workers)
    except TidingsError as exc:  # the store itself cannot be opened or written
        _fail(str(exc))
        sys.exit(2)
    finally:
        bar.close()
    click.echo(f"ingested {report.articles} articles ({report.events} events, "
               f"{report.quotes} quotes, {report.new_stories} new stories, {report.copies} "
               f"copies) into {db}; {len(report.failures)} inputs failed", err=True)
    if report.skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in report.skipped.most_common())
        click.echo(f"skipped {sum(report.skipped.values())} records that are no article: "
                   f"{reasons}", err=True)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@DB_OPTION
@KB_OPTION
@click.option("--published", callback=_check_date,
              help="Publication date (YYYY-MM-DD) for inputs that lack one.")
@click.option("--workers", type=click.IntRange(min=1),
              help="Processes to analyse in (default: one per core; small inputs use one).")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Analyse on a Dask cluster (tcp://host:8786, or 'local' for a LocalCluster "
                   "of --workers processes), one partition per input file, into --parquet.")
@click.option("--parquet", type=click.Path(file_okay=False),
              help="With --dask: the folder of partitioned Parquet output (kept; a rerun skips "
                   "finished partitions).")
def ingest(inputs: tuple[str, ...], db: str, published: str | None, workers: int | None,
           dask_address: str | None, parquet: str | None) -> None:
    """Analyse text, HTML, JSON Lines and WARC files, directories, globs, URLs or - (stdin)
    into the store."""
    if dask_address:
        if not parquet:
            raise click.UsageError("--dask needs --parquet DIR for the partitioned output")
        _run_dask(list(inputs), db, published, dask_address, parquet, workers or 2)
    else:
        _run_ingest(list(inputs), db, published, workers=workers)


def _run_dask(inputs: list[str], db: str, published: str | None, address: str, parquet: str,
              workers: int) -> None:
    from tidings.run import store_results
    from tidings.scale import load_analyses, run_dask
    from tidings.store import Store

    job = run_dask(inputs, address, parquet, workers=workers, published=published)
    for origin, message in job.failed:
        _fail(f"{origin}: {message}")
    try:
        with Store(db) as store:
            report = store_results(load_analyses(parquet), store)
    except TidingsError as exc:
        _fail(str(exc))
        sys.exit(2)
    click.echo(f"dask: {len(job.done)} partitions analysed ({job.articles} articles), "
               f"{len(job.skipped)} already done, {len(job.failed)} failures; loaded "
               f"{report.articles} articles ({report.new_stories} new stories) into {db}",
               err=True)
    if job.failed:
        sys.exit(1)


@main.command(name="watch")
@click.argument("feeds_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--every", default="15m", show_default=True,
              help="Time from the start of one round to the next: 30s, 15m, 1h.")
@click.option("--once", is_flag=True, help="Run one round, then exit (1 if anything failed).")
@DB_OPTION
@KB_OPTION
def watch_cmd(feeds_file: str, every: str, once: bool, db: str) -> None:
    """Poll the RSS/Atom feeds in FEEDS_FILE (one URL a line, # comments) and ingest every
    new article once; Ctrl-C stops between rounds."""
    from tidings.ingest.feeds import read_feed_list
    from tidings.watch import RoundReport, parse_duration, watch

    try:
        seconds = parse_duration(every)
    except TidingsError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from None
    failures = 0

    def on_round(r: RoundReport) -> None:
        nonlocal failures
        failures += len(r.failures)
        click.echo(f"round {r.round}: {r.feeds} feeds ({r.unchanged} unchanged), "
                   f"{r.new_pages} new pages, ingested {r.articles} articles ({r.events} "
                   f"events, {r.quotes} quotes, {r.new_stories} new stories) into {db}; "
                   f"{len(r.failures)} failed", err=True)

    try:
        watch(read_feed_list(feeds_file), db, seconds, rounds=1 if once else None,
              on_round=on_round, on_error=lambda url, msg: _fail(f"{url}: {msg}"))
    except TidingsError as exc:
        _fail(str(exc))
        sys.exit(2)
    except KeyboardInterrupt:
        click.echo("stopped during a round; what was ingested is stored", err=True)
        sys.exit(130)
    if once and failures:
        sys.exit(1)


def _open_store(db: str, read_only: bool = True) -> Any:
    from tidings.store import Store

    if read_only and not Path(db).exists():
        _fail(f"{db}: no such store; run `tidings ingest` first")
        sys.exit(2)
    try:
        return Store(db, read_only=read_only)
    except TidingsError as exc:
        _fail(str(exc))
        sys.exit(2)


def _names(actors: list[dict[str, Any]]) -> str:
    return "; ".join(f"{a['name']}" + (f" ({a['country']})" if a.get("country") else "")
                     for a in actors)


def _table_row(e: dict[str, Any]) -> list[str]:
    flags = []
    if e["negated"]:
        flags.append("not")
    if e["modality"] != "asserted":
        flags.append(e["modality"])
    return [
        f"{e['date'] or '?'}{'' if e['date_precision'] == 'day' else ' ~' + e['date_precision']}",
        _names(e["source"]),
        e["cameo"] + (f" [{', '.join(flags)}]" if flags else ""),
        e["plover"] or "",
        _names(e["target"]),
        (e["location"] or {}).get("name") or "",
        e["trigger"]["text"],
    ]


def _print_table(rows: list[list[str]], headers: tuple[str, ...]) -> None:
    widths = [min(40, max([len(h), *(len(r[i]) for r in rows)])) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w)
                         for c, w in zip(cells, widths, strict=True)).rstrip()

    click.echo(line(list(headers)))
    click.echo(line(["-" * w for w in widths]))
    for row in rows:
        click.echo(line(row))


def _print_events(events: list[dict[str, Any]], fmt: str, canonical: bool = False) -> None:
    counts = COUNT_COLUMNS if canonical else ()
    if fmt == "json":
        click.echo(json.dumps(events, indent=2, ensure_ascii=False, default=str))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "article_id", *TABLE_COLUMNS, "modality", "negated", "rule",
                         *counts])
        for e in events:
            row = _table_row(e)
            writer.writerow([e["id"], e["article_id"], *row, e["modality"], e["negated"],
                             e["rule"], *(e[c] for c in counts)])
    else:
        _print_table([_table_row(e)[:-1] + [str(e[c]) for c in counts] if canonical
                      else _table_row(e) for e in events],
                     TABLE_COLUMNS[:-1] + tuple(c.removeprefix("num_") for c in counts)
                     if canonical else TABLE_COLUMNS)


@main.command()
@DB_OPTION
@filters
@click.option("--limit", type=int, help="At most this many events.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("--canonical", is_flag=True,
              help="One row per real-world event, with its mention, source and article counts.")
@click.option("--from-parquet", "parquet", type=click.Path(file_okay=False, exists=True),
              help="Query the Parquet output of a --dask ingest in place instead of --db.")
def events(db: str, fmt: str, canonical: bool, parquet: str | None, **kw: Any) -> None:
    """List stored events."""
    if parquet:
        from tidings.store.parquet import open_parquet

        opened = open_parquet(parquet)
    else:
        opened = _open_store(db)
    with opened as store:
        try:
            found = store.canonical_events(**kw) if canonical else store.events(**kw)
        except TidingsError as exc:
            _fail(str(exc))
            sys.exit(2)
    _print_events(found, fmt, canonical)


@main.command()
@DB_OPTION
@click.option("--since", help="Stories still running on or after this date.")
@click.option("--until", help="Stories begun on or before this date.")
@click.option("--limit", type=int, help="At most this many stories.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def stories(db: str, since: str | None, until: str | None, limit: int | None,
            fmt: str) -> None:
    """Stories: the articles reporting one real-world happening, copies counted."""
    with _open_store(db) as store:
        try:
            found = store.stories(since=since, until=until, limit=limit)
        except TidingsError as exc:
            _fail(str(exc))
            sys.exit(2)
    if fmt == "json":
        click.echo(json.dumps(found, indent=2, ensure_ascii=False, default=str))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["story_id", "first_date", "last_date", "article_id", "url", "title",
                         "source", "copy_of", "similarity"])
        for st in found:
            for m in st["members"]:
                writer.writerow([st["id"], st["first_date"], st["last_date"], m["article_id"],
                                 m["url"], m["title"], m["source"], m["copy_of"],
                                 m["similarity"]])
    else:
        _print_table([[st["id"].removeprefix("story:"), str(st["first_date"]),
                       str(st["last_date"]), str(st["articles"]), str(st["copies"]),
                       str(st["sources"]), st["title"] or ""] for st in found],
                     ("story", "first", "last", "articles", "copies", "sources", "title"))


@main.command()
@click.argument("article")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def show(article: str, db: str, fmt: str) -> None:
    """One article: its text, dropped lines, actors, events, places, quotes and attribution."""
    with _open_store(db) as store:
        try:
            record = store.article(article)
        except TidingsError as exc:
            _fail(str(exc))
            sys.exit(2)
    if record is None:
        _fail(f"no article {article!r} in {db}")
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(record, indent=2, ensure_ascii=False, default=str))
        return
    _print_article(record)


def _print_article(r: dict[str, Any]) -> None:
    click.echo(f"{r['title'] or '(untitled)'}\n  id {r['id']}  published {r['published']}")
    click.echo(f"  publisher {r['publisher'] or '-'}  agency {r['agency'] or '-'}  "
               f"cites {', '.join(r['cited_sources']) or '-'}")
    if r.get("tone"):
        t = r["tone"]
        click.echo(f"  tone {t['tone']:+.2f} (positive {t['positive']:.2f}, negative "
                   f"{t['negative']:.2f}, {t['word_count']} words)")
    click.echo("\nDropped lines:")
    for d in r["dropped"]:
        click.echo(f"  line {d['line_no']:>3}  {d['reason']:<26} {d['text'][:60]}")
    click.echo("\nQuotes:")
    for q in r["quotes"]:
        speaker = (q["speaker"] or {}).get("name") or q["speaker_text"] or "?"
        kind = "direct" if q["direct"] else "indirect"
        click.echo(f"  {speaker} ({kind}, {q['cue'] or '-'}): {q['text'][:90]}")
    click.echo("\nPlaces:")
    for p in r["places"]:
        click.echo(f"  {p['text']} -> {p['name']} ({p['country']}, {p['lat']}, {p['lon']})")
    click.echo("\nEvents:")
    _print_table([_table_row(e) for e in r["events"]], TABLE_COLUMNS)


@main.command(name="export")
@DB_OPTION
@filters
@click.option("--format", "fmt", required=True,
              type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "plover"]))
@click.option("-o", "--output", default="-", show_default=True,
              help="Output file (- for standard output; Parquet needs a file).")
def export_cmd(db: str, fmt: str, output: str, **kw: Any) -> None:
    """Export events: JSON Lines, CSV, Parquet, GDELT 2.0 events TSV, PLOVER JSON."""
    from tidings.store.export import export

    if fmt == "parquet" and output == "-":
        _fail("Parquet needs a file: use -o events.parquet")
        sys.exit(2)
    kw = {k: v for k, v in kw.items() if v is not None}
    with _open_store(db) as store:
        try:
            n = export(store, fmt, sys.stdout if output == "-" else output, **kw)
        except (TidingsError, OSError) as exc:
            _fail(f"{output}: {exc}" if isinstance(exc, OSError) else str(exc))
            sys.exit(2)
    click.echo(f"exported {n} events as {fmt}", err=True)


@main.command(name="eval")
@click.argument("task")
@click.argument("path", type=click.Path(exists=True))
@click.option("--format", "fmt", help="Gold format (see the README); not needed for `all`.")
@click.option("--json", "json_out", type=click.Path(dir_okay=False),
              help="Also write the report(s) as JSON.")
@click.option("--limit", type=int, help="Score only the first N items (documents, records).")
@KB_OPTION
def eval_cmd(task: str, path: str, fmt: str | None, json_out: str | None,
             limit: int | None) -> None:
    """Score tidings on a gold standard: TASK --format FORMAT PATH, or `all` ROOT."""
    from tidings.evaluate import evaluate, evaluate_all, write_json

    try:
        if task == "all":
            reports = evaluate_all(path, limit=limit)
        elif fmt is None:
            raise TidingsError(f"tidings eval {task}: --format is required")
        else:
            reports = [evaluate(task, fmt, path, limit=limit)]
    except TidingsError as exc:
        _fail(str(exc))
        sys.exit(2)
    rows = [[r.task, r.format, str(r.n), name, f"{value:.4f}", f"{r.runtime_s:.1f}"]
            for r in reports for name, value in r.metrics.items()]
    _print_table(rows, ("task", "format", "n", "metric", "value", "runtime_s"))
    if json_out:
        write_json(reports, json_out)


@main.command()
@DB_OPTION
@KB_OPTION
@click.option("--examples", type=click.Path(file_okay=False, exists=True),
              help="Example corpus directory (default: the bundled examples/).")
def demo(db: str, examples: str | None) -> None:
    """Ingest the bundled example articles and print their events."""
    from tidings.run import example_overrides, examples_dir

    directory = Path(examples) if examples else examples_dir()
    _run_ingest([str(directory)], db, None, example_overrides(directory))
    with _open_store(db) as store:
        _print_events(store.events(), "table")


@main.command(name="serve")
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but 127.0.0.1 exposes the server.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", envvar="TIDINGS_TOKEN",
              help="Enables POST /api/ingest for requests bearing it; without: read-only.")
@KB_OPTION
def serve_cmd(db: str, host: str, port: int, token: str | None) -> None:
    """Serve the store: the JSON API under /api (OpenAPI at /docs) and the web UI at /."""
    from tidings.serve import serve

    try:
        serve(db, host=host, port=port, token=token)
    except TidingsError as exc:
        _fail(str(exc))
        sys.exit(2)


@main.group()
def kb() -> None:
    """The knowledge base: who an actor is on a date, what it knows, and imports."""


def _load_kb() -> Any:
    from tidings.kb import load

    try:
        return load()
    except TidingsError as exc:
        _fail(str(exc))
        sys.exit(2)


FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                             default="text", show_default=True)


@kb.command(name="resolve")
@click.argument("text")
@click.option("--date", "day", callback=_check_date,
              help="The date the mention is made (YYYY-MM-DD); default: today's holders.")
@FORMAT_OPTION
@KB_OPTION
def kb_resolve(text: str, day: str | None, fmt: str) -> None:
    """The actor TEXT refers to on --date, and why."""
    from tidings.pipeline import Pipeline

    mention = Pipeline(_load_kb()).resolve(text, day)
    out: dict[str, Any] = {"text": text, "date": day, "resolved": False}
    if mention is None:
        out["reason"] = "no actor: the text names no one the knowledge base or the tagger knows"
    elif mention.kb_id is None and mention.country is None:
        out["reason"] = (f"unknown {mention.label.lower()} {mention.text!r}: not in the "
                         "knowledge base")
    else:
        out.update(resolved=True, name=mention.name, kb_id=mention.kb_id,
                   country=mention.country, sector=mention.sector, role=mention.role,
                   how=mention.how, span=mention.text)
    if fmt == "json":
        click.echo(json.dumps(out, ensure_ascii=False))
    elif out["resolved"]:
        for key in ("name", "kb_id", "country", "sector", "role", "how"):
            click.echo(f"{key:8} {out[key] or '-'}")
    else:
        click.echo(f"unresolved: {out['reason']}")
    if not out["resolved"]:
        sys.exit(1)


@kb.command(name="lookup")
@click.argument("name")
@FORMAT_OPTION
@KB_OPTION
def kb_lookup(name: str, fmt: str) -> None:
    """Everything the knowledge base calls NAME: people with their terms, countries, groups."""
    from tidings.kb import describe

    kbase = _load_kb()
    found = describe(kbase, name)
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=1))
    for entry in found if fmt == "text" else []:
        click.echo(f"{entry['kind']:7} {entry['id']:32} {entry['name']} "
                   f"[{entry.get('country') or '-'}] ({entry['how']})")
        for t in entry.get("terms", []):
            click.echo(f"{'':8}{t['office']} of {t['country']}: {t['start'] or '?'} – "
                       f"{t['end'] or 'now'}" + (f" ({t['note']})" if t["note"] else ""))
    if not found:
        _fail(f"{name!r}: not in the knowledge base")
        sys.exit(1)


@kb.command(name="stats")
@FORMAT_OPTION
@KB_OPTION
def kb_stats(fmt: str) -> None:
    """Counts by type and by country, and date coverage of leaders since 2000."""
    from datetime import date

    from tidings.kb import stats

    numbers = stats(_load_kb(), date.today().isoformat())
    if fmt == "json":
        click.echo(json.dumps(numbers, indent=1))
        return
    for key, value in numbers.items():
        if key == "people_by_country":
            top = list(value.items())[:12]
            value = ", ".join(f"{k} {v}" for k, v in top) + ", …"
        elif key == "leader_gaps":
            value = f"{len(value)} UN members with gaps: " + ", ".join(list(value)[:15]) + (
                ", …" if len(value) > 15 else "")
        elif isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items())
        click.echo(f"{key:28} {value}")


@kb.command(name="import-wikidata")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["dump", "sparql"]),
              help="A JSON dump (.json, .json.gz, .json.bz2) or SPARQL JSON results; "
                   "guessed when omitted.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The CSV layer to write (use it with --kb).")
@KB_OPTION
def kb_import_wikidata(path: str, fmt: str | None, output: str) -> None:
    """Write a CSV knowledge-base layer of the office holders in a Wikidata file."""
    from tidings.kb.wikidata import import_file

    try:
        with open(output, "w", encoding="utf-8", newline="") as out:
            report = import_file(path, _load_kb(), out, fmt)
    except TidingsError as exc:
        _fail(str(exc))
        sys.exit(2)
    skipped = ", ".join(f"{n} {why}" for why, n in report.skipped.most_common())
    click.echo(f"wrote {report.people} people and {report.terms} terms to {output}"
               + (f"; skipped {skipped}" if skipped else ""), err=True)


if __name__ == "__main__":
    main()

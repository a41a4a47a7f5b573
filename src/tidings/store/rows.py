"""Analysis → table rows: each dataclass becomes the row of its table, field for field."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from tidings.model import ActorRef, Analysis, Event, Quote, TidingsError

Row = dict[str, Any]

# Insertion order inside a save; `actors` is upserted separately, never deleted.
ARTICLE_TABLES = (
    "articles",
    "dropped_lines",
    "mentions",
    "events",
    "event_actors",
    "quotes",
    "places",
    "times",
)


def parse_day(value: str | None, what: str) -> date | None:
    """An ISO date for a DATE column (a timestamp keeps its day); bad input names its field."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError as exc:
        raise TidingsError(f"{what}: not an ISO date: {value!r}") from exc


def article_rows(analysis: Analysis, ingested_at: datetime, version: str) -> dict[str, list[Row]]:
    """The rows of every article table for one analysis, keyed by table name."""
    aid = analysis.article_id
    tone = asdict(analysis.tone) if analysis.tone else {}
    article = {
        "id": aid,
        "title": analysis.title,
        "url": analysis.url,
        "published": parse_day(analysis.published, f"article {aid} published"),
        "publisher": analysis.publisher,
        "agency": analysis.agency,
        "cited_sources": list(analysis.cited_sources),
        "origin": analysis.origin,
        "text": analysis.text,
        "language": analysis.language,
        **tone,
        "warnings": list(analysis.warnings),
        "ingested_at": ingested_at,
        "pipeline_version": version,
    }
    times = [
        {
            "article_id": aid,
            "idx": i,
            **asdict(t),
            "date": parse_day(t.date, f"article {aid} time {t.text!r}"),
        }
        for i, t in enumerate(analysis.times)
    ]
    return {
        "articles": [article],
        "dropped_lines": [{"article_id": aid, **asdict(d)} for d in analysis.dropped],
        "mentions": _indexed(aid, analysis.mentions),
        "events": [_event_row(aid, e) for e in analysis.events],
        "event_actors": [
            _actor_row(aid, e.id, side, i, ref)
            for e in analysis.events
            for side, refs in (("source", e.source), ("target", e.target))
            for i, ref in enumerate(refs)
        ],
        "quotes": [_quote_row(aid, i, q) for i, q in enumerate(analysis.quotes)],
        "places": _indexed(aid, analysis.places),
        "times": times,
    }


def actor_rows(analyses: list[Analysis]) -> list[Row]:
    """The distinct resolved actors of some analyses; the last sighting of a kb_id wins."""
    seen: dict[str, Row] = {}
    for analysis in analyses:
        refs = [m.to_ref() for m in analysis.mentions]
        refs += [r for e in analysis.events for r in (*e.source, *e.target)]
        refs += [q.speaker for q in analysis.quotes if q.speaker]
        for ref in refs:
            if ref.kb_id:
                seen[ref.kb_id] = {
                    "kb_id": ref.kb_id,
                    "name": ref.name,
                    "country": ref.country,
                    "sector": ref.sector,
                }
    return list(seen.values())


def _indexed(aid: str, records: list[Any]) -> list[Row]:
    """Rows of a table whose columns are exactly the dataclass fields plus article_id, idx."""
    return [{"article_id": aid, "idx": i, **asdict(r)} for i, r in enumerate(records)]


def _event_row(aid: str, e: Event) -> Row:
    loc = e.location
    return {
        "id": e.id,
        "article_id": aid,
        "sentence": e.sentence,
        "text": e.text,
        "trigger_text": e.trigger.text,
        "trigger_start": e.trigger.start,
        "trigger_end": e.trigger.end,
        "cameo": e.cameo,
        "cameo_root": e.cameo_root,
        "quad_class": e.quad_class,
        "goldstein": e.goldstein,
        "plover": e.plover,
        "plover_mode": e.plover_mode,
        "negated": e.negated,
        "modality": e.modality,
        "date": parse_day(e.date, f"event {e.id} date"),
        "date_precision": e.date_precision,
        "date_source": e.date_source,
        **({f"loc_{k}": v for k, v in asdict(loc).items()} if loc else {}),
        "rule": e.rule,
    }


def _actor_row(aid: str, event_id: str, side: str, idx: int, ref: ActorRef) -> Row:
    fields = asdict(ref)
    office = fields.pop("role")
    return {
        "event_id": event_id,
        "article_id": aid,
        "role": side,
        "idx": idx,
        **fields,
        "office": office,
    }


def _quote_row(aid: str, idx: int, q: Quote) -> Row:
    speaker = q.speaker
    return {
        "article_id": aid,
        "idx": idx,
        "text": q.text,
        "start": q.start,
        "end": q.end,
        "direct": q.direct,
        "cue": q.cue,
        "speaker_name": speaker and speaker.name,
        "speaker_kb_id": speaker and speaker.kb_id,
        "speaker_country": speaker and speaker.country,
        "speaker_sector": speaker and speaker.sector,
        "speaker_mention": speaker and speaker.text,
        "speaker_start": speaker and speaker.start,
        "speaker_end": speaker and speaker.end,
        "speaker_office": speaker and speaker.role,
        "speaker_text": q.speaker_text,
        "sentence": q.sentence,
        "rule": q.rule,
    }

"""`tidings serve`: the store over HTTP — a JSON API and the analysts' web UI.

One process owns the DuckDB file (DuckDB allows one writer): requests read through their own
cursor, and `POST /api/ingest` writes through another, so a query never waits for or fails
because of an ingest; it sees what ingest has committed. Without a token the server is
read-only. Article text is data, never markup: the UI renders it escaped.
"""

import csv
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, cast

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from tidings.dates import parse_iso
from tidings.model import RawArticle, TidingsError
from tidings.store import Store

MAX_BODY = 10 * 1024 * 1024  # bytes an ingest request may carry
MAX_PAGE = 10_000
FORMATS = {"text/plain": "text", "text/html": "html", "application/x-ndjson": "jsonl",
           "application/jsonl": "jsonl", "application/json": "json"}


# Map points: events grouped by place, to 0.01 degree.
_MAP_SQL = """
SELECT round(loc_lat, 2) AS lat, round(loc_lon, 2) AS lon,
    mode(loc_name) AS name, mode(loc_country) AS country, count(*) AS events,
    list(id ORDER BY date, id)[1:20] AS event_ids
FROM ev WHERE loc_lat IS NOT NULL AND loc_lon IS NOT NULL
GROUP BY 1, 2 ORDER BY events DESC, lat, lon
"""


# A date or the start of a period: YYYY, YYYY-MM or YYYY-MM-DD, year 0001 to 9999.
_YEAR = r"(\d{3}[1-9]|\d{2}[1-9]0|\d[1-9]00|[1-9]000)"
DAY_PATTERN = rf"^{_YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
DATE_PATTERN = rf"^{_YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


class ErrorBody(BaseModel):
    """Every 4xx answer: what was wrong with the request."""

    error: str


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: {"model": ErrorBody} for status in statuses}


class ApiError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class Served:
    """What every request shares: the store, the token, one ingest at a time."""

    def __init__(self, db: Path, token: str | None):
        self.store = Store(db)
        self.token = token
        self.ingest_lock = threading.Lock()
        self.local = threading.local()

    def reader(self) -> Store:
        """This thread's cursor on the store."""
        cursor = getattr(self.local, "store", None)
        if cursor is None:
            cursor = self.local.store = self.store.cursor()
        return cursor


class _ThreadStore:
    """The store as seen from whichever thread calls it: that thread's own cursor."""

    def __init__(self, served: Served):
        self._served = served

    def __getattr__(self, name: str) -> Any:
        return getattr(self._served.reader(), name)


def create_app(db: str | Path, token: str | None = None) -> FastAPI:
    """The ASGI app over the store at `db`; `token` enables `POST /api/ingest`."""
    served = Served(Path(db), token)
    app = FastAPI(title="tidings", version=_version(), responses=_errors(400, 404, 422),
                  description="Who did what to whom, when, where, and what they said: "
                              "events, actors, stories and quotes, each tied to its sentence.")

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=exc.status)

    @app.exception_handler(TidingsError)
    async def bad_request(request: Request, exc: TidingsError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors())
        return JSONResponse({"error": problems}, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))  # Allow on a 405

    def store() -> Store:
        # FastAPI may run a sync dependency and its endpoint in different worker threads:
        # resolve the thread's cursor when the endpoint uses it, not here.
        return cast(Store, _ThreadStore(served))

    StoreDep = Annotated[Store, Depends(store)]
    Limit = Annotated[int, Query(ge=0, le=MAX_PAGE)]
    Offset = Annotated[int, Query(ge=0, le=2**31)]
    Day = Annotated[str | None, Query(pattern=DAY_PATTERN)]

    @app.get("/api/stats")
    def stats(s: StoreDep) -> dict[str, Any]:
        return s.stats()

    @app.get("/api/articles")
    def articles(s: StoreDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        return {"articles": s.articles(limit=limit, offset=offset)}

    @app.get("/api/articles/{article_id}")
    def article(article_id: str, s: StoreDep) -> dict[str, Any]:
        found = s.article(article_id)
        if found is None:
            raise ApiError(404, f"no article {article_id!r}")
        return found

    @app.get("/api/events", response_model=None, responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}}})
    def events(s: StoreDep, actor: str | None = None, country: str | None = None,
               plover: str | None = None, cameo: str | None = None, since: Day = None,
               until: Day = None, article: str | None = None,
               quad: Annotated[int | None, Query(ge=0, le=4)] = None, text: str | None = None,
               sort: str | None = None, limit: Limit = 100, offset: Offset = 0,
               format: Annotated[str, Query(pattern="^(json|csv)$")] = "json",
               ) -> dict[str, Any] | Response:
        filters = {"actor": actor, "country": country, "plover": plover, "cameo": cameo,
                   "since": since, "until": until, "article": article, "quad": quad,
                   "text": text}
        found = s.events(**filters, sort=sort, limit=limit, offset=offset)
        if format == "csv":
            return PlainTextResponse(_csv(found), media_type="text/csv",
                                     headers={"Content-Disposition":
                                              'attachment; filename="events.csv"'})
        return {"total": s.count_events(**filters), "limit": limit, "offset": offset,
                "events": found}

    @app.get("/api/events/{event_id}")
    def event(event_id: str, s: StoreDep) -> dict[str, Any]:
        found = s.events(id=event_id)
        if not found:
            raise ApiError(404, f"no event {event_id!r}")
        return found[0]

    @app.get("/api/timeline")
    def timeline(s: StoreDep, actor: str | None = None, country: str | None = None,
                 plover: str | None = None, cameo: str | None = None, since: Day = None,
                 until: Day = None, quad: Annotated[int | None, Query(ge=0, le=4)] = None,
                 text: str | None = None,
                 by: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "month",
                 ) -> dict[str, Any]:
        return {"by": by, "counts": s.timeline(by, actor=actor, country=country, plover=plover,
                                               cameo=cameo, since=since, until=until,
                                               quad=quad, text=text)}

    @app.get("/api/map")
    def event_map(s: StoreDep, actor: str | None = None, country: str | None = None,
                  plover: str | None = None, cameo: str | None = None, since: Day = None,
                  until: Day = None, quad: Annotated[int | None, Query(ge=0, le=4)] = None,
                  text: str | None = None, limit: Limit = 5000) -> dict[str, Any]:
        """Where the filtered events happened: one point per place (rounded to 0.01 degree)
        with its event count and the first event ids, most events first."""
        rel = s.event_rows(actor=actor, country=country, plover=plover, cameo=cameo,
                           since=since, until=until, quad=quad, text=text)
        rows = rel.query("ev", _MAP_SQL).fetchall()
        points = [{"lat": lat, "lon": lon, "name": name, "country": home, "events": n,
                   "event_ids": ids} for lat, lon, name, home, n, ids in rows[:limit]]
        located = sum(p["events"] for p in points)
        unplaced = rel.query("ev", "SELECT count(*) FROM ev WHERE loc_lat IS NULL "
                                   "OR loc_lon IS NULL").fetchall()[0][0]
        return {"points": points, "located": located, "unplaced": unplaced,
                "truncated": len(rows) > limit}

    @app.get("/api/actors")
    def actors(s: StoreDep, q: str | None = None, limit: Limit = 50,
               offset: Offset = 0) -> dict[str, Any]:
        return {"actors": s.actors(q=q, limit=limit, offset=offset)}

    @app.get("/api/actors/{actor_id}")
    def actor(actor_id: str, s: StoreDep) -> dict[str, Any]:
        found = s.actor(actor_id)
        if found is None:
            raise ApiError(404, f"no actor {actor_id!r} in any event")
        found["roles"] = _roles(actor_id)
        return found

    @app.get("/api/dyads")
    def dyads(s: StoreDep, a: Annotated[str, Query(min_length=1)],
              b: Annotated[str, Query(min_length=1)],
              by: Annotated[str, Query(pattern="^(day|week|month|year)$")] = "month",
              ) -> dict[str, Any]:
        return {"a": a, "b": b, "by": by, "series": s.dyad(a, b, by)}

    @app.get("/api/stories")
    def stories(s: StoreDep, since: Day = None, until: Day = None,
                limit: Limit = 50) -> dict[str, Any]:
        return {"stories": s.stories(since=since, until=until, limit=limit)}

    @app.get("/api/quotes")
    def quotes(s: StoreDep, speaker: str | None = None, limit: Limit = 50,
               offset: Offset = 0) -> dict[str, Any]:
        return {"quotes": s.quotes(speaker=speaker, limit=limit, offset=offset)}

    @app.get("/api/search")
    def search(s: StoreDep, q: Annotated[str, Query(min_length=1, max_length=200)],
               limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        return {"q": q, "articles": s.search(q, limit=limit, offset=offset)}

    @app.post("/api/ingest", responses=_errors(401, 403, 413, 415), openapi_extra={
        "requestBody": {"required": True, "content": {
            "text/plain": {"schema": {"type": "string"}},
            "text/html": {"schema": {"type": "string"}},
            "application/x-ndjson": {"schema": {"type": "string"}},
            "application/json": {"schema": {}}}}})
    async def ingest(request: Request,
                     authorization: Annotated[str | None, Header()] = None,
                     published: Annotated[str | None, Query(pattern=DATE_PATTERN)] = None,
                     ) -> dict[str, Any]:
        """Analyse and store the articles in the body (text, HTML, JSON Lines or JSON);
        `published` (YYYY-MM-DD) dates those that carry no date of their own."""
        if served.token is None:
            raise ApiError(403, "this server is read-only: start it with --token to ingest")
        if authorization != f"Bearer {served.token}":
            raise ApiError(401, "ingest needs the header 'Authorization: Bearer <token>'")
        if published is not None and parse_iso(published) is None:
            raise ApiError(400, f"published: not a date: {published!r} (use YYYY-MM-DD)")
        body = await _body(request)
        kind = FORMATS.get(request.headers.get("content-type", "text/plain").split(";")[0])
        if kind is None:
            raise ApiError(415, "send text/plain, text/html or application/x-ndjson")
        import anyio

        return await anyio.to_thread.run_sync(_ingest, served, body, kind, published)

    static = resources.files(__package__).joinpath("static")
    if static.is_dir():
        app.mount("/", StaticFiles(directory=str(static), html=True), name="ui")
    return app


async def _body(request: Request) -> bytes:
    size = int(request.headers.get("content-length") or 0)
    if size > MAX_BODY:
        raise ApiError(413, f"request body over {MAX_BODY // 2**20} MB")
    chunks, total = [], 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > MAX_BODY:
            raise ApiError(413, f"request body over {MAX_BODY // 2**20} MB")
        chunks.append(chunk)
    if not total:
        raise ApiError(400, "empty request body")
    return b"".join(chunks)


def _ingest(served: Served, body: bytes, kind: str, published: str | None) -> dict[str, Any]:
    """Analyse and store what was posted, one ingest at a time, through its own cursor."""
    from tidings.ingest import IngestFailure, read_bytes
    from tidings.run import ingest_articles

    items = list(read_bytes(body, kind, "<request>", published))
    raws = [i for i in items if isinstance(i, RawArticle)]
    failures = [(i.origin, i.error) for i in items if isinstance(i, IngestFailure)]
    with served.ingest_lock, _writer(served) as store:
        report = ingest_articles(raws, store)
    report.failures[:0] = failures
    return {"articles": report.articles, "events": report.events, "quotes": report.quotes,
            "new_stories": report.new_stories, "copies": report.copies,
            "failures": [{"input": o, "error": m} for o, m in report.failures],
            "article_ids": report.article_ids}


@contextmanager
def _writer(served: Served) -> Iterator[Store]:
    cursor = served.store.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


def _csv(events: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "article_id", "date", "source", "cameo", "plover", "target",
                     "location", "trigger", "goldstein", "quad_class", "text"])
    for e in events:
        writer.writerow([e["id"], e["article_id"], e["date"],
                         "; ".join(a["name"] for a in e["source"]), e["cameo"], e["plover"],
                         "; ".join(a["name"] for a in e["target"]),
                         (e["location"] or {}).get("name"), e["trigger"]["text"],
                         e["goldstein"], e["quad_class"], e["text"]])
    return out.getvalue()


def _roles(actor_id: str) -> list[dict[str, Any]]:
    """Offices a knowledge-base person held, over time."""
    from tidings.kb import load

    person = load().people.get(actor_id)
    if person is None:
        return []
    return [{"office": t.office, "country": t.country, "start": t.start, "end": t.end,
             "note": t.note} for t in sorted(person.terms, key=lambda t: t.start)]


def _version() -> str:
    from tidings.store.database import _pipeline_version

    return _pipeline_version()


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000,
          token: str | None = None) -> None:
    """Run the server until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db, token), host=host, port=port, log_level="info")


"""`tidings serve`: the API through a real server process on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from servers import TOKEN, example_server, running


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with example_server(tmp_path_factory.mktemp("serve")) as url:
        yield url


def get(url: str, path: str, **params: object) -> httpx.Response:
    return httpx.get(f"{url}{path}", params=params, timeout=30)


def test_stats_articles_and_article(server: str):
    stats = get(server, "/api/stats").json()
    assert stats["counts"]["articles"] >= 21 and stats["counts"]["events"] > 50
    articles = get(server, "/api/articles", limit=5).json()["articles"]
    assert len(articles) == 5
    one = get(server, f"/api/articles/{articles[0]['id']}").json()
    assert {"text", "dropped", "mentions", "events", "quotes", "places"} <= set(one)
    missing = get(server, "/api/articles/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["error"]


def test_events_filters_paging_sorting_and_csv(server: str):
    page = get(server, "/api/events", country="PRK", limit=5).json()
    assert page["total"] > 5 and len(page["events"]) == 5
    nxt = get(server, "/api/events", country="PRK", limit=5, offset=5).json()
    assert not {e["id"] for e in page["events"]} & {e["id"] for e in nxt["events"]}
    ranked = get(server, "/api/events", sort="-goldstein", limit=20).json()["events"]
    assert [e["goldstein"] for e in ranked] == sorted((e["goldstein"] for e in ranked),
                                                      reverse=True)
    conflict = get(server, "/api/events", quad=4, limit=50).json()["events"]
    assert conflict and all(e["quad_class"] == 4 for e in conflict)
    one = get(server, f"/api/events/{page['events'][0]['id']}").json()
    assert one["id"] == page["events"][0]["id"]
    rows = list(csv.reader(io.StringIO(get(server, "/api/events", country="PRK", limit=5,
                                           format="csv").text)))
    assert rows[0][:3] == ["id", "article_id", "date"] and len(rows) == 6
    bad = get(server, "/api/events", sort="nonsense")
    assert bad.status_code == 400 and "sort" in bad.json()["error"]
    assert get(server, "/api/events", quad=7).status_code == 422
    assert get(server, "/api/events", since="yesterday").status_code == 422


def test_actors_dyads_stories_quotes_search_timeline(server: str):
    actors = get(server, "/api/actors", q="Kim").json()["actors"]
    assert any(a["id"] == "person:kim-jong-un" for a in actors)
    kim = get(server, "/api/actors/person:kim-jong-un").json()
    met = {c["id"] for c in kim["counterparts"]}
    assert "person:donald-trump" in met
    assert any(r["office"] for r in kim["roles"])
    dyad = get(server, "/api/dyads", a="USA", b="PRK", by="year").json()["series"]
    assert dyad and all({"period", "direction", "quad_class", "events", "goldstein"} <= set(r)
                        for r in dyad)
    assert get(server, "/api/stories").json()["stories"]
    quotes = get(server, "/api/quotes", speaker="person:vladimir-putin").json()["quotes"]
    assert quotes and all(q["speaker_kb_id"] == "person:vladimir-putin" for q in quotes)
    found = get(server, "/api/search", q="Panmunjom").json()["articles"]
    assert found and "panmunjom" in found[0]["snippet"].lower()
    counts = get(server, "/api/timeline", by="year").json()["counts"]
    assert sum(c["events"] for c in counts) > 50
    assert get(server, "/api/actors/person:nobody").status_code == 404
    assert get(server, "/api/dyads", a="USA").status_code == 422


def test_ingest_needs_the_token_and_is_read_while_written(server: str):
    text = ("Ministers meet in Example City\n\nThe foreign ministers of Japan and South Korea "
            "met in Tokyo on Monday and agreed to resume regular security talks, officials "
            "said. Both sides called the meeting constructive.")
    assert httpx.post(f"{server}/api/ingest", content=text).status_code == 401
    wrong = httpx.post(f"{server}/api/ingest", content=text,
                       headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and "Bearer" in wrong.json()["error"]
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
    huge = httpx.post(f"{server}/api/ingest", content=b"x" * (11 * 2**20), headers=auth)
    assert huge.status_code == 413
    odd = httpx.post(f"{server}/api/ingest", content=b"x", headers={**auth, "Content-Type":
                                                                        "image/png"})
    assert odd.status_code == 415
    before = get(server, "/api/stats").json()["counts"]["articles"]
    with httpx.Client(timeout=120) as client:
        done = client.post(f"{server}/api/ingest", content=text, headers=auth,
                           params={"published": "2024-03-04"}).json()
    assert done["articles"] == 1 and not done["failures"]
    assert get(server, "/api/stats").json()["counts"]["articles"] == before + 1
    article = get(server, f"/api/articles/{done['article_ids'][0]}").json()
    assert article["published"] == "2024-03-04"
    # the same input again: stored once
    client_again = httpx.post(f"{server}/api/ingest", content=text, headers=auth,
                              params={"published": "2024-03-04"}, timeout=120).json()
    assert client_again["article_ids"] == done["article_ids"]
    assert get(server, "/api/stats").json()["counts"]["articles"] == before + 1
    lines = "\n".join([json.dumps({"id": "srv-1", "text": text}), "{broken"])
    mixed = httpx.post(f"{server}/api/ingest", content=lines, timeout=120,
                       headers={**auth, "Content-Type": "application/x-ndjson"}).json()
    assert mixed["articles"] == 1 and len(mixed["failures"]) == 1


def test_openapi_schema_is_served(server: str):
    schema = get(server, "/openapi.json").json()
    assert {"/api/events", "/api/dyads", "/api/actors/{actor_id}", "/api/ingest"} <= set(
        schema["paths"])


def test_read_only_without_token(tmp_path: Path):
    with running(tmp_path / "empty.duckdb") as url:
        refused = httpx.post(f"{url}/api/ingest", content="some text")
        assert refused.status_code == 403 and "read-only" in refused.json()["error"]
        assert get(url, "/api/events").json() == {"total": 0, "limit": 100, "offset": 0,
                                                  "events": []}


def test_bad_dates_are_4xx_naming_the_parameter(server: str):
    """Fuzz finding: year 0000 and month 13 matched the date pattern and failed later."""
    for params in ({"since": "0000"}, {"until": "2024-13"}, {"since": "2024-00-10"}):
        found = get(server, "/api/events", **params)
        assert found.status_code == 422, params
        assert next(iter(params)) in found.json()["error"]
    day = get(server, "/api/timeline", since="2024-02-30")
    assert day.status_code == 400 and "2024-02-30" in day.json()["error"]
    assert get(server, "/api/stories", until="0000").status_code == 422
    assert get(server, "/api/events", since="0001", until="9999-12-31").status_code == 200


def test_ingest_published_must_be_a_day(server: str):
    """A published date that is no day was dropped without a word; now it is refused."""
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
    for value, status in (("2024", 422), ("2024-13-01", 422), ("2024-02-30", 400)):
        refused = httpx.post(f"{server}/api/ingest", content="Some text", headers=auth,
                             params={"published": value}, timeout=30)
        assert refused.status_code == status, value
        assert "published" in refused.json()["error"]


def test_ingest_at_the_ends_of_the_calendar(server: str):
    """Fuzz finding: an article published 0001-01-01 or 9999-12-31 gave a 500 (the stories
    window ran off the calendar) after its rows were already saved."""
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/x-ndjson"}
    for n, day in enumerate(("9999-12-31", "0001-01-01")):
        record = {"id": f"edge-{n}", "published": day, "text": (
            "Ministers meet\n\nThe foreign ministers of Japan and South Korea met in Tokyo "
            "and agreed to resume regular security talks, officials said.")}
        done = httpx.post(f"{server}/api/ingest", content=json.dumps(record), headers=auth,
                          timeout=120)
        assert done.status_code == 200, done.text
        assert done.json()["articles"] == 1 and not done.json()["failures"]
        assert get(server, f"/api/articles/edge-{n}").json()["published"] == day
    assert get(server, "/api/stories").status_code == 200


def test_wrong_method_is_405_with_allow(server: str):
    """The JSON error handler dropped the Allow header a 405 must carry."""
    refused = httpx.delete(f"{server}/api/stats")
    assert refused.status_code == 405 and "GET" in refused.headers["allow"]
    assert refused.json()["error"]


def test_openapi_documents_errors_csv_and_the_ingest_body(server: str):
    paths = get(server, "/openapi.json").json()["paths"]
    events = paths["/api/events"]["get"]["responses"]
    assert {"200", "400", "422"} <= set(events) and "text/csv" in events["200"]["content"]
    ingest_op = paths["/api/ingest"]["post"]
    assert {"401", "403", "413", "415"} <= set(ingest_op["responses"])
    assert "application/x-ndjson" in ingest_op["requestBody"]["content"]

"""Security of `tidings serve`: SQL injection through every filter, path traversal, hostile
text stays text in the API, oversized and unauthenticated writes; and a concurrent load
while an ingest runs, with no 5xx and no failed query."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from servers import TOKEN, example_server

INJECTIONS = ["' OR 1=1 --", "'; DROP TABLE events; --", "\" OR \"\"=\"", "1) UNION SELECT "
              "id, text FROM articles --", "%' OR '%'='", "person:x'); DELETE FROM articles; --",
              "\\x00", "${jndi:ldap://x}", "🙂" * 50, "a" * 5000]
FILTERED = {
    "/api/events": ["actor", "country", "plover", "cameo", "article", "text", "sort"],
    "/api/timeline": ["actor", "country", "plover", "cameo", "text"],
    "/api/actors": ["q"],
    "/api/quotes": ["speaker"],
    "/api/search": ["q"],
    "/api/dyads": ["a", "b"],
}
XSS = '<script>window.pwned = 1</script><img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with example_server(tmp_path_factory.mktemp("sec")) as url:
        yield url


def _counts(url: str) -> dict[str, int]:
    return httpx.get(f"{url}/api/stats", timeout=30).json()["counts"]


def test_sql_injection_through_every_filter(server: str):
    before = _counts(server)
    for path, params in FILTERED.items():
        for param in params:
            for payload in INJECTIONS:
                extra = {"a": "USA", "b": "PRK"} if path == "/api/dyads" else {}
                r = httpx.get(f"{server}{path}", params={**extra, param: payload}, timeout=30)
                assert r.status_code < 500, (path, param, payload, r.text[:200])
                if r.status_code == 200 and path == "/api/events":
                    assert r.json()["total"] < before["events"], (param, payload)
    assert _counts(server) == before


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2f..%2fetc%2fpasswd",
    "/static/../../pyproject.toml", "/%2e%2e%2f%2e%2e%2fpyproject.toml", "/api/../../etc/passwd",
    "//etc/passwd", "/index.html/../../../../etc/passwd"])
def test_no_path_traversal(server: str, path: str):
    r = httpx.get(server + path, timeout=30)
    assert r.status_code in (400, 404) and "root:" not in r.text and "[project]" not in r.text


def test_hostile_text_is_stored_and_returned_as_text(server: str):
    text = f"Hostile page {XSS}\n\nThe ministers of France and Italy met in Rome on Monday. {XSS}"
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
    done = httpx.post(f"{server}/api/ingest", content=text, headers=auth, timeout=120).json()
    article = httpx.get(f"{server}/api/articles/{done['article_ids'][0]}", timeout=30)
    assert article.headers["content-type"].startswith("application/json")
    assert "<script>window.pwned = 1</script>" in article.json()["text"]
    csv = httpx.get(f"{server}/api/events", params={"article": done["article_ids"][0],
                                                    "format": "csv"}, timeout=30)
    assert csv.headers["content-type"].startswith("text/csv")
    assert "nosniff" in csv.headers.get("x-content-type-options", "nosniff")


def test_writes_need_the_token_and_bounded_bodies(server: str):
    assert httpx.post(f"{server}/api/ingest", content="text", timeout=30).status_code == 401
    bad = httpx.post(f"{server}/api/ingest", content="text", timeout=30,
                     headers={"Authorization": f"Bearer {TOKEN}x"})
    assert bad.status_code == 401
    huge = httpx.post(f"{server}/api/ingest", content=b"a" * (10 * 2**20 + 1), timeout=60,
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert huge.status_code == 413
    for method in ("PUT", "DELETE", "PATCH"):
        assert httpx.request(method, f"{server}/api/events", timeout=30).status_code in (
            404, 405)


def load(url: str, seconds: float, clients: int) -> dict[str, float]:
    """`clients` concurrent readers for `seconds`: requests/s, p50/p95 latency, failures."""
    paths = ["/api/events?limit=50", "/api/events?country=PRK&sort=-goldstein",
             "/api/dyads?a=USA&b=PRK&by=month", "/api/stats", "/api/timeline?by=year",
             "/api/actors?q=Kim", "/api/stories", "/api/search?q=summit"]
    latencies: list[float] = []
    failures: list[str] = []

    async def reader(i: int) -> None:
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            n = i
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                path = paths[n % len(paths)]
                n += 1
                start = time.perf_counter()
                try:
                    r = await client.get(path)
                    if r.status_code >= 400:
                        failures.append(f"{path}: {r.status_code} {r.text[:100]}")
                except httpx.HTTPError as exc:
                    failures.append(f"{path}: {exc!r}")
                latencies.append(time.perf_counter() - start)

    async def main() -> None:
        await asyncio.gather(*(reader(i) for i in range(clients)))

    start = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {"requests": len(latencies), "rps": len(latencies) / elapsed,
            "p50_ms": 1000 * latencies[len(latencies) // 2],
            "p95_ms": 1000 * latencies[int(len(latencies) * 0.95)],
            "failures": len(failures), "first_failures": failures[:3]}


def test_concurrent_load_while_ingesting(server: str, tmp_path: Path):
    articles = [f"Talks number {i}\n\nThe foreign ministers of Japan and South Korea met in "
                f"Seoul on day {i} of the talks and agreed to meet again, officials said. "
                f"Both sides called round {i} useful." for i in range(6)]
    ingested: list[int] = []

    def writer() -> None:
        auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
        for text in articles:
            r = httpx.post(f"{server}/api/ingest", content=text, headers=auth, timeout=300,
                           params={"published": "2024-05-01"})
            ingested.append(r.status_code)

    thread = threading.Thread(target=writer)
    thread.start()
    result = load(server, seconds=12, clients=8)
    thread.join(timeout=300)
    print(f"\nload while ingesting: {result}")
    assert result["failures"] == 0, result["first_failures"]
    assert ingested == [200] * len(articles)
    assert result["requests"] > 50

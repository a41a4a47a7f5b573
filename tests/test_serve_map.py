"""`/api/map` and concurrent reads, through a real server process on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from servers import running
from tidings.run import example_overrides, examples_dir, ingest

FILES = ("singapore_summit_2018.txt", "hanoi_summit_2019.txt", "geneva_summit_2021.txt",
         "iran_nuclear_deal_2015.txt")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("map") / "map.duckdb"
    directory = examples_dir()
    ingest([str(directory / f) for f in FILES], db=db, overrides=example_overrides(directory))
    with running(db) as url:
        yield url


def test_map_points_follow_the_filters(server: str):
    everything = httpx.get(f"{server}/api/map").json()
    events = httpx.get(f"{server}/api/events", params={"limit": 1000}).json()["events"]
    located = [e for e in events if e["location"] and e["location"]["lat"] is not None]
    assert everything["located"] == len(located) > 0
    assert everything["unplaced"] == len(events) - len(located)
    assert sum(p["events"] for p in everything["points"]) == len(located)
    ids = {i for p in everything["points"] for i in p["event_ids"]}
    assert ids <= {e["id"] for e in located}
    for p in everything["points"]:
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 and p["name"]
    singapore = httpx.get(f"{server}/api/map", params={"country": "SGP"}).json()
    assert 0 < singapore["located"] < everything["located"]
    assert {p["country"] for p in singapore["points"]} == {"SGP"}
    one = httpx.get(f"{server}/api/map", params={"limit": 1}).json()
    assert len(one["points"]) == 1 and one["truncated"] is (len(everything["points"]) > 1)
    assert httpx.get(f"{server}/api/map", params={"quad": 9}).status_code == 422


def test_parallel_reads_never_fail(server: str):
    paths = ["/api/stats", "/api/events?limit=5", "/api/timeline", "/api/map",
             "/api/actors", "/api/dyads?a=USA&b=PRK", "/api/articles"] * 12
    with httpx.Client(timeout=60) as client, ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda p: client.get(server + p).status_code, paths))
    assert statuses == [200] * len(paths)


def test_ui_is_served(server: str):
    page = httpx.get(f"{server}/")
    assert page.status_code == 200 and '<main id="view"' in page.text
    world = httpx.get(f"{server}/world.json").json()
    assert len(world["countries"]) > 150 and world["width"] == 360

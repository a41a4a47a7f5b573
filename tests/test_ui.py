"""The web UI in headless Chromium: Debian's `chromium` driven by Python Playwright.

A real `tidings serve` process on 127.0.0.1 over the example corpus plus one article carrying
an XSS payload. Screenshots go to `$TIDINGS_ARTIFACTS` (default: a pytest temporary folder).
Skips, with the reason, when Playwright or a Chromium binary is missing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from servers import running
from tidings.run import example_overrides, examples_dir, ingest

sync_api = pytest.importorskip("playwright.sync_api",
                               reason="Python Playwright is not installed (pip install playwright)")

XSS_ID = "xss-test"
XSS_TITLE = 'Summit <img src=x onerror="window.__xss=1"> talks'
XSS_TEXT = ("President Joe Biden met Russian President Vladimir Putin in Geneva on Wednesday. "
            "<script>window.__xss=2</script> Putin said the talks were constructive. "
            '<img src=x onerror="window.__xss=3;alert(3)"> Biden criticised Russia over cyber '
            "attacks.")

ROW_IDS = "rows => rows.map(r => r.dataset.id)"


def chromium_path() -> str | None:
    """Debian's chromium (or $TIDINGS_CHROMIUM); never a browser Playwright downloads."""
    for candidate in (os.environ.get("TIDINGS_CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("ui")
    db = folder / "ui.duckdb"
    directory = examples_dir()
    ingest([str(directory)], db=db, overrides=example_overrides(directory))
    payload = folder / "xss.jsonl"
    payload.write_text(json.dumps({"id": XSS_ID, "title": XSS_TITLE, "text": XSS_TEXT,
                                   "published": "2021-06-16",
                                   "source": "Example <b>Daily</b>"}) + "\n")
    ingest([str(payload)], db=db)
    with running(db) as url:
        yield url


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("TIDINGS_ARTIFACTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("ui-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium binary: apt-get install chromium (or set TIDINGS_CHROMIUM)")
    with sync_api.sync_playwright() as p:
        try:
            launched = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        except sync_api.Error as exc:
            pytest.skip(f"Chromium at {executable} does not start: {exc}")
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, artifacts: Path) -> Iterator[Any]:
    # bypass_csp: the page's Content-Security-Policy would also stop an injected script;
    # without it, the XSS test proves that the UI itself never turns data into markup.
    context = browser.new_context(viewport={"width": 1366, "height": 860}, bypass_csp=True)
    page = context.new_page()
    page.dialogs = []
    page.page_errors = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: page.page_errors.append(str(e)))
    yield page
    page.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not page.page_errors


def open_view(page: Any, server: str, hash_: str, view: str) -> None:
    page.goto(f"{server}/{hash_}")
    loaded(page, view)


def loaded(page: Any, view: str) -> None:
    page.wait_for_selector(f'#view[data-loaded="{view}"]', timeout=20_000)


def api(server: str, path: str, **params: Any) -> Any:
    return httpx.get(f"{server}/api/{path}", params=params, timeout=30).json()


def apply_filters(page: Any, view: str) -> None:
    page.evaluate("document.getElementById('view').dataset.loaded = ''")
    page.press("#f-text", "Enter")
    loaded(page, view)


def test_page_is_offline_and_has_a_csp(server: str):
    html = httpx.get(server + "/").text
    assert "Content-Security-Policy" in html and "script-src 'self'" in html
    assert "http://" not in html and "https://" not in html
    for asset in ("app.js", "app.css", "world.json"):
        body = httpx.get(f"{server}/{asset}")
        assert body.status_code == 200
        assert "//cdn" not in body.text and "googleapis" not in body.text


def test_events_explorer_filters_sorts_pages_and_csv(page: Any, server: str):
    open_view(page, server, "#/events", "events")
    total = api(server, "events", limit=0)["total"]
    assert page.locator("#events-table tbody tr").count() == 50
    assert page.text_content("#range") == f"1–50 of {total} events"
    periods = api(server, "timeline", by="month")["counts"]
    assert page.locator("#timeline-chart rect.bar").count() == len(periods)

    # filter with the keyboard: type, then Enter submits the form
    page.fill("#f-country", "prk")
    page.select_option("#f-quad", "1")
    apply_filters(page, "events")
    expected = api(server, "events", country="PRK", quad=1, limit=50)
    assert expected["total"] < total
    n, of = len(expected["events"]), expected["total"]
    assert page.text_content("#range") == f"1–{n} of {of} events"
    shown = page.eval_on_selector_all("#events-table tbody tr", ROW_IDS)
    assert shown == [e["id"] for e in expected["events"]]
    assert set(page.locator("#events-table .quad").all_text_contents()) == {"1"}
    assert page.locator("#timeline-chart rect.bar").count() == len(
        api(server, "timeline", country="PRK", quad=1)["counts"])

    # the CSV link carries the filters, sort and page, and holds exactly the rows shown
    href = page.get_attribute("#csv-link", "href")
    assert all(p in href for p in ("country=PRK", "quad=1", "sort=date", "limit=50", "offset=0",
                                   "format=csv"))
    rows = list(csv.DictReader(io.StringIO(httpx.get(server + href).text)))
    assert [r["id"] for r in rows] == shown

    # sort by Goldstein, highest first
    page.click('button[data-sort="goldstein"]')
    loaded(page, "events")
    assert "sort=-goldstein" in page.url
    values = [float(v) for v in page.locator("#events-table tbody td.num").all_text_contents()]
    assert values == sorted(values, reverse=True)
    assert page.get_attribute("th[aria-sort='descending'] button", "data-sort") == "goldstein"


def test_events_explorer_pages_large_result_without_breaking_layout(page: Any, server: str):
    open_view(page, server, "#/events?limit=500&actor=Trump", "events")
    total = api(server, "events", actor="Trump", limit=0)["total"]
    assert page.locator("#events-table tbody tr").count() == min(total, 500)
    open_view(page, server, "#/events?limit=25", "events")
    page.click("#next")
    loaded(page, "events")
    assert page.text_content("#range").startswith("26–50 of")
    # nothing wider than the window: long names wrap inside the fixed-layout table
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_article_view_highlights_the_right_spans(page: Any, server: str):
    article = next(a for a in api(server, "articles", limit=100)["articles"]
                   if "Singapore" in (a["title"] or ""))
    record = api(server, f"articles/{article['id']}")
    open_view(page, server, f"#/article/{article['id']}", "article")
    assert page.text_content("#article-title") == record["title"]
    # the text is shown whole, in order
    assert page.text_content("#article-text") == record["text"]
    for kind, items in (("mention", record["mentions"]), ("place", record["places"]),
                        ("time", record["times"])):
        for i, item in enumerate(items):
            mark = page.locator(f'#article-text mark[data-kind="{kind}"][data-idx="{i}"]')
            if mark.count() == 1:  # not split around a crossing span
                assert mark.text_content() == item["text"] == record["text"][
                    item["start"]:item["end"]]
    assert page.locator('#article-text mark[data-kind="mention"]').count() >= len(
        record["mentions"])
    for i, event in enumerate(record["events"]):
        mark = page.locator(f'#article-text mark[data-kind="trigger"][data-idx="{i}"]')
        assert mark.first.text_content() == event["trigger"]["text"]
    # a highlight is explained: focus it and press Enter
    trump = next(i for i, m in enumerate(record["mentions"])
                 if m["kb_id"] == "person:donald-trump")
    page.focus(f'#article-text mark[data-kind="mention"][data-idx="{trump}"]')
    page.keyboard.press("Enter")
    assert "person:donald-trump" in page.text_content("#explain")
    page.click("#explain a[href='#/actor/person%3Adonald-trump']")
    loaded(page, "actor")
    assert page.text_content("#actor-name").startswith("Donald Trump")
    # an event linked from the explorer opens with its trigger selected
    event = record["events"][0]
    open_view(page, server, f"#/article/{article['id']}?event={event['id']}", "article")
    assert page.text_content("mark.selected") == event["trigger"]["text"]
    assert event["rule"] in page.text_content("#explain")


def test_article_view_shows_dropped_lines_and_attribution(page: Any, server: str):
    article = next(a for a in api(server, "articles", limit=100)["articles"]
                   if a["agency"] == "Reuters")
    record = api(server, f"articles/{article['id']}")
    open_view(page, server, f"#/article/{article['id']}", "article")
    assert page.locator("#dropped tbody tr").count() == len(record["dropped"]) > 0
    reasons = page.locator("#dropped tbody tr td:nth-child(3)").all_text_contents()
    assert reasons == [d["reason"] for d in record["dropped"]]
    body = page.text_content("#view")
    assert "Reuters" in body and all(c in body for c in record["cited_sources"])
    # dropped lines are not in the article text
    assert record["dropped"][0]["text"] not in page.text_content("#article-text")


def test_xss_payload_stays_inert(page: Any, server: str):
    open_view(page, server, f"#/article/{XSS_ID}", "article")
    page.wait_for_timeout(300)
    assert page.text_content("#article-title") == XSS_TITLE
    shown = page.text_content("#article-text")
    assert "<script>window.__xss=2</script>" in shown and 'onerror="window.__xss=3' in shown
    assert "Example <b>Daily</b>" in page.text_content("#view")
    assert page.locator("#view img, #view script, #view b").count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []
    # highlights still land on the right words around the payload
    record = api(server, f"articles/{XSS_ID}")
    assert page.locator('mark[data-kind="trigger"]').all_text_contents() == [
        e["trigger"]["text"] for e in record["events"]]
    # and the explorer shows the title as text too
    open_view(page, server, "#/events?text=criticised", "events")
    assert XSS_TITLE in page.text_content("#events-table")
    assert page.locator("#view img").count() == 0 and page.evaluate("window.__xss") is None


def test_dyad_view_and_the_events_behind_a_bar(page: Any, server: str):
    series = api(server, "dyads", a="USA", b="PRK", by="year")["series"]
    open_view(page, server, "#/dyad?a=USA&b=PRK&by=year", "dyad")
    assert page.locator("#dyad-chart rect.seg").count() == len(series)
    first = series[0]
    bar = page.locator(f'#dyad-chart rect.seg[data-period="{first["period"]}"]'
                       f'[data-quad="{first["quad_class"]}"]').first
    bar.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#dyad-events table")
    ids = page.eval_on_selector_all("#dyad-events tbody tr", ROW_IDS)
    assert ids == first["event_ids"]
    # another pair through the form
    page.fill("#dyad-a", "RUS")
    page.fill("#dyad-b", "UKR")
    page.evaluate("document.getElementById('view').dataset.loaded = ''")
    page.press("#dyad-b", "Enter")
    loaded(page, "dyad")
    assert "a=RUS" in page.url
    assert page.locator("#dyad-chart rect.seg").count() == len(
        api(server, "dyads", a="RUS", b="UKR", by="month")["series"])


def test_actor_view_roles_counterparts_quotes_and_network(page: Any, server: str):
    kim = api(server, "actors/person:kim-jong-un")
    open_view(page, server, "#/actor/person:kim-jong-un", "actor")
    assert page.text_content("#actor-name").startswith("Kim Jong-un")
    assert page.locator("#roles tbody tr").count() == len(kim["roles"]) > 0
    assert page.locator("#network a.node").count() == min(16, len(kim["counterparts"]))
    quotes = api(server, "quotes", speaker="person:kim-jong-un", limit=50)["quotes"]
    assert page.locator("#actor-quotes li").count() == len(quotes) > 0
    assert page.locator("#by-type tbody tr").count() == len(kim["events_by_type"])
    page.click('#network a.node[data-id="person:donald-trump"]')
    loaded(page, "actor")
    assert page.text_content("#actor-name").startswith("Donald Trump")


def test_map_view_points_clusters_and_filters(page: Any, server: str):
    everything = api(server, "map")
    open_view(page, server, "#/map", "map")
    assert page.locator("#map-svg .land path").count() > 150
    assert f"{everything['located']} events at {len(everything['points'])} places" in \
        page.text_content("#map-summary")
    marks = page.locator("#map-svg .points g")
    assert 0 < marks.count() <= len(everything["points"])
    counts = [int(g) for g in page.eval_on_selector_all(
        "#map-svg .points g", "gs => gs.map(g => g.dataset.events)")]
    assert sum(counts) == everything["located"]
    # dense places cluster at world scale (Singapore's two points share one mark)
    assert page.locator("#map-svg .points g.cluster").count() >= 1
    cluster = page.locator("#map-svg .points g.cluster").first
    cluster.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#map-events table tbody tr")
    # filters change what is shown
    page.fill("#f-country", "SGP")
    apply_filters(page, "map")
    singapore = api(server, "map", country="SGP")
    assert f"{singapore['located']} events at {len(singapore['points'])} places" in \
        page.text_content("#map-summary")
    assert "country=SGP" in page.url

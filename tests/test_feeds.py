"""Live feeds and URLs against a real HTTP server on 127.0.0.1 that serves feeds and pages
written here: conditional requests, new entries, slow, failing, missing and malformed ones,
and no URL ingested twice, within a run or across runs."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner

from tidings.cli import main
from tidings.ingest.feeds import parse, read_feed_list
from tidings.ingest.fetch import USER_AGENT, Fetcher, FetchError
from tidings.model import TidingsError
from tidings.store import Store
from tidings.watch import RoundReport, parse_duration, watch

READ_TIMEOUT = 0.3
BACKOFF = 0.1

STORIES = {
    "apollo": ("Astronauts walk on the Moon for the first time", """
Neil Armstrong became the first person to stand on the Moon on Sunday, stepping off the ladder
of the lunar module Eagle a few hours after it landed in the Sea of Tranquility.
Edwin Aldrin joined him on the surface soon afterwards, while Michael Collins stayed in orbit
aboard the command module Columbia.
The two men planted an American flag, collected rocks and set up experiments before returning
to the lander. NASA said the crew would leave the Moon on Monday."""),
    "berlin": ("Berlin Wall opens as East Germany lifts travel limits", """
Thousands of East Berliners crossed freely into West Berlin on Thursday night after the East
German government said its citizens could travel abroad without special permission.
Crowds gathered at the Bornholmer Strasse checkpoint until the guards opened the gates, and
people on both sides climbed onto the wall to celebrate.
West German Chancellor Helmut Kohl cut short a visit to Poland to return to Berlin."""),
    "mandela": ("Nelson Mandela walks free after 27 years in prison", """
Nelson Mandela left Victor Verster prison near Cape Town on Sunday, walking hand in hand with
his wife Winnie through a crowd of cheering supporters.
South African President F. W. de Klerk had announced the release of the leader of the African
National Congress on Saturday, days after lifting the ban on the movement.
Mandela later spoke from the balcony of Cape Town City Hall and called for talks with the
government on ending apartheid."""),
    "paris": ("Nearly 200 nations adopt the Paris climate agreement", """
Negotiators from 195 countries adopted a global agreement to limit climate change in Paris on
Saturday, after two weeks of talks at a conference centre north of the city.
French Foreign Minister Laurent Fabius, who chaired the conference, brought down his gavel to
applause as delegates stood and embraced.
The accord aims to keep the rise in global temperatures well below two degrees Celsius.
United Nations Secretary-General Ban Ki-moon called it a monumental triumph."""),
    "belfast": ("Northern Ireland parties sign Good Friday peace agreement", """
The British and Irish governments and the main parties of Northern Ireland reached a peace
agreement in Belfast on Friday after talks that ran through the night.
British Prime Minister Tony Blair and Irish Taoiseach Bertie Ahern both praised the former
United States senator George Mitchell, who chaired the negotiations.
The deal creates a power-sharing assembly and will be put to voters in both parts of Ireland
in May."""),
    "chile": ("All 33 trapped Chilean miners rescued", """
Rescuers in Chile lifted the last of 33 miners out of the San Jose mine on Wednesday, ending an
ordeal of more than two months deep underground near the town of Copiapo.
Each man rode to the surface in a narrow steel capsule through a shaft drilled for the rescue.
Chilean President Sebastian Pinera greeted the foreman, Luis Urzua, as he stepped out last,
and the crowd at the camp sang the national anthem."""),
    "camp-david": ("Egypt and Israel agree peace framework at Camp David", """
Egyptian President Anwar Sadat and Israeli Prime Minister Menachem Begin signed two framework
agreements at the White House on Sunday after thirteen days of talks at Camp David.
United States President Jimmy Carter, who brought the two leaders together, said the accords
opened the way to a peace treaty between Egypt and Israel within three months.
Sadat and Begin embraced after the signing ceremony."""),
}


def page(slug: str) -> bytes:
    """The story as a news page: a headline, a paragraph per sentence that ends a line, and
    the menus and footer a real page has around it."""
    title, body = STORIES[slug]
    paragraphs = [" ".join(p.split()) for p in body.strip().split(".\n")]
    text = "\n".join(f"<p>{p.rstrip('.')}.</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}"
            f"</title></head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>\n{text}\n</article>"
            f"<footer>Copyright the World Desk</footer></body></html>").encode()


def rss(site: Site, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (slug, path, RFC 822 date) items."""
    entries = "".join(
        f"<item><title>{STORIES[slug][0]}</title><link>{site.url(path)}</link>"
        f"<guid>{site.url(path)}</guid><pubDate>{day}</pubDate></item>"
        for slug, path, day in items)
    return ("<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
            f"<title>World Desk</title><link>{site.url('/')}</link>"
            f"<description>News from the desk</description>{entries}</channel></rss>").encode()


def atom(items: list[tuple[str, str, str]]) -> bytes:
    """An Atom feed of (slug, path, ISO date) entries, with relative links."""
    entries = "".join(
        f"<entry><title>{STORIES[slug][0]}</title><link href='{path}'/><id>tag:desk,{slug}</id>"
        f"<updated>{day}</updated></entry>" for slug, path, day in items)
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            "<title>History Wire</title><id>tag:desk,feed</id>"
            f"<updated>2020-01-01T00:00:00Z</updated>{entries}</feed>").encode()


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0  # seconds before answering
    fail_first: int = 0  # answer 500 to this many requests first
    location: str | None = None  # where a redirect points


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float


class Site:
    """What the test server serves, and every request it got."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.resources: dict[str, Resource] = {}
        self.hits: list[Hit] = []
        self.lock = threading.Lock()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.hits if h.path == path]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        site: Site = self.server.site  # type: ignore[attr-defined]
        with site.lock:
            site.hits.append(Hit(self.path, dict(self.headers), time.monotonic()))
            seen = sum(h.path == self.path for h in site.hits)
        found = site.resources.get(self.path)
        if found is None:
            return self._answer(404, b"not found", "text/plain")
        time.sleep(found.delay)
        if seen <= found.fail_first:
            return self._answer(500, b"try again", "text/plain")
        if ((found.etag and self.headers.get("If-None-Match") == found.etag)
                or (found.last_modified
                    and self.headers.get("If-Modified-Since") == found.last_modified)):
            return self._answer(304, b"", None, found)
        self._answer(found.status, found.body, found.content_type, found)

    def _answer(self, status: int, body: bytes, content_type: str | None,
                found: Resource | None = None) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        if found and found.etag:
            self.send_header("ETag", found.etag)
        if found and found.last_modified:
            self.send_header("Last-Modified", found.last_modified)
        if found and found.location:
            self.send_header("Location", found.location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out and left: the slow page's answer has nowhere to go


@pytest.fixture
def site() -> Iterator[Site]:
    server = Server(("127.0.0.1", 0), Handler)
    server.site = Site(server.server_address[1])  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.site  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(connect_timeout=1.0, read_timeout=READ_TIMEOUT, retries=2,
                 backoff=BACKOFF) as f:
        yield f


def run_rounds(feeds: list[str], db: str, fetcher: Fetcher, pipeline, rounds: int = 1
               ) -> tuple[list[RoundReport], list[str]]:
    reports: list[RoundReport] = []
    errors: list[str] = []
    watch(feeds, db, every=0.01, rounds=rounds, fetcher=fetcher, pipeline=pipeline,
          on_round=reports.append, on_error=lambda url, msg: errors.append(f"{url}: {msg}"))
    return reports, errors


def stored(db: str) -> dict[str, dict]:
    """Stored articles by url."""
    with Store(db, read_only=True) as store:
        rows = store.sql("SELECT url, title, published FROM articles").fetchall()
    return {url: {"title": title, "published": published} for url, title, published in rows}


def serve_two_feeds(site: Site) -> None:
    site.resources["/rss.xml"] = Resource(rss(site, [
        ("apollo", "/rss/apollo.html", "Sun, 20 Jul 1969 20:17:00 GMT"),
        ("berlin", "/rss/berlin.html", "Thu, 09 Nov 1989 22:45:00 GMT"),
    ]), "application/rss+xml", etag='"rss-1"')
    site.resources["/atom.xml"] = Resource(atom([
        ("mandela", "/atom/mandela.html", "1990-02-11T16:00:00Z"),
        ("paris", "/atom/paris.html", "2015-12-12T19:30:00Z"),
    ]), "application/atom+xml", last_modified="Sat, 12 Dec 2015 19:30:00 GMT")
    for path in ("/rss/apollo.html", "/rss/berlin.html", "/atom/mandela.html",
                 "/atom/paris.html"):
        site.resources[path] = Resource(page(path.rsplit("/", 1)[1].removesuffix(".html")))


def test_rss_and_atom_are_ingested_then_answered_not_modified(site, fetcher, pipeline,
                                                             tmp_path):
    serve_two_feeds(site)
    db = str(tmp_path / "w.duckdb")
    feeds = [site.url("/rss.xml"), site.url("/atom.xml")]
    reports, errors = run_rounds(feeds, db, fetcher, pipeline, rounds=2)

    assert errors == []
    first, second = reports
    assert (first.feeds, first.unchanged, first.new_pages, first.articles) == (2, 0, 4, 4)
    assert (second.feeds, second.unchanged, second.new_pages, second.articles) == (2, 2, 0, 0)
    articles = stored(db)
    assert set(articles) == {site.url(p) for p in ("/rss/apollo.html", "/rss/berlin.html",
                                                   "/atom/mandela.html", "/atom/paris.html")}
    apollo = articles[site.url("/rss/apollo.html")]
    assert apollo["title"] == "Astronauts walk on the Moon for the first time"
    assert str(apollo["published"]) == "1969-07-20"  # the feed's date: the page has none
    assert str(articles[site.url("/atom/paris.html")]["published"]) == "2015-12-12"

    rss_hits, atom_hits = site.requests("/rss.xml"), site.requests("/atom.xml")
    assert "If-None-Match" not in rss_hits[0].headers
    assert rss_hits[1].headers["If-None-Match"] == '"rss-1"'
    assert atom_hits[1].headers["If-Modified-Since"] == "Sat, 12 Dec 2015 19:30:00 GMT"
    assert len(site.requests("/rss/apollo.html")) == 1
    assert rss_hits[0].headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("tidings/") and "+http" in USER_AGENT


def test_a_new_entry_is_ingested_and_old_ones_are_not_again(site, fetcher, pipeline, tmp_path):
    db = str(tmp_path / "w.duckdb")
    site.resources["/rss/belfast.html"] = Resource(page("belfast"))
    site.resources["/rss/chile.html"] = Resource(page("chile"))
    belfast = ("belfast", "/rss/belfast.html", "Fri, 10 Apr 1998 17:00:00 GMT")
    site.resources["/rss.xml"] = Resource(rss(site, [belfast]), "application/rss+xml",
                                          etag='"v1"')
    reports, _ = run_rounds([site.url("/rss.xml")], db, fetcher, pipeline)
    assert reports[0].articles == 1

    chile = ("chile", "/rss/chile.html", "Wed, 13 Oct 2010 21:00:00 GMT")
    # A tracking link that redirects to the page ingested in the first round.
    site.resources["/go/1"] = Resource(b"", status=302, location="/rss/belfast.html")
    relinked = ("belfast", "/go/1", "Fri, 10 Apr 1998 17:00:00 GMT")
    site.resources["/rss.xml"] = Resource(rss(site, [chile, belfast, relinked]),
                                          "application/rss+xml", etag='"v2"')
    reports, errors = run_rounds([site.url("/rss.xml")], db, fetcher, pipeline)
    assert errors == []
    assert (reports[0].unchanged, reports[0].new_pages, reports[0].articles) == (0, 2, 1)
    assert set(stored(db)) == {site.url("/rss/belfast.html"), site.url("/rss/chile.html")}
    assert len(site.requests("/rss/chile.html")) == 1
    with Store(db, read_only=True) as store:
        assert store.ingested(site.url("/go/1")) == store.ingested(
            site.url("/rss/belfast.html")) is not None
    assert site.requests("/rss.xml")[1].headers["If-None-Match"] == '"v1"'


def test_two_watch_once_runs_never_ingest_a_url_twice(site, pipeline, tmp_path):
    # No validators: the second run sees every entry again and must skip the ingested ones.
    site.resources["/news/camp-david.html"] = Resource(page("camp-david"))
    site.resources["/news/apollo.html"] = Resource(page("apollo"))
    camp = ("camp-david", "/news/camp-david.html", "Sun, 17 Sep 1978 22:00:00 GMT")
    site.resources["/feed"] = Resource(rss(site, [camp]), "text/xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the desk's feed\n\n{site.url('/feed')}  # RSS 2.0\n", encoding="utf-8")
    db = str(tmp_path / "cli.duckdb")
    runner = CliRunner()

    first = runner.invoke(main, ["watch", str(feeds), "--once", "--db", db])
    assert first.exit_code == 0, first.output
    assert "1 new pages, ingested 1 articles" in first.output

    apollo = ("apollo", "/news/apollo.html", "Sun, 20 Jul 1969 20:17:00 GMT")
    site.resources["/feed"] = Resource(rss(site, [apollo, camp]), "text/xml")
    second = runner.invoke(main, ["watch", str(feeds), "--once", "--db", db])
    assert second.exit_code == 0, second.output
    assert "1 new pages, ingested 1 articles" in second.output
    assert len(site.requests("/news/camp-david.html")) == 1
    assert len(stored(db)) == 2
    with Store(db, read_only=True) as store:
        rows = store.sql("SELECT status, attempts FROM fetched").fetchall()
    assert rows == [("ingested", 1), ("ingested", 1)]


def test_slow_failing_missing_and_malformed_are_reported_and_the_round_goes_on(
        site, fetcher, pipeline, tmp_path):
    site.resources["/trouble.xml"] = Resource(rss(site, [
        ("apollo", "/slow.html", "Sun, 20 Jul 1969 20:17:00 GMT"),
        ("berlin", "/flaky.html", "Thu, 09 Nov 1989 22:45:00 GMT"),
        ("mandela", "/gone.html", "Sun, 11 Feb 1990 16:00:00 GMT"),
        ("paris", "/fine.html", "Sat, 12 Dec 2015 19:30:00 GMT"),
    ]), "application/rss+xml", etag='"t1"')
    site.resources["/slow.html"] = Resource(page("apollo"), delay=READ_TIMEOUT * 4)
    site.resources["/flaky.html"] = Resource(page("berlin"), fail_first=2)
    site.resources["/fine.html"] = Resource(page("paris"))
    site.resources["/broken.xml"] = Resource(
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken</title><item><title>"
        b"Half an item", "application/rss+xml")
    site.resources["/after.xml"] = Resource(atom([
        ("chile", "/chile.html", "2010-10-13T21:00:00Z")]), "application/atom+xml")
    site.resources["/chile.html"] = Resource(page("chile"))
    db = str(tmp_path / "w.duckdb")
    feeds = [site.url(p) for p in ("/trouble.xml", "/broken.xml", "/after.xml")]

    started = time.monotonic()
    reports, errors = run_rounds(feeds, db, fetcher, pipeline)
    assert time.monotonic() - started < 15

    assert set(stored(db)) == {site.url(p) for p in ("/flaky.html", "/fine.html", "/chile.html")}
    assert reports[0].articles == 3
    assert sorted(url for url, _ in reports[0].failures) == sorted(
        site.url(p) for p in ("/slow.html", "/gone.html", "/broken.xml"))
    by_url = dict(e.split(": ", 1) for e in errors)
    assert by_url[site.url("/slow.html")].startswith("timed out")
    assert by_url[site.url("/gone.html")] == "HTTP 404"
    assert by_url[site.url("/broken.xml")].startswith("not a readable RSS or Atom feed")

    assert len(site.requests("/slow.html")) == 3  # retried twice
    assert len(site.requests("/gone.html")) == 1  # a 404 is not retried
    flaky = [h.at for h in site.requests("/flaky.html")]
    assert len(flaky) == 3  # 500, 500, then the page
    assert flaky[1] - flaky[0] >= BACKOFF * 0.9
    assert flaky[2] - flaky[1] >= 2 * BACKOFF * 0.9  # the pause doubles

    with Store(db, read_only=True) as store:
        pages = dict(store.sql("SELECT url, status FROM fetched").fetchall())
        feed_rows = {url: (etag, status) for url, etag, status in store.sql(
            "SELECT url, etag, status FROM feeds").fetchall()}
    assert pages[site.url("/gone.html")] == "HTTP 404"
    assert pages[site.url("/flaky.html")] == "ingested"
    # A feed with a failed page keeps no validators: it is read in full again next round.
    assert feed_rows[site.url("/trouble.xml")][0] is None
    assert feed_rows[site.url("/broken.xml")][1].startswith("not a readable")
    assert feed_rows[site.url("/after.xml")][1] == "ok"


def test_ctrl_c_between_rounds_stops_cleanly(site, fetcher, pipeline, tmp_path):
    site.resources["/rss.xml"] = Resource(rss(site, []), "application/rss+xml")
    rounds: list[RoundReport] = []

    def interrupt_soon(report: RoundReport) -> None:
        rounds.append(report)
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()  # Ctrl-C, waiting

    started = time.monotonic()
    done = watch([site.url("/rss.xml")], str(tmp_path / "w.duckdb"), every=60,
                 fetcher=fetcher, pipeline=pipeline, on_round=interrupt_soon)
    assert done == len(rounds) == 1
    assert time.monotonic() - started < 30


def test_ingest_a_url_on_the_command_line(site, pipeline, tmp_path):
    site.resources["/page.html"] = Resource(page("mandela"))
    db = str(tmp_path / "url.duckdb")
    result = CliRunner().invoke(main, ["ingest", site.url("/page.html"), site.url("/none.html"),
                                       "--db", db])
    assert result.exit_code == 1, result.output
    assert f"error: {site.url('/none.html')}: HTTP 404" in result.output
    assert "ingested 1 articles" in result.output
    article = stored(db)[site.url("/page.html")]
    assert article["title"] == "Nelson Mandela walks free after 27 years in prison"


def test_fetch_limits_size_and_names_the_url(site):
    site.resources["/big.html"] = Resource(b"x" * 5000)
    with Fetcher(max_bytes=1000, retries=0) as small, pytest.raises(FetchError) as caught:
        small.get(site.url("/big.html"))
    assert str(caught.value).startswith(f"{site.url('/big.html')}: too large")
    assert not caught.value.transient


def test_an_html_page_is_not_a_feed():
    with pytest.raises(FetchError, match="not a readable RSS or Atom feed"):
        parse(page("apollo"), "http://127.0.0.1/feed")


def test_feed_list_and_durations(tmp_path):
    listed = tmp_path / "feeds.txt"
    listed.write_text("# feeds\nhttps://a.example/rss\n\n  https://b.example/atom  # b\n"
                      "https://a.example/rss\n", encoding="utf-8")
    assert read_feed_list(listed) == ["https://a.example/rss", "https://b.example/atom"]
    listed.write_text("ftp://c.example/feed\n", encoding="utf-8")
    with pytest.raises(TidingsError, match="feeds.txt:1"):
        read_feed_list(listed)
    assert [parse_duration(d) for d in ("30s", "15m", "1h", "1h30m", "90")] == [
        30, 900, 3600, 5400, 90]
    for bad in ("soon", "0s", "15x", ""):
        with pytest.raises(TidingsError):
            parse_duration(bad)

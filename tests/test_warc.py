"""WARC archives: HTML responses are articles; everything else is skipped and counted."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.ingest import IngestFailure, Skipped, iter_inputs
from tidings.model import RawArticle

PAGE = """<html><head><title>Leaders meet in Vladivostok</title></head><body>
<nav>Home | World | Sport</nav>
<article><h1>Putin and Kim hold first summit in Vladivostok</h1>
<p>Russian President Vladimir Putin met North Korean leader Kim Jong-un on Russky Island
near Vladivostok on Thursday, their first summit, and the two discussed the stalled
nuclear talks with the United States.</p>
<p>Putin said after the talks that Pyongyang would need security guarantees before giving
up its nuclear weapons, and that Russia and China could help provide them.</p>
<p>Kim arrived in the port city by armoured train on Wednesday and was greeted by local
officials and a military band.</p></article>
<footer>Copyright Example News</footer></body></html>"""


def _record(writer: WARCWriter, uri: str, body: bytes, status: str = "200 OK",
            content_type: str = "text/html; charset=utf-8", date: str = "2019-04-25T10:00:00Z"
            ) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=BytesIO(body),
                                       http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)


def write_warc(path: Path, gzip: bool) -> Path:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warc_record(
            "https://news.example/", "warcinfo", payload=BytesIO(b"software: test\r\n")))
        _record(writer, "https://news.example/world/putin-kim", PAGE.encode())
        _record(writer, "https://news.example/logo.png", b"\x89PNG\r\n", content_type="image/png")
        _record(writer, "https://news.example/gone", b"<html>gone</html>", status="404 Not Found")
        _record(writer, "https://news.example/empty", b"<html><body><nav>Menu</nav></body></html>")
    return path


@pytest.mark.parametrize("name, gzip", [("cc.warc", False), ("cc.warc.gz", True)])
def test_warc_records(tmp_path: Path, name: str, gzip: bool):
    items = list(iter_inputs([str(write_warc(tmp_path / name, gzip))]))
    articles = [i for i in items if isinstance(i, RawArticle)]
    skipped = sorted(i.reason for i in items if isinstance(i, Skipped))
    failures = [i for i in items if isinstance(i, IngestFailure)]
    (article,) = articles
    assert article.url == "https://news.example/world/putin-kim"
    assert article.published == "2019-04-25"  # the page has no date: the crawl's
    assert "Russky Island" in article.text and "Copyright" not in article.text
    assert skipped == ["HTTP 404", "not HTML (image/png)", "warcinfo record"]
    (failure,) = failures  # a page with no article text
    assert failure.origin == f"{tmp_path / name}#record5"


def test_broken_warc_is_named_and_the_run_goes_on(tmp_path: Path):
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    good = write_warc(tmp_path / "good.warc.gz", True)
    items = list(iter_inputs([str(broken), str(good)]))
    assert any(isinstance(i, IngestFailure) and "broken.warc.gz" in i.origin for i in items)
    assert sum(isinstance(i, RawArticle) for i in items) == 1


def test_ingest_a_warc_from_the_command_line(tmp_path: Path):
    warc = write_warc(tmp_path / "cc.warc.gz", True)
    db = tmp_path / "w.duckdb"
    done = subprocess.run([sys.executable, "-m", "tidings.cli", "ingest", str(warc), "--db",
                           str(db)], capture_output=True, text=True, timeout=300)
    assert "ingested 1 articles" in done.stderr
    assert "skipped 3 records" in done.stderr
    assert done.returncode == 1  # the page without text is reported
    events = subprocess.run([sys.executable, "-m", "tidings.cli", "events", "--db", str(db),
                             "--format", "json"], capture_output=True, text=True, timeout=120)
    assert "person:kim-jong-un" in events.stdout

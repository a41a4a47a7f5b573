"""Hostile and broken input: each case gets a clear error naming it or a clean result, the
run goes on with the rest, and memory stays bounded."""

from __future__ import annotations

import gzip
import json
import resource
import subprocess
import sys
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.store import Store

GOOD = ("Ministers agree on grain corridor\n\nThe foreign ministers of Turkey and Ukraine met in "
        "Ankara on Monday and agreed to keep the Black Sea grain corridor open through the "
        "winter, Turkish officials said. Ukraine's minister thanked Turkey for its help.\n")
SENTENCE = ("The envoy said the talks would go on and the ministers would meet again and the "
            "generals would report to the council and ")


def _warc(path: Path, records: list[tuple[str, bytes, list[tuple[str, str]]]]) -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, body, headers in records:
            http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(body),
                                                          http_headers=http))


def build_corpus(root: Path) -> dict[str, str]:
    """The bad inputs, by file name, with what each must give: 'error' or 'ok'."""
    root.mkdir()
    cases: dict[str, str] = {}

    def put(name: str, data: bytes | str, expect: str) -> None:
        (root / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases[name] = expect

    put("empty.txt", b"", "error")
    put("whitespace.txt", " \n\t\n   \r\n", "error")
    put("binary.txt", bytes(range(256)) * 64, "error")
    put("nul-bytes.txt", GOOD.encode() + b"\x00\x00\x00" + GOOD.encode(), "error")
    put("latin1.txt", GOOD.replace("Ankara", "Ankara café").encode("latin-1"), "error")
    put("mixed-encoding.txt", GOOD.encode("utf-8") + "Mitarbeiter für Außenpolitik".encode(
        "latin-1") + b"\n", "error")
    put("utf16-bom.txt", GOOD.encode("utf-16"), "ok")
    put("huge-line.txt", b"word " * 20_000_000, "error")  # 100 MB on one line
    put("nested.html", "<html><body>" + "<div>" * 50_000 + "text" + "</div>" * 50_000
        + "</body></html>", "error")
    put("no-text.html", "<html><head><title>x</title></head><body><nav>Home</nav>"
        "<script>var a = 1;</script></body></html>", "error")
    put("only-quotes.txt", "Quotes\n\n" + '"We will not give up." "Never." "Not now."\n' * 20,
        "ok")
    put("long-sentence.txt", "A long one\n\n" + SENTENCE * 250 + "end.\n", "ok")
    put("rtl.txt", "خبر\n\n" + "قال وزير الخارجية إن المحادثات ستستمر. " * 30, "error")
    put("cjk.txt", "新闻\n\n" + "外交部长周一在北京会见了来访的代表团。" * 30, "error")
    lines = [json.dumps({"id": "year0", "text": GOOD, "published": "0000-01-01"}),
             json.dumps({"id": "year9999", "text": GOOD, "published": "9999-12-31"}),
             "{broken json", json.dumps({"no_text": True}), json.dumps([1, 2, 3])]
    put("records.jsonl", "\n".join(lines) + "\n", "error")  # good lines stored, bad named
    (root / "truncated.warc.gz").write_bytes(b"")  # filled below
    _warc(root / "truncated.warc.gz", [("https://example.org/a", b"<html><body><p>"
                                        + GOOD.encode() + b"</p></body></html>",
                                        [("Content-Type", "text/html")])])
    data = (root / "truncated.warc.gz").read_bytes()
    (root / "truncated.warc.gz").write_bytes(data[: len(data) // 2])
    cases["truncated.warc.gz"] = "error"
    put("truncated.txt.gz", gzip.compress(GOOD.encode())[:20], "skipped")  # not a known suffix
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip: 200 MB of zeros in ~200 kB
    payload = bomb.compress(b"\x00" * 200_000_000) + bomb.flush()
    _warc(root / "bomb.warc.gz", [
        ("https://example.org/bomb", payload, [("Content-Type", "text/html"),
                                               ("Content-Encoding", "gzip")]),
        ("https://example.org/good", b"<html><body><article><p>" + GOOD.encode()
         + b"</p></article></body></html>", [("Content-Type", "text/html")])])
    cases["bomb.warc.gz"] = "error"  # the bomb is named, the page after it is stored
    put("good.txt", GOOD.replace("Monday", "Tuesday"), "ok")
    return cases


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str, Path, float]:
    root = tmp_path_factory.mktemp("bad")
    cases = build_corpus(root / "in")
    db = root / "bad.duckdb"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([sys.executable, "-m", "tidings.cli", "ingest", str(root / "in"),
                           "--db", str(db), "--workers", "1"], capture_output=True, text=True,
                          timeout=900)
    peak_mb = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == 1  # some inputs failed, the run finished
    return cases, done.stderr, db, peak_mb


def test_every_bad_input_is_named_or_read(run):
    cases, stderr, _, _ = run
    errors = [line for line in stderr.splitlines() if line.startswith("error: ")]
    for name, expect in cases.items():
        named = [e for e in errors if name in e]
        if expect == "error":
            assert named, f"{name}: no error line in\n{stderr}"
        elif expect == "ok":
            assert not named, f"{name}: {named}"


def test_good_articles_are_stored_once_and_memory_stays_bounded(run):
    cases, _, db, peak_mb = run
    with Store(db, read_only=True) as store:
        origins = [r[0] for r in store.sql("SELECT origin FROM articles").fetchall()]
        ids = [r[0] for r in store.sql("SELECT id FROM articles").fetchall()]
    assert len(ids) == len(set(ids))
    stored = {Path(o.split("#")[0].split(":")[0]).name for o in origins}
    for name, expect in cases.items():
        if expect == "ok":
            assert name in stored, name
    assert "bomb.warc.gz" in stored  # the page after the bomb
    assert {"year0", "year9999"} <= set(ids) or "records.jsonl" in stored
    assert peak_mb < 2500, f"peak memory {peak_mb:.0f} MB"

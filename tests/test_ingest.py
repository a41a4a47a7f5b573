"""Readers: every kind of input becomes RawArticles, and every bad input a named failure."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from tidings.ingest import IngestFailure, article_id, iter_inputs, normalise_date
from tidings.model import RawArticle

STORY = """Ferry service to the outer islands restored

The ferry linking the mainland with the outer islands sailed again on Friday
after storms had kept it in port for nine days.

Harbour officials said the crossing took longer than usual because of high swell.
"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Glacier lake drained to protect valley towns | Mountain Gazette</title>
<link rel="canonical" href="https://gazette.example.net/alps/glacier-lake-drained">
<meta property="og:site_name" content="Mountain Gazette">
<meta property="og:title" content="Glacier lake drained to protect valley towns">
<meta property="article:published_time" content="2020-07-14T06:30:00+02:00">
</head><body>
<nav><ul><li><a href="/">Front page</a></li><li><a href="/alps">Alps</a></li>
<li><a href="/weather">Weather</a></li><li><a href="/login">Log in</a></li></ul></nav>
<article>
<h1>Glacier lake drained to protect valley towns</h1>
<p>Engineers began pumping water out of a lake that formed on a melting glacier above the
valley on Monday, fearing that its ice wall could give way during the summer heat.</p>
<p>About two thousand residents of three villages had been told to prepare for a possible
evacuation, although the regional council said the risk had fallen since the weekend.</p>
<p>The pumping is expected to continue for at least two weeks, a council engineer said.</p>
</article>
<footer><p>Subscribe to the Gazette newsletter for the best of the mountains.</p>
<p>Copyright 2020 Mountain Gazette. All rights reserved.</p></footer>
</body></html>
"""

EMPTY_PAGE = """<!DOCTYPE html><html><head><title>Log in</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a></nav><footer>Contact us</footer>
</body></html>
"""


def write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def articles(items: list[RawArticle | IngestFailure]) -> list[RawArticle]:
    return [i for i in items if isinstance(i, RawArticle)]


def failures(items: list[RawArticle | IngestFailure]) -> dict[str, str]:
    return {i.origin: i.error for i in items if isinstance(i, IngestFailure)}


def test_plain_text_headline_and_body(tmp_path: Path) -> None:
    path = write(tmp_path / "ferry.txt", STORY)
    [raw] = list(iter_inputs([str(path)], published="2021-02-05"))
    assert raw.title == "Ferry service to the outer islands restored"
    assert raw.text.startswith("\nThe ferry linking the mainland")
    assert "sailed again on Friday\nafter storms" in raw.text  # line structure kept
    assert raw.format == "text"
    assert raw.origin == str(path)
    assert raw.published == "2021-02-05"


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")],
)
def test_text_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = write(tmp_path / "note.txt", prefix + "Café reopens\n\nIt reopened.".encode(encoding))
    [raw] = list(iter_inputs([str(path)]))
    assert raw.title == "Café reopens"
    assert raw.text.strip() == "It reopened."


def test_single_paragraph_is_text_not_headline(tmp_path: Path) -> None:
    path = write(tmp_path / "one.txt", "The council approved the budget on Tuesday.\n")
    [raw] = list(iter_inputs([str(path)]))
    assert raw.title is None
    assert raw.text.strip() == "The council approved the budget on Tuesday."


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = write(tmp_path / "glacier.html", PAGE)
    [raw] = list(iter_inputs([str(path)], published="1999-01-01"))
    assert raw.format == "html"
    assert raw.title == "Glacier lake drained to protect valley towns"
    assert raw.url == "https://gazette.example.net/alps/glacier-lake-drained"
    assert raw.published == "2020-07-14"  # the page's own date wins over the argument
    assert raw.source == "Mountain Gazette"
    paragraphs = raw.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Engineers began pumping water")
    assert paragraphs[2] == "The pumping is expected to continue for at least two weeks, " + (
        "a council engineer said."
    )
    for noise in ("Front page", "Log in", "Subscribe", "All rights reserved"):
        assert noise not in raw.text


def test_jsonl_records_and_broken_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": "wire-1",
                "url": "https://news.example.com/a",
                "title": "Dam opened",
                "text": "A new dam was opened on the river.",
                "published": "2019-04-25T10:00:00Z",
                "source": "River Post",
            }
        ),
        "",
        '{"title": "Broken", "text": "unterminated',
        json.dumps({"title": "From a page", "html": PAGE}),
        json.dumps({"title": "Nothing here"}),
        json.dumps({"text": "Undated story about a bridge.", "published": "sometime soon"}),
    ]
    path = write(tmp_path / "batch.jsonl", "\n".join(lines) + "\n")
    items = list(iter_inputs([str(path)], published="2022-01-31"))
    good = articles(items)
    assert [a.origin for a in good] == [f"{path}:1", f"{path}:4", f"{path}:6"]
    first, page, undated = good
    assert (first.id, first.url, first.title, first.source) == (
        "wire-1",
        "https://news.example.com/a",
        "Dam opened",
        "River Post",
    )
    assert first.published == "2019-04-25"
    assert first.format == page.format == "jsonl"
    assert page.title == "From a page"  # the record's own field wins
    assert page.text.startswith("Engineers began pumping water")
    assert page.published == "2020-07-14"
    assert undated.published == "2022-01-31"  # unparseable own date: the default applies
    bad = failures(items)
    assert set(bad) == {f"{path}:3", f"{path}:5"}
    assert bad[f"{path}:3"].startswith("invalid JSON")
    assert "neither text nor html" in bad[f"{path}:5"]


def test_directory_and_glob_expansion(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    write(folder / "b.txt", "Second headline\n\nBody two.")
    write(folder / "a.txt", "First headline\n\nBody one.")
    write(folder / "README.md", "# Notes about this folder, not an article")
    write(folder / "sub" / "c.text", "Third headline\n\nBody three.")
    write(folder / "picture.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(folder / "notes.csv", "a,b\n1,2\n")
    from_dir = articles(list(iter_inputs([str(folder)])))
    assert [a.title for a in from_dir] == ["First headline", "Second headline", "Third headline"]
    from_glob = list(iter_inputs([str(folder / "*.txt"), str(tmp_path / "nothing*.txt")]))
    assert [a.title for a in articles(from_glob)] == ["First headline", "Second headline"]
    assert failures(from_glob) == {str(tmp_path / "nothing*.txt"): "no files match the pattern"}


@pytest.mark.parametrize(
    ("payload", "fmt", "title"),
    [
        (STORY, "text", "Ferry service to the outer islands restored"),
        ("\n  " + PAGE, "html", "Glacier lake drained to protect valley towns"),
        (json.dumps({"title": "Piped", "text": "A piped story."}) + "\n", "jsonl", "Piped"),
    ],
)
def test_stdin_is_sniffed(
    monkeypatch: pytest.MonkeyPatch, payload: str, fmt: str, title: str
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload.encode("utf-8"))))
    [raw] = list(iter_inputs(["-"]))
    assert (raw.format, raw.title) == (fmt, title)
    assert raw.origin.startswith("<stdin>")


def test_article_ids_are_stable() -> None:
    assert article_id(RawArticle(text="x", id="given")) == "given"
    by_url = article_id(RawArticle(text="one", url="https://example.org/story"))
    assert by_url == article_id(RawArticle(text="two", url="https://example.org/story"))
    assert by_url.startswith("a") and len(by_url) == 16
    by_text = article_id(RawArticle(text="Some  text\nhere ", title="Head"))
    assert by_text == article_id(RawArticle(text="Some text here", title=" Head"))
    assert by_text != article_id(RawArticle(text="Other text", title="Head"))
    assert re.fullmatch(r"a[0-9a-f]{15}", by_text)


def test_ids_agree_across_runs(tmp_path: Path) -> None:
    path = write(tmp_path / "ferry.txt", STORY)
    first = [article_id(a) for a in articles(list(iter_inputs([str(path)])))]
    again = [article_id(a) for a in articles(list(iter_inputs([str(path)])))]
    assert first == again


def test_bad_inputs_fail_alone(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", STORY)
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.txt", "  \n\t\n   \n")
    binary = write(tmp_path / "data.txt", bytes(range(256)) * 8)
    no_nul = write(tmp_path / "blob.md", bytes(range(1, 256)) * 8)
    latin = write(tmp_path / "latin.txt", "Headline\n\nThe caf\xe9 opened.".encode("latin-1"))
    no_article = write(tmp_path / "login.html", EMPTY_PAGE)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        line = b"The same long sentence repeats to make a very large file indeed.\n"
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line)
    missing = tmp_path / "missing.txt"
    names = [good, empty, blank, binary, no_nul, latin, huge, no_article, missing, good]
    items = list(iter_inputs([str(n) for n in names]))
    assert [a.origin for a in articles(items)] == [str(good), str(good)]
    assert failures(items) == {
        str(empty): "empty file",
        str(blank): "empty file",
        str(binary): "binary file, not text",
        str(no_nul): "binary file, not text",
        str(latin): "not valid UTF-8 text (invalid byte 0xE9 at offset 17)",
        str(huge): "too large: 52.4 MB, limit 20.0 MB",
        str(no_article): "no article text found in HTML",
        str(missing): "no such file or directory",
    }
    assert [type(i).__name__ for i in items] == ["RawArticle"] + ["IngestFailure"] * 8 + [
        "RawArticle"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-04-25", "2019-04-25"),
        ("2019-04-25T10:00:00Z", "2019-04-25"),
        ("2019/4/5", "2019-04-05"),
        ("April 25, 2019", "2019-04-25"),
        ("25 April 2019", "2019-04-25"),
        ("Thu, 25 Apr 2019 10:00:00 GMT", "2019-04-25"),
        ("2019-02-30", None),
        ("next week", None),
        (None, None),
    ],
)
def test_normalise_date(value: str | None, expected: str | None) -> None:
    assert normalise_date(value) == expected

"""`tidings eval extract scrapinghub`: the benchmark's reader and its shingle scoring."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tidings.evaluate.extract import aggregate, match, run, shingles, tokenize

BODY = [
    "The council of Lowmoor voted on Tuesday to rebuild the old stone bridge over the river, "
    "which has been closed to traffic since the spring floods damaged two of its arches.",
    "Engineers told the meeting that repairs would take at least eighteen months and cost "
    "about four million pounds, most of it paid by a regional fund for flood defences.",
    "Shopkeepers on both banks said the closure had cut their trade by a third, and asked the "
    "council to run a free bus between the two halves of the town until the work is done.",
]


def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>{title}</h1>
{body}</article>
<footer><p>Copyright Lowmoor Courier. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture
def benchmark(tmp_path: Path) -> Path:
    (tmp_path / "html").mkdir()
    pages = {
        "aaa": ("Lowmoor to rebuild its stone bridge", BODY),
        "bbb": ("Shopkeepers ask for a bus across the river", BODY[1:]),
    }
    truth = {}
    for key, (title, paragraphs) in pages.items():
        html = page(title, paragraphs).encode("utf-8")
        (tmp_path / "html" / f"{key}.html.gz").write_bytes(gzip.compress(html))
        truth[key] = {"articleBody": "\n\n".join(paragraphs), "url": f"https://x.example/{key}"}
    truth["ccc"] = {"articleBody": "A page whose HTML file is missing.", "url": ""}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


def test_tokenize_and_shingles() -> None:
    assert tokenize("It's 4.5 km—far!") == ["It", "s", "4", "5", "km", "far"]
    assert list(shingles(["a", "b", "c", "d", "e"], 4)) == [("a", "b", "c", "d"),
                                                          ("b", "c", "d", "e")]
    assert list(shingles(["a", "b"], 4)) == [("a", "b")]  # short text: one shorter shingle
    assert not shingles([], 4)


def test_match_normalises_counts() -> None:
    # gold shingles abcd, bcde; predicted abcd: TP 1, FN 1 -> halves
    assert match("a b c d e", "a b c d") == (0.5, 0.0, 0.5)
    assert match("a b c d e", "a b c d", n=1) == (0.8, 0.0, 0.2)
    assert match("a b c d e", "") == (0.0, 0.0, 1.0)
    assert match("", "") == (0.0, 0.0, 0.0)


def test_aggregate_as_the_benchmark() -> None:
    # page 1: P 1, R 0.5; page 2 predicted nothing: left out of precision, recall 0
    m = aggregate([(0.5, 0.0, 0.5), (0.0, 0.0, 1.0)])
    assert m["precision"] == 1.0
    assert m["recall"] == 0.25
    assert m["f1"] == pytest.approx(0.4)
    assert m["mean_page_f1"] == pytest.approx((2 / 3 + 0) / 2)  # the failure counts as 0


def test_run_on_fixture(benchmark: Path) -> None:
    n, metrics, details = run(benchmark, "scrapinghub")
    assert n == 3
    assert metrics["failures"] == 1.0
    assert "ccc" in details["failures"]
    assert metrics["recall"] == pytest.approx(2 / 3, abs=0.05)  # two good pages, one missing
    assert metrics["precision"] > 0.9
    assert metrics["accuracy"] == pytest.approx(2 / 3)
    assert metrics["mean_page_f1"] < metrics["f1"]


def test_run_limit_and_file_path(benchmark: Path) -> None:
    n, metrics, _ = run(benchmark / "ground-truth.json", "scrapinghub", limit=1)
    assert n == 1
    assert metrics["f1"] > 0.9


def test_shared_data(shared: Path) -> None:
    path = shared / "evaldata" / "article-extraction"
    if not path.is_dir():
        pytest.skip("no article-extraction data")
    n, metrics, _ = run(path, "scrapinghub", limit=3)
    assert n == 3
    assert 0.0 <= metrics["f1"] <= 1.0

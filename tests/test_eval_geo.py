import math

import pytest

from tidings.evaluate.geo import (
    MAX_ERROR_KM,
    Article,
    Tally,
    Toponym,
    auc,
    haversine_km,
    match_spans,
    read_flat,
    read_xml,
    run,
)
from tidings.model import Place, TidingsError

PARIS = (48.8566, 2.3522)
LYON = (45.7640, 4.8357)

# Our own sentences, in the layout of LGL / TR-News (gaztag), GeoVirus (locations) and
# GeoWebNews (extractedName, latitude, type).
XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="a1">
    <dltime>2021-05-04 10:00:00</dltime>
    <text><![CDATA[Officials met in Paris on Monday, then flew to Berlin.]]></text>
    <toponyms>
      <toponym><start>17</start><end>22</end><phrase>Paris</phrase>
        <gaztag geonameid="2988507"><name>Paris</name><lat>48.8566</lat><lon>2.3522</lon>
        </gaztag></toponym>
      <toponym><start>46</start><end>52</end><phrase>Berlin</phrase></toponym>
      <toponym><start>x</start><end>3</end><phrase>Broken</phrase></toponym>
    </toponyms>
  </article>
  <article>
    <text>Floods reached Lyon again.</text>
    <locations>
      <location><name>Lyon</name><start>16</start><end>20</end>
        <lat>45.764</lat><lon>4.8357</lon></location>
    </locations>
  </article>
  <article>
    <text>The bridge near Lyon closed.</text>
    <toponyms>
      <toponym><extractedName>bridge</extractedName><type>Literal_Expression</type>
        <start>4</start><end>10</end></toponym>
      <toponym><extractedName>Lyon</extractedName><type>Literal</type>
        <start>16</start><end>20</end><geonamesID>2996944</geonamesID>
        <latitude>45.764</latitude><longitude>4.8357</longitude></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_haversine_matches_known_distances():
    assert haversine_km(*PARIS, *PARIS) == 0.0
    assert haversine_km(51.5074, -0.1278, *PARIS) == pytest.approx(343.5, abs=1.0)  # London
    assert haversine_km(40.7128, -74.006, 34.0522, -118.2437) == pytest.approx(3936, abs=5)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088)  # antipodes


def test_auc_is_the_mean_normalised_log_error():
    assert auc([]) == 0.0
    assert auc([0.0, MAX_ERROR_KM - 1]) == pytest.approx(0.5)
    assert auc([math.sqrt(MAX_ERROR_KM) - 1]) == pytest.approx(0.5)  # ln(√M)/ln(M)


def test_span_matching_exact_and_overlap_one_to_one():
    gold, pred = [(0, 5), (10, 20)], [(0, 5), (12, 15), (30, 35)]
    assert match_spans(gold, pred, exact=True) == [(0, 0)]
    assert match_spans(gold, pred, exact=False) == [(0, 0), (1, 1)]
    # one gold span, two overlapping predictions: only the larger overlap counts
    assert match_spans([(0, 10)], [(0, 4), (5, 10)], exact=False) == [(0, 1)]


def test_xml_reader_handles_all_layouts_and_reports_bad_toponyms(tmp_path):
    path = tmp_path / "corpus.xml"
    path.write_text(XML, encoding="utf-8")
    problems: list[str] = []
    articles = list(read_xml(path, None, problems))
    assert [a.id for a in articles] == ["a1", "1", "2"]
    first = articles[0]
    assert first.published == "2021-05-04"
    paris, berlin = first.toponyms
    assert (paris.lat, paris.lon, paris.geonames_id) == (48.8566, 2.3522, 2988507)
    assert first.text[berlin.start:berlin.end] == "Berlin" and berlin.lat is None
    assert len(problems) == 1 and "a1" in problems[0]
    assert [(t.phrase, t.lat) for t in articles[1].toponyms] == [("Lyon", 45.764)]
    # GeoWebNews expressions are common nouns, not toponyms
    assert [(t.phrase, t.geonames_id) for t in articles[2].toponyms] == [("Lyon", 2996944)]
    assert len(list(read_xml(path, 2, []))) == 2


def test_xml_reader_realigns_offsets_that_are_off(tmp_path):
    path = tmp_path / "shifted.xml"
    path.write_text("<articles><article><text>We drove to Lyon.</text><toponyms><toponym>"
                    "<start>14</start><end>18</end><phrase>Lyon</phrase></toponym>"
                    "</toponyms></article></articles>", encoding="utf-8")
    (article,) = read_xml(path, None, [])
    assert (article.toponyms[0].start, article.toponyms[0].end, article.realigned) == (12, 16, 1)


def test_truncated_xml_is_reported_not_raised(tmp_path):
    path = tmp_path / "cut.xml"
    path.write_text(XML[: XML.index("<article>\n    <text>Floods") + 30], encoding="utf-8")
    problems: list[str] = []
    assert [a.id for a in read_xml(path, None, problems)] == ["a1"]
    assert any("XML" in p for p in problems)


def test_flat_reader_takes_texts_from_numbered_files_or_the_xml(tmp_path):
    gold = tmp_path / "mini_gold.txt"
    gold.write_text("Paris,,Paris,,48.8566,,2.3522,,17,,22,,105.4||\n"
                    "\n"
                    "Lyon,,Lyon,,45.764,,4.8357,,16,,20||Lyon,,Lyon,,oops||\n", encoding="utf-8")
    (tmp_path / "mini.xml").write_text(XML, encoding="utf-8")
    problems: list[str] = []
    articles = list(read_flat(gold, None, problems))
    assert [len(a.toponyms) for a in articles] == [1, 0, 1]
    assert articles[0].text.startswith("Officials") and articles[0].published == "2021-05-04"
    assert len(problems) == 1 and "mini_gold.txt:3" in problems[0]
    folder = tmp_path / "mini"
    folder.mkdir()
    for i, text in enumerate(["One text.", "Two text.", "Three, Lyon text."]):
        (folder / str(i)).write_text(text, encoding="utf-8")
    assert [a.text for a in read_flat(gold, 2, [])] == ["One text.", "Two text."]


def test_flat_reader_without_texts_says_where_it_looked(tmp_path):
    gold = tmp_path / "lonely_gold.txt"
    gold.write_text("\n", encoding="utf-8")
    with pytest.raises(TidingsError, match="lonely.xml"):
        list(read_flat(gold, None, []))


def _place(text: str, start: int, lat: float | None, lon: float | None) -> Place:
    return Place(text, None, None, None, lat, lon, text=text, start=start, end=start + len(text))


def test_scores_recognition_and_resolution_by_hand():
    text = "Rain fell on Paris and Lyon and Berlin."
    article = Article("t", text, [Toponym(13, 18, "Paris", *PARIS), Toponym(23, 27, "Lyon", *LYON),
                                  Toponym(32, 38, "Berlin")])
    places = [_place("Rain", 0, 1.0, 1.0), _place("Paris", 13, *PARIS),
              _place("Lyon and", 23, *PARIS)]  # Lyon found with a longer span, put in Paris
    tally = Tally()
    tally.add(article, places)
    m = tally.metrics()
    assert (m["exact_precision"], m["exact_recall"]) == (pytest.approx(1 / 3),) * 2
    assert (m["overlap_precision"], m["overlap_recall"]) == (pytest.approx(2 / 3),) * 2
    lyon_error = haversine_km(*LYON, *PARIS)
    assert lyon_error == pytest.approx(392, abs=2)
    assert m["acc_161km"] == 0.5
    assert m["mean_error_km"] == m["median_error_km"] == pytest.approx(lyon_error / 2)
    assert m["auc"] == pytest.approx(math.log(1 + lyon_error) / math.log(MAX_ERROR_KM) / 2)
    assert tally.worst()[0]["text"] == "Lyon and"


def test_a_recognised_place_without_coordinates_counts_as_the_maximum_error():
    tally = Tally()
    tally.add(Article("t", "In Lyon.", [Toponym(3, 7, "Lyon", *LYON)]), [_place("Lyon", 3, None,
                                                                                None)])
    assert tally.errors == [MAX_ERROR_KM] and tally.unplaced == 1


def test_run_scores_the_pipeline_on_a_fixture(tmp_path, pipeline):
    path = tmp_path / "one.xml"
    path.write_text(XML[: XML.index("  <article>\n    <text>Floods")] + "</articles>\n",
                    encoding="utf-8")
    n, metrics, details = run(path, "lgl-xml")
    assert n == 1 and details["gold_toponyms"] == 2
    assert metrics["overlap_recall"] == 1.0  # Paris and Berlin
    assert metrics["acc_161km"] == 1.0 and details["resolved_scored"] == 1
    with pytest.raises(TidingsError):
        run(path, "nonsense")


@pytest.mark.parametrize(("fmt", "name"), [("lgl-xml", "lgl.xml"), ("lgl-xml", "TR-News.xml"),
                                           ("gritta-flat", "lgl_gold.txt")])
def test_shared_gold_reads_and_scores(shared, fmt, name):
    path = shared / "evaldata" / "geo" / name
    if not path.exists():
        pytest.skip(f"{path} is not present")
    n, metrics, details = run(path, fmt, limit=3)
    assert n == 3 and details["gold_toponyms"] > 0 and details["problem_count"] == 0
    assert 0.0 <= metrics["overlap_f1"] <= 1.0 and 0.0 <= metrics["auc"] <= 1.0

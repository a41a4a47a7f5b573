from pathlib import Path

import pytest

from tidings.evaluate import quotes as Q
from tidings.model import ActorRef, Quote

# Our own BRAT standoff, in PolNeAR's shape: spans, then an E line linking them.
ANN = """T1\tSource 0 5\tAlice
T2\tCue 6 10\tsaid
T3\tContent 11 20;25 30\ttext
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tContent 40 50\ttext
T6\tContent2 55 60\ttext
T7\tCue 51 54\tsaid
T8\tAttribution-no-source 51 54\tsaid
E2\tAttribution-no-source:T8 Content:T5 Content2:T6 Cue:T7
T9\tSource 70 oops\tbroken
E3\tAttribution:T4 Content:T99 Cue:T2
T10\tDiscard 80 90\tRead more here.
"""


def test_read_ann_links_spans_and_reports_bad_lines():
    errors: list[str] = []
    gold = Q.read_ann(ANN.splitlines(keepends=True), errors, "x.ann")
    assert [g.id for g in gold] == ["E1", "E2"]
    assert gold[0].content == [(11, 20), (25, 30)] and gold[0].source == [(0, 5)]
    assert gold[0].cue == [(6, 10)]
    assert gold[1].content == [(40, 50), (55, 60)] and gold[1].source == []
    assert errors == ["x.ann:11: bad span line 'T9\\tSource 70 oops\\tbroken'",
                      "x.ann: E3 refers to missing T99", "x.ann: E3 has no content span"]


TEXT = ('Mayor Anna Berg said the bridge will open in May. "We are proud of the work," '
        "Berg said. Critics argued that costs had doubled.")


def span(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(text, start + 1)
    return start, start + len(text)


def quote(text: str, direct: bool, speaker: tuple[str, str] | None = None, nth: int = 0
          ) -> Quote:
    start, end = span(text, nth)
    ref = None
    if speaker:
        s, e = span(speaker[0])
        ref = ActorRef(speaker[1], None, None, None, speaker[0], s, e)
    return Quote(text, start, end, direct, "said", ref, ref.text if ref else None)


def test_direct_is_decided_by_quote_marks():
    words = Q.Words(TEXT)
    assert words.is_direct([span('"We are proud of the work,"')])
    assert words.is_direct([span("We are proud of the work,")])  # enclosed
    assert not words.is_direct([span("the bridge will open in May")])
    # an open quote runs to the end of its paragraph
    assert Q.Words('He said: "We will win.\nNext').is_direct([(9, 21)])


def test_scoring_hand_computed():
    gold = [
        Q.GoldAttribution("E1", [span("the bridge will open in May")], [span("Mayor Anna Berg")]),
        Q.GoldAttribution("E2", [span('"We are proud of the work,"')], [span("Berg", 1)]),
        Q.GoldAttribution("E3", [span("that costs had doubled")], [span("Critics")]),
    ]
    pred = [
        quote("the bridge will open", False, ("Anna Berg", "Anna Berg")),  # 4 of 6 words
        quote("We are proud of the work,", True, ("Mayor", "Anna Berg")),  # same words
        quote("costs had doubled", False),  # 3 of 4 words, no speaker
        quote("the work", True, nth=0),  # 2 of 6 words: no match
    ]
    counts = {c: Q.Counts() for c in Q.CLASSES}
    Q.score_article(TEXT, gold, pred, counts)
    m = {}
    for c in Q.CLASSES:
        m |= counts[c].metrics(c)
    # direct: gold 1, pred 2, content tp 1 (exact), speaker pairs 1/1, tp 1 (by name "Berg")
    assert m["direct_content_precision"] == 0.5 and m["direct_content_recall"] == 1.0
    assert m["direct_content_f1"] == pytest.approx(2 / 3)
    assert m["direct_content_exact_f1"] == pytest.approx(2 / 3)
    assert m["direct_speaker_f1"] == 1.0
    # indirect: gold 2, pred 2, both match by overlap, neither exactly; speaker tp 1 of
    # pred pairs 1 and gold pairs 2
    assert m["indirect_content_f1"] == 1.0 and m["indirect_content_exact_f1"] == 0.0
    assert m["indirect_speaker_precision"] == 1.0 and m["indirect_speaker_recall"] == 0.5
    assert m["indirect_speaker_f1"] == pytest.approx(2 / 3)
    # all: content tp 3 of pred 4, gold 3; speaker tp 2 of pred 2, gold 3
    assert m["all_content_precision"] == 0.75 and m["all_content_recall"] == 1.0
    assert m["all_content_exact_recall"] == pytest.approx(1 / 3)
    assert m["all_speaker_f1"] == pytest.approx(0.8)


def test_match_is_one_to_one_best_overlap_first():
    gold = [frozenset(range(0, 10))]
    pred = [frozenset(range(0, 6)), frozenset(range(0, 9))]
    assert Q._match(gold, pred, exact=False) == [(0, 1)]
    assert Q._match(gold, [frozenset(range(0, 10))], exact=True) == [(0, 0)]


ARTICLE = """Bridge opens next spring

"We are proud of the work our engineers have done," Mayor Anna Berg told reporters on Monday.

Berg said the bridge would open in May.
"""


def write_compartment(root: Path) -> Path:
    comp = root / "dev"
    (comp / "text").mkdir(parents=True)
    (comp / "attributions").mkdir()
    (comp / "text" / "local_2021-05-03_bridge.txt").write_text(ARTICLE, encoding="utf-8")

    def t(tid: str, label: str, text: str, nth: int = 0) -> str:
        start = -1
        for _ in range(nth + 1):
            start = ARTICLE.index(text, start + 1)
        return f"{tid}\t{label} {start} {start + len(text)}\t{text}\n"

    first = (t("T1", "Content", '"We are proud of the work our engineers have done,"')
             + t("T2", "Source", "Mayor Anna Berg") + t("T3", "Cue", "told")
             + t("T4", "Attribution", "told")
             + "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
             + t("T5", "Source", "Berg", 1) + t("T6", "Cue", "said")
             + t("T7", "Content", "the bridge would open in May") + t("T8", "Attribution", "said")
             + "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5\n")
    ann = comp / "attributions"
    (ann / "local_2021-05-03_bridge_aaaa.ann").write_text(first, encoding="utf-8")
    (ann / "local_2021-05-03_bridge_bbbb.ann").write_text("", encoding="utf-8")  # 2nd annotator
    (root / "metadata.tsv").write_text(
        "compartment\tfilename\tpublication_date\ttitle\n"
        "dev\tlocal_2021-05-03_bridge\t2021-05-03\tBridge opens next spring\n", encoding="utf-8")
    return comp


def test_reader_takes_first_annotation_and_metadata(tmp_path: Path):
    comp = write_compartment(tmp_path)
    errors: list[str] = []
    (article,) = Q.read_polnear(comp, errors)
    assert article.published == "2021-05-03" and len(article.gold) == 2 and errors == []


def test_run_on_fixture(tmp_path: Path, pipeline):
    comp = write_compartment(tmp_path)
    n, metrics, details = Q.run(comp, "polnear")
    assert n == 1
    assert details["counts"]["direct"]["gold"] == 1
    assert details["counts"]["indirect"]["gold"] == 1
    assert metrics["direct_content_recall"] == 1.0


def test_run_rejects_a_folder_without_text(tmp_path: Path):
    from tidings.model import TidingsError

    with pytest.raises(TidingsError):
        list(Q.read_polnear(tmp_path, []))


def test_dev_set_smoke(shared: Path, pipeline):
    path = shared / "evaldata" / "polnear" / "dev"
    if not path.is_dir():
        pytest.skip("PolNeAR dev data not present")
    n, metrics, details = Q.run(path, "polnear", limit=2)
    assert n == 2 and details["counts"]["all"]["gold"] > 0
    assert 0.0 <= metrics["all_content_f1"] <= 1.0

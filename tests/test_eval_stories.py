"""`tidings eval stories ecbplus`: the ECB+ reader, the clustering and B-cubed/pairwise scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.evaluate.stories import (
    bcubed,
    detokenize,
    pair_counts,
    read_document,
    read_topic,
    run,
    score,
)

QUAKE = [
    "A strong earthquake shook the city of Izmir in Turkey on Friday , toppling buildings .",
    "Rescuers in Izmir pulled survivors from the rubble of collapsed apartment blocks .",
]
QUAKE_2 = [
    "Rescue teams searched collapsed buildings in Izmir after Friday 's earthquake .",
    "Turkish officials said the earthquake in Izmir had killed at least twenty people .",
]
FLOOD = [
    "http : / / news . example . org / 2012 / lima - floods",
    "Floods swept through Lima in Peru after days of heavy rain , forcing families to flee .",
    "The river burst its banks and flooded hundreds of homes in Lima , officials said .",
]
FLOOD_2 = [
    "http : / / news . example . org / 2012 / lima - rain",
    "Heavy rain flooded homes across Lima and rescuers evacuated families by boat .",
    "Peruvian officials said the floods in Lima had forced thousands to leave their homes .",
]


def ecb_xml(name: str, sentences: list[str]) -> str:
    tokens, t_id = [], 1
    for s, sentence in enumerate(sentences):
        for k, word in enumerate(sentence.split()):
            word = word.replace("&", "&amp;").replace("<", "&lt;")
            tokens.append(f'<token t_id="{t_id}" sentence="{s}" number="{k}">{word}</token>')
            t_id += 1
    return (f'<Document doc_name="{name}" doc_id="DOC1">\n' + "\n".join(tokens)
            + "\n<Markables>\n</Markables>\n<Relations>\n</Relations>\n</Document>\n")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    topic = tmp_path / "7"
    topic.mkdir()
    for name, sentences in [("7_1ecb.xml", QUAKE), ("7_2ecb.xml", QUAKE_2),
                            ("7_1ecbplus.xml", FLOOD), ("7_2ecbplus.xml", FLOOD_2)]:
        (topic / name).write_text(ecb_xml(name, sentences), encoding="utf-8")
    return tmp_path


def test_detokenize() -> None:
    tokens = "He said `` no , '' ( twice ) and it 's $ 5 ."
    assert detokenize(tokens.split(" ")) == 'He said "no," (twice) and it\'s $5.'


def test_read_document_drops_the_url_sentence(corpus: Path) -> None:
    doc = read_document(corpus / "7" / "7_1ecbplus.xml")
    assert doc.gold == "ecbplus"
    assert doc.url == "http://news.example.org/2012/lima-floods"
    assert doc.text.splitlines()[0].startswith("Floods swept through Lima in Peru")
    ecb = read_document(corpus / "7" / "7_1ecb.xml")
    assert ecb.gold == "ecb" and ecb.url is None
    assert ecb.text.splitlines()[0].startswith("A strong earthquake shook the city of Izmir")


def test_malformed_file_is_reported(corpus: Path) -> None:
    (corpus / "7" / "7_3ecb.xml").write_text("<Document><token", encoding="utf-8")
    docs, problems = read_topic(corpus / "7")
    assert len(docs) == 4
    assert len(problems) == 1 and "7_3ecb.xml" in problems[0]


def test_bcubed_and_pairs_by_hand() -> None:
    gold, pred = ["a", "a", "b", "b"], [0, 0, 0, 1]
    p, r = bcubed(gold, pred)
    assert p == pytest.approx([2 / 3, 2 / 3, 1 / 3, 1])
    assert r == pytest.approx([1, 1, 1 / 2, 1 / 2])
    assert pair_counts(gold, pred) == (1, 2, 1)


def test_score_macro_and_micro_by_hand() -> None:
    m = score([(["a", "a", "b", "b"], [0, 0, 0, 1]), (["x", "x", "x"], [0, 1, 2])])
    # topic 1: B3 P 2/3 R 3/4 F 12/17; pairs TP 1 FP 2 FN 1: P 1/3 R 1/2 F 0.4
    # topic 2: B3 P 1 R 1/3 F 1/2; pairs TP 0 FP 0 FN 3: P 0 (0/0) R 0 F 0
    assert m["bcubed_macro_p"] == pytest.approx(5 / 6)
    assert m["bcubed_macro_r"] == pytest.approx(13 / 24)
    assert m["bcubed_macro_f1"] == pytest.approx((12 / 17 + 1 / 2) / 2)
    assert m["pairwise_macro_p"] == pytest.approx(1 / 6)
    assert m["pairwise_macro_r"] == pytest.approx(1 / 4)
    assert m["pairwise_macro_f1"] == pytest.approx(0.2)
    # pooled: B3 over 7 documents; pairs TP 1 FP 2 FN 4
    assert m["bcubed_micro_p"] == pytest.approx(17 / 21)
    assert m["bcubed_micro_r"] == pytest.approx(4 / 7)
    assert m["pairwise_micro_p"] == pytest.approx(1 / 3)
    assert m["pairwise_micro_r"] == pytest.approx(1 / 5)
    assert m["pairwise_micro_f1"] == pytest.approx(0.25)


def test_run_on_fixture(corpus: Path, pipeline) -> None:
    n, metrics, details = run(corpus, "ecbplus")
    assert n == 4
    assert details["topics"]["7"]["gold_clusters"] == 2
    assert set(metrics) >= {"bcubed_macro_f1", "bcubed_micro_f1", "pairwise_macro_f1",
                            "pairwise_micro_f1"}
    assert metrics["bcubed_macro_f1"] == 1.0  # two stories with no words in common
    assert run(corpus / "7", "ecbplus")[0] == 4  # a topic folder on its own
    assert run(corpus, "ecbplus", limit=0)[0] == 0


def test_shared_data(shared: Path, pipeline) -> None:
    path = shared / "evaldata" / "ecbplus"
    if not path.is_dir():
        pytest.skip("no ECB+ data")
    n, metrics, details = run(path, "ecbplus", limit=1)
    assert n == sum(t["documents"] for t in details["topics"].values())
    assert 0.0 <= metrics["bcubed_macro_f1"] <= 1.0

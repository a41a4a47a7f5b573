from pathlib import Path

import pytest

from tidings.evaluate import ner
from tidings.model import Mention

# Our own sentences, in CoNLL-2003 layout (token POS chunk tag), IOB2 like the shared copy.
FIXTURE = """-DOCSTART- -X- -X- O

Maria NNP B-NP B-PER
Lopez NNP I-NP I-PER
visited VBD B-VP O
Oslo NNP B-NP B-LOC
with IN B-PP O
the DT B-NP O
Red NNP I-NP B-ORG
Cross NNP I-NP I-ORG
. . O O

Norwegian JJ B-NP B-MISC
officials NNS I-NP O
welcomed VBD B-VP O
her PRP B-NP O
. . O O

-DOCSTART- -X- -X- O

Kenya NNP B-NP B-LOC
beat VBD B-VP O
Uganda NNP B-NP B-LOC
brokenline
in IN B-PP O
Kampala NNP B-NP B-LOC
. . O O
"""


def read(text: str) -> tuple[list[ner.Document], list[str]]:
    errors: list[str] = []
    return list(ner.read_conll(text.splitlines(keepends=True), errors, "fixture")), errors


def test_reader_splits_documents_and_reports_malformed_lines():
    docs, errors = read(FIXTURE)
    assert len(docs) == 2
    assert docs[0].tokens[:2] == ["Maria", "Lopez"] and docs[0].sentence_ends == [9, 14]
    assert docs[1].tokens == ["Kenya", "beat", "Uganda", "in", "Kampala", "."]
    assert errors == ["fixture:24: not 'token ... BIO-tag': 'brokenline'"]


def test_text_rebuilt_with_offsets():
    docs, _ = read(FIXTURE)
    text, offsets = docs[0].text_and_offsets()
    assert text.startswith("Maria Lopez visited Oslo with the Red Cross .\nNorwegian")
    assert all(text[s:e] == tok for (s, e), tok in zip(offsets, docs[0].tokens, strict=True))


def test_chunks_iob2_and_iob1():
    docs, _ = read(FIXTURE)
    assert ner.chunks(docs[0].tags, docs[0].sentence_ends) == {
        (0, 2, "PER"), (3, 4, "LOC"), (6, 8, "ORG"), (9, 10, "MISC")}
    # IOB1 (the original CoNLL-2003 files): I- opens an entity, B- only splits two in a row
    assert ner.chunks(["I-PER", "I-PER", "B-PER", "O", "I-LOC"], []) == {
        (0, 2, "PER"), (2, 3, "PER"), (4, 5, "LOC")}
    # a sentence boundary ends an entity even when the next tag continues it
    assert ner.chunks(["I-LOC", "I-LOC"], [1]) == {(0, 1, "LOC"), (1, 2, "LOC")}


def test_projection_trims_article_and_possessive():
    tokens = ["the", "Red", "Cross", "'s", "staff"]
    offsets = [(0, 3), (4, 7), (8, 13), (14, 16), (17, 22)]
    assert ner.to_entities([(0, 16, "ORG")], offsets, tokens) == {(1, 3, "ORG")}
    assert ner.to_entities([(5, 9, "ORG")], offsets, tokens) == {(1, 3, "ORG")}  # widened
    card = ["J.", "Wren", "4-17", ","]
    card_offsets = [(0, 2), (3, 7), (8, 12), (13, 14)]
    assert ner.to_entities([(0, 12, "PER")], card_offsets, card) == {(0, 2, "PER")}


def test_select_prefers_longest_then_tidings():
    chosen = ner.select([(ner.RANK_SPACY, 0, 5, "PER"), (ner.RANK_MENTION, 0, 5, "LOC"),
                         (ner.RANK_PLACE, 0, 12, "LOC"), (ner.RANK_SPACY, 20, 25, "ORG")])
    assert chosen == [(0, 12, "LOC"), (20, 25, "ORG")]
    assert ner.select([(ner.RANK_SPACY, 0, 5, "PER"), (ner.RANK_MENTION, 0, 5, "LOC")]) == [
        (0, 5, "LOC")]


def test_mention_types():
    def m(label: str, how: str) -> Mention:
        return Mention("x", 0, 1, label, how=how)

    assert ner.mention_type(m("PERSON", "alias")) == "PER"
    assert ner.mention_type(m("PERSON", "pronoun")) is None
    assert ner.mention_type(m("COUNTRY", "alias")) == "LOC"
    assert ner.mention_type(m("COUNTRY", "demonym")) == "MISC"
    assert ner.mention_type(m("GOV", "metonym")) == "LOC"
    assert ner.mention_type(m("GROUP", "demonym+role")) is None
    assert ner.mention_type(m("IGO", "alias")) == "ORG"


def test_counts_hand_computed():
    counts = ner.Counts()
    gold = {(0, 2, "PER"), (3, 4, "LOC"), (6, 8, "ORG"), (9, 10, "MISC")}
    pred = {(0, 2, "PER"), (3, 4, "ORG"), (6, 8, "ORG"), (11, 12, "LOC")}
    counts.add(gold, pred)
    got = counts.metrics()
    # PER 1/1/1; ORG tp 1 of pred 2, gold 1; LOC tp 0 of pred 1, gold 1; MISC tp 0, gold 1
    assert got["per_f1"] == 1.0
    assert got["org_precision"] == 0.5 and got["org_recall"] == 1.0
    assert got["org_f1"] == pytest.approx(2 / 3)
    assert got["loc_f1"] == 0.0 and got["misc_recall"] == 0.0
    # micro over PER/ORG/LOC: tp 2, pred 4, gold 3 → P .5, R 2/3, F 4/7
    assert got["micro_precision"] == 0.5 and got["micro_recall"] == pytest.approx(2 / 3)
    assert got["micro_f1"] == pytest.approx(4 / 7)
    # with MISC: tp 2, pred 4, gold 4
    assert got["micro_all_f1"] == 0.5


def test_run_on_fixture(tmp_path: Path, pipeline):
    path = tmp_path / "mini.txt"
    path.write_text(FIXTURE, encoding="utf-8")
    n, metrics, details = ner.run(path, "conll")
    assert n == 2 and details["n_malformed"] == 1
    assert details["counts"]["LOC"]["gold"] == 4
    assert 0.0 <= metrics["micro_f1"] <= 1.0
    n, _, _ = ner.run(path, "conll", limit=1)
    assert n == 1


def test_dev_set_smoke(shared: Path, pipeline):
    path = shared / "evaldata" / "conll2003" / "dev.txt"
    if not path.is_file():
        pytest.skip("CoNLL-2003 dev data not present")
    n, metrics, details = ner.run(path, "conll", limit=3)
    assert n == 3 and details["n_malformed"] == 0
    assert metrics["micro_f1"] > 0.3


def test_spans_running_two_names_together_give_way_to_the_names(pipeline):
    # the tagger may read a scorer line as one name; its parts are predicted instead
    text = "Scorers : Poland - Marek Nowak ( 12th ) , Latvia - Janis Berzins ( 80th )"
    doc = pipeline.nlp(text)
    assert any(" - " in e.text for e in doc.ents)  # what the tagger does with it
    spans = ner.predict(doc, [], [], frozenset())
    assert (text.index("Poland"), text.index(" -"), "LOC") in spans
    assert not any(" - " in text[s:e] for s, e, _ in spans)

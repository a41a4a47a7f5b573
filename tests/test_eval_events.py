"""Readers and scorers of the event evaluations, on fixtures written for these tests.

Expected scores are worked out by hand in the comments, not by the code under test.
"""

import json
from pathlib import Path

import pytest

from tidings.evaluate import events as ev
from tidings.model import ActorRef, Event, Span, TidingsError

PLOVER = [
    {"id": "TEST-DOCUMENT-0001", "event": "DOCUMENT", "eventText": "file notes"},
    {"id": "TEST-AGREE-0001", "date": "2000-01-01", "event": "AGREE",
     "eventText": "agreed build",
     "source": [{"actorText": "Norway", "code": "NOR"}],
     "target": [{"actorText": "Chile", "code": "CHL", "sector": "GOV"}],
     "text": "Norway agreed on Monday to build a school in Chile.",
     "textInfo": {"markup": "(SRC: Norway) (EVT: agreed) to (EVT: build) ..."}},
    {"id": "TEST-DEMAND-0001", "date": "2000-01-01", "event": "DEMAND",
     "eventText": "demanded", "source": [{"actorText": "Peruvian unions", "code": "PER"}],
     "target": None, "text": "Peruvian unions demanded higher wages on Friday."},
    {"id": "TEST-FIGHT-0001", "date": "2000-01-01", "event": "FIGHT", "eventText": "clashed",
     "source": [{"actorText": "Kenyan police", "code": "KEN"},
                {"actorText": "Somali", "code": "SOM"}],
     "target": "", "text": "Kenyan police and Somali gunmen clashed near the border."},
    {"id": "TEST-BROKEN-0001", "event": "AGREE"},
]

PETRARCH_XML = """\
<Validation>
##########################################
#   test records, written for tidings
##########################################
<Environment>
    <Actorfile>test.actors.txt</Actorfile>
    <Agentfile>test.agents.txt</Agentfile>
</Environment>
<Sentences>
<Sentence date="19990105" id="TEST-01" category="DEMO" sentence="true">
<!-- two codings, text over two lines -->
<EventCoding sourcecode="NUM" targetcode="LIN" eventcode="064"></EventCoding>
<EventCoding sourcecode='LIN' targetcode="NUMGOV" eventcode="036" />
<Text>
Numenor restored diplomatic ties with
Lindon on Tuesday.
</Text>
<Parse>
(ROOT (S (NP (NNP Numenor)) (VP (VBD restored))))
</Parse>
</Sentence>
<!--
<Sentence date="19990106" id="TEST-COMMENTED" category="DEMO" sentence="true">
<EventCoding sourcecode="XXX" targetcode="YYY" eventcode="010"></EventCoding>
<Text>Commented out.</Text>
</Sentence>
-->
<Sentence category="TEST" date="19990107" id="TEST-02" evaluate="true"/>
<EventCoding noevents = "True"></EventCoding>
<Text>
</Text>
<Parse>
1\tIt\tit\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\trained\train\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_
</Parse></Sentence>
</Sentences>
</Validation>
"""

ACTORS = "NUMENOR_ [NUM]\nLINDON [LIN]\n"
AGENTS = "GOVERNMENT [~GOV]\n"

CONFLIBERT = (
    "Rebels shelled the northern town overnight.\t4\r\n"
    "The two ministers praised the new trade pact.\t1\r\n"
    "Officials said the talks would resume next week.\t0\r\n"
    "The council sent food and medicine to the flooded valley.\t2\r\n"
    "a line without a valid label\t7\r\n"
)


@pytest.fixture
def plover_file(tmp_path: Path) -> Path:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(PLOVER), encoding="utf-8")
    return path


@pytest.fixture
def petrarch_file(tmp_path: Path) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "dictionaries").mkdir()
    (tmp_path / "dictionaries" / "test.actors.txt").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "dictionaries" / "test.agents.txt").write_text(AGENTS, encoding="utf-8")
    path = tmp_path / "text" / "test.xml"
    path.write_text(PETRARCH_XML, encoding="utf-8")
    return path


@pytest.fixture
def conflibert_file(tmp_path: Path) -> Path:
    path = tmp_path / "train.tsv"
    path.write_bytes(CONFLIBERT.encode("utf-8"))
    return path


def _event(trigger: str, start: int, plover: str | None = "AGREE", cameo: str = "030",
           source: tuple[str, ...] = (), target: tuple[str, ...] = ()) -> Event:
    def refs(countries: tuple[str, ...]) -> list[ActorRef]:
        return [ActorRef(c, c, c, None, c, 0, 1) for c in countries]

    return Event("e", "a", 0, "", Span(trigger, start, start + len(trigger)), refs(source),
                 refs(target), cameo, cameo[:2], 1, 0.0, plover, None, False, "asserted", None,
                 "none", "none", None, "test")


# --- readers ---------------------------------------------------------------------------------


def test_read_plover_maps_old_labels_and_reports_bad_records(plover_file: Path) -> None:
    problems: list[str] = []
    records = list(ev.read_plover(plover_file, problems))
    assert [r.id for r in records] == ["TEST-AGREE-0001", "TEST-DEMAND-0001", "TEST-FIGHT-0001"]
    assert [r.gold for r in records] == [
        ev.Coded("AGREE", ("NOR",), ("CHL",)),
        ev.Coded("REQUEST", ("PER",), ()),
        ev.Coded("ASSAULT", ("KEN", "SOM"), ()),
    ]
    assert records[0].event_text == "agreed build"
    assert len(problems) == 1 and "TEST-BROKEN-0001" in problems[0]


def test_read_petrarch_handles_comments_quotes_and_empty_text(petrarch_file: Path) -> None:
    problems: list[str] = []
    sentences = list(ev.read_petrarch(petrarch_file, problems))
    assert problems == []
    assert [s.id for s in sentences] == ["TEST-01", "TEST-02"]
    first, second = sentences
    assert first.text == "Numenor restored diplomatic ties with Lindon on Tuesday."
    assert first.date == "1999-01-05"
    assert first.codings == [("NUM", "LIN", "064"), ("LIN", "NUMGOV", "036")]
    assert second.noevents and second.codings == []
    assert second.text == "It rained."  # rebuilt from the CoNLL-U parse


def test_petrarch_environment_finds_dictionaries(petrarch_file: Path) -> None:
    problems: list[str] = []
    book, info = ev.load_codebook(petrarch_file, problems)
    assert info["actor_files"] == ["test.actors.txt"]
    assert info["agent_files"] == ["test.agents.txt"]
    assert book is not None and book.code("the Numenor government") == "NUMGOV"


def test_read_conflibert_strips_crlf_and_reports_bad_labels(conflibert_file: Path) -> None:
    problems: list[str] = []
    rows = list(ev.read_conflibert(conflibert_file, problems))
    assert [(no, label) for no, _, label in rows] == [(1, 4), (2, 1), (3, 0), (4, 2)]
    assert rows[0][1] == "Rebels shelled the northern town overnight."
    assert len(problems) == 1 and problems[0].startswith("line 5")


# --- scorers ---------------------------------------------------------------------------------


def test_score_plover_on_fixed_predictions() -> None:
    gold = [ev.Coded("AGREE", ("USA",), ("CHN",)),
            ev.Coded("ASSAULT", ("SYR",), ()),
            ev.Coded("REQUEST", ("FRA",), ("DEU",))]
    pred = [ev.Coded("AGREE", ("USA",), ("CHN",)),
            ev.Coded("COERCE", ("SYR",), ("TUR",)),
            ev.Coded(None)]  # no event found
    metrics, details = ev.score_plover(gold, pred)
    # type: 1 right, 1 wrong guess, 2 missed -> P 1/2, R 1/3, F1 0.4; per label
    # AGREE 1, ASSAULT 0, REQUEST 0, COERCE 0 -> macro 0.25
    assert metrics["type_micro_p"] == pytest.approx(0.5)
    assert metrics["type_micro_r"] == pytest.approx(1 / 3)
    assert metrics["type_micro_f1"] == pytest.approx(0.4)
    assert metrics["type_macro_f1"] == pytest.approx(0.25)
    assert metrics["type_accuracy"] == pytest.approx(1 / 3)
    # sources: USA, SYR found, FRA missed -> P 1, R 2/3, F1 0.8; 2 of 3 sets exact
    assert metrics["source_p"] == pytest.approx(1.0)
    assert metrics["source_f1"] == pytest.approx(0.8)
    assert metrics["source_accuracy"] == pytest.approx(2 / 3)
    # targets: CHN found, TUR spurious, DEU missed -> 0.5 each; exact on 1 of the 2 with gold
    assert metrics["target_p"] == pytest.approx(0.5)
    assert metrics["target_r"] == pytest.approx(0.5)
    assert metrics["target_accuracy"] == pytest.approx(0.5)
    # triples: (USA, AGREE, CHN) only -> P 1/2, R 1/3, F1 0.4
    assert metrics["triple_p"] == pytest.approx(0.5)
    assert metrics["triple_r"] == pytest.approx(1 / 3)
    assert metrics["triple_f1"] == pytest.approx(0.4)
    assert details["type_confusion"] == {"AGREE": {"AGREE": 1}, "ASSAULT": {"COERCE": 1},
                                         "REQUEST": {"(none)": 1}}


def test_score_codings_on_fixed_predictions() -> None:
    gold = [[("ARN", "GON", "064"), ("GON", "ARN", "064")], [], [("ROHMIL", "MOR", "190")]]
    pred = [[("ARN", "GON", "064")], [("ITH", "", "010")], [("ROH", "MOR", "193")]]
    m = ev.score_codings(gold, pred)
    # roots 06,06 | - | 19 vs 06 | 01 | 19: tp 2, fp 1, fn 1
    assert (m["root_p"], m["root_r"]) == pytest.approx((2 / 3, 2 / 3))
    # codes: only 064 once: tp 1, fp 2, fn 2
    assert m["code_f1"] == pytest.approx(1 / 3)
    # sources ARN,GON | - | ROHMIL vs ARN | ITH | ROH: tp 1, fp 2, fn 2
    assert m["source_f1"] == pytest.approx(1 / 3)
    # targets GON,ARN | - | MOR vs GON | (none) | MOR: tp 2, fp 0, fn 1
    assert (m["target_p"], m["target_r"], m["target_f1"]) == pytest.approx((1, 2 / 3, 0.8))
    assert m["triple_f1"] == pytest.approx(1 / 3)


def test_penta_class_boundaries() -> None:
    # Phoenix: investigate (09) and reduce relations (16) are verbal conflict, protest (14)
    # material conflict
    assert [ev.penta_class(c) for c in (None, "010", "0211", "036", "057", "061", "0874",
                                        "090", "100", "141", "150", "163", "204")] == [
        0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 3, 4]


def test_score_penta_on_fixed_predictions() -> None:
    metrics, details = ev.score_penta([0, 1, 2, 3, 4], [0, 1, 1, 3, 0])
    # per class F1: 0 -> 2/3, 1 -> 2/3, 2 -> 0, 3 -> 1, 4 -> 0; macro 7/15
    assert metrics["accuracy"] == pytest.approx(0.6)
    assert metrics["macro_f1"] == pytest.approx(7 / 15)
    assert details["confusion"]["2"] == {"1": 1}


def test_salient_prefers_the_gold_trigger_then_typed_events() -> None:
    statement = _event("said", 0, plover=None, cameo="010", source=("USA",))
    meeting = _event("met", 10, plover="CONSULT", cameo="040")
    pledge = _event("pledged", 20, plover="AGREE", source=("USA",))
    assert ev.salient([pledge, meeting, statement], "pledged help") is pledge
    assert ev.salient([pledge, meeting, statement], typed=True) is pledge  # first with an actor
    assert ev.salient([statement, meeting]) is statement
    assert ev.salient([]) is None


def test_predicted_codings_cross_sources_and_targets() -> None:
    e = _event("met", 0, cameo="040", source=("USA", "FRA"), target=("CHN",))
    lonely = _event("protested", 5, cameo="140", source=("GRC",))
    codings = ev.predict_codings([e, lonely], lambda ref, day: ref.country or "", None)
    assert codings == [("USA", "CHN", "040"), ("FRA", "CHN", "040"), ("GRC", "", "140")]


# --- end to end on the fixtures (runs the pipeline) ------------------------------------------


@pytest.mark.parametrize("fmt,fixture,n", [("plover-gsr", "plover_file", 3),
                                           ("petrarch-xml", "petrarch_file", 2),
                                           ("conflibert", "conflibert_file", 4)])
def test_run_scores_every_record(fmt: str, fixture: str, n: int, pipeline,
                                 request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(fixture)
    scored, metrics, details = ev.run(path, fmt)
    assert scored == n
    assert metrics and all(0.0 <= v <= 1.0 for v in metrics.values())
    json.dumps(details)  # reports are written as JSON


def test_run_rejects_unknown_format(plover_file: Path) -> None:
    with pytest.raises(TidingsError, match="unknown format"):
        ev.run(plover_file, "acled")


def test_real_files_parse(shared: Path) -> None:
    gsr = shared / "evaldata/plover-gsr/PLOVER_GSR_CAMEO.json"
    xml = shared / "evaldata/petrarch2-gsr/PETR2_GSR_validation.xml"
    tsv = shared / "evaldata/conflibert/cameo_class/train.tsv"
    if not (gsr.is_file() and xml.is_file() and tsv.is_file()):
        pytest.skip("event gold data not present")
    problems: list[str] = []
    assert len(list(ev.read_plover(gsr, problems))) > 100
    assert len(list(ev.read_petrarch(xml, problems))) > 50
    assert len(list(ev.read_conflibert(tsv, problems))) > 1000
    assert problems == []

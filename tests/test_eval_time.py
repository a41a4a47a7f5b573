import pytest

from tidings.evaluate.time import (
    Tally,
    TimeDoc,
    Timex,
    match_spans,
    parse,
    prf,
    read,
    run,
    timeml_value,
)
from tidings.model import TidingsError, TimeExpr

# Our own story, in TempEval-3 TimeML layout. 2013-03-13 is a Wednesday.
TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2013-03-13" temporalFunction="false"
 functionInDocument="CREATION_TIME">March 13, 2013</TIMEX3></DCT>
<TITLE>Bridge reopens</TITLE>
<TEXT>
The council <EVENT eid="e1" class="OCCURRENCE">reopened</EVENT> the old bridge on
<TIMEX3 tid="t1" type="DATE" value="2013-03-11" temporalFunction="true"
 functionInDocument="NONE">Monday</TIMEX3> after repairs that took
<TIMEX3 tid="t2" type="DURATION" value="P2W">two weeks</TIMEX3> &amp; cost more than
planned, the mayor <EVENT eid="e2" class="REPORTING">said</EVENT>
<SIGNAL sid="s1">in</SIGNAL> <TIMEX3 tid="t3" type="DATE" value="2013-03">March</TIMEX3>.
</TEXT>
</TimeML>
"""


def _expr(text: str, start: int, day: str | None, precision: str) -> TimeExpr:
    return TimeExpr(text, start, start + len(text), day, precision)


def test_tidings_values_in_timeml_format():
    assert timeml_value(_expr("x", 0, "2013-03-11", "day")) == "2013-03-11"
    assert timeml_value(_expr("x", 0, "2013-03-01", "month")) == "2013-03"
    assert timeml_value(_expr("x", 0, "2013-01-01", "year")) == "2013"
    assert timeml_value(_expr("x", 0, "2024-01-01", "week")) == "2024-W01"
    assert timeml_value(_expr("x", 0, "2020-12-28", "week")) == "2020-W53"  # ISO weeks
    assert timeml_value(_expr("x", 0, None, "unknown")) is None
    assert timeml_value(_expr("now", 0, "2013-03-13", "present_ref")) == "PRESENT_REF"
    assert timeml_value(_expr("recently", 0, None, "past_ref")) == "PAST_REF"


def test_parse_strips_tags_and_keeps_offsets():
    doc = parse(TML, "test.tml")
    assert doc.id == "TEST001" and doc.dct.isoformat() == "2013-03-13"
    assert "<" not in doc.text and "& cost" in doc.text
    assert [(t.type, t.value, t.text) for t in doc.timexes] == [
        ("DATE", "2013-03-11", "Monday"), ("DURATION", "P2W", "two weeks"),
        ("DATE", "2013-03", "March")]
    assert all(doc.text[t.start:t.end] == t.text for t in doc.timexes)


def test_parse_names_what_is_missing():
    with pytest.raises(TidingsError, match="no <TEXT>"):
        parse("<TimeML><DOCID>x</DOCID></TimeML>", "empty.tml")
    with pytest.raises(TidingsError, match="broken.tml"):
        parse("<TimeML><TEXT>cut", "broken.tml")


def test_reader_reports_bad_files_and_keeps_going(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "b.tml").write_text("<TimeML><TEXT>cut", encoding="utf-8")
    (tmp_path / "c.tml").write_text("<TimeML><TEXT>No dates here.</TEXT></TimeML>",
                                    encoding="utf-8")
    problems: list[str] = []
    docs = list(read(tmp_path, None, problems))
    assert [d.id for d in docs] == ["c.tml", "TEST001"]  # sorted paths: c.tml < sub/a.tml
    assert len(problems) == 2 and "b.tml" in problems[0] and "creation time" in problems[1]
    assert len(list(read(tmp_path, 1, []))) == 0  # the first file is the broken one


def test_span_matching_and_counts():
    assert match_spans([(0, 6), (10, 19)], [(0, 6), (14, 19)], exact=True) == [(0, 0)]
    assert match_spans([(0, 6), (10, 19)], [(0, 6), (14, 19)], exact=False) == [(0, 0), (1, 1)]
    assert prf(1, 2, 4) == (0.5, 0.25, pytest.approx(1 / 3))
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_scores_spans_and_values_by_hand():
    text = "On Monday, for two weeks, in March, last year."
    doc = TimeDoc("d", text, None, [
        Timex(3, 9, "Monday", "DATE", "2013-03-11"),
        Timex(15, 24, "two weeks", "DURATION", "P2W"),
        Timex(29, 34, "March", "DATE", "2013-03"),
        Timex(36, 45, "last year", "DATE", "2012")])
    times = [_expr("On Monday", 0, "2013-03-11", "day"),  # overlaps Monday: right value
             _expr("two weeks", 15, None, "unknown"),  # exact on the DURATION
             _expr("March", 29, "2012-03-01", "month")]  # exact span, wrong year
    tally = Tally()
    tally.add(doc, times)
    m = tally.metrics()
    # DATE only: 3 gold, 3 predicted; strict: March; relaxed: Monday, March
    assert (m["date_strict_precision"], m["date_strict_recall"]) == (pytest.approx(1 / 3),) * 2
    assert (m["date_relaxed_precision"], m["date_relaxed_recall"]) == (
        pytest.approx(2 / 3), pytest.approx(2 / 3))
    # all types: 4 gold; strict: two weeks, March; relaxed: all three predictions
    assert (m["all_strict_precision"], m["all_strict_recall"]) == (
        pytest.approx(2 / 3), pytest.approx(2 / 4))
    assert (m["all_relaxed_precision"], m["all_relaxed_recall"]) == (1.0, pytest.approx(3 / 4))
    assert m["value_accuracy_matched"] == 0.5 and m["value_accuracy"] == pytest.approx(1 / 3)
    assert tally.fp_on_other_types == 1 and tally.found["DURATION"] == 1
    assert tally.value_misses[0]["tidings"] == "2012-03"


def test_a_week_number_in_one_digit_is_the_same_week():
    doc = TimeDoc("d", "This week.", None, [Timex(0, 9, "This week", "DATE", "2000-W7")])
    tally = Tally()
    tally.add(doc, [_expr("This week", 0, "2000-02-14", "week")])
    assert tally.values_right == 1


def test_gold_with_unspecified_parts_is_counted_apart():
    doc = TimeDoc("d", "In 1968.", None, [Timex(3, 7, "1968", "DATE", "1968-XX")])
    tally = Tally()
    tally.add(doc, [_expr("1968", 3, "1968-01-01", "year")])
    assert tally.values_right == 0 and tally.values_unspecified == 1


def test_run_scores_the_pipeline_on_a_fixture(tmp_path, pipeline):
    path = tmp_path / "story.tml"
    path.write_text(TML, encoding="utf-8")
    n, metrics, details = run(path, "timeml")
    assert n == 1 and details["gold"] == {"DATE": 2, "DURATION": 1}
    assert metrics["date_relaxed_recall"] == 1.0  # Monday, March
    assert metrics["value_accuracy"] == 1.0  # Monday = 2013-03-11 from the creation time
    with pytest.raises(TidingsError):
        run(path, "nonsense")


def test_shared_tempeval_reads_and_scores(shared):
    path = shared / "evaldata" / "tempeval3"
    if not path.is_dir():
        pytest.skip(f"{path} is not present")
    n, metrics, details = run(path, "timeml", limit=3)
    assert n == 3 and details["gold"].get("DATE", 0) > 0 and details["problem_count"] == 0
    assert 0.0 <= metrics["date_relaxed_f1"] <= 1.0

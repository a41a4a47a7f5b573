"""The touchstone: the scraped Putin–Kim summit wire story, read with its publication date."""

import json
from dataclasses import asdict

import pytest

from tidings.ingest import iter_inputs


@pytest.fixture(scope="module")
def summit(shared, pipeline):
    path = shared / "examples" / "summit-wire-story.txt"
    if not path.exists():
        pytest.skip("summit story not present")
    (raw,) = list(iter_inputs([str(path)], published="2019-04-25"))
    return pipeline(raw)


def _ids(actors):
    return {a.kb_id for a in actors}


def _meetings(analysis, *people):
    wanted = set(people)
    return [e for e in analysis.events if e.plover == "CONSULT"
            and wanted <= _ids(e.source) | _ids(e.target)]


def test_noise_is_dropped_and_kept_for_audit(summit):
    reasons = {d.reason for d in summit.dropped}
    texts = [d.text for d in summit.dropped]
    assert "headline repeated" in reasons
    assert "user" in texts and "IANS" in texts
    assert any(t.startswith("Follow us on") for t in texts)
    assert any(t.startswith("Join our official telegram") for t in texts)
    assert "Follow us" not in summit.text and "\nuser\n" not in summit.text


def test_attribution(summit):
    assert summit.agency == "IANS"
    assert summit.cited_sources == ["CNN", "Efe"]


def test_putin_kim_summit_that_day_in_vladivostok(summit):
    found = _meetings(summit, "person:vladimir-putin", "person:kim-jong-un")
    assert any(e.date == "2019-04-25" and e.date_precision == "day" for e in found)
    countries = [{a.country for a in e.source + e.target} for e in summit.events
                 if e.plover == "CONSULT" and e.date == "2019-04-25"]
    assert {"RUS", "PRK"} in countries
    located = [e for e in summit.events if e.location and "Vladivostok" in e.location.name]
    assert located, "the summit is placed at the university in Vladivostok"
    assert located[0].location.country == "RUS"
    assert {a.country for a in located[0].source + located[0].target} == {"RUS", "PRK"}


def test_kim_jong_il_met_the_then_president_medvedev_in_2011(summit):
    (event,) = _meetings(summit, "person:kim-jong-il", "person:dmitry-medvedev")
    assert (event.date, event.date_precision) == ("2011-01-01", "year")
    assert event.location is not None and event.location.name == "Siberia"
    medvedev = next(a for a in event.source + event.target
                    if a.kb_id == "person:dmitry-medvedev")
    assert medvedev.role == "president"  # in 2011, not the prime minister he was in 2019


def test_failed_hanoi_summit_with_trump_in_february(summit):
    found = _meetings(summit, "person:kim-jong-un", "person:donald-trump")
    hanoi = [e for e in found if e.location and e.location.name == "Hanoi"]
    assert hanoi
    assert (hanoi[0].date, hanoi[0].date_precision) == ("2019-02-01", "month")
    assert hanoi[0].location.country == "VNM"


def test_kim_has_also_met_four_other_leaders(summit):
    others = {"person:xi-jinping", "person:moon-jae-in", "person:lee-hsien-loong",
              "person:nguyen-phu-trong"}
    found = [e for e in summit.events if others <= _ids(e.target)]
    assert found
    assert _ids(found[0].source) == {"person:kim-jong-un"}
    assert found[0].date is None and found[0].date_precision == "unknown"


def test_quotes_have_speakers(summit):
    def speaker_of(fragment):
        quote = next(q for q in summit.quotes if fragment in q.text)
        return quote.speaker.kb_id if quote.speaker else None

    assert speaker_of("our bilateral relations") == "person:vladimir-putin"
    assert speaker_of("We welcome your efforts") == "person:vladimir-putin"
    assert speaker_of("beneficial meeting") == "person:kim-jong-un"
    assert speaker_of("will be very beneficial") == "person:kim-jong-un"
    assert all(q.direct for q in summit.quotes if "our bilateral relations" in q.text)
    indirect = [q for q in summit.quotes if not q.direct]
    assert any(q.speaker and q.speaker.kb_id == "person:kim-jong-un" and "successful" in q.text
               for q in indirect)


def test_every_record_points_at_its_evidence(summit):
    text = summit.text
    assert summit.events
    for e in summit.events:
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        assert e.trigger.text in e.text
        assert e.rule
        for actor in e.source + e.target:
            assert text[actor.start:actor.end] == actor.text
    for q in summit.quotes:
        assert text[q.start:q.end] == q.text
    for p in summit.places:
        assert text[p.start:p.end] == p.text
    json.dumps(asdict(summit))  # plain, JSON-serialisable dataclasses

"""The shipped knowledge base is consistent: ids, codes, dates."""

import re
from datetime import date

from tidings.data import load_tsv
from tidings.events.ontology import codes
from tidings.kb import load


def test_every_term_belongs_to_a_known_person_country_and_office():
    kb = load()
    offices = {o for offices in kb.offices.values() for o in offices}
    places = set(kb.countries) | set(kb.orgs)
    for row in load_tsv("kb/terms.tsv"):
        assert row["person_id"] in kb.people, row
        assert row["country"] in places, row
        assert row["office"] in offices, row
        # a term's kind is its office's, unless the office is an IGO's or a party's
        assert row["kind"] in set(kb.office_kinds.values()) | {"igo_head"}, row
        for field in ("start", "end"):  # YYYY-MM-DD, or YYYY-MM / YYYY when the day is unknown
            if len(row[field]) == 10:
                date.fromisoformat(row[field])
            elif row[field]:
                assert re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", row[field]), row
        if row["start"] and row["end"]:
            assert row["start"] <= row["end"], row


def test_required_coverage():
    kb = load()
    assert len(kb.countries) >= 249
    for iso3 in ("RUS", "PRK", "KOR", "USA", "PSE", "TWN", "ESH", "XKX"):
        assert iso3 in kb.countries
    assert kb.holder("RUS", ["president"], "2011-06-01")[0].id == "person:dmitry-medvedev"
    assert kb.holder("RUS", ["president"], "2019-04-25")[0].id == "person:vladimir-putin"
    assert kb.holder("VNM", ["president"], "2019-04-25")[0].id == "person:nguyen-phu-trong"
    assert kb.holder("SGP", ["prime_minister"], "2019-04-25")[0].id == "person:lee-hsien-loong"
    assert {m.country.iso3 for m in kb.lookup("North Korean")} == {"PRK"}
    assert {m.country.iso3 for m in kb.lookup("the Kremlin") if m.country} == {"RUS"}


def test_cameo_table():
    table = codes()
    assert len(table) > 300
    assert table["042"].plover == "CONSULT" and table["042"].plover_mode == "visit"
    assert table["190"].quad_class == 4 and table["190"].goldstein == -10.0
    assert table["057"].quad_class == 1
    assert all(-10 <= c.goldstein <= 10 for c in table.values())


def test_month_precise_terms_and_igo_heads_by_date():
    kb = load()
    # the Iraqi Governing Council's presidency rotated monthly: a term within one month
    # holds all through it
    assert kb.holder("IRQ", ["leader"], "2003-10-31")[0].id == "person:ayad-allawi"
    assert kb.holder("IRQ", ["leader"], "2003-11-01")[0].id == "person:jalal-talabani"
    assert kb.holder("igo:ecb", ["president"], "2015-06-01")[0].id == "person:mario-draghi"
    assert kb.holder("igo:ohchr", ["high_commissioner"], "2020-01-01")[0].id == (
        "person:michelle-bachelet")


def test_the_uk_nations_are_places_of_the_uk():
    kb = load()
    for name, capital in (("Scotland", "Edinburgh"), ("Wales", "Cardiff"),
                          ("Northern Ireland", "Belfast")):
        place = kb.place(name)
        assert (place.country, place.kind, place.city) == ("GBR", "admin1", capital)

import pytest

from tidings.kb import load
from tidings.places import Gazetteer


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(load())


def test_cities_countries_and_regions(gazetteer):
    hanoi = gazetteer.resolve("Hanoi")
    assert (hanoi.country, hanoi.geonames_id, hanoi.feature) == ("VNM", 1581130, "city")
    assert hanoi.admin1 and hanoi.lat == pytest.approx(21.0, abs=0.2)
    korea = gazetteer.resolve("North Korea")
    assert (korea.country, korea.feature) == ("PRK", "country")
    siberia = gazetteer.resolve("eastern Siberia")
    assert (siberia.name, siberia.country, siberia.feature) == ("Siberia", "RUS", "region")


def test_ambiguous_city_prefers_the_article_countries(gazetteer):
    assert gazetteer.resolve("Paris").country == "FRA"
    assert gazetteer.resolve("Paris", context={"USA"}).country == "USA"


def test_scraped_facility_names_are_matched_despite_a_lost_letter(gazetteer):
    place = gazetteer.resolve("ar Eastern Federal University")
    assert place.name == "Far Eastern Federal University, Vladivostok"
    assert place.country == "RUS" and place.lat == pytest.approx(43.0, abs=0.2)


def test_unknown_names_are_not_guessed(gazetteer):
    assert gazetteer.resolve("Zzyzxville Plaza Hotel") is None
    assert gazetteer.resolve("Federal Reserve") is None


def test_a_region_named_in_the_article_picks_the_city_inside_it():
    from tidings.pipeline import process

    alone = process("The mayor of Springfield spoke on Monday about the new bridge.",
                    published="2020-01-06")
    with_state = process("The mayor of Springfield, Illinois, spoke on Monday about the new "
                         "bridge.", published="2020-01-06")
    (a,) = [p for p in alone.places if p.text == "Springfield"]
    (b,) = [p for p in with_state.places if p.text == "Springfield"]
    assert b.admin1 == "US.IL"
    assert a.admin1 != "US.IL"  # the largest Springfield, without a hint


def test_a_local_story_keeps_its_towns_at_home():
    from tidings.pipeline import process

    a = process("Police in Lebanon and Harrisburg, Pennsylvania, closed roads on Monday after "
                "the storm, and schools in Hershey stayed shut.", published="2010-02-08")
    lebanon = next(p for p in a.places if p.text == "Lebanon")
    assert (lebanon.country, lebanon.feature) == ("USA", "city")
    b = process("Israeli jets flew over Lebanon on Monday, officials in Beirut said.",
                published="2010-02-08")
    assert next(p for p in b.places if p.text == "Lebanon").country == "LBN"

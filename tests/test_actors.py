import pytest

from tidings.pipeline import process


def _people(analysis):
    return [(m.text, m.kb_id, m.how) for m in analysis.mentions if m.label == "PERSON"]


def test_surname_is_the_person_the_article_introduced_first():
    text = ("North Korean leader Kim Jong-un arrived in Beijing on Monday. His late father, "
            "Kim Jong-il, made the same journey by train in 2011. Kim was greeted at the "
            "station by Chinese officials.")
    a = process(text, published="2018-03-26")
    kims = [kb for t, kb, how in _people(a) if t == "Kim"]
    assert kims == ["person:kim-jong-un"]
    assert ("Kim Jong-il", "person:kim-jong-il", "alias") in _people(a)


def test_titles_resolve_to_the_holder_on_the_date():
    text = "The British prime minister spoke to reporters outside parliament."
    may = process(text, published="2019-04-25")
    sunak = process(text, published="2023-01-01")
    assert [m.kb_id for m in may.mentions if m.how == "title"] == ["person:theresa-may"]
    assert [m.kb_id for m in sunak.mentions if m.how == "title"] == ["person:rishi-sunak"]
    a = process("The US president signed the order.", published="2021-01-19")
    b = process("The US president signed the order.", published="2021-01-21")
    assert [m.kb_id for m in a.mentions if m.how == "title"] == ["person:donald-trump"]
    assert [m.kb_id for m in b.mentions if m.how == "title"] == ["person:joe-biden"]


def test_demonyms_metonyms_and_roles():
    text = ("Russian troops shelled the town while Washington and the Kremlin traded "
            "accusations, and Iraqi protesters marched in Baghdad.")
    a = process(text, published="2022-03-01")
    found = {(m.text, m.country, m.sector) for m in a.mentions}
    assert ("Russian troops", "RUS", "MIL") in found
    assert ("Washington", "USA", "GOV") in found
    assert ("the Kremlin", "RUS", "GOV") in found
    assert ("Iraqi protesters", "IRQ", "CVL") in found
    assert not any(m.text == "Baghdad" for m in a.mentions)  # "in Baghdad" is a place


def test_pronoun_follows_the_last_subject():
    text = ("Japanese Prime Minister Fumio Kishida met Ukrainian President Volodymyr "
            "Zelensky in Kyiv. He said Japan would keep supporting Ukraine.")
    a = process(text, published="2023-03-21")
    he = next(m for m in a.mentions if m.text == "He")
    assert he.kb_id == "person:fumio-kishida" and he.how == "pronoun"


def test_unknown_people_stay_unresolved_not_guessed():
    a = process("Local activist Zorbly Quandt criticised the mayor on Tuesday.",
                published="2020-05-05")
    (m,) = [m for m in a.mentions if "Quandt" in m.text]
    assert m.kb_id is None and m.how.startswith("unresolved")


def test_a_title_before_an_unknown_name_keeps_country_and_office():
    a = process("Swiss President Ulrich Tannberg greeted Joe Biden in Geneva on Wednesday.",
                published="2021-06-16")
    (m,) = [m for m in a.mentions if "Tannberg" in m.text]
    assert (m.text, m.kb_id, m.country, m.sector, m.role) == (
        "Swiss President Ulrich Tannberg", None, "CHE", "GOV", "president")
    # the knowledge base knows who actually held the office that day
    a = process("Swiss President Guy Parmelin greeted Joe Biden in Geneva on Wednesday.",
                published="2021-06-16")
    (m,) = [m for m in a.mentions if "Parmelin" in m.text]
    assert (m.kb_id, m.role) == ("person:guy-parmelin", "president")


def test_a_dateline_is_where_the_story_was_filed_not_an_actor():
    a = process("SINGAPORE, June 12, 2018 - US President Donald Trump met North Korean leader "
                "Kim Jong-un.", published="2018-06-12")
    assert not any(m.country == "SGP" for m in a.mentions)
    (e,) = a.events
    assert [x.kb_id for x in e.source] == ["person:donald-trump"]


def test_an_indefinite_title_is_nobody_in_particular():
    a = process("It was the first meeting between a sitting American president and a leader of "
                "North Korea.", published="2018-06-12")
    assert not any(m.kb_id == "person:donald-trump" for m in a.mentions)


def test_bare_roles_are_actors_with_a_sector():
    a = process("Police arrested three protesters in Khartoum on Monday.", published="2019-04-08")
    found = {(m.text, m.sector, m.country) for m in a.mentions}
    assert ("Police", "COP", None) in found and ("protesters", "CVL", None) in found
    (e,) = a.events
    assert (e.cameo, e.plover, e.location.name) == ("173", "COERCE", "Khartoum")


def test_unknown_organisations_are_coded_by_their_words():
    a = process("The Latvian Constitutional Court cancelled the restrictions on Monday.",
                published="2003-06-09")
    (m,) = [m for m in a.mentions if m.label == "ORG"]
    assert (m.text, m.kb_id, m.country, m.sector) == (
        "Latvian Constitutional Court", None, "LVA", "JUD")


def test_armed_groups_belong_to_a_country_igos_do_not():
    a = process("Hamas fighters attacked Israel on Saturday, and the United Nations called "
                "for restraint.", published="2023-10-08")
    by_name = {m.name: m for m in a.mentions}
    assert (by_name["Hamas"].label, by_name["Hamas"].country, by_name["Hamas"].sector) == (
        "GROUP", "PSE", "REB")
    un = next(m for m in a.mentions if m.kb_id and m.kb_id.startswith("igo:"))
    assert (un.label, un.country, un.sector) == ("IGO", None, "IGO")
    (attack,) = [e for e in a.events if e.cameo.startswith("19")]
    assert [x.country for x in attack.source] == ["PSE"]
    assert [x.country for x in attack.target] == ["ISR"]


def test_a_month_read_as_a_date_is_not_a_surname():
    text = ("Talks resumed on May 14 in Geneva. Officials have met twice since May. "
            "Theresa May later said the vote would go ahead.")
    a = process(text, published="2019-06-01")
    mays = [m.text for m in a.mentions if m.kb_id == "person:theresa-may"]
    assert mays == ["Theresa May"]


def test_in_a_sports_report_a_town_that_plays_is_its_club():
    report = ("Surrey drew with Essex as the championship race tightened. The Essex coach "
              "praised his team after the match in Chelmsford.")
    sides = [m.text for m in process(report, published="2019-06-01").mentions
             if m.how == "sports side"]
    assert "Essex" in sides and "Chelmsford" not in sides  # "in Chelmsford" is the venue
    news = "Essex drew up new plans for flood defences, officials said."
    assert not any(m.how == "sports side"
                   for m in process(news, published="2019-06-01").mentions)


def test_a_regnal_number_or_a_country_is_no_family_name():
    text = ('"I think we played well," the captain said. Belgium won the final, and King '
            "Albert II of Belgium watched from the stands.")
    a = process(text, published="2019-06-01")
    assert not any(m.label == "PERSON" and m.text in ("I", "Belgium") for m in a.mentions)
    assert ("Belgium", "COUNTRY") in {(m.text, m.label) for m in a.mentions}


def test_a_sports_side_is_not_a_dateline_a_home_town_or_a_region_after_a_town():
    report = ("Boston beat Toronto 5-3 in the league on Sunday. The coach praised his team after "
              "the match. Tom Reed of Boston scored twice, and fans in Springfield, "
              "Massachusetts cheered.")
    sides = [(m.text, m.start) for m in process(report, published="2021-05-03").mentions
             if m.how == "sports side"]
    assert sides == [("Boston", 0), ("Toronto", 12)]
    dateline = ("BOSTON 2021-05-02 - Chicago beat Toronto 5-3 as the season ended. The coach "
                "praised his team after the match.")
    assert "BOSTON" not in [m.text for m in process(dateline, published="2021-05-03").mentions]


def test_the_family_name_of_a_person_introduced_in_full_stays_a_person():
    # the tagger calls the later bare "Brandt" an organisation
    text = ('Marco Brandt won the race in Oslo. "I felt strong," Brandt said. Officials praised '
            "Brandt for his pace.")
    a = process(text, published="2019-06-01")
    assert [m.label for m in a.mentions if m.text == "Brandt"] == ["PERSON", "PERSON"]
    assert not any(m.label == "ORG" for m in a.mentions)


def test_a_name_neither_crosses_a_line_nor_runs_two_names_together(pipeline):
    from tidings import actors

    doc = pipeline.nlp("Ann Lee\nLEEDS 2021-05-02\nThe council met on Monday.")
    person = next(e for e in doc.ents if e.label_ == "PERSON")
    assert actors.first_line(person).text == "Ann Lee"
    assert actors.run_together("Romania - Ion Popescu")
    assert actors.run_together("Ana Silva ( Brazil")
    assert not actors.run_together("Real Madrid ( Spain )")
    assert not actors.run_together("Guinea-Bissau")


def test_a_capital_can_be_a_side_but_a_town_before_a_noun_is_not():
    report = ("Nairobi beat Kampala 2-1 in the league on Sunday. The coach praised his team after "
              "the match, and fans filled the Nairobi stadium.")
    sides = [(m.text, m.start) for m in process(report, published="2021-05-03").mentions
             if m.how == "sports side"]
    assert sides == [("Nairobi", 0), ("Kampala", 13)]


def test_a_language_or_a_common_word_is_no_bare_surname():
    # Bill English and Gordon Brown are in the knowledge base
    text = "Note: the figures exclude English clubs, the league said on Monday."
    assert not any(m.label == "PERSON" for m in process(text, published="2009-06-01").mentions)
    text = "Brown said on Monday the budget was balanced, and the opposition disagreed."
    assert [m.kb_id for m in process(text, published="2009-06-01").mentions
            if m.label == "PERSON"] == ["person:gordon-brown"]


def test_one_word_of_a_longer_name_is_no_bare_surname():
    # Gordon Brown is in the knowledge base; Olo Brown and the golf course are not him
    text = ("Olo Brown started at prop, and the Brown Deer Park course hosted the final. "
            "Mr Brown said on Monday the budget was balanced.")
    found = [m.start for m in process(text, published="2009-06-01").mentions
             if m.kb_id == "person:gordon-brown"]
    assert found == [text.index("Mr Brown") + 3]


def test_leaders_the_parser_calls_places_are_still_the_leaders():
    text = ("Erdogan telephoned Mitsotakis on Friday and offered help after the earthquake, a "
            "rare gesture between the two neighbours.")
    found = {m.kb_id for m in process(text, published="2020-10-31").mentions}
    assert {"person:recep-tayyip-erdogan", "person:kyriakos-mitsotakis"} <= found


def test_news_outlets_are_organisations():
    text = "Talks stalled on Monday, Reuters reported, and the Xinhua news agency said the same."
    outlets = {(m.text, m.label, m.sector) for m in process(text, published="2020-10-31").mentions
               if m.how == "outlet"}
    assert ("Reuters", "ORG", "MED") in outlets


@pytest.mark.parametrize("text, day, person", [
    ("Nigerian President", "2016-05-01", "person:muhammadu-buhari"),
    ("the president of Nigeria", "2016-05-01", "person:muhammadu-buhari"),
    ("Kenya's president", "2016-05-01", "person:uhuru-kenyatta"),
    ("the prime minister of the United Kingdom", "2016-05-01", "person:david-cameron"),
    ("the prime minister of the United Kingdom", "2017-01-01", "person:theresa-may"),
])
def test_every_way_of_naming_an_office_resolves_to_its_holder_that_day(text, day, person):
    from tidings.pipeline import default

    found = default().resolve(text, day)
    assert (found.kb_id, found.how, found.text) == (person, "title", text)

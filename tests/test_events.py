from tidings.pipeline import process


def _events(text, published="2023-03-21"):
    return process(text, published=published).events


def _pairs(events):
    return [([a.kb_id for a in e.source], e.cameo, [a.kb_id for a in e.target]) for e in events]


def test_verb_event_with_date_place_and_evidence():
    text = "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Monday."
    (e,) = _events(text)
    assert _pairs([e]) == [(["person:xi-jinping"], "040", ["person:vladimir-putin"])]
    assert (e.cameo_root, e.quad_class, e.plover) == ("04", 1, "CONSULT")
    assert e.goldstein == 1.0
    assert (e.date, e.date_precision, e.date_source) == ("2023-03-20", "day", "text: Monday")
    assert e.location.name == "Moscow" and e.location.country == "RUS"
    assert e.location.geonames_id == 524901
    assert text[e.trigger.start:e.trigger.end] == "met"
    assert e.rule.startswith("verb:meet")


def test_compound_subject_is_a_meeting_between_both():
    (e,) = _events("Putin and Xi Jinping held talks at the Kremlin on Tuesday.")
    assert {a.kb_id for a in e.source + e.target} == {"person:vladimir-putin",
                                                      "person:xi-jinping"}
    assert e.trigger.text == "held talks" and "light-verb" in e.rule


def test_nominal_trigger_between():
    (e,) = _events("The summit between Joe Biden and Vladimir Putin in Geneva lasted four hours.",
                   published="2021-06-17")
    assert _pairs([e]) == [(["person:joe-biden"], "040", ["person:vladimir-putin"])]
    assert e.location.name == "Geneva"


def test_passive_voice_swaps_roles():
    (e,) = _events("Kim Jong-un was welcomed by Xi Jinping in Beijing.", published="2018-03-28")
    assert _pairs([e]) == [(["person:xi-jinping"], "043", ["person:kim-jong-un"])]


def test_negation_and_modality_are_flagged_not_dropped():
    negated = _events("Donald Trump did not meet Kim Jong-un on Friday.", published="2019-03-01")
    assert negated and negated[0].negated
    future = _events("Kishida will visit Kyiv next week to meet Volodymyr Zelensky.")
    assert any(e.modality == "future" for e in future)
    expected = _events("Biden is expected to meet Xi Jinping in Bali.", published="2022-11-10")
    assert any(e.modality == "expected" for e in expected)


def test_conflict_codes_carry_goldstein_and_quad_class():
    (e,) = _events("Russian troops attacked Ukrainian soldiers near Bakhmut on Sunday.")
    assert e.quad_class == 4 and e.goldstein == -10.0 and e.plover == "ASSAULT"
    assert [(a.country, a.sector) for a in e.source] == [("RUS", "MIL")]
    assert [(a.country, a.sector) for a in e.target] == [("UKR", "MIL")]


def test_sanctions_and_criticism():
    events = _events("The United States imposed sanctions on Russia. China criticised the move.",
                     published="2022-02-25")
    assert any((e.cameo, e.plover) == ("163", "COERCE") for e in events)
    assert any(e.cameo == "163" and [a.country for a in e.target] == ["RUS"] for e in events)


def test_no_publication_date_leaves_relative_dates_unresolved():
    a = process("Putin met Xi Jinping on Tuesday.")
    (e,) = a.events
    assert e.date is None and e.date_precision == "unknown"
    assert "no publication date" in " ".join(a.warnings)


def test_conjoined_verbs_share_the_date_of_their_clause():
    events = _events("Donald Trump held talks with Kim Jong-un in Singapore on 12 June 2018 and "
                     "signed a joint statement with him.", published="2018-06-14")
    assert {e.date for e in events} == {"2018-06-12"}
    assert {e.cameo for e in events} == {"040", "057"}


def test_location_from_a_facility_named_with_its_surroundings():
    (e,) = _events("Donald Trump and Kim Jong-un shook hands at the Capella Hotel on Singapore's "
                   "Sentosa island on Tuesday.", published="2018-06-12")
    assert e.location.name.startswith("Capella Hotel") and e.location.country == "SGP"
    assert e.date == "2018-06-12"


def test_a_noun_event_takes_the_subject_of_a_verb_that_is_no_event_itself():
    (e,) = _events("Israel and Lebanon renewed negotiations on Tuesday.", published="2000-01-05")
    assert e.cameo == "046" and {a.country for a in e.source + e.target} == {"ISR", "LBN"}
    condemned = _events("Antonio Guterres condemned the attack on Tuesday.")
    assert not any(e.cameo.startswith("19") and e.source for e in condemned)


def test_targets_further_in_the_clause():
    aid = _events("Britain promised to continue military aid to Ukraine.", published="2022-05-02")
    assert any([a.country for a in e.target] == ["UKR"] for e in aid)
    welcomed = _events("The German government welcomed Joe Biden's latest statement on Monday.",
                       published="2021-03-02")
    assert any([a.kb_id for a in e.target] == ["person:joe-biden"] for e in welcomed)
    located = _events("NATO agreed to set up a new command centre in Poland.",
                      published="2022-06-29")
    assert any([a.country for a in e.target] == ["POL"] and "+target:location" in e.rule
               for e in located)


def test_an_announced_act_is_an_intent_and_an_announced_attack_a_threat():
    (e,) = _events("Japan will send food supplies to Haiti.")
    assert _pairs([e]) == [(["JPN"], "0333", ["HTI"])]
    assert (e.plover, e.modality) == ("AGREE", "future") and "+intent" in e.rule
    attack = [e for e in _events("Turkey said it would attack Kurdish positions.")
              if e.trigger.text == "attack"]
    assert [(e.cameo, e.plover) for e in attack] == [("138", "THREATEN")]


def test_a_refused_or_negated_promise_is_a_rejection():
    (e,) = _events("Hungary said it will not release the detained journalists.")
    assert (e.cameo, e.plover, e.negated) == ("1243", "REJECT", False)
    assert "+refusal" in e.rule
    lift = [e for e in _events("Poland refused to lift the embargo on Belarus.")
            if e.trigger.text == "lift"]
    assert [(e.cameo, e.modality) for e in lift] == [("1244", "refused")]


def test_a_pronoun_subject_is_the_actor_of_the_governing_clause():
    (e,) = _events("Hungary said it will not release the detained journalists.")
    assert [a.country for a in e.source] == ["HUN"]


def test_a_possessor_stands_for_an_unnamed_institution():
    (e, _) = _events("Nigeria's foreign ministry condemned the attack on the embassy.")
    assert (e.cameo, [a.country for a in e.source]) == ("111", ["NGA"])


def test_a_domestic_event_targets_its_own_country():
    (e,) = _events("Turkish police imposed a curfew in Diyarbakir on Sunday.")
    assert [a.country for a in e.source] == [a.country for a in e.target] == ["TUR"]
    assert e.rule.count("+target:location") == 1


def test_a_noun_event_under_a_preposition_of_a_verb_that_is_no_event():
    (e,) = _events("Thousands of teachers went on strike on Monday.")
    assert (e.trigger.text, e.cameo, e.plover) == ("went on strike", "143", "PROTEST")
    assert [a.sector for a in e.source] == ["EDU"]
    (e,) = _events("The militants held villagers as human shields.")
    assert (e.cameo, [a.sector for a in e.source], [a.sector for a in e.target]) == (
        "184", ["REB"], ["CVL"])


def test_a_nationality_adjective_names_the_target_of_an_unnamed_thing():
    (e,) = _events("Serbia flatly rejected an Australian ultimatum.")
    assert ([a.country for a in e.source], e.cameo, [a.country for a in e.target]) == (
        ["SRB"], "120", ["AUS"])


def test_the_subject_of_a_demanded_clause_is_the_target():
    (e,) = _events("Egypt demanded that Hamas renounce violence.")
    assert _pairs([e]) == [(["EGY"], "100", ["group:hamas"])]


def _countries(e):
    return [a.country for a in e.source], e.cameo, [a.country for a in e.target]


def test_a_stative_participle_has_its_subject_as_source():
    (e,) = _events("Hamas is committed to the truce.")
    assert _pairs([e]) == [(["group:hamas"], "030", [])]
    (e,) = _events("Kenyan police were engaged in heavy fighting with the gang.")
    assert e.trigger.text == "engaged in heavy fighting"
    assert [(a.country, a.sector) for a in e.source] == [("KEN", "COP")]


def test_an_of_phrase_is_an_actor_only_when_the_phrase_names_none():
    (e,) = _events("The Russian and Chinese members of the Security Council rejected the "
                   "proposal on Monday.")
    assert [a.country for a in e.source] == ["RUS", "CHN"]
    assert not any(a.sector == "IGO" for a in e.source + e.target)


def test_a_possessor_or_a_place_gives_an_actor_its_country():
    (e,) = _events("Peru's ambassador Juan Perez criticised the Chilean government on Monday.")
    assert _countries(e) == (["PER", "PER"], "111", ["CHL"])
    (e,) = _events("Protesters in Lima demanded new elections on Monday.")
    assert [(a.country, a.sector) for a in e.source] == [("PER", "CVL")]


def test_an_unknown_person_acting_at_home_is_of_the_event_country_but_not_on_a_visit():
    (e,) = _events("President Jean Dupont declared a state of emergency in Haiti on Monday.")
    assert _countries(e) == (["HTI"], "1724", ["HTI"])
    (e,) = _events("President Jean Dupont met Chinese President Xi Jinping in Beijing on Monday.")
    assert [a.country for a in e.source] == [None]


def test_a_domestic_event_without_target_is_against_the_own_country():
    (e,) = _events("Egyptian protesters rioted on Friday.")
    assert _countries(e) == (["EGY"], "145", ["EGY"]) and "+target:domestic" in e.rule
    (e,) = _events("Egyptian police arrested dozens of students on Monday.")
    assert [(a.country, a.sector) for a in e.target] == [("EGY", "EDU")]
    # a country as a whole, or its army, acts abroad as often as at home
    (e,) = _events("Iran is opposed to the plan.")
    assert _countries(e) == (["IRN"], "110", [])
    (e,) = _events("Nepalese troops fired on the crowd on Monday.")
    assert [a.country for a in e.target] == [None]


def test_the_nationality_of_an_event_noun_that_is_the_subject_acts():
    events = _events("A Russian raid on the village killed four people.")
    raid = next(e for e in events if e.trigger.text == "raid")
    assert _countries(raid) == (["RUS"], "190", [])


def test_known_armed_groups_and_ngos_have_their_country_or_sector():
    (e,) = _events("UNITA rebels attacked a convoy on Monday.")
    assert [(a.country, a.sector) for a in e.source] == [("AGO", "REB")]
    (e,) = _events("Amnesty International criticised the Egyptian government on Monday.")
    assert [(a.country, a.sector) for a in e.source] == [(None, "NGO")]

from tidings.pipeline import process

STORY = """South Korean President Moon Jae-in welcomed the agreement on Friday.

"This is a new beginning for peace on the peninsula," Moon told reporters in Seoul.

"We will not go back to the past."

North Korean leader Kim Jong-un said he was ready to visit Seoul, according to the Yonhap
news agency.

According to the Blue House, the two leaders will speak by telephone next month."""


def test_direct_quotes_with_cue_and_continuation():
    a = process(STORY, published="2018-04-27")
    direct = [q for q in a.quotes if q.direct]
    first = next(q for q in direct if q.text.startswith("This is a new beginning"))
    assert first.speaker.kb_id == "person:moon-jae-in"
    assert first.cue == "told" and first.rule == "direct:cue"
    assert a.text[first.start:first.end] == first.text
    follow = next(q for q in direct if q.text.startswith("We will not go back"))
    assert follow.speaker.kb_id == "person:moon-jae-in"
    assert follow.rule == "direct:continuation"


def test_indirect_quotes_and_according_to():
    a = process(STORY, published="2018-04-27")
    indirect = [q for q in a.quotes if not q.direct]
    kim = next(q for q in indirect if "ready to visit Seoul" in q.text)
    assert kim.speaker.kb_id == "person:kim-jong-un" and kim.cue == "said"
    blue_house = next(q for q in indirect if q.rule == "indirect:according-to")
    assert blue_house.speaker.country == "KOR" and blue_house.speaker.sector == "GOV"
    assert blue_house.text.startswith("the two leaders")


def test_news_outlets_are_not_speakers():
    a = process(STORY, published="2018-04-27")
    assert not any(q.speaker and "Yonhap" in q.speaker.name for q in a.quotes)


def test_cue_after_a_multi_sentence_quote_or_in_the_sentence_before():
    text = ('"We will rebuild the bridge. It will take two years," Mayor Anna Berg said on '
            'Monday.\n\nThe governor spoke next. "Nobody here will be left without help after '
            'this storm," she told the crowd.\n\nBerg spoke again on Tuesday and said the city '
            'would pay. '
            '"Every family that lost a home will get a grant from the city this year."')
    a = process(text, published="2021-03-02")
    direct = [q for q in a.quotes if q.direct]
    assert direct[0].speaker_text == "Anna Berg" and direct[0].rule == "direct:cue"
    assert direct[1].speaker_text == "she"
    last = direct[-1]
    assert last.rule == "direct:previous-sentence" and last.speaker_text == "Berg"


def test_quotes_signed_with_a_dash():
    a = process("Readers wrote in after the debate.\n\n“He does not speak for us and never did, "
                "not once in this campaign.” ― Martha Aguilar\n\n“We will vote in November and "
                "we will remember every word.” — Carlos Ruiz, a teacher", published="2016-10-01")
    signed = [(q.speaker_text, q.rule) for q in a.quotes if q.direct]
    assert signed == [("Martha Aguilar", "direct:dash"), ("Carlos Ruiz", "direct:dash")]


def test_a_university_is_no_news_agency():
    a = process('"The vote will be close in every county this year," said Laura Stein, a '
                'historian at Ohio State University.', published="2016-10-01")
    (quote,) = a.quotes
    assert quote.speaker_text == "Laura Stein" and quote.rule == "direct:cue"


def test_quotes_of_one_cue_in_a_paragraph_are_one_quote():
    text = ('"We will win this county," said Laura Stein, a historian who ran for the '
            'school board. "Nobody expected it. The farmers are angry."\n\n'
            '"They want change," Stein said. "So do I," she added.')
    a = process(text, published="2016-10-01")
    direct = [q for q in a.quotes if q.direct]
    assert direct[0].text.startswith("We will win") and direct[0].text.endswith("angry.")
    assert direct[0].speaker_text == "Laura Stein"
    assert [q.text for q in direct[1:]] == ["They want change,", "So do I,"]


def test_a_quoted_phrase_inside_a_reported_clause_is_an_indirect_quote():
    a = process('Senator Ruth Adler said the bill was "a gift to the banks" and would not pass '
                'before the summer.', published="2016-10-01")
    assert not [q for q in a.quotes if q.direct]
    (quote,) = a.quotes
    assert quote.text == 'the bill was "a gift to the banks" and would not pass before the summer'
    assert quote.speaker_text == "Ruth Adler" and quote.cue == "said"


def test_transcript_and_headline_labels_name_the_speaker():
    text = ('"BROOKS: Thank you for coming on the program this morning."\n\n'
            '"HALE: It is a pleasure to be here, Tom."\n\n'
            'Moon Jae-in: The two Koreas will meet again in the spring.\n\n'
            'Correction: An earlier version of this story misspelled a name.')
    a = process(text, published="2018-04-27")
    got = [(q.speaker_text, q.text, q.rule) for q in a.quotes]
    assert got == [
        ("BROOKS", "Thank you for coming on the program this morning.", "direct:label"),
        ("HALE", "It is a pleasure to be here, Tom.", "direct:label"),
        ("Moon Jae-in", "The two Koreas will meet again in the spring.", "indirect:label")]
    assert a.quotes[2].speaker.kb_id == "person:moon-jae-in"


def test_attributions_beyond_speech_verbs():
    a = process("The governor wants to raise the fuel tax next year. Polls show the senator "
                "leads in three states. The union called for a higher minimum wage in the city.",
                published="2016-10-01")
    got = [(q.speaker_text, q.cue, q.text) for q in a.quotes]
    assert got == [("The governor", "wants", "to raise the fuel tax next year"),
                   ("Polls", "show", "the senator leads in three states"),
                   ("The union", "called", "a higher minimum wage in the city")]


def test_a_reported_clause_is_one_attribution_with_what_it_holds():
    a = process("Anna Berg said she plans to run for the Senate next year.",
                published="2016-10-01")
    assert [(q.speaker_text, q.text) for q in a.quotes] == [
        ("Anna Berg", "she plans to run for the Senate next year")]


def test_according_to_after_the_clause_and_a_parenthetical_cue():
    a = process("The bridge will reopen in May, according to Mayor Anna Berg. The old bridge, "
                "Berg said, was never safe for trucks.", published="2016-10-01")
    got = [(q.speaker_text, q.text, q.rule) for q in a.quotes]
    assert got == [
        ("Anna Berg", "The bridge will reopen in May", "indirect:according-to"),
        ("Berg", "The old bridge, Berg said, was never safe for trucks", "indirect:cue")]


def test_the_speaker_is_outside_the_quote_and_who_is_its_antecedent():
    text = ('"He would be a fine judge. One of the best in the state," Rep. Kay Miller said in '
            'an interview.\n\nThe plan was drafted by Tom Reyes, who said the city could not '
            'wait any longer.\n\n"Get out of the road now!" the officer shouted.')
    a = process(text, published="2016-10-01")
    miller, reyes, officer = a.quotes
    assert miller.speaker_text == "Kay Miller"
    assert (reyes.speaker.name, reyes.speaker_text) == ("Tom Reyes", "who")
    assert a.text[reyes.speaker.start:reyes.speaker.end] == "who"
    assert (officer.speaker_text, officer.cue) == ("the officer", "shouted")


def test_a_reported_clause_that_ends_in_a_quote_is_one_attribution():
    a = process('Senator Ruth Adler said the plan would "hurt every family in the county." '
                'Mayor Tom Reyes said that the new bridge is "the safest crossing in the whole '
                'state" for trucks.', published="2016-10-01")
    got = [(q.speaker_text, q.text, q.direct, q.rule) for q in a.quotes]
    assert got == [
        ("Ruth Adler", 'the plan would "hurt every family in the county."', True,
         "direct:in-clause"),
        ("Tom Reyes", 'the new bridge is "the safest crossing in the whole state" for trucks',
         True, "direct:in-clause")]


def test_a_signature_after_a_no_break_space():
    a = process("Readers wrote in.\n\n“We will vote in November and we will remember every word "
                "of it.” ―\u00a0Carlos Ruiz.", published="2016-10-01")
    (quote,) = a.quotes
    assert (quote.speaker_text, quote.rule) == ("Carlos Ruiz", "direct:dash")


def test_what_completes_a_cue_object_and_short_contents():
    a = process("The senator blamed him for the loss of the factory. The mayor described the "
                "budget as a gift to developers. The governor declined to comment.",
                published="2016-10-01")
    got = [(q.speaker_text, q.text) for q in a.quotes]
    assert got == [("The senator", "him for the loss of the factory"),
                   ("The mayor", "the budget as a gift to developers"),
                   ("The governor", "to comment")]


def test_more_cue_verbs_their_objects_and_forms_the_parser_misreads():
    a = process("The senator likened the new rules to a tax on farmers. The governor is hoping "
                "the legislature will pass the budget. The report rated the dam as unsafe.",
                published="2016-10-01")
    got = [(q.speaker_text, q.text) for q in a.quotes]
    assert got == [("The senator", "the new rules to a tax on farmers"),
                   ("The governor", "the legislature will pass the budget"),
                   ("The report", "the dam as unsafe")]


def test_nouns_that_attribute_to_their_owner():
    a = process("The mayor's claim that the bridge was safe was wrong. Her criticism of "
                "the police drew a crowd. The claim that the river would flood spread online.",
                published="2016-10-01")
    got = [(q.speaker_text, q.cue, q.text, q.rule) for q in a.quotes]
    assert got == [("The mayor", "claim", "the bridge was safe", "indirect:noun"),
                   ("Her", "criticism", "the police", "indirect:noun")]

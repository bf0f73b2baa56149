from articles.analysis import analyze
from articles.analysis.quotes import find_quotes
from articles.analysis.results import EntityHit


def person(name, *aliases):
    return EntityHit(name, "person", frozenset({name, *aliases}), 1)


SARAN = person("Pankaj Saran", "Mr. Saran")
MILLER = person("Matthew Miller", "Mr. Miller")
MODI = person("Narendra Modi", "Mr. Modi", "Modi")
PUTIN = person("Vladimir Putin", "Mr. Putin")


def speakers(paragraphs, *people):
    return [(q.text, q.speaker) for q in find_quotes(paragraphs, people)]


def test_says_mr_surname_is_the_full_name():
    paragraphs = [
        "Pankaj Saran was ambassador to Moscow.",
        "“Delhi keeps the Russia channel open to keep the friendship,” says Mr. Saran.",
    ]
    assert speakers(paragraphs, SARAN) == [
        ("Delhi keeps the Russia channel open to keep the friendship,", "Pankaj Saran")
    ]


def test_he_said_is_the_last_person_named_when_unambiguous():
    paragraphs = [
        "Mr. Miller also said the US had raised concerns.",
        "“We would urge India to make clear its position on Ukraine,” he said on Monday.",
    ]
    assert speakers(paragraphs, MILLER)[0][1] == "Matthew Miller"


def test_he_said_after_two_people_named_together_has_no_speaker():
    paragraphs = [
        "Mr. Modi and Mr. Putin met in Moscow.",
        "“This is a very good day for both of our nations,” he said.",
    ]
    assert speakers(paragraphs, MODI, PUTIN)[0][1] is None


def test_a_speaker_named_in_the_sentence_before_told():
    paragraphs = [
        "“The bilateral visit is just a scheduling priority,” Vinay Kwatra, permanent secretary"
        " to the Indian foreign ministry, told the BBC ahead of Mr. Modi’s visit."
    ]
    kwatra = person("Vinay Kwatra")
    assert speakers(paragraphs, kwatra, MODI)[0][1] == "Vinay Kwatra"


def test_a_paragraph_wholly_a_quotation_keeps_the_previous_speaker():
    paragraphs = [
        "“If you look at the historical trend, Moscow is a constant,” Pankaj Saran stated.",
        "“The main pillars of the relationship include defense cooperation.”",
    ]
    assert [s for _, s in speakers(paragraphs, SARAN)] == ["Pankaj Saran", "Pankaj Saran"]


def test_an_unnamed_spokesman_is_no_speaker_and_the_kremlin_is_the_kremlin():
    paragraphs = [
        "Mr. Modi arrived in Moscow.",
        "“We are watching the visit very closely,” a ministry spokesman said.",
        "“The talks were useful for both sides,” the Kremlin said in a statement.",
    ]
    assert [s for _, s in speakers(paragraphs, MODI)] == [None, "Kremlin"]


def test_a_spokesman_for_a_named_person_is_not_that_person():
    paragraphs = [
        "“The prime minister will raise the issue in Moscow,” a spokesman for Mr. Modi said.",
        "“The prime minister will raise the issue in Moscow,” the Indian Prime Minister"
        " Narendra Modi said.",
    ]
    assert [s for _, s in speakers(paragraphs, MODI)] == [None, "Narendra Modi"]


def test_short_scare_quotes_are_not_quotes():
    paragraphs = ["Mr. Putin called Mr. Modi “my dearest friend” at the meeting."]
    assert speakers(paragraphs, MODI, PUTIN) == []


def test_seed_003_speakers(seed):
    quotes = seed("003").quotes
    by_opening = {q.text.split()[0] + " " + q.text.split()[1]: q.speaker for q in quotes}
    assert by_opening["We would"] == "Matthew Miller"
    assert by_opening["It is"] == "Volodymyr Zelensky"
    assert by_opening["The bilateral"] == "Vinay Kwatra"
    assert by_opening["If you"] == "Pankaj Saran"
    assert by_opening["The main"] == "Pankaj Saran"
    assert by_opening["One option"] == "Pankaj Saran"
    assert by_opening["There are"] == "Anil Trigunayat"
    assert by_opening["India follows"] == "Anil Trigunayat"
    assert all("”" not in q.text and "“" not in q.text for q in quotes)


def test_quotes_come_through_analyze():
    raw = (
        "Headline here\n\nNarendra Modi met the press.\n\n"
        '"We will deepen our partnership with Russia," Mr. Modi said.'
    )
    (quote,) = analyze(raw, topics={}).quotes
    assert quote.speaker == "Narendra Modi"
    assert quote.sentence == '"We will deepen our partnership with Russia," Mr. Modi said.'


PORTER = person("Jane Porter", "Ms. Porter", "Porter")
HALE = person("Tom Hale", "Mr. Hale", "Hale")
WREN = person("Alan Wren", "Wren")


def org(name, *aliases):
    return EntityHit(name, "org", frozenset({name, *aliases}), 1)


def test_the_subject_of_said_after_the_quote_is_the_speaker():
    paragraphs = [
        "“Nobody in this chamber wants another shutdown,” Jane Porter said after meeting Mr. Hale."
    ]
    assert speakers(paragraphs, PORTER, HALE)[0][1] == "Jane Porter"


def test_said_before_its_subject_after_the_quote():
    paragraphs = [
        "“We will bring the bill back in the spring,” said Tom Hale, the party’s whip, "
        "to Ms. Porter’s dismay."
    ]
    assert speakers(paragraphs, PORTER, HALE)[0][1] == "Tom Hale"


def test_a_title_before_the_name_is_part_of_the_subject():
    paragraphs = ["“The vote is going ahead tomorrow,” Senate leader Tom Hale told reporters."]
    assert speakers(paragraphs, HALE)[0][1] == "Tom Hale"


def test_said_with_a_colon_before_the_quote():
    paragraphs = ["At the rally, Jane Porter said: “We are not going anywhere this year.”"]
    assert speakers(paragraphs, PORTER)[0][1] == "Jane Porter"


def test_a_person_named_inside_the_reported_clause_is_not_the_speaker():
    paragraphs = ["Tom Hale said Jane Porter’s plan would “do nothing for working families.”"]
    assert speakers(paragraphs, PORTER, HALE)[0][1] == "Tom Hale"


def test_the_person_the_quote_is_told_to_is_not_the_speaker():
    paragraphs = ["Jane Porter told Tom Hale: “You will have my answer by Friday morning.”"]
    assert speakers(paragraphs, PORTER, HALE)[0][1] == "Jane Porter"


def test_according_to_names_the_speaker():
    paragraphs = ["According to Alan Wren, “the numbers have not added up for years.”"]
    assert speakers(paragraphs, WREN)[0][1] == "Alan Wren"


def test_a_possessive_before_the_verb_is_not_the_subject():
    paragraphs = ["“The deal is dead in the water,” Hale’s spokesman said."]
    assert speakers(paragraphs, HALE)[0][1] is None


def test_she_said_is_the_person_last_named_as_a_subject():
    paragraphs = [
        "Jane Porter spoke to reporters outside the court on Monday.",
        "“I have done nothing wrong and I will prove it,” she said.",
    ]
    assert speakers(paragraphs, PORTER)[0][1] == "Jane Porter"


def test_the_spokesman_is_the_person_introduced_as_spokesman():
    paragraphs = [
        "Alan Wren, the mayor’s spokesman, declined to give a date for the decision.",
        "Jane Porter, the mayor, was travelling.",
        "“The council will decide when it is ready,” the spokesman said.",
    ]
    assert speakers(paragraphs, WREN, PORTER)[0][1] == "Alan Wren"


def test_a_role_before_the_name_introduces_the_description():
    paragraphs = [
        "Senator Jane Porter and Mr. Hale met on Monday.",
        "“We have the votes to pass it this week,” the senator said.",
    ]
    assert speakers(paragraphs, PORTER, HALE)[0][1] == "Jane Porter"


def test_a_description_no_one_was_introduced_as_has_no_speaker():
    paragraphs = [
        "Jane Porter met officials in the capital.",
        "“The talks will go on through the weekend,” the spokesman said.",
    ]
    assert speakers(paragraphs, PORTER)[0][1] is None


def test_an_organisation_that_speaks_is_the_speaker():
    paragraphs = [
        "Mr. Hale visited the region last week.",
        "“The talks were useful for both sides,” the Kremlin said in a statement.",
    ]
    assert speakers(paragraphs, HALE, org("Kremlin", "the Kremlin"))[0][1] == "Kremlin"


def test_the_ministry_is_the_ministry_named_before():
    paragraphs = [
        "The Ministry of Defence confirmed the deployment.",
        "“Our troops will remain in place until the spring,” the ministry said.",
    ]
    assert speakers(paragraphs, org("Ministry of Defence"))[0][1] == "Ministry of Defence"


def test_she_is_the_woman_when_a_man_was_named_since():
    paragraphs = [
        "Ms. Porter answered questions after Mr. Hale left the room.",
        "“I have no intention of resigning over this,” she said.",
    ]
    assert speakers(paragraphs, PORTER, HALE)[0][1] == "Jane Porter"


def test_a_first_name_gives_the_gender():
    paragraphs = [
        "Tom Hale spoke after Jane Porter at the hearing on Tuesday.",
        "“The committee has not seen the final report yet,” he said.",
    ]
    assert speakers(paragraphs, PORTER, HALE)[0][1] == "Tom Hale"


def test_a_name_the_finder_missed_is_the_speaker_when_shaped_like_a_name():
    paragraphs = [
        "The hearing was adjourned after Nordqvist spoke for an hour.",
        "“We will be back here in a week with the same questions,” Nordqvist said.",
        "“Nobody expected the vote to be this close tonight,” Officials said.",
    ]
    assert [s for _, s in speakers(paragraphs)] == ["Nordqvist", None]


def test_a_surname_two_people_share_is_the_one_the_article_is_about():
    rita = EntityHit("Rita Hale", "person", frozenset({"Rita Hale", "Hale"}), 6)
    tom = EntityHit("Tom Hale", "person", frozenset({"Tom Hale"}), 1)
    paragraphs = ["“We are going to win this seat back in the autumn,” Hale said."]
    assert speakers(paragraphs, rita, tom)[0][1] == "Rita Hale"


def test_titles_of_works_and_slogans_are_not_quotes():
    paragraphs = [
        "Ms. Porter’s memoir, “The Long Road to the Capital,” sold well.",
        "Her supporters wore hats that read “Bring Back the Harbour Jobs” at the rally.",
        "“We will bring back the harbour jobs,” Ms. Porter said.",
    ]
    assert speakers(paragraphs, PORTER) == [("We will bring back the harbour jobs,", "Jane Porter")]


def test_two_people_joined_as_the_subject_give_no_speaker():
    paragraphs = [
        "Tom Hale and Jane Porter issued a statement saying the plan "
        "“would hurt every family in the county.”"
    ]
    assert speakers(paragraphs, PORTER, HALE)[0][1] is None

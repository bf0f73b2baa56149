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


def test_an_unnamed_spokesman_or_ministry_is_no_speaker():
    paragraphs = [
        "Mr. Modi arrived in Moscow.",
        "“We are watching the visit very closely,” a ministry spokesman said.",
        "“The talks were useful for both sides,” the Kremlin said in a statement.",
    ]
    assert [s for _, s in speakers(paragraphs, MODI)] == [None, None]


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

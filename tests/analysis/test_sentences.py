import pytest

from articles.analysis import analyze
from articles.analysis.sentences import split_sentences


def test_it_splits_on_sentence_punctuation():
    assert split_sentences("Modi met Putin. They talked! Did they agree? Yes.") == [
        "Modi met Putin.",
        "They talked!",
        "Did they agree?",
        "Yes.",
    ]


def test_it_does_not_split_after_honorifics_and_initials():
    text = "Mr. Modi met Joseph R. Biden and S. Jaishankar. Dr. Smith agreed."
    assert split_sentences(text) == [
        "Mr. Modi met Joseph R. Biden and S. Jaishankar.",
        "Dr. Smith agreed.",
    ]


def test_it_does_not_split_inside_numbers_or_after_us():
    text = "Trade reached $65.7 billion, U.S. officials said. It rose by 33%."
    assert split_sentences(text) == [
        "Trade reached $65.7 billion, U.S. officials said.",
        "It rose by 33%.",
    ]


def test_it_keeps_closing_quotes_with_their_sentence():
    text = "“We would urge India,” he said. “It is a huge disappointment.” Zelensky posted."
    assert split_sentences(text) == [
        "“We would urge India,” he said.",
        "“It is a huge disappointment.”",
        "Zelensky posted.",
    ]


def test_it_does_not_split_list_markers():
    assert split_sentences("1. Deepening defense cooperation") == [
        "1. Deepening defense cooperation"
    ]
    assert split_sentences("IV. Expected Outcomes of the Visit:") == [
        "IV. Expected Outcomes of the Visit:"
    ]


def test_it_treats_a_line_break_as_a_sentence_end():
    assert split_sentences("Key Points\nModi met Putin.") == ["Key Points", "Modi met Putin."]


def test_it_returns_nothing_for_blank_text():
    assert split_sentences("  \n \n") == []


def test_it_gives_the_seed_one_sentence_per_line(seed):
    sentences = seed("002").sentences
    assert len(sentences) == 15
    assert sentences[7] == (
        "Since March, India has been actively seeking the release of these nationals."
    )


def test_it_splits_a_rejoined_fragment_at_its_period(seed):
    sentence = (
        "Prime Minister Narendra Modi of India is all set to pay a visit to Moscow, "
        "the capital city of Russia, from February 23 to 25, 2023."
    )
    assert sentence in seed("000").sentences


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_it_splits_a_stored_body_into_the_same_sentences(seed, prefix):
    # Re-scoring after a keyword edit splits the stored body again; evidence must not move.
    analysis = seed(prefix)
    assert tuple(split_sentences(analysis.body)) == analysis.sentences


def test_sentences_know_their_paragraph_and_offsets_in_the_body():
    analysis = analyze(
        "Title line\n\nModi met Putin. They talked.\n\nOil rose on Monday.", topics={}
    )
    assert list(analysis.sentences) == ["Modi met Putin.", "They talked.", "Oil rose on Monday."]
    assert [s.paragraph for s in analysis.sentences] == [0, 0, 1]
    for sentence in analysis.sentences:
        assert analysis.body[sentence.start : sentence.end] == sentence


def test_entity_hits_expose_their_spans_in_the_body():
    analysis = analyze("Title line\n\nMr. Modi met Putin. Modi left.", topics={})
    (modi,) = [hit for hit in analysis.entities if hit.name == "Narendra Modi"]
    assert [analysis.body[a:b] for a, b in modi.spans] == ["Mr. Modi", "Modi"]


def test_a_german_day_before_its_month_does_not_end_a_sentence():
    assert split_sentences("Der Gipfel fand am 8. Juli 2024 statt. Danach sprach er.") == [
        "Der Gipfel fand am 8. Juli 2024 statt.",
        "Danach sprach er.",
    ]

import pytest

from articles.analysis import DEFAULT_TOPICS, TopicScore, score_topics

SENTENCES = [
    "Washington imposed new sanctions on Moscow.",
    "The Human Trafficking network lured dozens of men.",
    "A sanction was lifted.",
    "Nothing relevant happens here.",
    "The Washington sanctions hurt.",
]


def test_it_matches_keywords_case_insensitively():
    scores = score_topics(["Ukraine and UKRAINE and ukraine."], {"ukraine": ["Ukraine"]})
    assert scores["ukraine"].evidence == ("Ukraine and UKRAINE and ukraine.",)


def test_it_tolerates_plurals_both_ways():
    scores = score_topics(SENTENCES, {"sanctions": ["sanction"]})
    assert scores["sanctions"].evidence == (SENTENCES[0], SENTENCES[2], SENTENCES[4])
    assert score_topics(SENTENCES, {"sanctions": ["sanctions"]})["sanctions"].evidence == (
        SENTENCES[0],
        SENTENCES[2],
        SENTENCES[4],
    )


def test_it_tolerates_simple_inflections():
    sentences = ["India sanctioned the firm.", "The army and militaries met.", "Supplies rose."]
    scores = score_topics(sentences, {"a": ["sanction"], "b": ["military"], "c": ["supply"]})
    assert scores["a"].evidence == (sentences[0],)
    assert scores["b"].evidence == (sentences[1],)
    assert scores["c"].evidence == (sentences[2],)


def test_it_does_not_give_a_plural_keyword_verb_forms():
    scores = score_topics(["The option was exercised."], {"defense": ["exercises"]})
    assert scores == {}


def test_it_matches_phrase_keywords_as_phrases():
    sentences = [
        "Human trafficking is a crime.",
        "A human was trafficking goods? No: human, then trafficking.",
    ]
    scores = score_topics(sentences, {"trafficking": ["human trafficking"]})
    assert scores["trafficking"].evidence == (sentences[0],)


def test_it_matches_on_word_boundaries_only():
    scores = score_topics(["Turmoil in the soil.", "Boiling oil."], {"energy": ["oil"]})
    assert scores["energy"].evidence == ("Boiling oil.",)


def test_it_keeps_evidence_in_text_order_without_duplicates():
    sentences = ["Oil rose.", "Gas fell.", "Oil rose.", "Gas and oil."]
    scores = score_topics(sentences, {"energy": ["gas", "oil"]})
    assert scores["energy"].evidence == ("Oil rose.", "Gas fell.", "Gas and oil.")


def test_it_leaves_out_topics_without_a_match():
    scores = score_topics(SENTENCES, {"energy": ["oil"], "sanctions": ["sanction"]})
    assert set(scores) == {"sanctions"}


def test_it_ignores_empty_keywords_and_keyword_lists():
    assert score_topics(SENTENCES, {"empty": [], "blank": ["", "  "], "dash": ["-", "–"]}) == {}


def test_it_scores_more_matches_higher():
    few = score_topics(["Oil rose."] + ["Nothing."] * 200, {"energy": ["oil"]})["energy"]
    many = score_topics(["Oil rose."] * 20 + ["Nothing."] * 181, {"energy": ["oil"]})["energy"]
    assert many.score > few.score > 0


def test_it_normalises_the_score_by_length():
    short = score_topics(["Oil rose."] * 2 + ["Nothing at all here."] * 50, {"e": ["oil"]})
    long = score_topics(["Oil rose."] * 2 + ["Nothing at all here."] * 500, {"e": ["oil"]})
    assert short["e"].score > long["e"].score


def test_it_returns_topic_scores():
    (value,) = score_topics(["Oil rose."], {"energy": ["oil"]}).values()
    assert isinstance(value, TopicScore)
    assert isinstance(value.score, float)


def test_it_ships_the_four_default_topics():
    assert set(DEFAULT_TOPICS) == {"defense", "energy", "trafficking", "ukraine"}
    for topic in DEFAULT_TOPICS.values():
        assert topic["name"] and topic["description"] and topic["keywords"]


@pytest.mark.parametrize("prefix", ["001", "002", "003"])
def test_it_finds_trafficking_evidence_in_the_trafficking_seeds(seed, prefix):
    assert seed(prefix).topics["trafficking"].evidence


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_it_finds_no_trafficking_in_the_other_seeds(seed, prefix):
    assert "trafficking" not in seed(prefix).topics


def test_it_cites_the_trafficking_sentence_of_seed_002(seed):
    (sentence,) = seed("002").topics["trafficking"].evidence
    assert "deceived into serving in the Russian army" in sentence


def test_it_takes_evidence_from_the_bodys_sentences(seed):
    analysis = seed("003")
    for score in analysis.topics.values():
        assert set(score.evidence) <= set(analysis.sentences)


def test_it_scores_defense_and_energy_in_the_long_seed(seed):
    topics = seed("000").topics
    assert topics["defense"].score > 0
    assert topics["energy"].score > 0

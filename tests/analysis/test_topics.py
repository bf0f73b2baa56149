import pytest

from articles.analysis import DEFAULT_TOPICS, TopicRule, TopicScore, default_rules, score_topics
from articles.analysis.topics import DEFAULT_THRESHOLD, keyword_pattern


def any_match(*keywords):
    """A rule that gives the topic on any keyword match: for the tests of matching itself."""
    return TopicRule(keywords, threshold=0)


SENTENCES = [
    "Washington imposed new sanctions on Moscow.",
    "The Human Trafficking network lured dozens of men.",
    "A sanction was lifted.",
    "Nothing relevant happens here.",
    "The Washington sanctions hurt.",
]


def test_it_matches_keywords_case_insensitively():
    scores = score_topics(["Ukraine and UKRAINE and ukraine."], {"ukraine": any_match("Ukraine")})
    assert scores["ukraine"].evidence == ("Ukraine and UKRAINE and ukraine.",)


def test_it_tolerates_plurals_both_ways():
    scores = score_topics(SENTENCES, {"sanctions": any_match("sanction")})
    assert scores["sanctions"].evidence == (SENTENCES[0], SENTENCES[2], SENTENCES[4])
    assert score_topics(SENTENCES, {"sanctions": any_match("sanctions")})["sanctions"].evidence == (
        SENTENCES[0],
        SENTENCES[2],
        SENTENCES[4],
    )


def test_it_tolerates_simple_inflections():
    sentences = ["India sanctioned the firm.", "The army and militaries met.", "Supplies rose."]
    scores = score_topics(
        sentences,
        {"a": any_match("sanction"), "b": any_match("military"), "c": any_match("supply")},
    )
    assert scores["a"].evidence == (sentences[0],)
    assert scores["b"].evidence == (sentences[1],)
    assert scores["c"].evidence == (sentences[2],)


def test_it_does_not_give_a_plural_keyword_verb_forms():
    scores = score_topics(["The option was exercised."], {"defense": any_match("exercises")})
    assert scores == {}


def test_it_matches_phrase_keywords_as_phrases():
    sentences = [
        "Human trafficking is a crime.",
        "A human was trafficking goods? No: human, then trafficking.",
    ]
    scores = score_topics(sentences, {"trafficking": any_match("human trafficking")})
    assert scores["trafficking"].evidence == (sentences[0],)


def test_it_matches_on_word_boundaries_only():
    scores = score_topics(["Turmoil in the soil.", "Boiling oil."], {"energy": any_match("oil")})
    assert scores["energy"].evidence == ("Boiling oil.",)


def test_it_keeps_evidence_in_text_order_without_duplicates():
    sentences = ["Oil rose.", "Gas fell.", "Oil rose.", "Gas and oil."]
    scores = score_topics(sentences, {"energy": any_match("gas", "oil")})
    assert scores["energy"].evidence == ("Oil rose.", "Gas fell.", "Gas and oil.")


def test_it_leaves_out_topics_without_a_match():
    scores = score_topics(
        SENTENCES, {"energy": any_match("oil"), "sanctions": any_match("sanction")}
    )
    assert set(scores) == {"sanctions"}


def test_it_ignores_empty_keywords_and_keyword_lists():
    assert (
        score_topics(
            SENTENCES,
            {"empty": any_match(), "blank": any_match("", "  "), "dash": any_match("-", "–")},
        )
        == {}
    )


def test_it_scores_more_matches_higher():
    few = score_topics(["Oil rose."] + ["Nothing."] * 200, {"energy": any_match("oil")})["energy"]
    many = score_topics(["Oil rose."] * 20 + ["Nothing."] * 181, {"energy": any_match("oil")})[
        "energy"
    ]
    assert many.score > few.score > 0


def test_it_normalises_the_score_by_length():
    short = score_topics(["Oil rose."] * 2 + ["Nothing at all here."] * 50, {"e": any_match("oil")})
    long = score_topics(["Oil rose."] * 2 + ["Nothing at all here."] * 500, {"e": any_match("oil")})
    assert short["e"].score > long["e"].score


def test_it_returns_topic_scores():
    (value,) = score_topics(["Oil rose."], {"energy": any_match("oil")}).values()
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


# Whether an article is about a topic: the default energy topic on small stories of our own.
ENERGY = default_rules()["energy"]


def energy_of(title: str, body: list[str]):
    return score_topics(body, {"energy": ENERGY}, title=title).get("energy")


def test_an_article_about_oil_prices_is_energy():
    score = energy_of(
        "Oil prices climb as producers agree to cut output",
        [
            "Crude oil rose two dollars a barrel on Tuesday after the producers' meeting.",
            "Traders said the cut would tighten supplies of fuel through the summer.",
            "The ministers meet again in June.",
            "Refiners in Asia bought more cargoes for May.",
        ],
    )
    assert score is not None and score.score >= ENERGY.threshold
    assert score.evidence[0].startswith("Crude oil rose")


def test_a_vegetable_oil_story_is_not_energy():
    assert (
        energy_of(
            "Importers tender for palm oil and soybean oil",
            [
                "State traders will buy 20,000 tonnes of palm oil for shipment in April.",
                "They also seek vegetable oil cargoes from Argentina.",
                "Edible oil demand rose with the festival season.",
            ],
        )
        is None
    )


def test_a_company_name_alone_is_not_energy():
    assert (
        energy_of(
            "MAPLEWOOD PETROLEUM <MWP> TO REDEEM DEBENTURES",
            [
                "Maplewood Petroleum Corp said it will redeem its 9 pct debentures on May 1.",
                "Maplewood Petroleum said holders will receive 1,050 dlrs per bond.",
                "The redemption will be paid from cash on hand.",
            ],
        )
        is None
    )


def test_a_company_found_once_by_its_suffix_is_a_company_where_it_comes_back_alone():
    body = ["Harbour Gas Co raised its dividend.", "Harbour Gas said profits rose.", "No more."]
    alone = ["Harbour Gas said profits rose.", "No more.", "Nothing else."]
    rule = {"energy": TopicRule(("gas",), threshold=0)}
    assert score_topics(body, rule)["energy"].score < score_topics(alone, rule)["energy"].score


def test_lower_case_keywords_are_never_a_company_name():
    rule = {"energy": any_match("gas")}
    assert score_topics(["Its gas Corp unit grew."], rule)["energy"].score >= DEFAULT_THRESHOLD


def test_an_exclusion_masks_only_its_own_phrase():
    rule = {"energy": any_match("oil", "-vegetable oil")}
    assert score_topics(["Vegetable oil sales rose."], rule) == {}
    mixed = ["Vegetable oil sales rose.", "Crude oil fell."]
    assert score_topics(mixed, rule)["energy"].evidence == ("Crude oil fell.",)


def test_exclusion_lines_are_not_keywords_to_highlight():
    pattern = keyword_pattern(("oil", "-vegetable oil"))
    assert pattern.search("crude oil") and not pattern.search("vegetable")


def test_a_passing_mention_in_a_long_story_is_not_the_topic():
    body = ["The ministers discussed trade and visas."] * 30 + ["Oil was also mentioned."]
    assert energy_of("Ministers meet on trade", body) is None
    # The same words in the headline and the lead are the story.
    assert energy_of("Oil deal signed", ["The oil deal was signed on Monday.", *body])


def test_the_threshold_decides():
    body = ["The ministers met.", "They spoke of oil.", "They left."]
    assert score_topics(body, {"e": TopicRule(("oil",), threshold=0.1)})
    assert not score_topics(body, {"e": TopicRule(("oil",), threshold=5)})


def test_distinct_keywords_score_higher_than_one_repeated():
    one = score_topics(["Oil rose.", "Oil fell.", "Nothing."], {"e": any_match("oil", "gas")})
    two = score_topics(["Oil rose.", "Gas fell.", "Nothing."], {"e": any_match("oil", "gas")})
    assert two["e"].score > one["e"].score


def test_the_first_sentence_stands_for_a_missing_headline():
    body = ["Oil rose.", *["Nothing."] * 20]
    assert (
        score_topics(body, {"e": any_match("oil")})["e"].score
        > score_topics(body, {"e": any_match("oil")}, title="Markets today")["e"].score
    )


def test_the_default_topics_carry_a_threshold():
    assert {slug: rule.threshold >= 0 for slug, rule in default_rules().items()} == dict.fromkeys(
        DEFAULT_TOPICS, True
    )
    assert default_rules()["energy"].threshold == DEFAULT_THRESHOLD


def test_the_analysis_scores_the_articles_own_headline():
    from articles.analysis import analyze

    body = "Fuel prices rose for a third week. "
    body += " ".join(["The ministers discussed trade and visas at length."] * 12)
    body += " Diesel was dearer too."
    about = analyze(f"Fuel prices rise again\n\n{body}", topics=default_rules(), ner_model=None)
    passing = analyze(f"Ministers meet on trade\n\n{body}", topics=default_rules(), ner_model=None)
    assert "energy" in about.topics
    assert "energy" not in passing.topics

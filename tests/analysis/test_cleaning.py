from articles.analysis import analyze
from articles.analysis.cleaning import clean, derive_title

HEADLINE_000 = "India’s Modi to visit Moscow soon, Russian state media says"


def test_it_takes_the_title_from_the_first_line(seed):
    assert seed("000").title == HEADLINE_000
    assert seed("000").title_derived is False


def test_it_removes_every_repeat_of_the_headline_from_the_body(seed):
    assert HEADLINE_000 not in seed("000").body


def test_it_rejoins_a_date_broken_over_lines(seed):
    body = seed("000").body
    assert (
        "the capital city of Russia, from February 23 to 25, 2023. This will be his fourth" in body
    )
    assert "from February 23 to 25, 2023." in body
    assert "since coming into power in 2014. During this visit" in body


def test_it_rejoins_link_text_dropped_onto_its_own_lines(seed):
    body = seed("000").body
    assert "the Situation in Ukraine, the Syrian Crisis, and the Indo-Pacific region" in body
    assert "In the energy sector, Russia is India’s largest supplier" in body
    assert "This visit, marking the 20th anniversary of the India-Russia Summit in Moscow, is" in (
        body
    )


def test_it_keeps_headings_as_their_own_paragraphs(seed):
    paragraphs = seed("000").body.split("\n\n")
    assert "Agenda for Discussion:" in paragraphs
    assert "Recent Visits and Their Significance" in paragraphs
    assert "Previous meetings between Modi and Putin" in paragraphs


def test_it_does_not_join_across_a_double_blank_line(seed):
    paragraphs = seed("000").body.split("\n\n")
    assert "VI. Conclusion" in paragraphs
    assert "Anticipated outcomes" in paragraphs


def test_it_finds_a_byline_printed_twice_and_removes_it(seed):
    analysis = seed("001")
    assert analysis.byline == "Jibran Munaf"
    assert "Jibran Munaf" not in analysis.body
    assert analysis.title == (
        "India’s Modi To Meet Putin In Moscow As Both Sides Seek To Forge Deeper Ties"
    )


def test_it_does_not_take_a_caption_for_a_byline(seed):
    analysis = seed("003")
    assert analysis.byline == ""


def test_it_drops_kickers_and_read_more_links(seed):
    analysis = seed("004")
    assert analysis.title == (
        "Russian State Media Reports That Indian PM Narendra Modi Will Soon Visit Moscow"
    )
    assert "Read more" not in analysis.body
    assert "Breaking News" not in analysis.body
    assert analysis.title not in analysis.body


def test_it_cuts_related_posts_and_what_follows(seed):
    body = seed("003").body
    assert "Related Posts" not in body
    assert body.endswith("continue to play a pivotal role on the global stage.")


def test_it_derives_a_title_when_the_text_has_no_headline(seed):
    analysis = seed("002")
    assert analysis.title_derived is True
    assert analysis.title.startswith("Indian Prime Minister, Narendra Modi, is embarking")
    assert len(analysis.title) <= 110
    assert analysis.title.endswith("…")
    assert analysis.body.startswith("Indian Prime Minister, Narendra Modi, is embarking")


def test_it_keeps_typographic_apostrophes(seed):
    assert "Russia’s support" in seed("000").body


def test_it_normalises_bullets_and_keeps_their_text(seed):
    body = seed("001").body
    assert "• Human Trafficking Issue: Expected discussion on the early discharge" in body
    assert "  •" not in body


def test_it_separates_paragraphs_with_one_blank_line(seed):
    body = seed("003").body
    assert "\n\n\n" not in body
    assert all(p == p.strip() and p for p in body.split("\n\n"))


def test_it_shortens_a_derived_title_at_a_word_boundary():
    title = derive_title("word " * 60)
    assert len(title) <= 110
    assert title.endswith("word…")


def test_it_keeps_a_short_sentence_whole_as_a_derived_title():
    assert derive_title("Modi lands in Moscow for talks with Putin.") == (
        "Modi lands in Moscow for talks with Putin"
    )


def test_it_reads_a_by_line():
    cleaned = clean("Modi in Moscow\n\nBy Jane Doe | Reuters\n\nModi met Putin on Monday.")
    assert cleaned.byline == "Jane Doe"
    assert cleaned.body == "Modi met Putin on Monday."


def test_it_does_not_invent_a_byline_from_a_single_name_line():
    cleaned = clean("Modi in Moscow\n\nJane Doe\n\nModi met Putin on Monday.")
    assert cleaned.byline == ""
    assert cleaned.body.startswith("Jane Doe")


def test_it_rejoins_hard_wrapped_prose():
    raw = (
        "Talks in Moscow\n\n"
        "The two leaders met on Monday afternoon in the Kremlin and discussed\n"
        "trade, energy and the war in Ukraine at some length.\n"
    )
    assert analyze(raw, topics={}).body == (
        "The two leaders met on Monday afternoon in the Kremlin and discussed "
        "trade, energy and the war in Ukraine at some length."
    )


def test_it_normalises_odd_whitespace():
    raw = "Title\r\n\r\nModi\u00a0met  Putin\u200b in\tMoscow."
    assert analyze(raw, topics={}).body == "Modi met Putin in Moscow."


def test_it_does_not_take_a_repeated_heading_for_a_byline():
    cleaned = clean("Modi in Moscow\n\nKey Points\nKey Points\n\nThe key points are these.")
    assert cleaned.byline == ""


def test_it_cuts_everything_after_a_related_posts_line():
    cleaned = clean("Modi in Moscow\n\nModi met Putin.\n\nRelated Posts\n\nOther story\nAnother")
    assert cleaned.body == "Modi met Putin."


def test_it_drops_a_date_line_above_the_headline():
    cleaned = clean("July 8, 2024\n\nModi in Moscow\n\nModi met Putin.")
    assert cleaned.title == "Modi in Moscow"
    assert cleaned.body == "Modi met Putin."


def test_it_turns_dash_bullets_into_bullets_but_leaves_numbers_alone():
    cleaned = clean("Modi in Moscow\n\n- a bullet\n\n-5% growth in trade")
    assert cleaned.paragraphs == ("• a bullet", "-5% growth in trade")


# Wire copy: wrapped near 65 characters, each paragraph's first line indented.
WIRE = (
    "Grain talks\n\n"
    "Ministers from the two countries met in Geneva on Tuesday to\n"
    "discuss a cut in tariffs on grain, steel and textiles, officials\n"
    "from both delegations said after the talks.\n"
    "    The talks will resume next month in Vienna, where the two sides\n"
    "expect to sign an accord on shipping lanes that was first agreed\n"
    "in 1985. Diplomats said the date was not yet fixed.\n"
    "    Delegates named the chief negotiator, Anna Berg, as the\n"
    "Swedish envoy to the talks on Thursday.\n"
    "    Exports rose 4.5 pct to 18.2 billion dlrs in the twelve months to\n"
    "180. days of trading, a ministry official said, and imports fell\n"
    "- mainly of fuel - by two pct.\n"
    " Reuter\n"
)


def test_it_rejoins_wire_copy_into_its_indented_paragraphs():
    assert clean(WIRE).paragraphs == (
        "Ministers from the two countries met in Geneva on Tuesday to discuss a cut in tariffs "
        "on grain, steel and textiles, officials from both delegations said after the talks.",
        "The talks will resume next month in Vienna, where the two sides expect to sign an "
        "accord on shipping lanes that was first agreed in 1985. Diplomats said the date was "
        "not yet fixed.",
        "Delegates named the chief negotiator, Anna Berg, as the Swedish envoy to the talks on "
        "Thursday.",
        "Exports rose 4.5 pct to 18.2 billion dlrs in the twelve months to 180. days of "
        "trading, a ministry official said, and imports fell - mainly of fuel - by two pct.",
        "Reuter",
    )


def test_it_keeps_the_rows_of_an_indented_table_apart():
    raw = (
        "Talks on grain\n\n"
        "Shr 34 cts vs 1.19 dlrs\n"
        "    Net 807,000 vs 2,858,000\n"
        "    Assets 510.2 mln vs 479.7 mln\n"
        "    Year\n"
        "    Loans 299.2 mln vs 327.2 mln\n"
        "    Note: the year includes a gain from a tax carry forward of\n"
        "132,000 dlrs, or five cts per shr.\n"
        " Reuter\n"
    )
    assert clean(raw).paragraphs == (
        "Shr 34 cts vs 1.19 dlrs",
        "Net 807,000 vs 2,858,000",
        "Assets 510.2 mln vs 479.7 mln",
        "Year",
        "Loans 299.2 mln vs 327.2 mln",
        "Note: the year includes a gain from a tax carry forward of 132,000 dlrs, or five cts "
        "per shr.",
        "Reuter",
    )


def test_it_keeps_a_sub_heading_above_unindented_wire_text():
    raw = (
        "Talks in Geneva\n\n"
        "Ministers met in Geneva on Tuesday to discuss a cut in tariffs on\n"
        "grain, officials said.\n"
        "    Trade Talks Resume\n"
        "Delegates from both sides return to the table in Vienna next\n"
        "month, officials said.\n"
    )
    assert clean(raw).paragraphs[1:] == (
        "Trade Talks Resume",
        "Delegates from both sides return to the table in Vienna next month, officials said.",
    )


def test_it_rejoins_wrapped_lines_that_end_without_punctuation():
    # No indentation: paragraphs between blank lines, lines broken at 65 characters, one of
    # them after a bracket and before a capital.
    raw = (
        "Grain talks\n\n"
        "Ministers from the two countries met in Geneva (Switzerland)\n"
        "Tuesday to discuss a cut in tariffs on grain, steel and textiles\n"
        "and agreed to meet again in Vienna next month, officials said.\n\n"
        "Shipping Lanes\n\n"
        "The accord on shipping lanes that was first agreed in 1985\n"
        "will be signed there, diplomats from both delegations said.\n"
    )
    assert clean(raw).paragraphs == (
        "Ministers from the two countries met in Geneva (Switzerland) Tuesday to discuss a cut "
        "in tariffs on grain, steel and textiles and agreed to meet again in Vienna next month, "
        "officials said.",
        "Shipping Lanes",
        "The accord on shipping lanes that was first agreed in 1985 will be signed there, "
        "diplomats from both delegations said.",
    )


def test_it_keeps_short_unwrapped_lines_apart():
    raw = (
        "Results\n\n"
        "Net profit 853,000 vs loss 22,000\n"
        "Sales 41.1 mln vs 20.3 mln\n"
        "Avg shrs 6,349,753 vs 4,403,852\n"
        "Nine Mths\n"
        "Net profit 2,869,000 vs profit 1,252,000\n"
    )
    assert len(clean(raw).paragraphs) == 5


def test_a_nested_list_is_not_taken_for_indented_paragraphs():
    raw = "Talks\n\nThe agenda:\n\n- grain tariffs\n  - wheat quotas\n- shipping lanes\n"
    assert clean(raw).paragraphs == (
        "The agenda:",
        "• grain tariffs",
        "• wheat quotas",
        "• shipping lanes",
    )

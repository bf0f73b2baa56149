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

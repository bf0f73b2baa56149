import datetime as dt

import pytest

from articles.analysis.dates import find_dates, resolve

D = dt.date


def dates(text, published=None):
    return find_dates([text], published)


def only(text, published=None):
    (mention,) = dates(text, published)
    return mention


@pytest.mark.parametrize(
    ("text", "written", "precision", "start", "end"),
    [
        ("Talks ran February 23 to 25, 2023 in Delhi.", "February 23 to 25, 2023", "range",
         D(2023, 2, 23), D(2023, 2, 25)),
        ("Talks ran 23-25 February 2023 in Delhi.", "23-25 February 2023", "range",
         D(2023, 2, 23), D(2023, 2, 25)),
        ("It fell in December 2019.", "December 2019", "month", D(2019, 12, 1), D(2019, 12, 31)),
        ("A brawl in June 2020 killed them.", "June 2020", "month", D(2020, 6, 1), D(2020, 6, 30)),
        ("Crimea was annexed in 2014.", "2014", "year", D(2014, 1, 1), D(2014, 12, 31)),
        ("He arrived on July 8, 2024.", "July 8, 2024", "day", D(2024, 7, 8), D(2024, 7, 8)),
        ("He arrived on 8 July 2024.", "8 July 2024", "day", D(2024, 7, 8), D(2024, 7, 8)),
        ("The deal was signed on May 2004.", "May 2004", "month", D(2004, 5, 1), D(2004, 5, 31)),
        ("Since the 2022 invasion, trade grew.", "2022", "year", D(2022, 1, 1), D(2022, 12, 31)),
    ],
)  # fmt: skip
def test_it_reads_explicit_dates_with_their_precision(text, written, precision, start, end):
    mention = only(text)
    assert (mention.text, mention.precision, mention.start, mention.end) == (
        written,
        precision,
        start,
        end,
    )
    assert mention.sentence == text
    assert not mention.relative


@pytest.mark.parametrize(
    "text",
    [
        "Ministers may meet again.",
        "Theresa May spoke to reporters.",
        "Trade reached $65 billion.",
        "Oil costs £50 a barrel.",
        "Trade rose by 33% over the period.",
        "It was the first visit in 41 years.",
        "Delays hit the S-400 system.",
        "The alliance marks the 75th anniversary.",
        "The match ended 2-1.",
        "Parliament passed the Human Rights Act 1998 long ago.",
        "Sales in the 1990s were weak.",
        "Growth in 2004-05 was strong.",
        "About 2000 people marched.",
    ],
)
def test_it_finds_no_date_in_things_that_are_not_dates(text):
    assert dates(text) == ()


def test_a_mention_without_a_year_stays_relative_while_the_date_is_unknown():
    mention = only("Mr. Modi landed on Monday.")
    assert mention.relative and mention.start is None and mention.end is None
    assert only("He was re-elected in June.").start is None
    assert only("Talks on 3 March went well.").start is None


def test_a_weekday_is_the_latest_such_day_on_or_before_publication():
    published = D(2024, 7, 10)  # a Wednesday
    assert only("Mr. Modi landed on Monday.", published).start == D(2024, 7, 8)
    assert only("He spoke on Wednesday.", published).start == D(2024, 7, 10)


def test_a_weekday_in_the_future_tense_is_the_next_one():
    published = D(2024, 7, 8)  # a Monday
    assert only("The summit will open on Tuesday.", published).start == D(2024, 7, 9)


def test_a_month_without_a_year_is_the_latest_such_month_on_or_before_publication():
    published = D(2024, 7, 8)
    assert only("He was re-elected in June.", published).start == D(2024, 6, 1)
    assert only("He was elected in December.", published).start == D(2023, 12, 1)
    mention = only("He was re-elected in July.", published)
    assert (mention.start, mention.end, mention.precision) == (
        D(2024, 7, 1),
        D(2024, 7, 31),
        "month",
    )


def test_last_week_is_the_week_before_publication():
    mention = only("He skipped a meeting last week.", D(2024, 7, 10))
    assert (mention.precision, mention.start, mention.end) == (
        "range",
        D(2024, 7, 1),
        D(2024, 7, 7),
    )


def test_resolve_re_resolves_against_a_new_date_and_leaves_explicit_dates_alone():
    mention = only("He landed on Monday.")
    assert resolve(mention, D(2024, 7, 12)).start == D(2024, 7, 8)
    assert resolve(resolve(mention, D(2024, 7, 12)), None).start is None
    explicit = only("It fell in December 2019.")
    assert resolve(explicit, D(2024, 1, 1)) == explicit


def test_seed_003_never_takes_its_latest_year_as_a_date_of_its_own(seed):
    mentions = seed("003").dates
    assert {m.text for m in mentions if not m.relative} == {"2019", "2022", "June 2020"}
    assert all(m.start is None for m in mentions if m.relative)


def test_seed_001_dates(seed):
    texts = {m.text: m for m in seed("001").dates}
    assert texts["February 2022"].start == D(2022, 2, 1)
    assert texts["March 2024"].precision == "month"
    assert "2020" in texts


def value(text, published):
    (mention,) = dates(text, published)
    return mention.text, mention.start, mention.end


def test_a_day_without_a_year_in_a_clause_about_the_future_is_the_coming_one():
    published = D(2031, 10, 20)
    assert value("The vote will take place on March 4.", published)[1] == D(2032, 3, 4)
    assert value("The board met on March 4.", published)[1] == D(2031, 3, 4)


def test_a_day_a_few_weeks_ahead_is_the_coming_one_when_the_tense_says_nothing():
    published = D(2031, 10, 20)
    assert value("The dividend is payable Dec. 1 to holders.", published)[1] == D(2031, 12, 1)
    assert value("Prices peaked in April, traders say.", published)[1] == D(2031, 4, 1)


def test_a_weekday_after_a_past_verb_is_past_even_when_the_sentence_speaks_of_the_future():
    published = D(2031, 10, 22)  # a Wednesday
    assert value("The envoy said Monday that talks will resume.", published)[1] == D(2031, 10, 20)
    assert value("The envoy will arrive on Friday.", published)[1] == D(2031, 10, 24)
    assert value("They met last Wednesday.", published)[1] == D(2031, 10, 15)


@pytest.mark.parametrize(
    ("text", "written", "start", "end"),
    [
        ("Profit fell in the third quarter.", "the third quarter", D(2031, 7, 1), D(2031, 9, 30)),
        ("Its third-quarter profit fell.", "third-quarter", D(2031, 7, 1), D(2031, 9, 30)),
        ("First-half sales rose.", "First-half", D(2031, 1, 1), D(2031, 6, 30)),
        ("Sales rose in the latest quarter.", "the latest quarter", D(2031, 7, 1), D(2031, 9, 30)),
        ("Orders will grow next quarter.", "next quarter", D(2032, 1, 1), D(2032, 3, 31)),
        ("It expects a loss in the second quarter.", "the second quarter", D(2032, 4, 1),
         D(2032, 6, 30)),
        ("Rain fell this summer.", "this summer", D(2031, 6, 1), D(2031, 8, 31)),
        ("The plant opened last spring.", "last spring", D(2031, 3, 1), D(2031, 5, 31)),
        ("The strike ended yesterday.", "yesterday", D(2031, 10, 19), D(2031, 10, 19)),
        ("The court rules today.", "today", D(2031, 10, 20), D(2031, 10, 20)),
        ("Voting begins tomorrow.", "tomorrow", D(2031, 10, 21), D(2031, 10, 21)),
        ("He resigned three days ago.", "three days ago", D(2031, 10, 17), D(2031, 10, 17)),
        ("He resigned two weeks ago.", "two weeks ago", D(2031, 10, 6), D(2031, 10, 12)),
        ("He resigned five years ago.", "five years ago", D(2026, 1, 1), D(2026, 12, 31)),
        ("Talks resume early next year.", "early next year", D(2032, 1, 1), D(2032, 12, 31)),
        ("Rates rose earlier this month.", "earlier this month", D(2031, 10, 1), D(2031, 10, 31)),
        ("The plan ran into trouble in June last year.", "June last year", D(2030, 6, 1),
         D(2030, 6, 30)),
    ],
)  # fmt: skip
def test_it_reads_the_relative_dates_news_uses(text, written, start, end):
    assert value(text, D(2031, 10, 20)) == (written, start, end)


def test_a_quarter_or_half_with_its_year_is_explicit():
    (mention,) = dates("Exports slowed in the fourth quarter of 2030.")
    assert (mention.text, mention.precision, mention.relative) == (
        "the fourth quarter of 2030",
        "range",
        False,
    )
    assert (mention.start, mention.end) == (D(2030, 10, 1), D(2030, 12, 31))
    (half,) = dates("Exports slowed in the 2030 second half.")
    assert (half.start, half.end) == (D(2030, 7, 1), D(2030, 12, 31))


def test_a_year_earlier_is_the_quarter_just_named_a_year_back():
    published = D(2031, 10, 20)
    mentions = find_dates(
        ["Profit rose in the third quarter.", "It earned $2 a share a year earlier."], published
    )
    assert [(m.text, m.start, m.end) for m in mentions] == [
        ("the third quarter", D(2031, 7, 1), D(2031, 9, 30)),
        ("a year earlier", D(2030, 7, 1), D(2030, 9, 30)),
    ]
    (alone,) = dates("The mill closed a year ago.", published)
    assert (alone.precision, alone.start) == ("year", D(2030, 1, 1))


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Output fell in fiscal 2030.", "fiscal 2030"),
        ("The loan is due at the end of 2032.", "the end of 2032"),
        ("The mine reopened in mid-2030.", "mid-2030"),
        ("Shares slid in early September 2030.", "early September 2030"),
    ],
)
def test_a_modifier_belongs_to_the_span_and_leaves_the_value(text, written):
    (mention,) = dates(text)
    assert mention.text == written
    assert mention.start.year == int(written[-4:])


@pytest.mark.parametrize(
    "text",
    [
        "Police found Kopp's 1987 Chevrolet in a lake.",
        "She drove a 1965 Mustang to the rally.",
        "Costs are expected to fall sharply.",
        "He spoke on USA Today about it.",
        "Software shapes life in today's world.",
        "The visitors scored twice in the second half.",
        "He told Radio 4's Today programme he would stay.",
        "The fall in prices hurt farmers.",
    ],
)
def test_it_refuses_years_inside_names_and_words_that_only_look_like_dates(text):
    assert dates(text, D(2031, 10, 20)) == ()


def test_relative_mentions_stay_unresolved_without_a_date_and_resolve_later():
    (mention,) = dates("Profit fell in the third quarter.")
    assert mention.relative and mention.start is None
    assert resolve(mention, D(2031, 10, 20)).start == D(2031, 7, 1)


def test_a_plan_seen_from_the_past_and_a_deadline_resolve_by_their_clause():
    published = D(2031, 10, 22)  # a Wednesday
    assert value("The offer had been due to expire Friday.", published)[1] == D(2031, 10, 17)
    assert value("It must repay the loan by February.", published)[1] == D(2032, 2, 1)
    assert value("Closing is expected in December.", published)[1] == D(2031, 12, 1)
    assert value("The ship has been at sea since March.", published)[1] == D(2031, 3, 1)


def test_a_weekday_before_its_date_is_one_mention_of_that_date():
    mention = only("The new market opens on Saturday, April 25.", D(2031, 4, 24))
    assert (mention.text, mention.start) == ("Saturday, April 25", D(2031, 4, 25))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("The games opened in nineteen ninety-six.", D(1996, 1, 1), D(1996, 12, 31)),
        ("The bomb went off in January nineteen ninety-seven.", D(1997, 1, 1), D(1997, 1, 31)),
        ("Few expected the year two thousand and one to be calm.", D(2001, 1, 1),
         D(2001, 12, 31)),
    ],
)  # fmt: skip
def test_it_reads_years_as_transcripts_spell_them(text, start, end):
    (mention,) = dates(text)
    assert (mention.start, mention.end, mention.relative) == (start, end, False)
    assert dates("Nineteen people were hurt.") == ()


def test_a_date_beyond_the_calendar_stays_unresolved_and_a_year_has_two_halves():
    (mention,) = dates("Profit fell last year.", D(1, 3, 1))
    assert mention.start is None
    assert dates("Profit fell in the third half of 2030.") == ()

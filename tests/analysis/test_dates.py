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

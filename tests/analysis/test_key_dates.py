"""Choosing a body of coverage's key dates and their summaries (pure, no database)."""

import datetime as dt

from articles.analysis.key_dates import (
    PUBLISHED_WEIGHT,
    Candidate,
    DayCount,
    choose_days,
    merged,
    summarise,
)

D = dt.date
SPAN = (D(2024, 7, 1), D(2024, 7, 31))


def days_of(counts, limit, span=SPAN):
    return [k.day for k in choose_days(counts, span=span, limit=limit)]


def test_a_day_many_articles_name_outranks_days_only_published_on():
    counts = [
        DayCount(D(2024, 7, 8), named=3),
        DayCount(D(2024, 7, 10), published=5),  # five articles, none naming a day
        DayCount(D(2024, 7, 2), named=1),
    ]
    assert days_of(counts, 3) == [D(2024, 7, 8), D(2024, 7, 10), D(2024, 7, 2)]


def test_an_article_published_on_the_day_it_names_counts_once():
    counts = [
        DayCount(D(2024, 7, 8), named=2, published=2, published_naming=2),
        DayCount(D(2024, 7, 15), named=2, published=1),
    ]
    first, second = choose_days(counts, span=SPAN, limit=2)
    assert first.day == D(2024, 7, 15) and first.score == 2 + PUBLISHED_WEIGHT
    assert second.score == 2.0


def test_background_dates_long_before_the_coverage_are_not_events():
    counts = [DayCount(D(1948, 5, 14), named=30), DayCount(D(2024, 7, 8), named=1)]
    assert days_of(counts, None) == [D(2024, 7, 8)]
    # Without a publication day to anchor them, every named day is a candidate.
    assert days_of(counts, None, span=None) == [D(1948, 5, 14), D(2024, 7, 8)]


def test_the_day_after_a_day_of_publications_adds_to_it():
    counts = [
        DayCount(D(2024, 7, 8), named=1),
        DayCount(D(2024, 7, 9), published=4),  # reports of the day before
        DayCount(D(2024, 7, 20), named=1),
    ]
    days = days_of(counts, None)
    assert days.index(D(2024, 7, 8)) < days.index(D(2024, 7, 20))


def test_moved_days_count_for_the_day_they_were_moved_to():
    counts = [DayCount(D(2024, 7, 8), named=1), DayCount(D(2024, 7, 9), named=2, published=1)]
    (one,) = merged(counts, {D(2024, 7, 9): D(2024, 7, 8)})
    assert one == DayCount(D(2024, 7, 8), named=3, published=1)


def test_summaries_tell_the_day_and_never_repeat_a_sentence_across_days():
    first, second = choose_days(
        [DayCount(D(2024, 7, 8), named=2), DayCount(D(2024, 7, 12), named=1)], span=SPAN, limit=2
    )
    shared = "Modi and Putin signed the energy agreement in Moscow on Monday evening."
    candidates = {
        D(2024, 7, 8): [
            Candidate(1, shared, "written"),
            Candidate(2, "The two leaders signed an energy agreement in Moscow.", "written"),
            Candidate(2, "Photo: Reuters", "published"),
            Candidate(2, "What does the energy agreement mean for Europe?", "published"),
        ],
        D(2024, 7, 12): [
            Candidate(3, shared, "resolved"),
            Candidate(
                3, "Ukraine's president condemned the energy agreement on Friday.", "written"
            ),
        ],
    }
    summarise([first, second], candidates, keywords=["energy"], sentences=2)
    told = [c.sentence for day in (first, second) for c in day.summary]
    assert len(told) == len(set(told))
    assert "Photo: Reuters" not in told  # too short to say what happened
    assert not any(t.endswith("?") for t in told)  # a question says nothing happened
    assert second.summary[0].sentence.startswith("Ukraine's president")

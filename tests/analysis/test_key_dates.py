"""Choosing a body of coverage's key dates and their summaries (pure, no database)."""

import datetime as dt

from articles.analysis.key_dates import (
    Candidate,
    DayMention,
    Publication,
    choose_days,
    summarise,
)

D = dt.date


def pub(article, day, source=1):
    return Publication(article, source, day)


def named(article, day, source=1, sentence=""):
    return DayMention(article, source, day, sentence)


def test_a_day_many_articles_name_outranks_a_day_one_article_repeats():
    publications = [pub(n, D(2024, 7, 10), source=n) for n in range(1, 6)]
    mentions = [named(n, D(2024, 7, 8), source=n) for n in (1, 2, 3)]
    mentions += [named(4, D(2024, 7, 2))] * 6  # one article, six times
    days = [k.day for k in choose_days(mentions, publications, limit=3)]
    assert days[0] == D(2024, 7, 8)
    assert days.index(D(2024, 7, 8)) < days.index(D(2024, 7, 2))
    first = choose_days(mentions, publications, limit=1)[0]
    assert first.named_by == {1, 2, 3} and first.sources == {1, 2, 3}


def test_background_dates_long_before_the_coverage_are_not_events():
    publications = [pub(n, D(2024, 7, 10)) for n in range(1, 4)]
    mentions = [named(n, D(1948, 5, 14)) for n in range(1, 4)]  # every article names it
    mentions += [named(1, D(2024, 7, 8))]
    days = {k.day for k in choose_days(mentions, publications, limit=None)}
    assert D(1948, 5, 14) not in days
    assert D(2024, 7, 8) in days


def test_a_day_beside_one_chosen_counts_for_less():
    publications = [pub(n, D(2024, 7, 20 + n)) for n in range(1, 9)]
    mentions = [named(n, D(2024, 7, 8)) for n in range(1, 6)]
    mentions += [named(n, D(2024, 7, 9)) for n in range(1, 5)]  # the same happening, day two
    mentions += [named(n, D(2024, 7, 15)) for n in range(5, 8)]
    days = [k.day for k in choose_days(mentions, publications, limit=2)]
    assert days == [D(2024, 7, 8), D(2024, 7, 15)]


def test_publication_days_count_when_no_text_names_a_day():
    publications = [pub(1, D(2024, 7, 1)), pub(2, D(2024, 7, 1)), pub(3, D(2024, 7, 3))]
    days = [k.day for k in choose_days([], publications, limit=2)]
    assert days[0] == D(2024, 7, 1)


def test_summaries_tell_the_day_and_never_repeat_a_sentence_across_days():
    first, second = choose_days(
        [named(1, D(2024, 7, 8)), named(2, D(2024, 7, 8)), named(3, D(2024, 7, 9))],
        [pub(1, D(2024, 7, 10))],
        limit=2,
    )
    shared = "Modi and Putin signed the energy agreement in Moscow on Monday evening."
    candidates = {
        D(2024, 7, 8): [
            Candidate(1, shared, "written"),
            Candidate(2, "The two leaders signed an energy agreement in Moscow.", "written"),
            Candidate(2, "Photo: Reuters", "published"),
        ],
        D(2024, 7, 9): [
            Candidate(3, shared, "resolved"),
            Candidate(3, "Ukraine's president condemned the visit to Moscow the next day.", "written"),
        ],
    }
    summarise([first, second], candidates, keywords=["energy"], sentences=1)
    assert first.summary and second.summary
    told = [c.sentence for day in (first, second) for c in day.summary]
    assert len(told) == len(set(told))
    assert "Photo: Reuters" not in told  # too short to say what happened
    assert second.summary[0].sentence.startswith("Ukraine's president")

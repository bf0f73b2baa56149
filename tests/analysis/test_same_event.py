"""The same-event verdict on plain values: rare entities weigh, common ones do not, and a day
or a figure both give is needed."""

import datetime as dt

from articles.analysis.same_event import EventSide, same_event, telling_figures

DAY = dt.date(2024, 7, 10)
NAMED = dt.date(2024, 7, 9)
ARCHIVE = 10_000


def side(entities, published=DAY, days=(NAMED,), figures=()):
    return EventSide(published, entities, frozenset(days), telling_figures(figures))


def test_it_links_two_articles_naming_the_same_rare_entities_and_day():
    verdict = same_event(side({1: 3, 2: 8, 3: 4000}), side({1: 3, 2: 8, 4: 9}), ARCHIVE)
    assert verdict is not None
    assert verdict.entities == (1, 2)  # the rarest first; 3 is too common to count
    assert verdict.days == (NAMED,)


def test_common_entities_alone_do_not_make_one_event():
    # "United States" and "Reuters": each named by a tenth of the archive.
    assert same_event(side({1: 1000, 2: 1200}), side({1: 1000, 2: 1200}), ARCHIVE) is None


def test_a_shared_figure_stands_in_for_a_shared_day():
    money = [("money", "USD", 240e6)]
    a = side({1: 3, 2: 8}, days=(), figures=money)
    b = side({1: 3, 2: 8}, days=(), figures=money)
    assert same_event(a, b, ARCHIVE).figures == (("money", "USD", 240e6),)
    assert same_event(side({1: 3, 2: 8}, days=()), side({1: 3, 2: 8}, days=()), ARCHIVE) is None


def test_small_counts_are_not_telling_figures():
    a = side({1: 3, 2: 8}, days=(), figures=[("count", "people", 3.0)])
    assert same_event(a, a, ARCHIVE) is None


def test_articles_outside_the_window_or_undated_are_not_one_event():
    later = side({1: 3, 2: 8}, published=DAY + dt.timedelta(days=10))
    assert same_event(side({1: 3, 2: 8}), later, ARCHIVE) is None
    assert same_event(side({1: 3, 2: 8}, published=None), side({1: 3, 2: 8}), ARCHIVE) is None


def test_two_names_shared_of_the_eight_the_shorter_names_are_not_enough():
    many = {pk: 5 for pk in range(1, 41)}
    assert (
        same_event(
            side(many), side({1: 5, 2: 5, 99: 5, 98: 5, 97: 5, 96: 5, 95: 5, 94: 5}), ARCHIVE
        )
        is None
    )

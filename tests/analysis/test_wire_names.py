"""Names as wire copy writes them: datelines, titles, short forms and company fragments."""

import pytest

from articles.analysis import analyze
from articles.analysis.entities import find_entities
from articles.analysis.kinds import Kind


def entities_of(body: str):
    return {hit.name: hit for hit in analyze("HEADLINE IN CAPITALS\n\n" + body, topics={}).entities}


@pytest.mark.parametrize(
    ("dateline", "places"),
    [
        ("NEW YORK, March 20 -", {"New York"}),
        ("OTTAWA, Feb 3 -", {"Ottawa"}),
        ("BRINDLEY, Feb 3 -", {"Brindley"}),
        ("PORTLAND, Ore., Feb 26 -", {"Portland", "Oregon"}),
        ("GREEN HOLLOW, N.J., April 2 -", {"Green Hollow", "New Jersey"}),
        ("MAPLE FALLS, ONT., June 9 -", {"Maple Falls", "Ontario"}),
        ("ST. ALBANS, Vt., Jan 5 -", {"St. Albans", "Vermont"}),
        ("KELBURN, West Germany, May 7 -", {"Kelburn", "West Germany"}),
        ("Toronto, Feb 26 -", {"Toronto"}),
        ("LISBON (Reuters) -", {"Lisbon"}),
    ],
)
def test_a_datelines_city_and_state_are_places(dateline, places):
    hits = entities_of(f"{dateline} Shares of the bakery rose sharply on Tuesday, traders said.")
    found = {name for name, hit in hits.items() if hit.kind == Kind.PLACE}
    assert places <= found
    assert not {name for name, hit in hits.items() if hit.kind == Kind.ORGANISATION} & places


def test_a_datelines_city_is_a_place_where_the_body_names_it_again():
    hits = entities_of(
        "OTTAWA, March 4 - Ottawa said it would cut the tariff. Ottawa officials agreed."
    )
    assert hits["Ottawa"].kind == Kind.PLACE
    assert hits["Ottawa"].aliases >= {"OTTAWA", "Ottawa"}


@pytest.mark.parametrize(
    "text",
    [
        "HEADLINE\n\nBREAKING NEWS - the plant closed.",  # no day, no agency
        "HEADLINE\n\nThe Board, March 4 - a date in a sentence.",
        "HEADLINE\n\nShares rose.\n\n" + "Filler sentence here. " * 30 + "\n\nOSLO, May 2 - late",
    ],
)
def test_only_a_true_dateline_at_the_top_makes_places(text):
    names = {hit.name for hit in find_entities(text)}
    assert not names & {"Breaking News", "The Board", "Board", "Oslo"}

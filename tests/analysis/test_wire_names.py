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


@pytest.mark.parametrize(
    ("text", "person", "alias"),
    [
        ("Lord Brampton said the bank would bid. Brampton declined to add more.", "Brampton",
         "Lord Brampton"),
        ("Rabbi Feldmann said the school would open. Feldmann thanked donors.", "Feldmann",
         "Rabbi Feldmann"),
        ("Baroness Welford said the bill was flawed.", "Welford", "Baroness Welford"),
        ("Sen. Harlan Ostrow said the bill would pass the committee.", "Harlan Ostrow", None),
    ],
)  # fmt: skip
def test_a_title_of_office_or_nobility_stays_with_the_person(text, person, alias):
    hits = entities_of(text)
    assert hits[person].kind == Kind.PERSON
    if alias:
        assert alias in hits[person].aliases
    assert not any(
        hit.kind == Kind.ORGANISATION and person.split()[-1] in hit.name for hit in hits.values()
    )


@pytest.mark.parametrize(
    ("text", "not_people"),
    [
        ("The bonds pay 50 U.S. Dlrs each, the bank said.", {"U.S. Dlrs"}),
        ("The notes are worth 20 H.K. Dlrs, dealers said.", {"H.K. Dlrs"}),
        ("General Tyrell Corp said it would cut 300 jobs.", {"Tyrell Corp"}),
        ("General Brenmark Co said profits rose.", {"Brenmark Co"}),
    ],
)
def test_amounts_and_company_fragments_are_not_people(text, not_people):
    people = {name for name, hit in entities_of(text).items() if hit.kind == Kind.PERSON}
    assert not people & not_people


def test_a_company_after_an_ambiguous_title_keeps_its_whole_name():
    hits = entities_of("General Tyrell Corp said on Monday it would cut 300 jobs.")
    assert hits["General Tyrell Corp"].kind == Kind.ORGANISATION


def test_short_forms_and_acronyms_join_the_full_name_the_article_gives():
    hits = entities_of(
        "Brenmark Industrial Corp said sales rose. Brenmark said it would hire. "
        "The Federal Reserve Board met. The Federal Reserve said rates would hold, and the "
        "Fed chairman agreed. Kessler Motors Corp (KM) said the KM plant would close."
    )
    assert {"Brenmark", "Brenmark Industrial Corp"} <= hits["Brenmark Industrial Corp"].aliases
    fed = next(hit for hit in hits.values() if "Fed" in hit.aliases)
    assert {"Federal Reserve", "Federal Reserve Board"} <= fed.aliases | {fed.name}
    assert "KM" in hits["Kessler Motors Corp"].aliases
    assert "Brenmark" not in hits and "KM" not in hits


def test_a_short_form_two_full_names_could_own_stays_apart():
    hits = entities_of(
        "Halvard Shipping Co and Halvard Mining Co both said sales rose. Halvard said more."
    )
    assert "Halvard" not in hits["Halvard Shipping Co"].aliases
    assert "Halvard" not in hits["Halvard Mining Co"].aliases


def test_parties_are_organisations():
    hits = entities_of(
        "The Republicans hold both houses, and Democrats said the plan would fail. "
        "The Conservatives and the Social Democrats disagreed."
    )
    for name in ("Republican Party", "Democratic Party", "Conservative Party",
                 "Social Democratic Party"):  # fmt: skip
        assert hits[name].kind == Kind.ORGANISATION


def test_towns_the_text_calls_towns_or_lists_with_places_are_places():
    hits = entities_of(
        "In the southern city of Varlona, growers dumped fruit. The bonds will be listed "
        "in Basle, Brindisch, Geneva and Zurich."
    )
    assert hits["Varlona"].kind == Kind.PLACE
    assert hits["Brindisch"].kind == Kind.PLACE

import pytest

from articles.analysis.figures import find_figures, is_conversion


def figures(text):
    return [(f.text, f.kind, f.value, f.unit) for f in find_figures([text])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Trade hit $65.7 billion.", ("$65.7 billion", "money", 65.7e9, "USD")),
        ("Exports stand at just $4bn.", ("$4bn", "money", 4e9, "USD")),
        ("It cost £2.1m.", ("£2.1m", "money", 2.1e6, "GBP")),
        ("It raised 16.5bn euros.", ("16.5bn euros", "money", 16.5e9, "EUR")),
        ("Shares rose 28 pence.", ("28 pence", "money", 0.28, "GBP")),
        ("Trade rose by 33% in a year.", ("33%", "percent", 33.0, "%")),
        ("Prices rose ten percent.", ("ten percent", "percent", 10.0, "%")),
        ("Growth of 6.5 per cent is likely.", ("6.5 per cent", "percent", 6.5, "%")),
        ("Rates rose by a quarter percentage point.",
         ("a quarter percentage point", "percent", 0.25, "percentage points")),
        ("A half point cut is likely.", ("A half point", "percent", 0.5, "percentage points")),
        ("Bombing killed at least 41 people.", ("at least 41 people", "count", 41.0, "people")),
        ("Firms created 337,000 jobs.", ("337,000 jobs", "count", 337000.0, "jobs")),
        ("At the G7 meeting of seven leading industrialised nations.",
         ("seven leading industrialised nations", "count", 7.0, "nations")),
        ("Two million children were hit.", ("Two million children", "count", 2e6, "children")),
    ],
)  # fmt: skip
def test_it_reads_money_percentages_and_counts(text, expected):
    assert figures(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "It was the first visit in 41 years.",
        "Delays hit the S-400 system.",
        "The alliance marks the 75th anniversary.",
        "The match ended 2-1.",
        "He was born in 1961.",
        "The index fell 12 points.",
        "Airbus sold its A380 to two airlines.",
        "Relations between the two nations are warm.",
    ],
)
def test_it_finds_no_figure_in_years_ranks_durations_and_names(text):
    assert figures(text) == []


def test_a_converted_amount_is_a_second_figure_recognised_as_the_same(seed):
    found = find_figures(["Bilateral trade has soared to $65bn (£50.76bn)."])
    assert [f.text for f in found] == ["$65bn", "£50.76bn"]
    assert is_conversion(found[0], found[1])
    assert not is_conversion(*find_figures(["It cost $5bn and later £3bn."]))


def test_seed_figures(seed):
    def of(prefix):
        return {(f.text, f.value, f.unit) for f in seed(prefix).figures}

    assert ("$65.7 billion", 65.7e9, "USD") in of("001")
    assert ("33%", 33.0, "%") in of("001")
    assert ("$65.7 billion", 65.7e9, "USD") in of("002")
    assert {("$65bn", 65e9, "USD"), ("£50.76bn", 50.76e9, "GBP"), ("$4bn", 4e9, "USD")} <= of("003")
    killed = [f for f in seed("003").figures if "at least 41" in f.text]
    assert [(f.kind, f.value, f.unit) for f in killed] == [("count", 41.0, "people")]
    assert "killed" in killed[0].sentence

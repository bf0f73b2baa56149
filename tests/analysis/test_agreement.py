import datetime

from articles.analysis.agreement import (
    compare_dates,
    compare_figures,
    figures_agree,
    precision_of,
)
from articles.analysis.results import DateMention, Figure

TRADE_001 = (
    "Economic Ties: India's bilateral trade with Russia increased by 33% in the financial year "
    "ended March 2024, reaching an all-time high of $65.7 billion."
)
TRADE_003 = (
    "Driven by a surge in the purchase of oil, bilateral trade between India and Russia in the "
    "last few years has soared to $65bn (£50.76bn)."
)
VISIT_000 = (
    "Prime Minister Narendra Modi of India is all set to pay a visit to Moscow, the capital "
    "city of Russia, from February 23 to 25, 2023."
)
VISIT_003 = (
    "Indian Prime Minister Narendra Modi is being keenly watched by his Western allies as he "
    "meets Russian President Vladimir Putin in Moscow on his first foreign trip since he "
    "returned to office for a third term in June."
)
VISIT_001 = (
    "India's Prime Minister Narendra Modi is set to meet President Vladimir Putin in Moscow on "
    "Monday, marking his first visit to the Kremlin since the invasion of Ukraine."
)


def money(text, value, sentence, unit="USD"):
    return Figure(text=text, kind="money", value=value, unit=unit, sentence=sentence)


def test_65bn_and_65_7_billion_agree_as_the_same_trade_figure():
    a = money("$65.7 billion", 65.7e9, TRADE_001)
    b = money("$65bn", 65e9, TRADE_003)
    assert precision_of(a) == 1e8 and precision_of(b) == 1e9
    result = compare_figures([a], [b])
    assert [(p.a.text, p.b.text) for p in result.agree] == [("$65.7 billion", "$65bn")]
    assert result.conflict == ()


def test_a_different_trade_figure_in_the_same_context_conflicts():
    a = money("$65.7 billion", 65.7e9, TRADE_001)
    b = money("$48bn", 48e9, TRADE_003)
    result = compare_figures([a], [b])
    assert result.agree == ()
    assert [(p.a.text, p.b.text) for p in result.conflict] == [("$65.7 billion", "$48bn")]


def test_figures_about_different_things_neither_agree_nor_conflict():
    a = money("$65.7 billion", 65.7e9, TRADE_001)
    b = money("$4bn", 4e9, "Snowfall closed the passes, costing ski resorts $4bn.")
    assert compare_figures([a], [b]) == compare_figures([], [])


def test_figures_of_other_units_or_kinds_never_agree():
    assert not figures_agree(money("$65bn", 65e9, ""), money("£65bn", 65e9, "", unit="GBP"))
    percent = Figure("65%", "percent", 65.0, "%", "")
    assert not figures_agree(money("$65", 65.0, ""), percent)


def test_rounding_is_one_unit_of_the_last_digit_written():
    assert figures_agree(money("$65bn", 65e9, ""), money("$65.9bn", 65.9e9, ""))
    assert not figures_agree(money("$65bn", 65e9, ""), money("$66.2bn", 66.2e9, ""))
    assert figures_agree(
        Figure("33%", "percent", 33, "%", ""), Figure("33.4%", "percent", 33.4, "%", "")
    )
    assert not figures_agree(
        Figure("33%", "percent", 33, "%", ""), Figure("35%", "percent", 35, "%", "")
    )


def test_the_february_2023_visit_conflicts_with_the_july_visit():
    feb = DateMention(
        "February 23 to 25, 2023",
        VISIT_000,
        "range",
        datetime.date(2023, 2, 23),
        datetime.date(2023, 2, 25),
    )
    june = DateMention("June", VISIT_003, "month", datetime.date(2024, 6, 1), None)
    monday = DateMention("Monday", VISIT_001, "day", datetime.date(2024, 7, 8), None, True)
    result = compare_dates([feb], [june, monday])
    # The closest claim: 001's sentence about the visit itself ("on Monday", 8 July 2024).
    assert [(p.a.text, p.b.text) for p in result.conflict] == [
        ("February 23 to 25, 2023", "Monday")
    ]
    assert compare_dates([feb], [june]).conflict[0].b.text == "June"
    assert compare_dates([monday], [feb]).conflict[0].b.text == "February 23 to 25, 2023"


def test_overlapping_dates_about_the_same_thing_agree():
    july = DateMention("July 8", VISIT_001, "day", datetime.date(2024, 7, 8), None)
    month = DateMention("July 2024", VISIT_003, "month", datetime.date(2024, 7, 1), None)
    result = compare_dates([july], [month])
    assert result.conflict == () and len(result.agree) == 1


def test_dates_that_cannot_be_placed_or_share_no_context_are_left_out():
    unplaced = DateMention("Monday", VISIT_001, "day", None, None, True)
    other = DateMention(
        "1999", "The dam on the river was finished.", "year", datetime.date(1999, 1, 1), None
    )
    feb = DateMention("February 2023", VISIT_000, "month", datetime.date(2023, 2, 1), None)
    assert compare_dates([unplaced, other], [feb]) == compare_dates([], [])
    assert compare_dates([feb], [other, unplaced]).conflict == ()

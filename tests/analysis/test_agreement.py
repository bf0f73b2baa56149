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
    b = money("$48bn", 48e9, TRADE_003.replace("$65bn", "$48bn"))
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


def test_the_february_2023_visit_and_the_july_2024_visit_are_two_events_not_a_conflict():
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
    assert result.conflict == ()
    # Listed beside the closest claim about the visit, as also mentioned.
    assert [(p.a.text, p.b.text) for p in result.also] == [("February 23 to 25, 2023", "Monday")]
    assert compare_dates([monday], [feb]).conflict == ()


def test_one_visit_dated_on_two_close_days_conflicts():
    feb = DateMention("February 23", VISIT_000, "day", datetime.date(2023, 2, 23), None)
    later = DateMention(
        "February 27",
        VISIT_000.replace("from February 23 to 25, 2023", "on February 27"),
        "day",
        datetime.date(2023, 2, 27),
        None,
    )
    result = compare_dates([feb], [later])
    assert [(p.a.text, p.b.text) for p in result.conflict] == [("February 23", "February 27")]


def test_a_dateline_day_is_the_day_of_the_report_not_a_conflict():
    # Two wire stories on one OPEC pact, each dated by its dateline: 16 March against 9 March.
    sentence = "Saudi Arabia remains committed to the OPEC pact, oil minister Hisham Nazer said {}."
    a = DateMention(
        "March 16", sentence.format("on March 16"), "day", datetime.date(1987, 3, 16), None
    )
    b = DateMention(
        "March 9", sentence.format("on March 9"), "day", datetime.date(1987, 3, 9), None
    )
    result = compare_dates([a], [b], datetime.date(1987, 3, 16), datetime.date(1987, 3, 9))
    assert result.conflict == () and len(result.also) == 1
    assert len(compare_dates([a], [b]).conflict) == 1  # without the datelines: one event


def test_two_months_apart_are_two_events():
    a = DateMention(
        "February 1",
        "OPEC ministers agreed on February 1 to cut output.",
        "day",
        datetime.date(1987, 2, 1),
        None,
    )
    b = DateMention(
        "December",
        "OPEC ministers agreed in December to cut output.",
        "month",
        datetime.date(1986, 12, 1),
        None,
    )
    assert compare_dates([a], [b]).conflict == ()


SAUDI_OUTPUT = (
    "Saudi Arabia will keep its output of 3 mln bpd, Nazer said, in line with the OPEC pact."
)
OPEC_CEILING = "Nazer said Saudi Arabia backs the OPEC ceiling of 15.8 mln bpd agreed in the pact."


def barrels(text, value, sentence):
    return Figure(text=text, kind="count", value=value, unit="bpd", sentence=sentence)


def test_output_and_ceiling_are_two_quantities_also_mentioned_not_a_conflict():
    result = compare_figures(
        [barrels("3 mln bpd", 3e6, SAUDI_OUTPUT)], [barrels("15.8 mln bpd", 15.8e6, OPEC_CEILING)]
    )
    assert result.conflict == () and result.agree == ()
    assert [(p.a.text, p.b.text) for p in result.also] == [("3 mln bpd", "15.8 mln bpd")]


def test_two_outputs_of_the_same_country_conflict():
    other = "Saudi output rose to 4 mln bpd in March, OPEC sources said."
    result = compare_figures(
        [barrels("3 mln bpd", 3e6, SAUDI_OUTPUT)], [barrels("4 mln bpd", 4e6, other)]
    )
    assert [(p.a.text, p.b.text) for p in result.conflict] == [("3 mln bpd", "4 mln bpd")]


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

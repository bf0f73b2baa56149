import datetime as dt

import pytest

from articles.analysis.dates import find_dateline

D = dt.date


@pytest.mark.parametrize(
    "text",
    [
        "SPRINGFIELD, Ill., Feb 26 - The mill said it would close.",
        "SPRINGFIELD, Ill. Feb 26 - The mill said it would close.",
        "SPRINGFIELD, FEB 26 - The mill said it would close.",
        "SPRINGFIELD, feb 26 - The mill said it would close.",
        "NEW HAVEN, Conn., February 26 - The mill said it would close.",
    ],
)
def test_a_wire_dateline_without_a_year_takes_the_year_the_caller_knows(text):
    assert find_dateline(text, year=2031) == D(2031, 2, 26)


def test_without_a_year_to_give_it_a_dateline_without_one_gives_no_date():
    assert find_dateline("SPRINGFIELD, Ill., Feb 26 - The mill said it would close.") is None


def test_a_dateline_with_its_own_year_keeps_it_and_a_weekday_is_no_day():
    text = "SPRINGFIELD, Ill., Feb 26, 2030 - The mill said it would close."
    assert find_dateline(text, year=2031) == D(2030, 2, 26)
    assert find_dateline("SPRINGFIELD, Monday - The mill closed.", year=2031) is None
    assert find_dateline("SPRINGFIELD, Feb 30 - The mill closed.", year=2031) is None

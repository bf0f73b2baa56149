"""The per-set scorers in bench/ read gold files and judge what the analysis returned; these
tests hold their reading of each format and each matching rule to small hand-made cases."""

import datetime as dt
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import polnear_bench  # noqa: E402
import reuters_bench  # noqa: E402
import timebank_bench  # noqa: E402
from textspans import FlatText  # noqa: E402

from articles.analysis.results import DateMention  # noqa: E402


def test_a_reported_text_is_found_back_across_changed_whitespace():
    source = FlatText("He said\n\n  on   Monday that")
    at = source.find("said on Monday")
    assert source.span(at, len("said on Monday")) == (3, 22)
    assert source.find("Tuesday") == -1


def test_timeml_tags_are_removed_and_timex_offsets_kept(tmp_path):
    path = tmp_path / "doc.tml"
    path.write_text(
        '<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08" '
        'functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT><TEXT>\n'
        'Prices <EVENT eid="e1">rose</EVENT> &amp; fell <TIMEX3 tid="t1" type="DATE" '
        'value="1998-01-07">yesterday</TIMEX3>.\n</TEXT></TimeML>',
        encoding="utf-8",
    )
    document = timebank_bench.read_document(path)
    assert document.published == dt.date(1998, 1, 8)
    (timex,) = document.timexes
    assert document.text[timex.start : timex.end] == "yesterday"
    assert "&" in document.text and "<" not in document.text
    assert (timex.type, timex.value) == ("DATE", "1998-01-07")


@pytest.mark.parametrize(
    ("start", "end", "value"),
    [
        (dt.date(1998, 2, 3), dt.date(1998, 2, 3), "1998-02-03"),
        (dt.date(1998, 2, 1), dt.date(1998, 2, 28), "1998-02"),
        (dt.date(1998, 1, 1), dt.date(1998, 12, 31), "1998"),
        (dt.date(1998, 4, 1), dt.date(1998, 6, 30), "1998-Q2"),
        (dt.date(1998, 8, 10), dt.date(1998, 8, 16), "1998-W33"),
        (dt.date(1998, 2, 23), dt.date(1998, 2, 25), None),
        (None, None, None),
    ],
)
def test_a_date_is_written_as_timeml_writes_its_value(start, end, value):
    mention = DateMention("x", "x", "day", start, end)
    assert timebank_bench.value_of(mention) == value


def test_strict_relaxed_and_value_matches_are_told_apart():
    gold = (timebank_bench.Timex(10, 25, "DATE", "1998-02-03", "February 3, 1998"),)
    exact = timebank_bench.Predicted(10, 25, "February 3, 1998", "1998-02-03")
    inside = timebank_bench.Predicted(10, 20, "February 3", "1998-02-04")
    elsewhere = timebank_bench.Predicted(40, 45, "1997", "1997")
    counts = timebank_bench.score([exact, inside, elsewhere], gold, None)
    assert (counts.strict_p, counts.relaxed_p, counts.value_p, counts.false) == (1, 2, 1, 1)
    assert (counts.strict_g, counts.relaxed_g, counts.value_g) == (1, 1, 1)


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("he", None),
        ("the Vermont senator", None),
        ("Mr. Trump", "Mr. Trump"),
        ("House Speaker Paul Ryan", "House Speaker Paul Ryan"),
        ("Brent Bozell III, founder of the Media Research Center,", "Brent Bozell III"),
        ("Trump’s campaign manager Corey Lewandowski", "Corey Lewandowski"),
    ],
)
def test_a_gold_source_gives_the_name_it_ends_with(source, name):
    assert polnear_bench.source_name(source) == name


def test_names_match_without_honorifics_when_one_is_part_of_the_other():
    assert polnear_bench.same_person("Mr. Trump", "Donald Trump")
    assert polnear_bench.same_person("House Speaker Paul Ryan", "Paul Ryan")
    assert not polnear_bench.same_person("Bill Clinton", "Hillary Clinton")


def test_a_pronoun_source_stands_for_the_named_source_before_it(tmp_path):
    text = (
        'Trump said the race was close. "We will win this one," he said. '
        '"It is all over now," she said.'
    )

    def span(kind, part):
        at = text.index(part)
        return f"{kind} {at} {at + len(part)}\t{part}"

    ann = tmp_path / "a.ann"
    first, second = '"We will win this one,"', '"It is all over now,"'
    lines = [
        "T1\t" + span("Source", "Trump"),
        "T2\t" + span("Content", first),
        "T3\t" + span("Source", "he"),
        "T4\t" + span("Content", second),
        "T5\t" + span("Source", "she"),
        "T6\t" + span("Content", "the race was close"),
        "E0\tAttribution:T10 Content:T6 Source:T1",
        "E1\tAttribution:T9 Content:T2 Source:T3",
        "E2\tAttribution:T8 Content:T4 Source:T5",
    ]
    ann.write_text("\n".join(lines), encoding="utf-8")
    quotes = polnear_bench.read_annotations(ann, text)
    assert [q.source for q in quotes] == ["Trump", "Trump"]
    assert [text[slice(*q.spans[0])] for q in quotes] == [
        "We will win this one,",
        "It is all over now,",
    ]


def test_the_reuters_tables_map_names_cities_and_spelt_codes_to_labels():
    places = reuters_bench.label_table(reuters_bench.PLACE_NAMES, True, {"uruguay"})
    assert places[reuters_bench._key("U.S.")] == "usa"
    assert places[reuters_bench._key("Tokyo")] == "japan"
    assert places[reuters_bench._key("West Germany")] == "west-germany"
    assert places[reuters_bench._key("Uruguay")] == "uruguay"
    orgs = reuters_bench.label_table(reuters_bench.ORG_NAMES, False)
    assert orgs[reuters_bench._key("International Monetary Fund")] == "imf"

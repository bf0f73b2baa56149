"""What a visitor may send to the search page and the exports: a search is cut, or a part
of it ignored with a word on the page, but never silently widened."""

import csv
import datetime as dt
import io
import json

import pytest

from articles.search import MAX_QUERY_CHARS
from articles.web.export import spreadsheet_safe

pytestmark = pytest.mark.django_db


def streamed(response) -> str:
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def two_articles(make_article):
    make_article(title="Talks in Vienna", body="Envoys met in Vienna.")
    make_article(title="Harvest report", body="Grain prices rose.")


def test_it_cuts_a_query_over_the_limit_instead_of_dropping_it(client, two_articles):
    long_query = "vienna" + " " * MAX_QUERY_CHARS + "harvest"
    response = client.get("/", {"q": long_query})
    assert response.status_code == 200
    assert [a.title for a in response.context["page"].object_list] == ["Talks in Vienna"]
    assert f"Only the first {MAX_QUERY_CHARS:,} characters" in response.content.decode()


def test_it_never_exports_everything_for_a_query_over_the_limit(client, two_articles):
    query = "nowhere " * (MAX_QUERY_CHARS // 8 + 1)
    assert len(query) > MAX_QUERY_CHARS
    rows = list(csv.reader(io.StringIO(streamed(client.get("/export.csv", {"q": query})))))
    assert len(rows) == 1  # the header only
    assert json.loads(streamed(client.get("/export.json", {"q": query}))) == []


def test_an_invalid_sort_is_ignored_and_the_query_kept(client, two_articles):
    response = client.get("/", {"q": "vienna", "sort": "bogus"})
    assert [a.title for a in response.context["page"].object_list] == ["Talks in Vienna"]
    assert response.context["sort"] == "relevance"
    assert "Ignored sort=&#x27;bogus&#x27;" in response.content.decode()


def test_a_year_facet_before_1000_links_to_a_date_the_filter_accepts(client, make_article):
    make_article(title="Early chronicle", body="chronicle", published_on=dt.date(999, 5, 1))
    make_article(title="Later chronicle", body="chronicle", published_on=dt.date(2020, 1, 1))
    years = client.get("/", {"q": "chronicle"}).context["facets"].years
    early = next(f for f in years if f.label == "999")
    assert "date_from=0999-01-01" in early.querystring
    response = client.get("/" + early.querystring)
    assert not response.context["filterset"].form.errors
    assert [a.title for a in response.context["page"].object_list] == ["Early chronicle"]


@pytest.mark.parametrize(
    "cell",
    ["=1+1", ";=1+1", "a;=1+1", "x,+1", "ok\t@SUM(A1)", "\uff1d1+1", "  -2+3", "|=cmd"],
)
def test_a_cell_a_spreadsheet_could_read_as_a_formula_is_defused(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Talks in Vienna", "S-400 deal", "2+2 talks", "e-mail"])
def test_ordinary_cells_are_left_alone(cell):
    assert spreadsheet_safe(cell) == cell


def test_the_csv_export_quotes_every_cell_and_defuses_formulas(client, make_article):
    make_article(title=";=1+1 summit", body="summit")
    make_article(title="\uff1dHYPERLINK(1) summit", body="summit")
    text = streamed(client.get("/export.csv", {"q": "summit"}))
    titles = {row["title"] for row in csv.DictReader(io.StringIO(text))}
    assert titles == {"';=1+1 summit", "'\uff1dHYPERLINK(1) summit"}
    assert text.splitlines()[1].startswith('"')

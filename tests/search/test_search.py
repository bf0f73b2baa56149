"""Full-text search through the real engine (SQLite FTS5 or PostgreSQL, whichever runs)."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertInHTML

from articles.models import Article, Entity, Topic
from articles.search import Results, SearchQuery, search_filter, search_for
from articles.search.facets import facet_counts

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    response = client.get("/", params)
    assert response.status_code == 200
    return [a.title for a in response.context["page"].object_list]


@pytest.fixture
def corpus(make_article):
    make_article(
        title="Diplomats gather in Vienna",
        body="Envoys from twelve countries met to discuss the grain corridor.",
        source="Wire A",
        published_on=dt.date(2023, 3, 1),
        topics=["ukraine"],
    )
    make_article(
        title="Grain talks resume",
        body="A diplomat said the talks on the corridor would resume in Vienna next week.",
        source="Wire B",
        published_on=dt.date(2024, 5, 2),
        topics=["ukraine", "energy"],
    )
    make_article(
        title="Energy ministers meet",
        body="Human trafficking and energy security were on the agenda of the ministers.",
        source="Wire A",
        published_on=dt.date(2024, 7, 9),
        topics=["energy", "trafficking"],
    )
    make_article(
        title="Trafficking of humans condemned",
        body="Ministers condemned the trafficking of humans across the border on Monday.",
        source="Wire C",
        topics=["trafficking"],
    )
    make_article(
        title="Café diplomacy in Zürich",
        body="Négociations informelles au café: the S-400 contract came up again.",
        source="Wire C",
        published_on=dt.date(2022, 1, 5),
        topics=["defense"],
    )


def test_without_a_query_the_newest_come_first(client, corpus):
    assert titles(client) == [
        "Energy ministers meet",
        "Grain talks resume",
        "Diplomats gather in Vienna",
        "Café diplomacy in Zürich",
        "Trafficking of humans condemned",  # undated last
    ]


def test_words_are_anded(client, corpus):
    assert set(titles(client, q="grain vienna")) == {
        "Diplomats gather in Vienna",
        "Grain talks resume",
    }
    assert titles(client, q="grain ministers") == []


def test_a_title_hit_outranks_a_body_hit(client, corpus):
    assert titles(client, q="vienna") == ["Diplomats gather in Vienna", "Grain talks resume"]
    assert titles(client, q="grain") == ["Grain talks resume", "Diplomats gather in Vienna"]


def test_a_quoted_phrase_matches_words_in_order(client, corpus):
    assert titles(client, q='"human trafficking"') == ["Energy ministers meet"]
    assert set(titles(client, q="human trafficking")) == {
        "Energy ministers meet",
        "Trafficking of humans condemned",
    }


def test_or_finds_either_word(client, corpus):
    assert set(titles(client, q="corridor OR agenda")) == {
        "Diplomats gather in Vienna",
        "Grain talks resume",
        "Energy ministers meet",
    }


def test_a_minus_excludes(client, corpus):
    assert set(titles(client, q="trafficking -energy")) == {"Trafficking of humans condemned"}
    assert set(titles(client, q='corridor -"grain talks"')) == {"Diplomats gather in Vienna"}


def test_only_an_exclusion_matches_everything_else(client, corpus):
    assert set(titles(client, q="-vienna")) == {
        "Energy ministers meet",
        "Trafficking of humans condemned",
        "Café diplomacy in Zürich",
    }


def test_stemming_finds_other_forms(client, corpus):
    assert set(titles(client, q="diplomats")) >= {
        "Grain talks resume",
        "Diplomats gather in Vienna",
    }
    assert "Energy ministers meet" in titles(client, q="minister")


def test_case_and_accents_do_not_matter(client, corpus):
    assert titles(client, q="ZURICH") == ["Café diplomacy in Zürich"]
    assert titles(client, q="cafe") == ["Café diplomacy in Zürich"]
    assert (
        titles(client, q="négociations")
        == titles(client, q="negociations")
        == ["Café diplomacy in Zürich"]
    )


def test_a_hyphenated_word_is_found(client, corpus):
    assert titles(client, q="S-400") == ["Café diplomacy in Zürich"]


def test_results_show_a_count_and_highlighted_snippets(client, corpus):
    response = client.get("/", {"q": "corridor"})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 2
    assertInHTML("<strong>2</strong>", html)
    assert "<mark>corridor</mark>" in html
    page = response.context["page"]
    assert all("<mark>" in str(a.snippet) for a in page.object_list)


def test_snippets_escape_hostile_text(client, make_article):
    make_article(
        title="Hostile <img src=x onerror=alert(1)>",
        body="<script>alert('x')</script> summit & treaty",
    )
    response = client.get("/", {"q": "summit"})
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    # SQLite's snippet keeps tag-like text (escaped); PostgreSQL's ts_headline drops tags.
    assert "<mark>summit</mark> &amp; treaty" in html


def test_sort_by_date(client, corpus):
    assert titles(client, q="vienna", sort="date") == [
        "Grain talks resume",
        "Diplomats gather in Vienna",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"source": "wire-a"}, {"Diplomats gather in Vienna", "Energy ministers meet"}),
        ({"topic": "trafficking"}, {"Energy ministers meet", "Trafficking of humans condemned"}),
        ({"date_from": "2024-01-01"}, {"Grain talks resume", "Energy ministers meet"}),
        ({"date_to": "2023-12-31"}, {"Diplomats gather in Vienna", "Café diplomacy in Zürich"}),
        ({"undated": "on"}, {"Trafficking of humans condemned"}),
        ({"q": "ministers", "topic": "energy"}, {"Energy ministers meet"}),
        ({"q": "vienna", "source": "wire-b"}, {"Grain talks resume"}),
    ],
)
def test_filters_narrow_the_results(client, corpus, params, expected):
    assert set(titles(client, **params)) == expected


def test_an_unknown_filter_value_does_not_break_the_page(client, corpus):
    response = client.get("/", {"source": "no-such-source", "date_from": "not a date", "page": "x"})
    assert response.status_code == 200


def test_facet_counts_follow_the_query_and_filters(client, corpus):
    facets = client.get("/", {"q": "ministers OR corridor"}).context["facets"]
    assert {(f.params["source"], f.count) for f in facets.sources} == {
        ("wire-a", 2),
        ("wire-b", 1),
        ("wire-c", 1),
    }
    assert {(f.params["topic"], f.count) for f in facets.topics} == {
        ("ukraine", 2),
        ("energy", 2),
        ("trafficking", 2),
    }
    assert {(f.label, f.count) for f in facets.years} == {("2023", 1), ("2024", 2), ("undated", 1)}
    narrowed = client.get("/", {"q": "ministers OR corridor", "source": "wire-a"}).context["facets"]
    assert {(f.params["topic"], f.count) for f in narrowed.topics} == {
        ("ukraine", 1),
        ("energy", 1),
        ("trafficking", 1),
    }


def test_facet_links_keep_the_rest_of_the_query(client, corpus):
    html = client.get("/", {"q": "corridor", "sort": "date"}).content.decode()
    assert 'href="?q=corridor&amp;sort=date&amp;source=wire-a"' in html


def test_entity_facets_and_filter(client, seeded):
    response = client.get("/", {"q": "Moscow"})
    names = [f.label for f in response.context["facets"].entities]
    assert "Narendra Modi" in names
    kwatra = client.get("/", {"entity": "vinay-kwatra"})
    assert {a.title for a in kwatra.context["page"].object_list} == {
        seeded["001"].title,
        seeded["003"].title,
    }


def test_a_bad_page_number_shows_a_page(client, corpus):
    for page in ["999", "-1", "abc", "0"]:
        assert client.get("/", {"q": "vienna", "page": page}).status_code == 200


def test_pagination_pages_through_ranked_results(client, make_article):
    for n in range(25):
        make_article(title=f"Summit {n}", body="summit " * (n + 1))
    first = client.get("/", {"q": "summit"}).context["page"]
    second = client.get("/", {"q": "summit", "page": 2}).context["page"]
    assert first.paginator.count == 25
    assert len(first.object_list) == 20 and len(second.object_list) == 5
    assert not {a.pk for a in first.object_list} & {a.pk for a in second.object_list}


def test_the_article_page_highlights_the_query_and_links_back(client, corpus):
    article = Article.objects.get(title="Grain talks resume")
    html = client.get(article.get_absolute_url(), {"q": "corridor"}).content.decode()
    # The first hit is the anchor that result links jump to.
    assert '<mark id="first-hit">corridor</mark>' in html
    assert html.count('id="first-hit"') == 1
    assert 'href="#first-hit"' in html
    assert 'href="/?q=corridor"' in html


def test_results_link_to_articles_and_back_keeping_filters_sort_and_page(client, corpus):
    params = {"q": "corridor", "source": "wire-b", "sort": "date"}
    html = client.get("/", params).content.decode()
    article = Article.objects.get(title="Grain talks resume")
    link = f'{article.get_absolute_url()}?q=corridor&amp;source=wire-b&amp;sort=date#first-hit"'
    assert link in html
    page = client.get(article.get_absolute_url(), params).content.decode()
    assert 'href="/?q=corridor&amp;source=wire-b&amp;sort=date"' in page


def test_the_search_page_makes_the_same_number_of_queries_whatever_the_results(
    client, tantivy_index, corpus, make_article, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as baseline:
        client.get("/", {"q": "vienna", "topic": "ukraine"})
    for n in range(30):
        make_article(
            title=f"Vienna round {n}", body="vienna talks", source=f"Outlet {n}", topics=["ukraine"]
        )
    with django_assert_num_queries(len(baseline)):
        client.get("/", {"q": "vienna", "topic": "ukraine"})


def test_export_csv_and_json_cover_every_match(client, corpus):
    response = client.get("/export.csv", {"q": "ministers OR corridor", "source": "wire-a"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith('"rank","slug","title","source"')
    assert len(lines) == 3
    response = client.get("/export.json", {"q": "ministers OR corridor"})
    rows = json.loads(b"".join(response.streaming_content))
    assert {r["title"] for r in rows} == {
        "Diplomats gather in Vienna",
        "Grain talks resume",
        "Energy ministers meet",
        "Trafficking of humans condemned",
    }
    assert {"energy", "trafficking"} == set(
        next(r for r in rows if r["title"] == "Energy ministers meet")["topics"]
    )


def test_ranked_results_slice_only_what_is_asked(corpus):
    results = Results(search_for(Article.objects.all(), SearchQuery("vienna")))
    assert results.count() == 2
    assert [a.title for a in results[0:1]] == ["Diplomats gather in Vienna"]
    assert results[5:10] == []


def test_queryset_search_is_chainable(corpus):
    assert (
        search_filter(Article.objects.all(), SearchQuery("vienna"))
        .filter(source__slug="wire-b")
        .count()
        == 1
    )
    assert search_filter(Article.objects.all(), SearchQuery("")).count() == Article.objects.count()


def test_facets_over_many_matches_are_estimated_from_a_sample(make_article):
    for n in range(40):
        make_article(title=f"Summit {n}", source="Small" if n < 10 else "Big", topics=["energy"])
    search = search_for(Article.objects.all(), SearchQuery("summit"))
    exact = facet_counts(search)
    assert not exact.approximate
    assert {(f.params["source"], f.count) for f in exact.sources} == {("big", 30), ("small", 10)}
    estimated = facet_counts(search, exact_limit=10)
    assert estimated.approximate
    counts = {f.params["source"]: f.count for f in estimated.sources}
    assert 20 <= counts["big"] <= 40 and 4 <= counts["small"] <= 20
    assert [(f.params["topic"], f.count) for f in estimated.topics] == [("energy", 40)]


def test_the_page_says_when_facet_counts_are_estimates(client, make_article, monkeypatch):
    monkeypatch.setattr("articles.search.facets.EXACT_LIMIT", 3)
    for n in range(8):
        make_article(title=f"Summit {n}")
    html = client.get("/", {"q": "summit"}).content.decode()
    assert "estimated from a sample of the 8 matches" in html
    assert "≈" in html


def test_sort_by_date_with_a_filter_puts_undated_last(client, corpus, make_article):
    make_article(title="Undated ministers", body="ministers again", source="Wire A")
    assert titles(client, q="ministers OR corridor", sort="date", source="wire-a") == [
        "Energy ministers meet",
        "Diplomats gather in Vienna",
        "Undated ministers",
    ]


def test_csv_export_defuses_formulas_and_json_keeps_the_text(client, make_article):
    make_article(title='=HYPERLINK("http://evil.example","click") summit', body="summit")
    csv_text = b"".join(client.get("/export.csv", {"q": "summit"}).streaming_content).decode()
    assert "'=HYPERLINK" in csv_text
    rows = json.loads(b"".join(client.get("/export.json", {"q": "summit"}).streaming_content))
    assert rows[0]["title"].startswith("=HYPERLINK")


def test_queryset_filters_by_topic_and_entity(seeded):
    trafficking = Topic.objects.get(slug="trafficking")
    assert set(Article.objects.for_topic(trafficking)) == set(
        Article.objects.filter(topic_scores__topic=trafficking)
    )
    kwatra = Entity.objects.get(name="Vinay Kwatra")
    assert set(Article.objects.mentioning(kwatra)) == {seeded["001"], seeded["003"]}

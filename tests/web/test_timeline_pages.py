"""The topic timeline, the feed, entity pages and indexes, and the volume charts."""

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.ingest.pipeline import ingest_file
from articles.models import Article, Entity, Topic

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize("slug", ["defense", "energy", "trafficking", "ukraine"])
def test_each_topic_page_shows_a_chart_and_events_from_the_seeds(client, seeded, slug):
    response = client.get(f"/topics/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    chart = response.context["timeline"].chart
    events_panel = chart.panels[-1]
    assert events_panel.name == "events" and events_panel.total > 0
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="topic-chart-title', html)
    assert '<title id="topic-chart-title">' in html and '<desc id="topic-chart-desc">' in html
    assert "<table" in html and "<rect" in html
    assert client.get(f"/topics/{slug}/mentions/").context["timeline"].events


def write_article(folder, name, source, text):
    path = folder / f"{name}.txt"
    path.write_text(f"---\nsource: {source}\n---\n{text}", encoding="utf-8")
    return Article.objects.get(pk=ingest_file(path).article_id)


def test_one_event_told_by_several_articles_is_listed_once_with_all(client, seeded, tmp_path):
    wire = write_article(
        tmp_path, "a", "Reuters",
        "Modi in Moscow\n\nRussia's full-scale invasion of Ukraine in February 2022 led to "
        "global sanctions on Moscow.\n",
    )  # fmt: skip
    rewrite = write_article(
        tmp_path, "b", "Hindustan Times",
        "Modi lands in Moscow\n\nThe full-scale invasion of Ukraine by Russia in February 2022 "
        "brought sanctions on Moscow.\n",
    )  # fmt: skip
    other = write_article(
        tmp_path, "c", "TASS",
        "Ukraine grain deal\n\nA grain corridor for Ukraine opened in February 2022 ports.\n",
    )  # fmt: skip
    events = client.get("/topics/ukraine/mentions/").context["timeline"].events
    february = [e for e in events if e.label == "Feb 2022"]
    grouped = [e for e in february if len(e.articles) > 1]
    assert len(grouped) == 1
    assert {a.pk for a in grouped[0].articles} >= {wire.pk, rewrite.pk}
    assert other.pk not in {a.pk for a in grouped[0].articles}
    assert grouped[0].source_count == len({a.source_id for a in grouped[0].articles})
    assert [e.start for e in events] == sorted(e.start for e in events)
    html = client.get("/topics/ukraine/mentions/").content.decode()
    assert "from 2 sources" in html or "from 3 sources" in html


def test_the_topic_page_explains_the_score_and_marks_matched_words(client, seeded):
    html = client.get("/topics/trafficking/").content.decode()
    assert "What the score means" in html
    assert re.search(r"<mark>(?i:human trafficking|trafficking)</mark>", html)


def test_topic_filters_are_plain_urls(client, seeded, tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text(
        "---\nsource: Reuters\npublished: 2024-07-10\n---\nIndians trafficked to Russia\n\n"
        "Human trafficking rings lured Indians into the Russian army in March 2024.\n",
        encoding="utf-8",
    )
    ingest_file(path)
    base = client.get("/topics/trafficking/").context
    assert [ts.article.title for ts in base["page"].object_list] == ["Indians trafficked to Russia"]
    reuters = client.get("/topics/trafficking/?source=reuters").context
    assert len(reuters["undated_page"].object_list) == 0
    mentions = client.get("/topics/trafficking/mentions/?source=reuters").context
    assert [e.label for e in mentions["timeline"].events] == ["Mar 2024"]
    narrowed = client.get("/topics/trafficking/mentions/?date_from=2024-03-01&date_to=2024-03-31")
    labels = {e.label for e in narrowed.context["timeline"].events}
    assert labels == {"Mar 2024"}  # seed 001's "financial year ended March 2024" too
    later = client.get("/topics/trafficking/?date_from=2025-01-01").context
    assert list(later["page"].object_list) == []
    assert (
        client.get("/topics/trafficking/mentions/?date_from=2025-01-01").context["timeline"].events
        == []
    )
    articles_panel = base["timeline"].chart.panels[0]
    # The seeds' events span a decade, so the chart is drawn by year.
    (year,) = [bar for bar in articles_panel.bars if bar.value]
    assert (year.label, year.value, year.share) == ("2024", 1, 1.0)


@pytest.mark.parametrize(
    "query",
    ["?source=nope", "?date_from=yesterday", "?date_to=2024-13-45", "?page=-1", "?undated_page=x"],
)
def test_bad_topic_filters_still_answer(client, seeded, query):
    assert client.get(f"/topics/ukraine/{query}").status_code == 200


def test_the_topic_feed_is_atom_with_the_topic_articles(client, seeded):
    response = client.get("/topics/ukraine/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = {e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")}
    assert seeded["001"].title in titles
    assert client.get("/topics/nope/feed/").status_code == 404


def test_entity_page_shows_quotes_co_occurrence_and_chart(client, seeded):
    saran = Entity.objects.get(name="Pankaj Saran")
    response = client.get(saran.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "What Pankaj Saran said" in html
    assert "One option currently being exercised by Delhi" in html
    assert seeded["003"].title in html
    modi = Entity.objects.get(name="Narendra Modi")
    shared = {e.name: e.shared for e in response.context["co_occurring"]}
    assert shared["Narendra Modi"] == 1
    assert modi.get_absolute_url() in html
    assert "entity-chart" in html


def test_entity_index_filters_by_kind_initial_and_name(client, seeded):
    people = client.get("/entities/?kind=person").context["page"].object_list
    assert people and all(e.kind == "person" for e in people)
    counts = [e.article_count for e in people]
    assert counts == sorted(counts, reverse=True)
    initial_p = client.get("/entities/?initial=P").context["page"].object_list
    assert "Pankaj Saran" in {e.name for e in initial_p}
    assert all(e.name.upper().startswith("P") for e in initial_p)
    by_alias = client.get("/entities/?q=Mr.+Saran").context["page"].object_list
    assert [e.name for e in by_alias] == ["Pankaj Saran"]
    Entity.objects.create(name="3M", slug="3m", kind="organisation")
    other = client.get("/entities/?initial=%23").context["page"].object_list
    assert [e.name for e in other] == ["3M"]
    for bad in ["?kind=alien", "?initial=%3C", "?q=" + "x" * 500, "?page=999"]:
        assert client.get("/entities/" + bad).status_code == 200


def test_the_indexes_are_in_the_navigation(client, seeded):
    html = client.get("/").content.decode()
    assert 'href="/entities/"' in html and 'href="/sources/"' in html
    sources = client.get("/sources/")
    assert sources.status_code == 200
    assert "Unattributed" in sources.content.decode()


def test_the_search_page_charts_its_matches(client, seeded, tmp_path):
    for day, name in [("2024-07-08", "a"), ("2024-08-09", "b")]:
        path = tmp_path / f"{name}.txt"
        path.write_text(
            f"---\npublished: {day}\n---\nModi news {name}\n\nModi met Putin about oil.\n",
            encoding="utf-8",
        )
        ingest_file(path)
    chart = client.get("/?q=oil").context["volume_chart"]
    bars = {bar.label: (bar.value, bar.share) for bar in chart.panels[0].bars}
    assert bars == {"Jul 2024": (1, 1.0), "Aug 2024": (1, 1.0)}
    html = client.get("/?q=oil").content.decode()
    assert "search-chart" in html


def test_the_article_page_shows_figures_quotes_and_date_origin(client, seeded):
    html = client.get(seeded["003"].get_absolute_url()).content.decode()
    assert "$65bn" in html and "£50.76bn" in html and "another currency" in html
    assert "Pankaj Saran" in html
    assert "date unknown" in html
    assert "unresolved" in html


def test_hostile_quotes_and_sentences_are_escaped_everywhere(client, db, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(
        "---\nsource: Wire\npublished: 2024-07-10\nurl: javascript:alert(1)\n---\n"
        f"Defense talks {HOSTILE}\n\n"
        f"Narendra Modi discussed defense and missiles in June 2020 {HOSTILE}.\n\n"
        f'"We will buy more missiles for our defense {HOSTILE} forces," Mr. Modi said.\n',
        encoding="utf-8",
    )
    result = ingest_file(path)
    article = Article.objects.get(pk=result.article_id)
    modi = Entity.objects.get(name="Narendra Modi")
    assert article.quotes.get().speaker == modi
    pages = [
        article.get_absolute_url(),
        "/topics/defense/",
        "/topics/defense/feed/",
        modi.get_absolute_url(),
        "/entities/",
        "/sources/",
        "/?q=missiles",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert HOSTILE not in body, url
        assert "javascript:alert" not in body or url == article.get_absolute_url(), url
    feed = client.get("/topics/defense/feed/").content.decode()
    # Atom summaries are HTML: the sentence is escaped once for HTML and once for XML.
    assert "&amp;lt;script&amp;gt;" in feed
    article_html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="javascript' not in article_html
    assert Topic.objects.get(slug="defense").article_scores.filter(article=article).exists()
    assert article.published_on == dt.date(2024, 7, 10)


@pytest.mark.parametrize("url", ["/topics/ukraine/", "/entities/narendra-modi/", "/entities/"])
def test_pages_make_the_same_number_of_queries_however_many_articles(
    client, seeded, tmp_path, django_assert_num_queries, url
):
    def more(n):
        write_article(
            tmp_path, f"more{n}", f"Outlet {n}",
            f"Modi and Ukraine {n}\n\nNarendra Modi spoke about Ukraine on 3 March 2024 in "
            f'Delhi.\n\n"We want peace in Ukraine now, {n}," Mr. Modi said.\n',
        )  # fmt: skip

    more(0)  # the seeds are undated: one dated day, so that the page has a key event to draw
    with CaptureQueriesContext(connection) as baseline:
        assert client.get(url).status_code == 200
    for n in range(1, 4):
        more(n)
    with django_assert_num_queries(len(baseline)):
        assert client.get(url).status_code == 200

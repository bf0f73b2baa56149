"""Dated mentions, quotes, figures and the publication date, through the real ingest path."""

import datetime as dt
import json

import pytest

from articles.analysis import DEFAULT_TOPICS
from articles.ingest.pipeline import ingest_file, ingest_paths
from articles.models import Article, DatedMention, Entity, Figure, Quote, Topic

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Modi lands in Moscow\n\n"
    "Prime Minister Narendra Modi landed in Moscow on Monday for talks with Vladimir Putin.\n\n"
    "Trade reached $65.7 billion in the year to March 2024, up 33%.\n\n"
    '"We will deepen our partnership with Russia," Mr. Modi said.\n'
)


def write(folder, name, text, sidecar=None):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


def test_seeds_get_their_dates_quotes_and_figures(seeded):
    article = seeded["003"]
    quotes = {q.text.split()[0] + " " + q.text.split()[1]: q for q in article.quotes.all()}
    assert quotes["We would"].speaker.name == "Matthew Miller"
    assert quotes["It is"].speaker.name == "Volodymyr Zelensky"
    assert quotes["The bilateral"].speaker.name == "Vinay Kwatra"
    assert quotes["One option"].speaker_name == "Pankaj Saran"
    assert quotes["India follows"].speaker == Entity.objects.get(name="Anil Trigunayat")
    figures = {f.text: f for f in article.figures.all()}
    assert figures["$65bn"].value == 65e9 and not figures["$65bn"].conversion
    assert figures["£50.76bn"].unit == "GBP" and figures["£50.76bn"].conversion
    assert figures["at least 41 people"].kind == "count"
    months = article.dated_mentions.filter(precision="month", relative=False)
    assert [(m.text, m.start) for m in months] == [("June 2020", dt.date(2020, 6, 1))]
    assert seeded["001"].figures.filter(text="$65.7 billion", value=65.7e9).exists()


def test_seeds_have_no_date_of_their_own_not_even_their_latest_year(seeded):
    for article in seeded.values():
        assert article.published_on is None
        assert article.date_origin == Article.DateOrigin.UNKNOWN
    # Seed 003's latest year is 2022; it was written in 2024.
    relative = seeded["003"].dated_mentions.filter(relative=True)
    assert relative.exists() and not relative.exclude(start=None).exists()


def test_metadata_dates_resolve_relative_mentions(tmp_path):
    text = "---\npublished: 2024-07-10\nsource: Reuters\n---\n" + ARTICLE
    result = ingest_file(write(tmp_path, "a.txt", text))
    article = Article.objects.get(pk=result.article_id)
    assert (article.published_on, article.date_origin) == (dt.date(2024, 7, 10), "metadata")
    monday = article.dated_mentions.get(text="Monday")
    assert (monday.start, monday.end, monday.relative) == (dt.date(2024, 7, 8),) * 2 + (True,)


def test_a_dateline_with_a_year_dates_the_article_from_its_text(tmp_path):
    text = "Modi in Moscow\n\nMOSCOW, July 10, 2024 (Reuters) - Modi arrived on Monday.\n"
    article = Article.objects.get(pk=ingest_file(write(tmp_path, "a.txt", text)).article_id)
    assert (article.published_on, article.date_origin) == (dt.date(2024, 7, 10), "text")
    assert article.dated_mentions.get(text="Monday").start == dt.date(2024, 7, 8)


def test_a_dateline_without_a_year_leaves_the_date_unknown(tmp_path):
    text = "Modi in Moscow\n\nMOSCOW, July 8 (Reuters) - Modi arrived. The war began in 2022.\n"
    article = Article.objects.get(pk=ingest_file(write(tmp_path, "a.txt", text)).article_id)
    assert (article.published_on, article.date_origin) == (None, "unknown")


def test_a_sidecar_gives_the_metadata_and_a_changed_sidecar_updates_the_article(tmp_path):
    sidecar = {
        "title": "Modi and Putin meet",
        "source": "Reuters",
        "url": "https://www.reuters.com/world/modi",
        "published": "2024-07-10",
        "author": "Jane Doe",
    }
    path = write(tmp_path, "a.txt", ARTICLE, sidecar)
    first = ingest_file(path)
    article = Article.objects.get(pk=first.article_id)
    assert (article.title, article.source.name, article.byline) == (
        "Modi and Putin meet",
        "Reuters",
        "Jane Doe",
    )
    assert article.url == "https://www.reuters.com/world/modi"
    assert (article.published_on, article.date_origin) == (dt.date(2024, 7, 10), "metadata")
    assert ingest_file(path).status == "unchanged"

    write(tmp_path, "a.txt", ARTICLE, {**sidecar, "published": "2024-07-17"})
    again = ingest_file(path)
    assert (again.status, again.article_id) == ("updated", article.pk)
    article.refresh_from_db()
    assert article.published_on == dt.date(2024, 7, 17)
    assert article.dated_mentions.get(text="Monday").start == dt.date(2024, 7, 15)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/a"])
def test_a_url_that_is_not_http_is_refused_with_a_warning(tmp_path, url):
    result = ingest_file(write(tmp_path, "a.txt", ARTICLE, {"url": url}))
    assert result.status == "created"
    assert "dropped URL" in result.message and "only http(s)" in result.message
    assert Article.objects.get(pk=result.article_id).url == ""


def test_a_broken_sidecar_is_reported_and_the_article_still_ingested(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    path.with_suffix(".json").write_text("{not json", encoding="utf-8")
    result = ingest_file(path)
    assert result.status == "created" and "ignored sidecar" in result.message


def test_a_sidecar_nested_too_deeply_is_ignored_and_the_article_still_ingested(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    path.with_suffix(".json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = ingest_file(path)
    assert result.status == "created"
    assert "ignored sidecar a.json: nested too deeply" in result.message
    assert Article.objects.get(pk=result.article_id).title == "Modi lands in Moscow"


def test_events_are_replaced_not_added_when_a_file_changes(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE)
    ingest_file(path)
    write(tmp_path, "a.txt", ARTICLE.replace("up 33%", "up 34%"))
    assert ingest_file(path).status == "updated"
    assert Figure.objects.filter(unit="%").count() == 1
    assert Quote.objects.count() == 1
    assert DatedMention.objects.filter(text="Monday").count() == 1


def test_an_editor_date_re_resolves_relative_mentions(admin_client, tmp_path):
    result = ingest_paths([write(tmp_path, "a.txt", ARTICLE)])[0]
    article = Article.objects.get(pk=result.article_id)
    assert article.dated_mentions.get(text="Monday").start is None
    data = {
        "title": article.title,
        "source": article.source_id,
        "byline": "",
        "url": "",
        "published_on": "2024-07-10",
        "date_origin": "unknown",
        "body": article.body,
        "raw_text": article.raw_text,
        "topic_scores-TOTAL_FORMS": "0",
        "topic_scores-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.date_origin == "manual"
    assert article.dated_mentions.get(text="Monday").start == dt.date(2024, 7, 8)
    assert article.dated_mentions.get(text="March 2024").start == dt.date(2024, 3, 1)
    # Re-ingesting the changed file keeps the editor's date for its relative mentions.
    write(tmp_path, "a.txt", ARTICLE + "\nMore text.\n")
    assert ingest_file(tmp_path / "a.txt").status == "updated"
    assert article.dated_mentions.get(text="Monday").start == dt.date(2024, 7, 8)


def test_the_stored_topics_have_every_default_keyword_after_the_migrations():
    for slug, topic in DEFAULT_TOPICS.items():
        stored = {k.casefold() for k in Topic.objects.get(slug=slug).keyword_list}
        assert {k.casefold() for k in topic["keywords"]} <= stored, slug

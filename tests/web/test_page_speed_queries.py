"""The counts the entity and source pages read are kept by the database as rows are written
(articles.counts), whoever writes them; and the pages read them in a fixed number of
statements, however many articles there are."""

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from articles import counts
from articles.merges import merge_entities
from articles.models import Entity, EntityPair, Mention, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities(db):
    return [
        Entity.objects.create(name=name, slug=name.lower(), kind=Entity.Kind.PERSON)
        for name in ("Modi", "Putin", "Lavrov", "Scholz")
    ]


def mention(article, *named):
    """Mentions as ingest writes them: one bulk insert per article."""
    Mention.objects.bulk_create(Mention(article=article, entity=e, count=2) for e in named)


def assert_counts_match_the_rows():
    """Every kept count equals what the rows themselves say."""
    for entity in Entity.objects.annotate(n=Count("mentions")):
        assert entity.article_count == entity.n, entity
    for source in Source.objects.annotate(n=Count("articles")):
        assert source.article_count == source.n, source
    by_article: dict[int, list[int]] = {}
    for article_id, entity_id in Mention.objects.values_list("article_id", "entity_id"):
        by_article.setdefault(article_id, []).append(entity_id)
    pairs = Counter((a, b) for ids in by_article.values() for a in ids for b in ids if a != b)
    kept = {(p.entity_id, p.other_id): p.articles for p in EntityPair.objects.all()}
    assert kept == dict(pairs)
    for m in Mention.objects.select_related("article"):
        assert m.published_on == m.article.published_on, m


def test_it_has_every_trigger_and_index_after_the_migrations():
    assert counts.expected(connection) <= counts.installed(connection)


def test_counts_follow_inserts_in_one_statement(make_article, entities):
    modi, putin, lavrov, _ = entities
    one = make_article(published_on=dt.date(2024, 3, 1))
    two = make_article(published_on=dt.date(2024, 5, 1), source="Other wire")
    mention(one, modi, putin, lavrov)
    mention(two, modi, putin)

    assert_counts_match_the_rows()
    assert Entity.objects.get(pk=modi.pk).article_count == 2
    assert EntityPair.objects.get(entity=modi, other=putin).articles == 2
    assert EntityPair.objects.get(entity=lavrov, other=modi).articles == 1
    assert Source.objects.get(name="Wire").article_count == 1


def test_counts_follow_mentions_added_one_by_one_and_removed(make_article, entities):
    modi, putin, lavrov, _ = entities
    article = make_article()
    for entity in (modi, putin, lavrov):
        Mention.objects.create(article=article, entity=entity)
    assert_counts_match_the_rows()

    Mention.objects.filter(article=article, entity=putin).delete()
    assert_counts_match_the_rows()
    assert not EntityPair.objects.filter(entity=putin).exists()


def test_counts_follow_an_article_deleted(make_article, entities):
    modi, putin, lavrov, _ = entities
    kept, gone = make_article(), make_article()
    mention(kept, modi, putin)
    mention(gone, modi, putin, lavrov)

    gone.delete()

    assert_counts_match_the_rows()
    assert Entity.objects.get(pk=lavrov.pk).article_count == 0
    assert Source.objects.get(name="Wire").article_count == 1


def test_mention_dates_follow_an_editors_date_and_source_counts_a_new_source(
    make_article, entities
):
    article = make_article(published_on=dt.date(2020, 1, 1))
    mention(article, *entities[:2])
    elsewhere = Source.objects.create(name="Elsewhere", slug="elsewhere")

    article.published_on = dt.date(2023, 7, 9)
    article.source = elsewhere
    article.save()

    assert_counts_match_the_rows()
    assert set(article.mentions.values_list("published_on", flat=True)) == {dt.date(2023, 7, 9)}
    assert Source.objects.get(pk=elsewhere.pk).article_count == 1


def test_counts_follow_a_merge(make_article, entities):
    modi, putin, lavrov, scholz = entities
    one, two, three = make_article(), make_article(), make_article()
    mention(one, modi, lavrov)
    mention(two, putin, lavrov, scholz)
    mention(three, modi, putin)

    merge_entities(modi, [putin])

    assert_counts_match_the_rows()
    assert Entity.objects.get(pk=modi.pk).article_count == 3
    assert EntityPair.objects.get(entity=modi, other=lavrov).articles == 2


def test_counts_follow_a_mention_moved_to_another_entity(make_article, entities):
    modi, putin, lavrov, scholz = entities
    article = make_article()
    mention(article, modi, putin, lavrov)

    Mention.objects.filter(entity=putin).update(entity=scholz)

    assert_counts_match_the_rows()


def test_saving_an_entity_read_earlier_keeps_the_count(make_article, entities):
    stale = Entity.objects.get(pk=entities[0].pk)
    mention(make_article(), entities[0])

    stale.name = "Narendra Modi"
    stale.save()

    assert Entity.objects.get(pk=stale.pk).article_count == 1


def test_the_entity_page_shows_its_articles_newest_first_and_what_they_share(
    client, make_article, entities
):
    modi, putin, lavrov, _ = entities
    old = make_article(title="Old", published_on=dt.date(2019, 1, 1))
    new = make_article(title="New", published_on=dt.date(2024, 1, 1))
    undated = make_article(title="Undated")
    for article in (old, new, undated):
        mention(article, modi, putin)
    mention(make_article(title="Lavrov too", published_on=dt.date(2021, 6, 1)), modi, lavrov)

    context = client.get(modi.get_absolute_url()).context
    titles = [m.article.title for m in context["page"].object_list]
    assert titles == ["New", "Lavrov too", "Old", "Undated"]
    assert [(e.name, e.shared) for e in context["co_occurring"]] == [("Putin", 3), ("Lavrov", 1)]
    assert context["chart"].panels[0].total == 3  # the undated article is not on the chart


def test_the_indexes_show_the_kept_counts(client, make_article, entities):
    modi, putin, *_ = entities
    mention(make_article(), modi, putin)
    mention(make_article(source="Other wire"), modi)

    listed = client.get("/entities/").context["page"].object_list
    assert [(e.name, e.article_count) for e in listed][:2] == [("Modi", 2), ("Putin", 1)]
    sources = {s.name: s.article_count for s in client.get("/sources/").context["sources"]}
    assert sources == {"Wire": 1, "Other wire": 1}


def _statements(client, address: str) -> int:
    client.get(address)  # the archive's monthly totals are cached: count the next view
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("page", "at_most"), [("entity", 8), ("/entities/", 2), ("/sources/", 1), ("source", 4)]
)
def test_each_page_runs_as_many_statements_for_30_articles_as_for_3(
    client, make_article, entities, page, at_most
):
    def add(n):
        for i in range(n):
            mention(make_article(published_on=dt.date(2020, 1 + i % 12, 1)), *entities)

    address = {"entity": entities[0].get_absolute_url(), "source": "/sources/wire/"}.get(page, page)
    add(3)
    few = _statements(client, address)
    add(27)
    assert _statements(client, address) == few <= at_most


def test_the_entity_page_lists_its_mentions_from_their_index(make_article, entities):
    """The newest-first listing walks mention_entity_newest_idx instead of sorting every
    article of the entity."""
    from articles.web.indexes import mentions_newest_first

    mention(make_article(published_on=dt.date(2020, 1, 1)), *entities)
    sql, params = mentions_newest_first(entities[0])[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A test's few rows would be sorted in memory: ask whether the index can serve.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Sort" not in plan
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert "TEMP B-TREE" not in plan
        assert "mention_entity_newest_idx" in plan

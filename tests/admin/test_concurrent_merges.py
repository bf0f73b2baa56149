"""Entity merges that run at the same time, each in its own thread and database connection:
counts stay true, a merge whose survivor was merged away meanwhile says so, and a conflict
between two merges is never answered as a database outage."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Sum
from django.test import Client

from articles import admin as articles_admin
from articles.merges import EntityGone, merge_entities
from articles.models import Article, Entity, EntityAlias, EntityPair, Mention

# serialized_rollback, as in every transactional test here: it puts back what the data
# migrations wrote (topics, content types) after the flush; mixed with tests that leave it
# out, a restore would find those rows twice.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ARTICLES = 40


def make_entity(name, articles, count):
    entity = Entity.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind="person")
    EntityAlias.objects.create(entity=entity, name=name)
    Mention.objects.bulk_create(
        Mention(entity=entity, article=article, count=count) for article in articles
    )
    return entity


@pytest.fixture
def articles(make_article):
    return [make_article(title=f"Talks {n}") for n in range(ARTICLES)]


def at_once(*calls):
    """Run each call in its own thread, all released together; what each returned or
    raised, in order."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = call()
        except Exception as exc:  # the test looks at what each one raised
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def mentions_of(entity):
    return Mention.objects.filter(entity=entity).aggregate(total=Sum("count"))["total"]


def test_two_identical_merges_at_once_count_each_mention_once(articles):
    kept = make_entity("Narendra Modi", articles, 2)
    merged = make_entity("N Modi", articles, 3)

    outcomes = at_once(
        lambda: merge_entities(Entity.objects.get(pk=kept.pk), [Entity.objects.get(pk=merged.pk)]),
        lambda: merge_entities(Entity.objects.get(pk=kept.pk), [Entity.objects.get(pk=merged.pk)]),
    )

    assert [type(o) for o in outcomes] == [Entity, Entity], outcomes
    assert mentions_of(kept) == ARTICLES * 5
    assert Entity.objects.get(pk=kept.pk).article_count == ARTICLES
    assert not Entity.objects.filter(pk=merged.pk).exists()


def test_opposite_survivors_at_once_keep_one_and_tell_the_other(articles):
    first = make_entity("Narendra Modi", articles, 2)
    second = make_entity("N Modi", articles, 3)

    outcomes = at_once(
        lambda: merge_entities(Entity.objects.get(pk=first.pk), [Entity.objects.get(pk=second.pk)]),
        lambda: merge_entities(Entity.objects.get(pk=second.pk), [Entity.objects.get(pk=first.pk)]),
    )

    gone = [o for o in outcomes if isinstance(o, EntityGone)]
    kept = [o for o in outcomes if isinstance(o, Entity)]
    assert len(gone) == 1 and len(kept) == 1, outcomes
    survivor, loser = kept[0], ({first.pk, second.pk} - {kept[0].pk}).pop()
    assert f"merged into {survivor.name}" in str(gone[0])
    assert list(Entity.objects.values_list("pk", flat=True)) == [survivor.pk]
    assert mentions_of(survivor) == ARTICLES * 5
    assert Entity.objects.get(pk=survivor.pk).article_count == ARTICLES
    assert not Mention.objects.filter(entity_id=loser).exists()


def test_merges_of_different_entities_in_the_same_articles_all_complete(articles):
    # Four merges at once whose entities share every article: their pair counts cross.
    pairs = [
        (make_entity(f"Person{n} Kept", articles, 1), make_entity(f"Person{n} Merged", articles, 1))
        for n in range(4)
    ]

    outcomes = at_once(*(lambda k=kept, m=merged: merge_entities(k, [m]) for kept, merged in pairs))

    assert all(isinstance(o, Entity) for o in outcomes), outcomes
    for kept, merged in pairs:
        assert mentions_of(kept) == ARTICLES * 2
        assert Entity.objects.get(pk=kept.pk).article_count == ARTICLES
        assert not Entity.objects.filter(pk=merged.pk).exists()
    # Each two survivors are named together in every article, once.
    assert set(EntityPair.objects.values_list("articles", flat=True)) == {ARTICLES}
    assert EntityPair.objects.count() == 4 * 3


def test_opposite_merges_in_the_admin_answer_a_message_not_an_outage(articles, monkeypatch):
    first = make_entity("Narendra Modi", articles, 2)
    second = make_entity("N Modi", articles, 3)
    editor = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
    barrier = threading.Barrier(2)
    real_merge = articles_admin.merge_entities

    def merge_when_both_have_read(target, others, **options):
        barrier.wait(timeout=10)  # both requests have read their entities by now
        return real_merge(target, others, **options)

    monkeypatch.setattr(articles_admin, "merge_entities", merge_when_both_have_read)

    def logged_in():
        client = Client(raise_request_exception=False)
        client.force_login(editor)
        return client

    # Logged in beforehand: on SQLite two logins at once would race for the write lock.
    clients = {first.pk: logged_in(), second.pk: logged_in()}

    def post(survivor):
        client = clients[survivor.pk]
        data = {
            "action": "merge_selected",
            "_selected_action": [first.pk, second.pk],
            "survivor": survivor.pk,
            "confirm": "yes",
        }
        response = client.post("/admin/articles/entity/", data, follow=True)
        # The page itself, not response.context: the test client's template signal is
        # process-wide and would mix the two threads' contexts.
        return response.status_code, response.content.decode()

    def run(survivor):
        return lambda: post(survivor)

    outcomes = at_once(run(first), run(second))

    assert [status for status, _ in outcomes] == [200, 200], outcomes
    pages = [page for _, page in outcomes]
    merged = [page for page in pages if "Merged 1 entity into" in page]
    refused = [page for page in pages if "Nothing merged: " in page]
    assert len(merged) == 1 and len(refused) == 1
    survivor = Entity.objects.get()
    assert f"was merged into {survivor.name} meanwhile." in refused[0]
    assert mentions_of(survivor) == ARTICLES * 5
    assert Article.objects.count() == ARTICLES

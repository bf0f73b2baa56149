"""Curation in the admin: editing metadata, merging entities, tuning topics."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ArticleTopic, Entity, EntityAlias, IngestRun, Mention, Topic

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/",
        "/admin/articles/entity/",
        "/admin/articles/topic/",
        "/admin/articles/source/",
        "/admin/articles/mention/",
        "/admin/articles/article/?q=trafficking",
        "/admin/articles/article/?topics__id__exact=1",
    ],
)
def test_admin_lists_load(admin_client, seeded, url):
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/admin/articles/article/", "/admin/articles/mention/"])
def test_admin_lists_do_not_grow_queries_with_rows(
    admin_client, seeded, make_article, django_assert_max_num_queries, url
):
    with CaptureQueriesContext(connection) as baseline:
        admin_client.get(url)
    for n in range(10):
        make_article(title=f"Extra {n}", source=f"Outlet {n}")
    with django_assert_max_num_queries(len(baseline)):
        admin_client.get(url)


def test_admin_search_is_full_text(admin_client, seeded):
    response = admin_client.get("/admin/articles/article/", {"q": "trafficking"})
    titles = {a.title for a in response.context["cl"].result_list}
    assert seeded["002"].title in titles  # matches only in the body
    assert seeded["004"].title not in titles


def test_an_editor_sets_the_date_and_it_becomes_manual(admin_client, seeded):
    article = seeded["004"]
    data = {
        "title": "Modi will visit Moscow",
        "source": article.source_id,
        "byline": "Staff",
        "url": "https://example.org/modi",
        "published_on": "2024-06-14",
        "date_origin": "unknown",
        "language": article.language,
        "body": article.body,
        "raw_text": article.raw_text,
        "topic_scores-TOTAL_FORMS": "0",
        "topic_scores-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title == "Modi will visit Moscow"
    assert str(article.published_on) == "2024-06-14"
    assert article.date_origin == Article.DateOrigin.MANUAL
    assert article.url == "https://example.org/modi"
    assert article.edited_fields == ["byline", "date_origin", "published_on", "title", "url"]


def test_merging_entities_moves_mentions_and_keeps_aliases(admin_client, seeded):
    modi = Entity.objects.get(name="Narendra Modi")
    duplicate = Entity.objects.create(name="N. Modi", slug="n-modi", kind="person")
    EntityAlias.objects.create(entity=duplicate, name="Shri Modi", key="shri modi")
    Mention.objects.create(entity=duplicate, article=seeded["000"], count=2)
    before = Mention.objects.get(entity=modi, article=seeded["000"]).count
    response = admin_client.post(
        "/admin/articles/entity/",
        {
            "action": "merge_selected",
            "_selected_action": [modi.pk, duplicate.pk],
            "survivor": modi.pk,
            "confirm": "yes",
        },
    )
    assert response.status_code == 302
    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    assert Mention.objects.get(entity=modi, article=seeded["000"]).count == before + 2
    assert EntityAlias.objects.get(key="shri modi").entity == modi
    assert EntityAlias.objects.get(key="n modi").entity == modi


def rescore(admin_client, topic, monkeypatch):
    """The admin's Re-score action: answered at once, done by a recorded background run. The
    run's thread starts once the response is complete: the tests' SQLite database is shared
    in memory, where a write beside the request's reads fails at once instead of waiting."""
    from articles import background

    monkeypatch.setattr(background.transaction, "on_commit", lambda start: None)
    response = admin_client.post(
        "/admin/articles/topic/",
        {"action": "rescore", "_selected_action": [topic.pk]},
        follow=True,
    )
    assert response.status_code == 200
    run = IngestRun.objects.filter(kind="rescore").first()
    assert f'<a href="/admin/articles/ingestrun/{run.pk}/change/">run {run.pk}</a>' in (
        response.content.decode()
    )
    background.started[-1].start()
    background.started[-1].join(60)
    run.refresh_from_db()
    return run


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editing_keywords_then_rescoring_updates_scores_in_a_recorded_run(
    admin_client, seeded, monkeypatch
):
    energy = Topic.objects.get(slug="energy")
    assert ArticleTopic.objects.filter(topic=energy).exists()
    energy.keywords = "hydrogen electrolyser"
    energy.save()
    run = rescore(admin_client, energy, monkeypatch)
    assert run.finished_at is not None
    assert (run.updated, run.failed, run.arguments) == (Article.objects.count(), 0, ["energy"])
    assert not ArticleTopic.objects.filter(topic=energy).exists()
    energy.keywords = "oil\ncrude"
    energy.save()
    rescore(admin_client, energy, monkeypatch)
    assert ArticleTopic.objects.filter(topic=energy, article=seeded["004"]).exists()
    # Other topics are untouched.
    assert ArticleTopic.objects.filter(topic__slug="trafficking").count() >= 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rescoring_that_fails_is_recorded_as_failed(admin_client, seeded, monkeypatch):
    from articles import background

    def broken(articles, topics=None):
        raise RuntimeError("scoring broke")

    monkeypatch.setattr(background, "rescore_topics", broken)
    run = rescore(admin_client, Topic.objects.get(slug="energy"), monkeypatch)
    assert run.finished_at is not None and run.failed == 1
    assert run.failures == [{"file": "…", "reason": "RuntimeError: scoring broke"}]


def test_saving_an_article_changes_only_what_the_editor_changed(client, seeded):
    from django.contrib.auth.models import Permission, User

    from articles.models import DatedMention, Source

    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__endswith="_article"))
    client.force_login(editor)
    article = seeded["000"]
    other_source = Source.objects.create(name="Other Outlet", slug="other-outlet")
    fields = [f.attname for f in Article._meta.concrete_fields]
    before = {name: getattr(article, name) for name in fields}
    dated_before = list(article.dated_mentions.values_list("position", "text", "sentence"))
    assert dated_before

    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "raw_text" not in form.fields  # shown read-only, never posted back
    data = {name: form[name].value() or "" for name in form.fields if name != "edited_fields"}
    # A browser sends a textarea's line ends as CRLF.
    data["body"] = article.body.replace("\n", "\r\n")
    data["raw_text"] = "a text an editor should not be able to set"
    data.update(
        {
            "published_on": "2023-02-20",
            "source": other_source.pk,
            "edited_fields": [],
            "topic_scores-TOTAL_FORMS": "0",
            "topic_scores-INITIAL_FORMS": "0",
        }
    )
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    article.refresh_from_db()
    changed = {"published_on", "source_id", "date_origin", "edited_fields", "updated_at"}
    for name in set(fields) - changed:
        assert getattr(article, name) == before[name], name
    assert article.body.encode() == before["body"].encode()
    assert article.raw_text.encode() == before["raw_text"].encode()
    assert (str(article.published_on), article.source_id) == ("2023-02-20", other_source.pk)
    assert article.edited_fields == ["date_origin", "published_on", "source"]
    dated_after = list(
        DatedMention.objects.filter(article=article).values_list("position", "text", "sentence")
    )
    assert dated_after == dated_before

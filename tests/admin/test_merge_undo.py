"""A merge of entities is recorded and an editor can undo it from the admin: the merged
entity comes back with its id, slug, aliases, mentions and quotes; undoing twice, or when
later changes touch the same rows, is refused and changes nothing."""

import pytest
from django.contrib.auth.models import Permission, User

from articles.merges import merge_entities
from articles.models import (
    Entity,
    EntityAlias,
    EntityMerge,
    EntityPair,
    Mention,
    MergedEntity,
    Quote,
)

pytestmark = pytest.mark.django_db


def make_entity(name, articles=(), count=1):
    entity = Entity.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind="person")
    EntityAlias.objects.create(entity=entity, name=name)
    for article in articles:
        Mention.objects.create(entity=entity, article=article, count=count)
    return entity


@pytest.fixture
def bakers(make_article):
    shared, own, james_only = (make_article(title=t) for t in ("Shared", "Own", "James only"))
    james = make_entity("James Baker", [shared, james_only], count=2)
    george = make_entity("George Baker", [shared, own], count=3)
    Quote.objects.create(
        article=own, position=0, text="We agree.", sentence="“We agree.”", speaker=george,
        speaker_name="George Baker",
    )  # fmt: skip
    return james, george, {"shared": shared, "own": own, "james_only": james_only}


def merge_in_admin(client, survivor, other):
    data = {
        "action": "merge_selected",
        "_selected_action": [survivor.pk, other.pk],
        "survivor": survivor.pk,
        "confirm": "yes",
        "same_person": "yes",
    }
    return client.post("/admin/articles/entity/", data, follow=True)


def undo(client, merge):
    return client.post(f"/admin/articles/entitymerge/{merge.pk}/undo/", follow=True)


def state():
    """Everything a merge and its undo touch, comparable before and after."""
    return {
        "entities": sorted(Entity.objects.values_list("pk", "name", "slug", "kind", "curated")),
        "counts": sorted(Entity.objects.values_list("pk", "article_count")),
        "mentions": sorted(Mention.objects.values_list("entity_id", "article_id", "count")),
        "aliases": sorted(EntityAlias.objects.values_list("pk", "entity_id", "key")),
        "quotes": sorted(Quote.objects.values_list("pk", "speaker_id")),
        "slugs": sorted(MergedEntity.objects.values_list("slug", "entity_id")),
        "pairs": sorted(EntityPair.objects.values_list("entity_id", "other_id", "articles")),
    }


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_a_merge_is_recorded_and_undone_from_its_page(admin_client, bakers, client):
    james, george, articles = bakers
    before = state()
    merged = merge_in_admin(admin_client, james, george)
    assert "It can be undone from Entity merges." in messages_of(merged)[0]
    merge = EntityMerge.objects.get()
    assert (merge.survivor_id, merge.merged_names, merge.merged_by.username) == (
        james.pk, "George Baker", "admin"
    )  # fmt: skip
    assert Mention.objects.get(entity=james, article=articles["shared"]).count == 5
    assert Quote.objects.get().speaker_id == james.pk  # the quote moved, not lost

    page = admin_client.get(f"/admin/articles/entitymerge/{merge.pk}/change/")
    assert page.status_code == 200 and page.context["may_undo"]
    assert "Undo this merge" in page.content.decode()

    response = undo(admin_client, merge)
    assert response.status_code == 200
    assert messages_of(response) == ["Undone: George Baker is back."]
    after = state()
    # The survivor stays curated: an editor has looked at it.
    assert after["entities"][0] == (james.pk, "James Baker", "james-baker", "person", True)
    after["entities"][0] = before["entities"][0]
    assert after == before
    restored = Entity.objects.get(pk=george.pk)
    assert restored.article_count == 2 and Entity.objects.get(pk=james.pk).article_count == 2
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by.username == "admin"
    # The restored entity's own page again, no redirect to the survivor.
    assert client.get(restored.get_absolute_url()).status_code == 200
    listing = admin_client.get("/admin/articles/entitymerge/")
    assert "undone on" in listing.content.decode()
    history = admin_client.get(f"/admin/articles/entity/{james.pk}/history/")
    assert [e.get_change_message() for e in history.context["action_list"]] == [
        "Merged George Baker into it.",
        "Undid the merge of George Baker into it.",
    ]


def test_undoing_twice_is_refused_and_changes_nothing(admin_client, bakers):
    james, george, _ = bakers
    merge_in_admin(admin_client, james, george)
    merge = EntityMerge.objects.get()
    undo(admin_client, merge)
    undone = state()
    response = undo(admin_client, merge)
    assert messages_of(response)[0].startswith("This merge was already undone on ")
    assert state() == undone
    page = admin_client.get(f"/admin/articles/entitymerge/{merge.pk}/change/")
    assert not page.context["may_undo"] and "Undo this merge" not in page.content.decode()


def test_a_survivor_merged_away_since_must_come_back_first(admin_client, bakers, make_article):
    james, george, articles = bakers
    jim = make_entity("Jim Baker", [make_article(title="Jim")])
    merge_in_admin(admin_client, james, george)
    first = EntityMerge.objects.get()
    merge_in_admin(admin_client, jim, james)
    second = EntityMerge.objects.exclude(pk=first.pk).get()
    merged_twice = state()

    response = undo(admin_client, first)
    assert messages_of(response) == [
        "James Baker has since been merged into Jim Baker: undo that merge "
        f"({second.merged_at:%Y-%m-%d %H:%M}) first."
    ]
    assert state() == merged_twice

    undo(admin_client, second)
    undo(admin_client, first)
    assert sorted(Entity.objects.values_list("name", flat=True)) == [
        "George Baker", "James Baker", "Jim Baker"
    ]  # fmt: skip
    assert Mention.objects.get(entity=george, article=articles["shared"]).count == 3
    assert Mention.objects.get(entity_id=james.pk, article=articles["shared"]).count == 2


def test_a_later_merge_into_the_same_rows_is_undone_first(admin_client, bakers):
    james, george, articles = bakers
    larry = make_entity("Larry Baker", [articles["shared"]], count=7)
    merge_in_admin(admin_client, james, george)
    first = EntityMerge.objects.get()
    merge_in_admin(admin_client, james, larry)
    both = state()

    response = undo(admin_client, first)
    assert messages_of(response) == [
        "This merge cannot be undone: James Baker's mentions in 1 of the articles it merged "
        "have changed since. Undo the later merge of Larry Baker into James Baker first."
    ]
    assert state() == both
    undo(admin_client, EntityMerge.objects.exclude(pk=first.pk).get())
    undo(admin_client, first)
    assert Mention.objects.get(entity_id=james.pk, article=articles["shared"]).count == 2
    assert Entity.objects.get(pk=larry.pk).article_count == 1


def test_a_merge_that_touches_other_rows_undoes_in_any_order(admin_client, bakers, make_article):
    james, george, _ = bakers
    elsewhere = make_entity("J. Baker", [make_article(title="Elsewhere")])
    merge_in_admin(admin_client, james, george)
    first = EntityMerge.objects.get()
    merge_in_admin(admin_client, james, elsewhere)
    assert messages_of(undo(admin_client, first)) == ["Undone: George Baker is back."]
    assert Entity.objects.filter(pk=george.pk).exists()
    assert not Entity.objects.filter(pk=elsewhere.pk).exists()  # the later merge stands


def test_a_rewritten_mention_since_the_merge_is_refused(admin_client, bakers):
    james, george, articles = bakers
    merge_in_admin(admin_client, james, george)
    # As a re-ingest of the article would: the survivor's mention rewritten.
    Mention.objects.filter(entity=james, article=articles["shared"]).update(count=1)
    changed = state()
    response = undo(admin_client, EntityMerge.objects.get())
    assert messages_of(response)[0].startswith("This merge cannot be undone: James Baker's")
    assert state() == changed


def test_undoing_needs_the_change_permission_on_entities(client, admin_client, bakers):
    james, george, _ = bakers
    merge_in_admin(admin_client, james, george)
    merge = EntityMerge.objects.get()
    viewer = User.objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_entity"))
    client.force_login(viewer)
    page = client.get(f"/admin/articles/entitymerge/{merge.pk}/change/")
    assert page.status_code == 200 and not page.context["may_undo"]
    assert client.post(f"/admin/articles/entitymerge/{merge.pk}/undo/").status_code == 403
    # Nor may a viewer merge: the action wants the change permission too.
    other = Entity.objects.create(name="X", slug="x")
    response = merge_in_admin(client, james, other)
    assert response.status_code == 200 and "Merged" not in " ".join(messages_of(response))
    assert EntityMerge.objects.count() == 1 and Entity.objects.filter(pk=other.pk).exists()


def test_the_undo_address_answers_only_a_post(admin_client, bakers):
    james, george, _ = bakers
    merge_entities(james, [george])
    merge = EntityMerge.objects.get()
    assert admin_client.get(f"/admin/articles/entitymerge/{merge.pk}/undo/").status_code == 405
    assert admin_client.post("/admin/articles/entitymerge/999999/undo/").status_code == 404
    assert Entity.objects.filter(pk=george.pk).count() == 0


def test_the_list_of_merges_costs_the_same_queries_for_more_rows(admin_client, make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listed() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get("/admin/articles/entitymerge/").status_code == 200
        return len(queries)

    article = make_article()
    survivor = make_entity("Ann Lee", [article])
    merge_entities(survivor, [make_entity("A. Lee", [article])])
    one = listed()
    for name in ("Ann B. Lee", "Ann C. Lee"):
        merge_entities(make_entity(f"{name} survivor"), [make_entity(name, [article])])
    gone = make_entity("Gone Lee")
    merge_entities(gone, [make_entity("G. Lee")])
    merge_entities(survivor, [gone])  # a survivor merged away since
    assert listed() == one
    assert (
        "Gone Lee (merged away or deleted since)"
        in admin_client.get("/admin/articles/entitymerge/").content.decode()
    )

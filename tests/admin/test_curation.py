"""Curating entities and articles in the admin is safe: confirmation, redirects, readable
forms."""

import pytest

from articles.analysis import gazetteer
from articles.analysis.kinds import Kind
from articles.ingest.pipeline import ingest_paths
from articles.models import Article, Entity, EntityAlias, Mention, MergedEntity

pytestmark = pytest.mark.django_db


def test_the_entity_kinds_are_the_analysis_kinds():
    assert {(k.value, k.name) for k in Entity.Kind} == {(k.value, k.name) for k in Kind}
    assert {kind for _name, kind, _aliases in gazetteer.iter_entries()} == set(Kind)
    assert all(isinstance(kind, Kind) for kind in gazetteer.KIND_FIXES.values())


def make_entity(name, kind="person", articles=()):
    entity = Entity.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind=kind)
    EntityAlias.objects.create(entity=entity, name=name)
    for article in articles:
        Mention.objects.create(entity=entity, article=article, count=1)
    return entity


@pytest.fixture
def pair(make_article):
    a, b, c = (make_article(title=t) for t in ("One", "Two", "Three"))
    big = make_entity("Narendra Modi", articles=[a, b, c])
    small = make_entity("N Modi", articles=[a])
    return big, small


def merge(client, entities, **extra):
    data = {"action": "merge_selected", "_selected_action": [e.pk for e in entities], **extra}
    return client.post("/admin/articles/entity/", data, follow=bool(extra))


def test_merging_asks_which_entity_survives(admin_client, pair):
    big, small = pair
    response = merge(admin_client, pair)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the one that stays" in page
    assert f'value="{big.pk}" checked' in page  # most articles suggested
    assert Entity.objects.filter(pk=small.pk).exists()  # nothing merged yet


def test_the_editor_chooses_the_survivor_and_reads_a_plural_aware_message(admin_client, pair):
    big, small = pair
    response = merge(admin_client, pair, survivor=small.pk, confirm="yes")
    assert "Merged 1 entity into N Modi." in response.content.decode()
    assert not Entity.objects.filter(pk=big.pk).exists()
    small.refresh_from_db()
    assert small.curated
    assert small.articles.count() == 3
    assert EntityAlias.objects.get(key="narendra modi").entity == small


def test_merging_three_says_entities(admin_client, pair, make_article):
    third = make_entity("Modi Ji", articles=[make_article()])
    response = merge(admin_client, [*pair, third], survivor=pair[0].pk, confirm="yes")
    assert "Merged 2 entities into Narendra Modi." in response.content.decode()


def test_a_merged_away_entity_page_redirects_permanently(client, admin_client, pair):
    big, small = pair
    merge(admin_client, pair, survivor=big.pk, confirm="yes")
    response = client.get("/entities/n-modi/?page=2")
    assert response.status_code == 301
    assert response["Location"] == "/entities/narendra-modi/?page=2"
    assert MergedEntity.objects.get(slug="n-modi").entity == big
    assert client.get("/entities/no-such-entity/").status_code == 404


def test_an_old_entity_filter_redirects_to_the_survivor(client, admin_client, pair):
    big, small = pair
    merge(admin_client, pair, survivor=big.pk, confirm="yes")
    response = client.get("/", {"entity": "n-modi", "q": "modi"})
    assert response.status_code == 301
    assert response["Location"] == "/?entity=narendra-modi&q=modi"
    assert client.get(response["Location"]).status_code == 200
    export = client.get("/export.csv", {"entity": "n-modi"})
    assert export.status_code == 301


def test_a_slug_merged_twice_still_leads_to_the_last_survivor(admin_client, client, pair):
    big, small = pair
    merge(admin_client, pair, survivor=small.pk, confirm="yes")
    other = make_entity("Modi Ji")
    merge(admin_client, [small, other], survivor=other.pk, confirm="yes")
    assert client.get("/entities/narendra-modi/")["Location"] == "/entities/modi-ji/"


def test_renaming_or_aliasing_marks_an_entity_curated(admin_client, pair):
    big, _ = pair
    data = {
        "name": "Narendra Damodardas Modi",
        "slug": big.slug,
        "kind": "person",
        "aliases-TOTAL_FORMS": "1",
        "aliases-INITIAL_FORMS": "0",
        "aliases-0-name": "",
    }
    response = admin_client.post(f"/admin/articles/entity/{big.pk}/change/", data)
    assert response.status_code == 302
    big.refresh_from_db()
    assert big.curated


def test_an_alias_typed_in_the_admin_gets_its_key(admin_client, make_article):
    entity = make_entity("Olaf Scholz", articles=[make_article()])
    data = {
        "name": entity.name,
        "slug": entity.slug,
        "kind": "person",
        "aliases-TOTAL_FORMS": "2",
        "aliases-INITIAL_FORMS": "1",
        "aliases-0-id": entity.aliases.get().pk,
        "aliases-0-entity": entity.pk,
        "aliases-0-name": "Olaf Scholz",
        "aliases-1-name": "Chancellor Scholz",
    }
    assert admin_client.post(f"/admin/articles/entity/{entity.pk}/change/", data).status_code == 302
    assert EntityAlias.objects.get(name="Chancellor Scholz").key == "scholz"
    entity.refresh_from_db()
    assert entity.curated


def test_the_entity_page_lists_other_spellings_only(client, pair):
    big, _ = pair
    EntityAlias.objects.create(entity=big, name="Mr. Modi")
    page = client.get("/entities/narendra-modi/").content.decode()
    assert "Also written: Mr. Modi</p>" in page


def test_the_article_form_shows_pinned_fields_and_releases_one(admin_client, make_article):
    article = make_article(title="Old title")
    article.edited_fields = ["byline", "title"]
    article.save()
    url = f"/admin/articles/article/{article.pk}/change/"
    page = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="edited_fields" value="title"' in page
    assert 'class="vLargeTextField"' in page  # the wide title box
    data = {
        "title": article.title,
        "source": article.source_id,
        "byline": "",
        "url": "",
        "published_on": "",
        "date_origin": "unknown",
        "body": article.body,
        "raw_text": article.raw_text,
        "edited_fields": ["title"],  # byline unticked: released
        "topic_scores-TOTAL_FORMS": "0",
        "topic_scores-INITIAL_FORMS": "0",
    }
    assert admin_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.edited_fields == ["title"]


def test_topic_evidence_reads_as_sentences(admin_client, make_article):
    article = make_article(body="Oil <b>rose</b> sharply.", topics=["energy"])
    page = admin_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "<li>Oil &lt;b&gt;rose&lt;/b&gt; sharply.</li>" in page
    assert "[&#x27;" not in page and "['" not in page
    assert Article.objects.count() == 1


def test_a_new_entity_never_takes_a_merged_away_slug(client, tmp_path, make_article):
    survivor = make_entity("Ville de Paris", kind="place", articles=[make_article()])
    MergedEntity.objects.create(slug="paris", name="Paris", entity=survivor)
    (tmp_path / "a.txt").write_text("Talks\n\nLeaders met in Paris on Monday.", encoding="utf-8")
    ingest_paths([tmp_path])
    paris = Entity.objects.get(name="Paris")
    assert paris.slug == "paris-2"
    assert client.get("/entities/paris/")["Location"] == "/entities/ville-de-paris/"


@pytest.fixture
def gandhis(make_article):
    articles = [make_article(title=t) for t in ("One", "Two", "Three")]
    # The one created first has fewer articles: the order offered is by coverage, not age.
    rahul = make_entity("Rahul Gandhi", articles=articles[:1])
    sonia = make_entity("Sonia Gandhi", articles=articles)
    return rahul, sonia


def test_people_who_share_only_a_surname_are_offered_most_covered_first(admin_client, gandhis):
    rahul, sonia = gandhis
    page = merge(admin_client, gandhis)
    html = page.content.decode()
    assert page.context["entities"] == [sonia, rahul]
    assert f'value="{sonia.pk}" checked' in html
    assert html.index("Sonia Gandhi") < html.index("Rahul Gandhi")
    assert 'name="same_person"' in html
    assert page.context["surname_only"] == [(sonia, rahul)]


def test_a_surname_only_merge_is_refused_until_the_editor_confirms(admin_client, gandhis):
    rahul, sonia = gandhis
    page = merge(admin_client, gandhis, survivor=sonia.pk, confirm="yes")
    assert page.status_code == 200
    assert "Tick the box to merge people who share only a surname." in page.content.decode()
    assert Entity.objects.filter(pk=rahul.pk).exists()  # nothing merged

    done = merge(admin_client, gandhis, survivor=sonia.pk, confirm="yes", same_person="yes")
    assert "Merged 1 entity into Sonia Gandhi." in done.content.decode()
    assert not Entity.objects.filter(pk=rahul.pk).exists()
    assert Mention.objects.filter(entity=sonia).count() == 3


def test_an_initial_or_the_same_given_name_needs_no_extra_confirmation(admin_client, pair):
    big, small = pair  # "Narendra Modi" and "N Modi"
    page = merge(admin_client, pair)
    assert page.context["surname_only"] == []
    assert 'name="same_person"' not in page.content.decode()


@pytest.mark.parametrize(
    ("first", "second", "only_surname"),
    [
        ("Rahul Gandhi", "Sonia Gandhi", True),
        ("Gandhi", "Sonia Gandhi", True),
        ("N. Modi", "Narendra Modi", False),
        ("Narendra Modi", "Narendra Damodardas Modi", False),
        ("José Álvarez", "Jose Alvarez", False),
        ("Rahul Gandhi", "Rahul Dravid", False),
    ],
)
def test_which_names_share_only_a_surname(first, second, only_surname):
    from articles.curation import share_only_a_surname

    a, b = Entity(name=first, kind="person"), Entity(name=second, kind="person")
    assert share_only_a_surname(a, b) is only_surname
    assert not share_only_a_surname(Entity(name=first, kind="place"), b)

"""Articles in Russian, English and French through the real ingest path: one entity per
person whatever the script, Russian dates on the topic timeline, the article's language used
again by re-analysis."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from articles.ingest.pipeline import ingest_file
from articles.ingest.reanalysis import reanalyze_articles
from articles.models import Article, Entity, EntityAlias, Topic

pytestmark = pytest.mark.django_db

RUSSIAN = (
    "Путин обсудил санкции\n\n"
    "Президент России Владимир Путин 8 июля 2024 года обсудил санкции с советом "
    "безопасности. Путина поддержали в Госдуме, где санкции назвали незаконными.\n"
)
ENGLISH = (
    "Putin on sanctions\n\n"
    "Russian President Vladimir Putin said on Monday that the sanctions had failed.\n"
)
FRENCH = (
    "Poutine et les sanctions\n\n"
    "Le président russe Vladimir Poutine a déclaré le 9 juillet 2024 que les sanctions "
    "avaient échoué.\n"
)


def ingest(folder, name, text, published="2024-07-10"):
    path = folder / f"{name}.txt"
    path.write_text(f"---\nsource: Wire\npublished: {published}\n---\n{text}", encoding="utf-8")
    return Article.objects.get(pk=ingest_file(path).article_id)


def test_one_person_in_three_scripts_and_languages_is_one_entity(client, tmp_path):
    articles = [
        ingest(tmp_path, "ru", RUSSIAN),
        ingest(tmp_path, "en", ENGLISH),
        ingest(tmp_path, "fr", FRENCH),
    ]
    (putin,) = Entity.objects.filter(kind="person", name__icontains="Putin")
    assert not Entity.objects.filter(name__icontains="Путин").exists()
    assert not Entity.objects.filter(name__icontains="Poutine").exists()
    assert {m.article_id for m in putin.mentions.all()} == {a.pk for a in articles}
    response = client.get(putin.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for article in articles:
        assert article.title in html
    # The Russian article's own spelling is one of the entity's names.
    assert EntityAlias.objects.filter(entity=putin, name="Путин").exists()


def test_a_name_only_seen_in_russian_meets_its_latin_spelling(tmp_path):
    ingest(
        tmp_path,
        "ru",
        "Заявление\n\nГубернатор Иван Петренко заявил, что Петренко не уйдёт в отставку.\n",
    )
    ingest(
        tmp_path,
        "en",
        "Statement\n\nGovernor Ivan Petrenko said he would not resign, Ivan Petrenko added.\n",
    )
    (person,) = Entity.objects.filter(kind="person")
    assert person.mentions.values("article").distinct().count() == 2


def test_an_other_name_an_editor_adds_in_the_admin_is_met_by_later_articles(admin_client, tmp_path):
    ingest(
        tmp_path,
        "en",
        "Merz in Paris\n\nGerman Chancellor Friedrich Merz said the talks went well, Friedrich "
        "Merz added.\n",
    )
    merz = Entity.objects.get(name="Friedrich Merz")
    # "Фридрих Мерц" transliterates to "Fridrikh Merts": only an editor can tie the two.
    existing = list(merz.aliases.all())
    data = {"name": merz.name, "slug": merz.slug, "kind": "person"}
    data |= {
        "aliases-TOTAL_FORMS": str(len(existing) + 1),
        "aliases-INITIAL_FORMS": str(len(existing)),
    }
    for i, alias in enumerate(existing):
        data |= {
            f"aliases-{i}-id": alias.pk,
            f"aliases-{i}-entity": merz.pk,
            f"aliases-{i}-name": alias.name,
        }
    data[f"aliases-{len(existing)}-name"] = "Фридрих Мерц"
    response = admin_client.post(f"/admin/articles/entity/{merz.pk}/change/", data)
    assert response.status_code == 302
    russian = ingest(
        tmp_path,
        "ru",
        "Мерц в Москве\n\nКанцлер Германии Фридрих Мерц заявил, что переговоры прошли хорошо.\n",
    )
    assert russian.mentions.filter(entity=merz).exists()
    assert not Entity.objects.filter(name="Фридрих Мерц").exists()


def test_a_russian_dated_mention_lands_on_the_topic_timeline(client, tmp_path):
    topic = Topic.objects.create(name="Sanctions", slug="sanctions", keywords="sanctions\nсанкции")
    article = ingest(tmp_path, "ru", RUSSIAN)
    dated = article.dated_mentions.get(text="8 июля 2024 года")
    assert dated.start == dt.date(2024, 7, 8) and dated.precision == "day"
    assert article.topic_scores.filter(topic=topic).exists()
    events = client.get("/topics/sanctions/mentions/").context["timeline"].events
    assert any(
        article.pk in {a.pk for a in e.articles} and e.start == dt.date(2024, 7, 8) for e in events
    )
    key_events = client.get("/topics/sanctions/").context["timeline"].key_events
    assert dt.date(2024, 7, 8) in {e.day for e in key_events}


def test_re_analysis_reads_the_article_in_its_stated_language(tmp_path):
    article = ingest(tmp_path, "ru", RUSSIAN)
    Article.objects.filter(pk=article.pk).update(language="ru")
    assert {r.status for r in reanalyze_articles(Article.objects.all())[0]} == {"unchanged"}
    assert article.dated_mentions.filter(text="8 июля 2024 года").exists()
    assert article.mentions.filter(entity__name="Vladimir Putin").exists()


def test_the_migration_transliterates_stored_keys_of_non_latin_names(db):
    migration = importlib.import_module("articles.migrations.0017_entityalias_transliterated_keys")
    lavrov = Entity.objects.create(name="Сергей Лавров", kind="person", slug="lavrov")
    other = Entity.objects.create(name="Sergei Shoigu", kind="person", slug="shoigu")
    EntityAlias.objects.create(entity=other, name="Sergei Shoigu")
    # Keys as they were before transliteration (bulk inserts skip save(), which derives them).
    EntityAlias.objects.bulk_create(
        [
            EntityAlias(entity=lavrov, name="Сергей Лавров", key="сергеи лавров"),
            EntityAlias(entity=lavrov, name="Сергей Шойгу", key="сергеи шоигу"),
        ]
    )
    migration.transliterate_keys(apps, None)
    assert EntityAlias.objects.get(name="Сергей Лавров").key == "sergei lavrov"
    # The key is another entity's: left as it was, for an editor to merge the two.
    assert EntityAlias.objects.get(name="Сергей Шойгу").key == "сергеи шоигу"


def test_the_compare_page_says_what_links_two_articles_in_two_languages(client, tmp_path):
    russian = ingest(tmp_path, "ru", RUSSIAN)
    english = ingest(
        tmp_path, "en2", "Putin discusses sanctions\n\nRussian President Vladimir Putin "
        "discussed the sanctions with his security council on July 8, 2024.\n",
    )  # fmt: skip
    assert (russian.language, english.language) == ("ru", "en")
    response = client.get("/compare/", {"a": russian.slug, "b": english.slug})
    assert response.status_code == 200
    reasons = response.context["c"].reasons
    assert reasons[0].startswith("written in Russian and English: no sentence aligns word")
    assert reasons[0].endswith("they share 1 entity, 1 date")  # Putin; 8 июля = July 8
    assert [pair.a.text for pair in response.context["c"].dates.agree] == ["8 июля 2024 года"]
    assert "Vladimir Putin" in response.content.decode()

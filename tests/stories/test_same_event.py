"""Reports of one event in other words, or in another language, linked through the real
ingest: shared rare entities within a few days, and the same day or figure."""

import pytest

from articles.ingest.pipeline import ingest_file
from articles.models import Article, ArticleSimilarity, Entity, Story

pytestmark = pytest.mark.django_db

WIRE = (
    "Lavrov meets Lukashenko in Minsk\n\n"
    "Russian Foreign Minister Sergei Lavrov met Belarusian President Alexander Lukashenko in "
    "Minsk on 9 July 2024 to discuss a new gas agreement worth $240 million. "
    "Lavrov told reporters that the talks had gone well and that a treaty would follow.\n"
)
REWORDED = (
    "Moscow's top diplomat in Belarus\n\n"
    "Alexander Lukashenko received Sergei Lavrov at his residence in Minsk on July 9, 2024. "
    "The Belarusian leader and his Russian guest agreed on supplies of gas, a deal put at "
    "$240 million by officials. Neither side gave further details of the visit.\n"
)
RUSSIAN = (
    "Лавров прибыл в Минск\n\n"
    "Министр иностранных дел России Сергей Лавров 9 июля 2024 года встретился в Минске с "
    "президентом Белоруссии Александром Лукашенко. Стороны обсудили поставки газа и новый "
    "договор.\n"
)
NOTICE = (
    "{company} sets quarterly dividend\n\n"
    "{company} said its board declared a quarterly dividend of 12 cts a share, payable on "
    "1 April 2024 to holders of record on 15 March 2024.\n"
)
TARIFFS = (
    "New steel tariffs\n\n"
    "The United States announced new tariffs on imported steel on 9 July 2024, raising the "
    "duty to 25 percent.\n"
)
FLOODS = (
    "Floods after the storm\n\n"
    "Floods in the United States displaced thousands of families on 9 July 2024 after a week "
    "of rain, and 25 percent of the harvest was lost.\n"
)


def ingest(folder, name, text, source="Wire", published="2024-07-10"):
    path = folder / f"{name}.txt"
    path.write_text(f"---\nsource: {source}\npublished: {published}\n---\n{text}", "utf-8")
    return Article.objects.get(pk=ingest_file(path).article_id)


def pair_of(a, b):
    first, second = sorted([a.pk, b.pk])
    return ArticleSimilarity.objects.filter(first_id=first, second_id=second).first()


def test_it_links_a_reworded_report_of_one_event_with_its_evidence(tmp_path):
    wire = ingest(tmp_path, "wire", WIRE)
    other = ingest(tmp_path, "other", REWORDED, source="Gazette")
    pair = pair_of(wire, other)
    assert pair is not None and pair.kind == ArticleSimilarity.Kind.SAME_EVENT
    named = set(
        Entity.objects.filter(pk__in=pair.evidence["entities"]).values_list("name", flat=True)
    )
    assert {"Sergei Lavrov", "Alexander Lukashenko"} <= named
    assert pair.evidence["days"] == ["2024-07-09"]
    assert Story.objects.get().articles.count() == 2


def test_it_links_a_russian_and_an_english_report_of_one_event(tmp_path):
    english = ingest(tmp_path, "en", WIRE)
    russian = ingest(tmp_path, "ru", RUSSIAN, source="TASS")
    assert russian.language == "ru"
    pair = pair_of(english, russian)
    assert pair is not None and pair.kind == ArticleSimilarity.Kind.SAME_EVENT
    assert pair.evidence["days"] == ["2024-07-09"]
    assert set(Story.objects.get().articles.all()) == {english, russian}


def test_it_does_not_link_two_notices_of_different_companies(tmp_path):
    a = ingest(tmp_path, "a", NOTICE.format(company="Acme Widgets Corp"))
    b = ingest(tmp_path, "b", NOTICE.format(company="Borden Tools Inc"))
    assert a.dated_mentions.exists() and b.dated_mentions.exists()
    assert pair_of(a, b) is None
    assert not Story.objects.exists()


def test_it_does_not_link_two_articles_sharing_only_the_united_states(tmp_path):
    tariffs = ingest(tmp_path, "tariffs", TARIFFS)
    floods = ingest(tmp_path, "floods", FLOODS, source="Gazette")
    shared = set(tariffs.mentions.values_list("entity__name", flat=True)) & set(
        floods.mentions.values_list("entity__name", flat=True)
    )
    assert shared == {"United States"}
    assert pair_of(tariffs, floods) is None


def test_it_does_not_link_reports_a_month_apart(tmp_path):
    wire = ingest(tmp_path, "wire", WIRE)
    later = ingest(tmp_path, "later", REWORDED, source="Gazette", published="2024-08-12")
    assert pair_of(wire, later) is None


def test_the_article_and_compare_pages_say_why_two_reports_are_one_event(client, tmp_path):
    english = ingest(tmp_path, "en", WIRE)
    russian = ingest(tmp_path, "ru", RUSSIAN, source="TASS")
    response = client.get(english.get_absolute_url())
    assert response.status_code == 200
    (similar,) = response.context["similar"]
    assert similar.article == russian and similar.kind == "same-event"
    assert any(
        r.startswith("one event: both name") and "Sergei Lavrov" in r for r in similar.reasons
    )
    assert "both name the day 9 July 2024" in similar.reasons
    response = client.get("/compare/", {"a": english.slug, "b": russian.slug})
    assert response.status_code == 200
    c = response.context["c"]
    assert c.kind == "same-event"
    assert "both name the day 9 July 2024" in c.reasons
    assert "same-event" in response.content.decode()


def test_a_story_of_one_event_says_no_report_came_from_another(client, tmp_path):
    english = ingest(tmp_path, "en", WIRE, published="2024-07-09")
    ingest(tmp_path, "ru", RUSSIAN, source="TASS")
    story = english.story_membership.story
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    overview = response.context["story"]
    assert overview.size == 2 and overview.earliest == english
    assert all(entry.came_from is None for entry in overview.page.object_list)

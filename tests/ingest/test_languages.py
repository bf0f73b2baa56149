"""Each article's language at ingest: detected from the text, stated by the file (front
matter, sidecar, JSON field, <html lang>), set by an editor; and what re-ingest and
re-analysis keep."""

import json

import pytest

from articles.ingest.pipeline import ingest_paths
from articles.ingest.reanalysis import reanalyze_articles
from articles.models import Article

pytestmark = pytest.mark.django_db

ENGLISH = (
    "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire. Both sides said "
    "the talks had been difficult but useful, and a further round is expected next month."
)
RUSSIAN = (
    "Министры иностранных дел встретились во вторник в Женеве, чтобы обсудить перемирие. Обе "
    "стороны заявили, что переговоры были трудными, но полезными, и что следующий раунд "
    "ожидается в следующем месяце."
)
FRENCH = (
    "Les ministres des Affaires étrangères se sont réunis mardi à Genève pour discuter du "
    "cessez-le-feu. Les deux parties ont déclaré que les négociations avaient été difficiles "
    "mais utiles, et un nouveau cycle est attendu le mois prochain."
)
GERMAN = (
    "Die Außenminister trafen sich am Dienstag in Genf, um über den Waffenstillstand zu "
    "sprechen. Beide Seiten sagten, die Gespräche seien schwierig, aber nützlich gewesen, und "
    "eine weitere Runde werde im nächsten Monat erwartet."
)


def ingest_one(path):
    (result,) = ingest_paths([path])
    assert result.status in ("created", "updated"), result
    return result, Article.objects.get(pk=result.article_id)


@pytest.mark.parametrize(
    "code, body", [("en", ENGLISH), ("ru", RUSSIAN), ("fr", FRENCH), ("de", GERMAN)]
)
def test_ingest_detects_the_language(tmp_path, code, body):
    path = tmp_path / "story.txt"
    path.write_text(f"Talks in Geneva\n\n{body}\n", encoding="utf-8")
    _result, article = ingest_one(path)
    assert (article.language, article.language_origin) == (code, "detected")


def test_too_short_a_text_has_no_language(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("Brief\n\nTalks.\n")
    _result, article = ingest_one(path)
    assert (article.language, article.language_origin) == ("", "unknown")


def test_front_matter_overrides_detection(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(f"---\ntitle: Talks\nlanguage: en-GB\n---\n{RUSSIAN}\n", encoding="utf-8")
    _result, article = ingest_one(path)
    assert (article.language, article.language_origin) == ("en", "metadata")


def test_a_sidecar_overrides_the_front_matter(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(f"---\nlang: fr\n---\nTalks\n\n{ENGLISH}\n")
    (tmp_path / "story.json").write_text(json.dumps({"language": "de"}))
    _result, article = ingest_one(path)
    assert (article.language, article.language_origin) == ("de", "metadata")


def test_json_and_jsonl_items_state_their_language(tmp_path):
    (tmp_path / "items.json").write_text(
        json.dumps(
            [
                {"title": "One", "body": ENGLISH, "language": "ru"},
                {"title": "Two", "body": FRENCH},
            ]
        )
    )
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"title": "Three", "text": GERMAN, "lang": "DE-at"}) + "\n"
    )
    results = ingest_paths([tmp_path])
    got = {
        a.title: (a.language, a.language_origin)
        for a in Article.objects.filter(pk__in=[r.article_id for r in results])
    }
    assert got == {
        "One": ("ru", "metadata"),
        "Two": ("fr", "detected"),
        "Three": ("de", "metadata"),
    }


def page(lang_attribute: str, body: str) -> str:
    paragraphs = "".join(f"<p>{body}</p>" for _ in range(3))
    return (
        f"<!doctype html><html {lang_attribute}><head><title>Talks in Geneva</title></head>"
        f"<body><article><h1>Talks in Geneva</h1>{paragraphs}</article></body></html>"
    )


def test_html_lang_overrides_detection(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page('class="no-js" lang="en-GB"', RUSSIAN), encoding="utf-8")
    _result, article = ingest_one(path)
    assert (article.language, article.language_origin) == ("en", "metadata")


@pytest.mark.parametrize("junk", ["klingon", "xx", "<b>", "en GB"])
def test_a_junk_language_is_a_warning_and_the_text_decides(tmp_path, junk):
    path = tmp_path / "page.html"
    path.write_text(page(f'lang="{junk}"', GERMAN), encoding="utf-8")
    (tmp_path / "story.txt").write_text(f"---\nlanguage: {junk}\n---\nTalks\n\n{FRENCH}\n")
    results = {r.path.name: r for r in ingest_paths([tmp_path])}
    for name, code in (("page.html", "de"), ("story.txt", "fr")):
        assert results[name].status == "created", results[name]
        assert f"ignored language {junk!r}" in results[name].message
        article = Article.objects.get(pk=results[name].article_id)
        assert (article.language, article.language_origin) == (code, "detected")


def test_an_editors_language_survives_reingest_and_reanalysis(tmp_path, admin_client):
    path = tmp_path / "story.txt"
    path.write_text(f"---\nlanguage: en\n---\nTalks\n\n{ENGLISH}\n")
    _result, article = ingest_one(path)
    data = {
        "title": article.title,
        "source": article.source_id,
        "byline": article.byline,
        "url": article.url,
        "published_on": "",
        "date_origin": article.date_origin,
        "language": "fr",
        "body": article.body,
        "raw_text": article.raw_text,
        "topic_scores-TOTAL_FORMS": "0",
        "topic_scores-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert (article.language, article.language_origin) == ("fr", "manual")
    assert "language" in article.edited_fields

    path.write_text(f"---\nlanguage: de\n---\nTalks\n\n{ENGLISH} More.\n")
    result, article = ingest_one(path)
    assert result.status == "updated"
    assert (article.language, article.language_origin) == ("fr", "manual")
    reanalyze_articles(Article.objects.filter(pk=article.pk))
    article.refresh_from_db()
    assert (article.language, article.language_origin) == ("fr", "manual")


def test_the_admin_refuses_a_language_it_cannot_name(tmp_path, admin_client):
    path = tmp_path / "story.txt"
    path.write_text(f"Talks\n\n{ENGLISH}\n")
    _result, article = ingest_one(path)
    response = admin_client.post(
        f"/admin/articles/article/{article.pk}/change/",
        {"title": article.title, "source": article.source_id, "language": "xx"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    article.refresh_from_db()
    assert article.language == "en"


def test_reanalysis_redetects_only_detected_languages(tmp_path):
    (tmp_path / "items.json").write_text(
        json.dumps(
            [
                {"title": "Stated", "body": ENGLISH, "language": "ru"},
                {"title": "Detected", "body": FRENCH},
            ]
        )
    )
    ingest_paths([tmp_path])
    stated, detected = Article.objects.get(title="Stated"), Article.objects.get(title="Detected")
    # An older archive: nothing detected yet.
    Article.objects.filter(pk=detected.pk).update(language="", language_origin="unknown")
    results, _removed = reanalyze_articles(Article.objects.all())
    assert {r.status for r in results} <= {"reanalysed", "unchanged"}
    stated.refresh_from_db()
    detected.refresh_from_db()
    assert (stated.language, stated.language_origin) == ("ru", "metadata")
    assert (detected.language, detected.language_origin) == ("fr", "detected")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Le sommet s'est tenu à Paris le 8 juillet 2024. " + FRENCH, "2024-07-08"),
        ("Der Gipfel fand am 8. Juli 2024 in Berlin statt. " + GERMAN, "2024-07-08"),
        ("Саммит прошёл в Москве 8 июля 2024 года. " + RUSSIAN, "2024-07-08"),
    ],
    ids=["fr", "de", "ru"],
)
def test_a_first_ingest_analyses_the_text_in_its_own_language(tmp_path, text, day):
    (tmp_path / "a.txt").write_text(f"Sommet\n\n{text}\n", encoding="utf-8")
    (result,) = ingest_paths([tmp_path])
    article = Article.objects.get(pk=result.article_id)
    assert article.language_origin == Article.LanguageOrigin.DETECTED
    days = {m.start.isoformat() for m in article.dated_mentions.exclude(start=None)}
    assert day in days

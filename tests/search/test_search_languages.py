"""Search in each article's language: its words stemmed in that language, through the real
engine (SQLite FTS5 or PostgreSQL) and, in the "index" runs, the search index (tantivy)."""

import importlib
import io
from types import SimpleNamespace

import pytest
from django.db import connection

from articles.models import Article
from articles.search import SearchQuery, marked_paragraphs, search_filter, search_for
from articles.search.database import ddl
from articles.search.tantivy.search import IndexedSearch

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["database", "index"])
def engine(request):
    """Each test once on the database alone, once through the search index."""
    if request.param == "index":
        request.getfixturevalue("tantivy_index")
    return request.param


@pytest.fixture
def make_in(make_article):
    def make(language, title, body):
        article = make_article(title=title, body=body)
        article.language = language
        article.save()  # as an editor or ingest sets it: the index follows
        return article

    return make


def titles(client, q) -> set[str]:
    response = client.get("/", {"q": q})
    assert response.status_code == 200
    return {a.title for a in response.context["page"].object_list}


@pytest.fixture
def corpus(make_in):
    make_in("ru", "Новый пакет", "ЕС обсуждает пакет санкций против банков и ход переговоров.")
    make_in("fr", "Sommet à Paris", "Les négociations économiques ont repris hier.")
    make_in("de", "Neue Sanktion", "Die Verhandlungen in Berlin dauern an.")
    make_in("en", "Talks in Vienna", "The negotiators runs the talks on economic sanctions.")
    make_in("", "Undated wire", "Ministers negotiating in Geneva.")


@pytest.mark.parametrize(
    "query, found",
    [
        ("санкциями", {"Новый пакет"}),  # the article has "санкций"
        ("переговоры", {"Новый пакет"}),  # "переговоров"
        ("négocier", {"Sommet à Paris"}),  # "négociations"
        ("economie", {"Sommet à Paris"}),  # "économiques", typed without its accent
        ("Sanktionen", {"Neue Sanktion"}),  # "Sanktion"
        ("Verhandlung", {"Neue Sanktion"}),  # "Verhandlungen"
        ('"Verhandlungen in Berlin"', {"Neue Sanktion"}),  # a phrase, stemmed word by word
        ("санкциями -банков", set()),
    ],
)
def test_an_article_is_found_by_inflected_forms_in_its_language(
    client, corpus, engine, query, found
):
    assert titles(client, query) == found


def test_a_query_matches_each_language_only_with_its_own_stems(client, make_in, engine):
    # The same Latin word in a Russian and an English article: "running" shares the English
    # stem of "runs", not its Russian one (Russian leaves Latin words as they are).
    make_in("ru", "Русская статья", "Слово runs в русском тексте.")
    make_in("en", "English article", "The ministry runs the programme.")
    assert titles(client, "running") == {"English article"}
    assert titles(client, "runs") == {"Русская статья", "English article"}


def test_an_article_of_unknown_language_is_searched_as_english(client, corpus, engine, make_in):
    make_in("xx", "Code without a stemmer", "Ambassadors negotiated.")
    assert titles(client, "negotiate") == {
        "Talks in Vienna",
        "Undated wire",
        "Code without a stemmer",
    }
    assert titles(client, "minister") == {"Undated wire"}


def test_the_hits_are_marked_in_the_text_as_written(corpus, client, engine):
    response = client.get("/", {"q": "санкциями"})
    (article,) = response.context["page"].object_list
    assert "<mark>санкций</mark>" in str(article.snippet)
    paragraphs = marked_paragraphs(article, SearchQuery("Санкциями пакет"))
    assert "<mark>санкций</mark>" in str(paragraphs[0])
    assert "<mark>пакет</mark>" in str(paragraphs[0])
    german = Article.objects.get(title="Neue Sanktion")
    marked = str(marked_paragraphs(german, SearchQuery("Verhandlung"))[0])
    assert marked.startswith("Die <mark>Verhandlungen</mark> in Berlin")


def test_a_long_article_is_marked_in_its_language(make_in):
    body = "Пакет санкций. " + "Слово. " * 20_000  # longer than HIGHLIGHT_CHARS
    article = make_in("ru", "Длинная", body)
    paragraphs = marked_paragraphs(article, SearchQuery("санкциями"))
    assert paragraphs is not None and "<mark>санкций</mark>" in str(paragraphs[0])


def test_a_changed_language_re_indexes_the_article(client, make_in, engine):
    article = make_in("", "Unlabelled", "Gespräche über Sanktionen.")
    assert titles(client, "Sanktion") == set()  # English stems: "sanktionen" is not "sanktion"
    article.language = "de"
    article.save()
    assert titles(client, "Sanktion") == {"Unlabelled"}
    Article.objects.filter(pk=article.pk).update(language="")  # no signal: the database only
    assert set(search_filter(Article.objects.all(), SearchQuery("Sanktion"))) == set()


def found(query) -> set[str]:
    return {a.title for a in search_filter(Article.objects.all(), SearchQuery(query))}


def index_as_english_only() -> None:
    """The full-text index as it was before it knew languages: every article as English."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {ddl.FTS_TABLE}({ddl.FTS_TABLE}) VALUES ('rebuild')")
        else:
            # The test's inserts leave deferred foreign-key checks, which ALTER TABLE refuses.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE articles_article DROP COLUMN search_vector")
            cursor.execute(
                "ALTER TABLE articles_article ADD COLUMN search_vector tsvector "
                f"GENERATED ALWAYS AS ({ddl._pg_vector_sql(False)}) STORED"
            )


def test_the_migration_re_indexes_existing_articles_in_their_language(corpus):
    migration = importlib.import_module("articles.migrations.0019_search_per_language")
    index_as_english_only()
    assert found("Sanktionen") == set()
    migration.per_language(None, SimpleNamespace(connection=connection))
    assert found("Sanktionen") == {"Neue Sanktion"}
    assert found("санкциями") == {"Новый пакет"}
    assert found("negotiate") == {"Talks in Vienna", "Undated wire"}


def test_a_query_no_language_would_stem_is_harmless(client, corpus, engine):
    for query in ["'", "\\", "'санкций''", "a'b", "ß", "İstanbul"]:
        assert client.get("/", {"q": query}).status_code == 200


def test_a_query_crosses_languages_through_an_entitys_other_names(client, make_in, engine):
    from articles.models import Entity, EntityAlias

    entity = Entity.objects.create(name="Moscow", slug="moscow", kind="place")
    for name in ("Moscow", "Москва"):
        EntityAlias.objects.create(entity=entity, name=name, key=EntityAlias.key_for(name))
    make_in("ru", "Визит", "Делегация прибыла из Москвы.")  # an inflected form of the name
    make_in("en", "Visit", "The delegation arrived from Moscow.")
    assert titles(client, "Moscow") == {"Визит", "Visit"}
    off = client.get("/", {"q": "Moscow", "names": "off"})
    assert {a.title for a in off.context["page"].object_list} == {"Visit"}


def test_an_index_built_with_older_fields_is_skipped_then_rebuilt(
    settings, tmp_path, make_in, caplog
):
    import tantivy
    from django.core.management import call_command

    from articles.search.tantivy import store as search_index

    # An index as an older version wrote it: one text field for every article.
    folder = tmp_path / "older"
    folder.mkdir()
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("text", index_option="position")
    old = tantivy.Index(builder.build(), path=str(folder))
    writer = old.writer()
    writer.add_document(tantivy.Document(id=1, text="old"))
    writer.commit()
    writer.wait_merging_threads()
    (folder / "README").write_text("not the index's: kept")
    del old, writer

    make_in("de", "Neue Sanktion", "Die Verhandlungen dauern an.")
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    try:
        # Until it is rebuilt, searches use the database, and the log says what to run.
        assert search_index.current() is None
        assert "search_index --rebuild" in caplog.text
        assert found("Sanktionen") == {"Neue Sanktion"}
        out = io.StringIO()
        call_command("search_index", "--rebuild", stdout=out)
        assert "indexed 1 articles" in out.getvalue()
        assert (folder / "README").exists()
        search = search_for(Article.objects.all(), SearchQuery("Sanktionen"))
        assert isinstance(search, IndexedSearch)
        assert search.count() == 1 and search.page_ids(0, 10, "relevance") == [
            Article.objects.get().pk
        ]
    finally:
        search_index.forget()

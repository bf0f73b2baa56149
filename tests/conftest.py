import itertools
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from articles.ingest.pipeline import ingest_paths
from articles.models import Article, ArticleTopic, Source, Topic, unique_slug

SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"
SEED_FILES = sorted(SEEDS_DIR.glob("*.txt"))


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A throwaway copy of the seeds folder that a test may add broken files to."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, folder)
    return folder


_analyses: dict[tuple, list] = {}


def _memoised(analyze_many):
    """`analyze_many` answering again from memory for texts it has analysed before with the
    same topics, dates and model: the analysis is pure and its values frozen."""

    def analyse(texts, *, topics, published=None, ner_model=None, languages=None):
        keywords = tuple(sorted((slug, repr(rule)) for slug, rule in topics.items()))
        key = (tuple(texts), keywords, tuple(published or ()), ner_model, tuple(languages or ()))
        if key not in _analyses:
            _analyses[key] = analyze_many(
                texts, topics=topics, published=published, ner_model=ner_model, languages=languages
            )
        return _analyses[key]

    return analyse


def _ingest_seeds() -> dict[str, int]:
    """The seeds written through the real ingest path (the analysis memoised); their ids."""
    from articles.ingest import write

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(write, "analyze_many", _memoised(write.analyze_many))
        results = ingest_paths([SEEDS_DIR])
    assert [r.status for r in results] == ["created"] * len(SEED_FILES), results
    return {r.path.name[:3]: r.article_id for r in results}


class _SharedSeeds:
    """The seeds ingested once into a transaction left open, inside which the tests that need
    them run one after another, each in a savepoint rolled back at its end (what Django's
    setUpTestData does for a class). Ingesting them for each test was most of the suite's
    time. The transaction is rolled back, and the seeds gone, before any test that uses the
    database without them or commits (transactional tests, the live server)."""

    def __init__(self):
        self.atomic = None
        self.ids: dict[str, int] = {}

    def load(self, blocker) -> None:
        from django.db import transaction

        if self.atomic is not None:
            return
        with blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                self.ids = _ingest_seeds()
            except BaseException:
                self.drop(blocker)
                raise

    def drop(self, blocker) -> None:
        from django.db import transaction

        if self.atomic is None:
            return
        with blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic, self.ids = None, {}


_shared_seeds = _SharedSeeds()


@pytest.fixture(scope="session")
def _shared_seeds_session(django_db_setup, django_db_blocker):
    """Ends the seeds' open transaction before the test database goes."""
    yield
    _shared_seeds.drop(django_db_blocker)


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    flags = {"transactional_db", "live_server", "django_db_reset_sequences"}
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(flags & set(item.fixturenames))


def _shares_seeds(item) -> bool:
    return "seeded" in getattr(item, "fixturenames", ()) and not _transactional(item)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """In each run of a module's tests, those that share the seeds first, so that the seeds are
    ingested about once per module and worker rather than after every other test. Only within
    runs: pytest-django has put the tests that commit after the others, as Django does."""
    runs, previous = [], None
    for item in items:
        module = item.nodeid.split("::")[0]
        if module != previous:
            runs.append(len(runs))
            previous = module
        item.stash[_RUN] = runs[-1]
    items.sort(key=lambda item: (item.stash[_RUN], not _shares_seeds(item)))


_RUN = pytest.StashKey[int]()


@pytest.fixture(autouse=True)
def _django_db_marker(request):
    """pytest-django's own fixture of this name (it opens the test's transaction for the
    django_db marker), preceded by putting the shared seeds in place: loaded for a test that
    takes them, rolled back for any other test that uses the database. It must come before the
    test's own transaction, and this name is set up before every other fixture."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if marker or "_django_db_helper" in names:
        blocker = request.getfixturevalue("django_db_blocker")
        if _shares_seeds(request.node):
            request.getfixturevalue("_shared_seeds_session")
            _shared_seeds.load(blocker)
        else:
            _shared_seeds.drop(blocker)
    if marker:
        request.getfixturevalue("_django_db_helper")


@pytest.fixture
def seeded(db, monkeypatch) -> dict[str, Article]:
    """The five seeds, ingested through the real ingest path, by number: seeded["001"]. The
    seeds are analysed once per test session (and so is what the test ingests again); a test
    that commits writes them through ingest afresh, the others share one ingest of them
    (_SharedSeeds)."""
    from articles.ingest import write

    ids = _shared_seeds.ids if _shared_seeds.atomic is not None else _ingest_seeds()
    monkeypatch.setattr(write, "analyze_many", _memoised(write.analyze_many))
    return {number: Article.objects.get(pk=pk) for number, pk in ids.items()}


_counter = itertools.count(1)


@pytest.fixture
def make_article(db):
    """Create an article straight through the ORM, for search tests that need exact text."""

    def make(
        title="An article", body="Some body text.", source="Wire", published_on=None, topics=()
    ):
        n = next(_counter)
        source_obj = Source.objects.filter(name=source).first() or Source.objects.create(
            name=source, slug=unique_slug(Source, source)
        )
        article = Article.objects.create(
            source=source_obj,
            title=title,
            slug=unique_slug(Article, f"{title}-{n}"),
            body=body,
            raw_text=f"{title}\n\n{body}",
            checksum=f"{n:064d}",
            file_name=f"made/{n}.txt",
            published_on=published_on,
            date_origin=Article.DateOrigin.METADATA if published_on else Article.DateOrigin.UNKNOWN,
        )
        for slug in topics:
            ArticleTopic.objects.create(
                article=article, topic=Topic.objects.get(slug=slug), score=1.0, evidence=[body]
            )
        return article

    return make


@pytest.fixture(autouse=True)
def _own_export_slots(settings, tmp_path_factory):
    """Export slots are lock files shared by every process of a server: each test gets its
    own folder of them, so that tests running at once in other workers never take its slot."""
    settings.ARCHIVE_EXPORT_LOCKS = tmp_path_factory.mktemp("export-locks")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a rolled-back test's rows may come back with the
    same ids (SQLite reuses them), which would otherwise match its cached chart totals."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def pytest_configure(config):
    """No test writes an index beside its database: migrating the test database (a server's
    would have one under ARCHIVE_DATA_DIR) builds none. A test that searches through an index
    gets one of its own (tantivy_index)."""
    settings.ARCHIVE_SEARCH_INDEX = "off"


@pytest.fixture
def tantivy_index(db, settings, tmp_path_factory, monkeypatch):
    """Searches go through a search index (tantivy) in a fresh folder, and every saved or
    deleted article is indexed at once (in a test the transaction never commits, so the
    on-commit write would never happen), or at the end of the ingest chunk that wrote it.
    Returns the folder."""
    from articles.search.tantivy import store as search_index

    folder = tmp_path_factory.mktemp("search-index")
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    search_index.rebuild(search_index.current(create=True))

    def index_now(pk, using="default"):
        if search_index._changes.deferred:
            search_index._changes.pending.add(pk)
        else:
            search_index.sync_ids([pk], using)

    monkeypatch.setattr(search_index, "article_changed", index_now)
    yield folder
    search_index.forget()


_lazy_indexes = itertools.count(1)


@pytest.fixture
def _index_on_first_use(settings, tmp_path_factory, monkeypatch):
    """As tantivy_index, but the index is only built when something first asks for it (a
    search, an ingest's index write), from what the test has written by then: most tests
    never search, and building an index for each would cost the suite minutes. A test that
    counts a request's queries takes tantivy_index, built before the request."""
    from articles.search.tantivy import store as search_index

    folder = tmp_path_factory.getbasetemp() / f"search-index-lazy-{next(_lazy_indexes)}"
    settings.ARCHIVE_SEARCH_INDEX = str(folder)
    search_index.forget()
    opened, built = search_index.current, []

    def current(create=False):
        if not built and search_index.configured_path() == folder:
            built.append(folder)
            search_index.rebuild(opened(create=True))
        return opened(create)

    def index_now(pk, using="default"):
        if not built and search_index.configured_path() == folder:
            return  # the build reads it from the database
        if search_index._changes.deferred:
            search_index._changes.pending.add(pk)
        else:
            search_index.sync_ids([pk], using)

    monkeypatch.setattr(search_index, "current", current)
    monkeypatch.setattr(search_index, "article_changed", index_now)
    yield folder
    search_index.forget()


@pytest.fixture(autouse=True)
def _every_search_through_the_index(request):
    """Every test that uses the database searches through a search index, as the archive
    does by default; ARCHIVE_TEST_SEARCH_INDEX=0 runs them on the database alone (.ci/run
    runs the search tests so, on both engines)."""
    import os

    wanted = os.environ.get("ARCHIVE_TEST_SEARCH_INDEX") != "0"
    if wanted and {"db", "transactional_db"} & set(request.fixturenames):
        request.getfixturevalue("_index_on_first_use")

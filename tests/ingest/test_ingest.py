"""Ingest of the five messy seed files, through the real ingest path and database."""

import pytest

from articles.ingest.pipeline import ingest_paths
from articles.models import Article, ArticleTopic, Entity, EntityAlias, Mention, Source, Topic

pytestmark = pytest.mark.django_db

HEADLINE_000 = "India’s Modi to visit Moscow soon, Russian state media says"


def test_it_creates_one_article_per_seed(seeded):
    assert Article.objects.count() == 5
    assert set(Source.objects.values_list("name", flat=True)) == {"Unattributed"}


def test_it_keeps_the_raw_text_exactly_as_received(seeded, seeds_dir):
    for number, article in seeded.items():
        path = next(seeds_dir.glob(f"{number}_*.txt"))
        assert article.raw_text == path.read_text(encoding="utf-8")
        assert article.file_name == f"seeds/{path.name}"
        assert len(article.checksum) == 64


def test_it_finds_the_byline_printed_twice(seeded):
    article = seeded["001"]
    assert article.byline == "Jibran Munaf"
    assert "Jibran Munaf" not in article.body


def test_it_removes_repeated_headlines_and_rejoins_broken_sentences(seeded):
    article = seeded["000"]
    assert article.title == HEADLINE_000
    assert HEADLINE_000 not in article.body
    assert "from February 23 to 25, 2023." in article.body


def test_it_drops_kickers_and_trailers(seeded):
    assert "Read more" not in seeded["004"].body
    assert "Breaking News" not in seeded["004"].body
    assert seeded["004"].title.startswith("Russian State Media Reports")
    assert "Related Posts" not in seeded["003"].body


def test_it_derives_a_title_when_the_text_has_no_headline(seeded):
    article = seeded["002"]
    assert article.title_derived
    assert article.title.startswith("Indian Prime Minister")
    assert not seeded["000"].title_derived


def test_it_marks_every_seed_undated(seeded):
    assert all(a.published_on is None for a in seeded.values())
    assert {a.date_origin for a in seeded.values()} == {Article.DateOrigin.UNKNOWN}


def test_it_scores_trafficking_with_evidence(seeded):
    trafficking = Topic.objects.get(slug="trafficking")
    with_evidence = {
        number
        for number, article in seeded.items()
        if ArticleTopic.objects.filter(article=article, topic=trafficking)
        .exclude(evidence=[])
        .exists()
    }
    assert {"001", "002", "003"} <= with_evidence
    assert "004" not in with_evidence
    evidence = ArticleTopic.objects.get(article=seeded["002"], topic=trafficking).evidence
    assert any("human trafficking" in sentence for sentence in evidence)


def test_it_scores_the_other_topics(seeded):
    for slug in ["defense", "energy", "ukraine"]:
        assert ArticleTopic.objects.filter(topic__slug=slug, article=seeded["003"]).exists(), slug


@pytest.mark.parametrize(
    "name",
    ["Narendra Modi", "Vladimir Putin", "Volodymyr Zelensky", "Vinay Kwatra", "Yuri Ushakov"],
)
def test_it_finds_each_person_once(seeded, name):
    entity = Entity.objects.get(name=name)
    assert entity.kind == Entity.Kind.PERSON


def test_it_merges_aliases_across_articles(seeded):
    modi = Entity.objects.get(name="Narendra Modi")
    assert Entity.objects.filter(aliases__key="modi").get() == modi
    # Modi is mentioned in every seed: one entity, one mention row per article.
    assert Mention.objects.filter(entity=modi).count() == 5
    assert not Entity.objects.filter(
        name__in=["Modi", "Mr. Modi", "Prime Minister Narendra Modi"]
    ).exists()
    us = Entity.objects.get(aliases__key="us")
    assert us.kind == Entity.Kind.PLACE
    assert EntityAlias.objects.filter(key="united states", entity=us).exists()
    sco = Entity.objects.get(aliases__key="sco")
    assert sco.name == "Shanghai Cooperation Organization"


def test_it_does_not_take_common_words_for_entities(seeded):
    names = set(Entity.objects.values_list("name", flat=True))
    assert not names & {"Additionally", "Key Points", "March", "Agenda", "Summit", "Of"}


def test_a_second_run_changes_nothing(seeded, seeds_dir):
    before = {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in [Article, Source, Entity, EntityAlias, Mention, ArticleTopic]
    }
    updated_at = dict(Article.objects.values_list("pk", "updated_at"))
    results = ingest_paths([seeds_dir])
    assert [r.status for r in results] == ["unchanged"] * 5
    after = {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in [Article, Source, Entity, EntityAlias, Mention, ArticleTopic]
    }
    assert after == before
    assert dict(Article.objects.values_list("pk", "updated_at")) == updated_at


def test_a_changed_file_updates_its_article(db, seed_copy):
    ingest_paths([seed_copy])
    path = next(seed_copy.glob("004_*.txt"))
    article = Article.objects.get(file_name=str(path.resolve()))
    path.write_text(
        path.read_text(encoding="utf-8") + "\n\nA new closing line about sanctions.\n",
        encoding="utf-8",
    )
    results = ingest_paths([seed_copy])
    assert sorted(r.status for r in results) == ["unchanged"] * 4 + ["updated"]
    updated = Article.objects.get(pk=article.pk)
    assert "A new closing line about sanctions." in updated.body
    assert updated.slug == article.slug
    assert Article.objects.count() == 5


def test_the_same_text_under_another_name_is_not_a_second_article(db, seed_copy):
    ingest_paths([seed_copy])
    original = next(seed_copy.glob("002_*.txt"))
    (seed_copy / "copy-of-002.txt").write_bytes(original.read_bytes())
    results = ingest_paths([seed_copy])
    copy = next(r for r in results if r.path.name == "copy-of-002.txt")
    assert copy.status == "unchanged"
    assert "same text as" in copy.message
    assert Article.objects.count() == 5


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("empty.txt", b"", "empty"),
        # Neither UTF-8 nor Windows-1252 text (Latin-1 is read: see test_ingest_limits.py).
        ("controls.txt", b"Talks \x81\x02\x03\x04 resumed", "not UTF-8"),
    ],
)
def test_a_broken_file_is_reported_and_the_others_still_ingest(
    db, seed_copy, name, content, reason
):
    (seed_copy / name).write_bytes(content)
    results = ingest_paths([seed_copy])
    failed = [r for r in results if r.failed]
    assert [r.path.name for r in failed] == [name]
    assert reason in failed[0].message
    assert Article.objects.count() == 5


def test_a_dry_run_writes_nothing(db, seeds_dir):
    results = ingest_paths([seeds_dir], dry_run=True)
    assert [r.status for r in results] == ["created"] * 5
    assert Article.objects.count() == 0
    assert Entity.objects.count() == 0


def test_front_matter_sets_source_date_and_url(db, tmp_path):
    path = tmp_path / "wire.md"
    path.write_text(
        "---\ntitle: Talks in Vienna\nsource: Example Wire\nurl: https://www.example.org/vienna\n"
        "published: 2024-07-10\n---\nTalks in Vienna\n\nDiplomats met in Vienna on Wednesday.\n",
        encoding="utf-8",
    )
    [result] = ingest_paths([path])
    article = Article.objects.get(pk=result.article_id)
    assert (article.title, article.source.name, article.source.domain) == (
        "Talks in Vienna",
        "Example Wire",
        "example.org",
    )
    assert str(article.published_on) == "2024-07-10"
    assert article.date_origin == Article.DateOrigin.METADATA
    assert article.url == "https://www.example.org/vienna"


def test_corrections_by_an_editor_survive_a_reingest(db, seed_copy):
    ingest_paths([seed_copy])
    path = next(seed_copy.glob("004_*.txt"))
    article = Article.objects.get(file_name=str(path.resolve()))
    original_title = article.title
    article.published_on = "2024-06-14"
    article.date_origin = Article.DateOrigin.MANUAL
    article.byline = "Staff reporter"
    article.edited_fields = ["published_on", "date_origin", "byline"]
    article.save()
    path.write_text(path.read_text(encoding="utf-8") + "\n\nOne more line.\n", encoding="utf-8")
    ingest_paths([seed_copy])
    article.refresh_from_db()
    assert str(article.published_on) == "2024-06-14"
    assert article.date_origin == Article.DateOrigin.MANUAL
    assert article.byline == "Staff reporter"
    assert "One more line." in article.body  # the text itself always follows the file
    assert article.title == original_title

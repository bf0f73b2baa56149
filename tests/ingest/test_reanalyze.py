"""Re-analysis from the stored raw texts: command, admin action, curated entities."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.ingest.pipeline import ingest_paths
from articles.merges import merge_entities
from articles.models import Article, Entity, EntityAlias, Mention

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("reanalyze", *args, stdout=out)
    return out.getvalue()


def state():
    return sorted(
        Mention.objects.values_list("article__slug", "entity__name", "entity__kind", "count")
    )


def test_it_is_idempotent(seeded):
    before = state()
    output = run()
    assert "5 articles: 0 reanalysed, 5 unchanged, 0 failed" in output
    assert state() == before
    assert run().count("unchanged") == 6  # five article lines and the summary


def test_it_brings_an_archive_analysed_by_older_rules_up_to_date(seeded, settings, seeds_dir):
    article = seeded["003"]
    expected = state()
    # What an older analysis might have left: a stray name, a missing person.
    Mention.objects.filter(article=article, entity__name="Pankaj Saran").delete()
    stray = Entity.objects.create(name="Key Points", slug="key-points", kind="organisation")
    Mention.objects.create(article=article, entity=stray, count=1)
    output = run(article.slug)
    assert f"reanalysed {article.slug}" in output
    assert "new: Pankaj Saran" in output and "gone: Key Points" in output
    assert (
        "1 article: 1 reanalysed" in output and "1 entities no article mentions removed" in output
    )
    assert state() == expected
    assert not Entity.objects.filter(pk=stray.pk).exists()


def test_an_entity_an_editor_curated_survives_without_mentions(seeded):
    kept = Entity.objects.create(name="Eurasia desk", slug="eurasia-desk", kind="organisation")
    kept.curated = True
    kept.save()
    dropped = Entity.objects.create(name="Old noise", slug="old-noise", kind="organisation")
    output = run()
    assert "1 entities no article mentions removed" in output
    assert Entity.objects.filter(pk=kept.pk).exists()
    assert not Entity.objects.filter(pk=dropped.pk).exists()


def test_a_renamed_entity_keeps_its_name_and_mentions(seeded, admin_client):
    putin = Entity.objects.get(name="Vladimir Putin")
    mentions = putin.mentions.count()
    data = {
        "name": "Vladimir V. Putin",
        "slug": putin.slug,
        "kind": "person",
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    assert admin_client.post(f"/admin/articles/entity/{putin.pk}/change/", data).status_code == 302
    run()
    putin.refresh_from_db()
    assert putin.name == "Vladimir V. Putin" and putin.curated
    assert putin.mentions.count() == mentions
    assert not Entity.objects.filter(name="Vladimir Putin").exists()


def test_a_merge_survives_and_its_old_slug_still_redirects(seeded, client):
    modi = Entity.objects.get(name="Narendra Modi")
    target = Entity.objects.create(name="PM Modi", slug="pm-modi", kind="person")
    merge_entities(target, [modi])
    articles = set(target.mentions.values_list("article_id", flat=True))
    run()
    assert set(target.mentions.values_list("article_id", flat=True)) == articles
    assert not Entity.objects.filter(name="Narendra Modi").exists()
    assert client.get("/entities/narendra-modi/")["Location"] == "/entities/pm-modi/"


def test_it_selects_by_source_date_and_slug(seeded):
    article = seeded["001"]
    article.published_on = datetime.date(2024, 7, 1)
    article.save()
    assert "1 article:" in run("--since", "2024-06-30")
    source = article.source
    count = Article.objects.filter(source=source).count()
    assert f"{count} articles" in run("--source", source.slug)
    assert "2 articles" in run(seeded["000"].slug, seeded["004"].slug)
    with pytest.raises(CommandError, match="no-such-article"):
        run("no-such-article")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--since", "July")


def test_the_admin_action_reanalyses_the_selected_articles(seeded, admin_client):
    article = seeded["002"]
    Mention.objects.filter(article=article).delete()
    response = admin_client.post(
        "/admin/articles/article/",
        {"action": "reanalyze", "_selected_action": [article.pk]},
        follow=True,
    )
    assert "Re-analysed 1 article: 1 changed" in response.content.decode()
    assert Mention.objects.filter(article=article).exists()


def test_rules_only_when_no_model_is_configured(seeded, settings):
    settings.ARCHIVE_NER_MODEL = ""
    run()
    # The gazetteer and cue rules still find the seeds' people.
    assert Entity.objects.filter(name="Yuri Ushakov", kind="person").exists()


ARTICLES = {
    "a.txt": "Talks in Oslo\n\nMr Halvorsen said the plan would work. Halvorsen added that "
    "President Jinping had agreed. Jinping did not comment.",
    "b.txt": "Minister visits Beijing\n\nErik Halvorsen, the Norwegian minister, met Xi Jinping "
    "in Beijing. Erik Halvorsen said talks went well.",
}


@pytest.mark.parametrize("order", [["a.txt", "b.txt"], ["b.txt", "a.txt"]])
def test_the_entities_do_not_depend_on_the_ingest_order(tmp_path, order):
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for name in order:
        assert [r.status for r in ingest_paths([tmp_path / name])] == ["created"]
    people = set(Entity.objects.filter(kind="person").values_list("name", flat=True))
    assert people == {"Erik Halvorsen", "Xi Jinping"}
    assert Entity.objects.get(name="Erik Halvorsen").articles.count() == 2
    assert EntityAlias.objects.get(key="halvorsen").entity.name == "Erik Halvorsen"


def test_a_missing_model_is_reported_per_file(settings, seeds_dir):
    settings.ARCHIVE_NER_MODEL = "no_such_ner_model"
    results = ingest_paths([seeds_dir])
    assert {r.status for r in results} == {"failed"}
    assert "the NER model 'no_such_ner_model' is not installed" in results[0].message
    assert not Article.objects.exists()


def test_reanalyze_says_when_the_model_is_missing(seeded, settings):
    settings.ARCHIVE_NER_MODEL = "no_such_ner_model"
    with pytest.raises(CommandError, match="no_such_ner_model"):
        run()


def test_a_failing_article_is_reported_and_rolled_back_alone(seeded, monkeypatch):
    from articles.ingest import reanalysis

    bad = seeded["002"]
    real = reanalysis.save_analysis

    def save_analysis(article, analysis, topics):
        removed = real(article, analysis, topics)  # written, then the failure rolls it back
        if article.pk == bad.pk:
            raise RuntimeError("disk full")
        return removed

    before = state()
    Mention.objects.filter(article=bad).update(count=99)
    monkeypatch.setattr(reanalysis, "save_analysis", save_analysis)
    out = StringIO()
    with pytest.raises(CommandError, match="1 article"):
        call_command("reanalyze", stdout=out)
    output = out.getvalue()
    assert f"failed     {bad.slug} — RuntimeError: disk full" in output
    assert "5 articles: 0 reanalysed, 4 unchanged, 1 failed" in output
    assert set(Mention.objects.filter(article=bad).values_list("count", flat=True)) == {99}
    assert len(state()) == len(before)


def test_check_warns_when_the_model_is_not_installed(settings):
    from articles.checks import ner_model_installed

    assert ner_model_installed(None) == []
    settings.ARCHIVE_NER_MODEL = ""
    assert ner_model_installed(None) == []
    for name in ("no_such_ner_model", "no_such_package.model", "../nowhere/model"):
        settings.ARCHIVE_NER_MODEL = name
        (warning,) = ner_model_installed(None)
        assert warning.id == "articles.W001" and name in warning.msg


def test_an_editors_save_during_the_run_is_kept(seeded, monkeypatch):
    from articles.ingest import reanalysis

    article = seeded["003"]
    analyse = reanalysis.analyse_texts

    def analyse_while_an_editor_saves(*args, **kwargs):
        found = analyse(*args, **kwargs)
        # Saved in the admin while the batch is analysed, after it was read.
        Article.objects.filter(pk=article.pk).update(
            title="Corrected by an editor",
            url="https://example.org/corrected",
            edited_fields=["title", "url"],
        )
        return found

    monkeypatch.setattr(reanalysis, "analyse_texts", analyse_while_an_editor_saves)
    run()
    article.refresh_from_db()
    assert article.title == "Corrected by an editor"
    assert article.url == "https://example.org/corrected"
    assert article.edited_fields == ["title", "url"]
    assert article.mentions.exists()  # and its analysis was written


def test_an_article_whose_text_an_editor_changed_meanwhile_is_left_for_next_time(
    seeded, monkeypatch
):
    from articles.ingest import reanalysis

    article = seeded["003"]
    analyse = reanalysis.analyse_texts

    def analyse_while_an_editor_saves(*args, **kwargs):
        found = analyse(*args, **kwargs)
        Article.objects.filter(pk=article.pk).update(raw_text="A new text.", body="A new text.")
        return found

    monkeypatch.setattr(reanalysis, "analyse_texts", analyse_while_an_editor_saves)
    assert f"unchanged  {article.slug} — edited meanwhile" in run()
    article.refresh_from_db()
    assert article.body == "A new text."


def test_a_json_articles_given_title_and_first_body_line_survive_a_reanalysis(tmp_path):
    story = {
        "title": "Oil ministers agree output curbs",
        "body": "VIENNA, March 3 - OPEC ministers agreed on Monday\nto curb output.\n\n"
        "The accord runs to June.",
    }
    (tmp_path / "one.json").write_text(json.dumps(story), encoding="utf-8")
    ingest_paths([tmp_path / "one.json"])
    before = Article.objects.get()
    run()
    after = Article.objects.get()
    assert after.title == story["title"]
    assert after.body == before.body
    assert after.body.startswith("VIENNA, March 3 - OPEC ministers agreed on Monday")

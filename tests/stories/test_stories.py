"""Similar pairs and stories in the database, kept by ingest through articles.stories.links."""

import datetime
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils.text import slugify

from articles.analysis.results import DateMention, Figure
from articles.ingest.pipeline import ingest_paths
from articles.models import (
    Article,
    ArticleShingle,
    ArticleSimilarity,
    Entity,
    Mention,
    Story,
    StoryArticle,
)
from articles.stories.links import candidates, update_similarity
from articles.web.related import figures_and_dates

STORY = [
    "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire proposal.",
    "Officials said the talks lasted more than six hours and ended without a statement.",
    "A second round is expected next month in Vienna, according to two diplomats.",
    "The proposal would freeze the front line and open corridors for aid convoys.",
    "Neither side has commented on the reports of a prisoner exchange.",
]


def pairs():
    return {
        (p.first.file_name[6:9], p.second.file_name[6:9], p.kind)
        for p in ArticleSimilarity.objects.select_related("first", "second")
    }


def test_ingesting_the_seeds_pairs_001_and_002_as_a_rewrite_and_nothing_else(seeded):
    assert pairs() == {("001", "002", "rewrite")}
    pair = ArticleSimilarity.objects.get()
    assert 0.4 < pair.score < 0.7 and 0.1 < pair.jaccard < 0.13


def test_the_seeds_rewrite_pair_makes_one_story(seeded):
    story = Story.objects.get()
    assert set(story.articles.all()) == {seeded["001"], seeded["002"]}


def test_candidates_come_from_the_shingle_index_not_from_every_article(seeded):
    assert ArticleShingle.objects.filter(article=seeded["001"]).exists()
    found = candidates(
        seeded["002"],
        ArticleShingle.objects.filter(article=seeded["002"]).values_list("hash", flat=True),
    )
    assert found[0] == seeded["001"].pk


def test_a_changed_file_that_no_longer_shares_text_leaves_its_pair_and_story(seed_copy, db):
    ingest_paths([seed_copy])
    assert Story.objects.count() == 1
    (path,) = seed_copy.glob("002_*.txt")
    path.write_text("A different story\n\nHeavy snow closed the mountain passes for a third day.\n")
    (result,) = ingest_paths([path])
    assert result.status == "updated"
    assert pairs() == set()
    assert not Story.objects.exists() and not StoryArticle.objects.exists()


def test_re_ingesting_unchanged_files_keeps_the_same_story(seed_copy, db):
    ingest_paths([seed_copy])
    story = Story.objects.get()
    ingest_paths([seed_copy])
    assert list(Story.objects.all()) == [story]


@pytest.fixture
def story_chain(make_article):
    """Three articles: b rewrites a, c copies b; a and c share only what b passes on."""
    a = make_article(title="A", body="\n".join(STORY[:4]))
    b = make_article(title="B", body="\n".join(STORY[1:5]))
    c = make_article(title="C", body="\n".join([*STORY[3:5], "Markets rose on the news."]))
    for article in (a, b, c):
        update_similarity(article)
    return a, b, c


def test_connected_rewrites_and_copies_are_one_story(story_chain):
    a, b, c = story_chain
    story = Story.objects.get()
    assert set(story.articles.all()) == {a, b, c}


def test_removing_the_middle_of_a_chain_ends_its_story(story_chain):
    a, b, c = story_chain
    kinds = {frozenset((p.first_id, p.second_id)): p.kind for p in ArticleSimilarity.objects.all()}
    b_pk = b.pk
    b.delete()  # as a shell or the admin would: the signals regroup the stories
    assert not Article.objects.filter(pk=b_pk).exists()
    assert not ArticleSimilarity.objects.filter(first_id=b_pk).exists()
    assert not ArticleSimilarity.objects.filter(second_id=b_pk).exists()
    # a and c share one sentence of seven: related, not one story without b.
    assert kinds[frozenset((a.pk, c.pk))] == "related"
    assert not Story.objects.exists() and not StoryArticle.objects.exists()


def test_every_pair_is_stored_once_lowest_id_first(story_chain):
    for pair in ArticleSimilarity.objects.all():
        assert pair.first_id < pair.second_id


def test_a_near_copy_under_another_name_is_found(tmp_path, db):
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Talks in Geneva\n\n" + " ".join(STORY) + "\n"
    (folder / "wire.txt").write_text(text)
    (folder / "copy.txt").write_text(
        text.replace("Tuesday", "Tuesday evening") + "Source: wires.\n"
    )
    ingest_paths([folder])
    assert ArticleSimilarity.objects.get().kind == "near-copy"


def test_the_shared_seeds_folder_is_left_alone(seeds_dir, tmp_path):
    # seed_copy works on a copy: the repository's seeds are never modified by these tests.
    copy = shutil.copytree(seeds_dir, tmp_path / "check")
    assert sorted(p.name for p in copy.iterdir()) == sorted(p.name for p in seeds_dir.iterdir())


OTHER_STORY = [
    "Heavy snow closed the mountain passes for a third day on Sunday morning.",
    "Rescue teams reached two villages that had been cut off since Friday night.",
    "The weather service expects more snow in the north before the weekend ends.",
    "Schools in the region will stay closed until the roads are cleared again.",
]


def test_removing_the_article_that_joined_two_groups_splits_the_story(make_article):
    a = make_article(title="A", body="\n".join(STORY[:4]))
    b = make_article(title="B", body="\n".join(STORY[:4]))
    joined = make_article(title="J", body="\n".join([*STORY[:4], *OTHER_STORY]))
    d = make_article(title="D", body="\n".join(OTHER_STORY))
    e = make_article(title="E", body="\n".join(OTHER_STORY))
    for article in (a, b, joined, d, e):
        update_similarity(article)
    (story,) = Story.objects.all()
    assert set(story.articles.all()) == {a, b, joined, d, e}

    joined.delete()
    groups = {frozenset(s.articles.all()): s.pk for s in Story.objects.all()}
    assert set(groups) == {frozenset({a, b}), frozenset({d, e})}
    # One of the two keeps the story's address; the other is a new story.
    assert story.pk in groups.values()


def test_an_article_joining_two_stories_merges_them(make_article):
    a = make_article(title="A", body="\n".join(STORY[:4]))
    b = make_article(title="B", body="\n".join(STORY[:4]))
    d = make_article(title="D", body="\n".join(OTHER_STORY))
    e = make_article(title="E", body="\n".join(OTHER_STORY))
    for article in (a, b, d, e):
        update_similarity(article)
    assert Story.objects.count() == 2
    joined = make_article(title="J", body="\n".join([*STORY[:4], *OTHER_STORY]))
    update_similarity(joined)
    (story,) = Story.objects.all()
    assert set(story.articles.all()) == {a, b, joined, d, e}


def test_the_similarity_command_rebuilds_pairs_and_stories_of_an_existing_archive(seeded):
    ArticleShingle.objects.all().delete()
    ArticleSimilarity.objects.all().delete()
    Story.objects.all().delete()
    out = StringIO()
    call_command("similarity", stdout=out)
    assert out.getvalue().strip() == "5 articles compared: 1 similar pairs, 1 stories"
    assert pairs() == {("001", "002", "rewrite")}
    assert ArticleShingle.objects.count() > 0


def test_deleting_an_article_in_the_admin_ends_the_story_it_leaves(admin_client, seeded):
    article = seeded["002"]
    url = f"/admin/articles/article/{article.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Story.objects.exists() and not ArticleSimilarity.objects.exists()


def test_deleting_several_articles_in_the_admin_keeps_stories_consistent(admin_client, seeded):
    ids = [seeded["000"].pk, seeded["001"].pk]
    response = admin_client.post(
        "/admin/articles/article/",
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert Article.objects.count() == 3
    assert not Story.objects.exists() and not StoryArticle.objects.exists()


def test_figures_and_dates_come_from_the_timelines_rows(seeded):
    figures, dates = figures_and_dates(seeded["003"])
    texts = [f.text for f in figures]
    assert "$65bn" in texts and "$4bn" in texts
    assert "£50.76bn" not in texts  # a conversion of $65bn, not a figure of its own
    assert all(isinstance(f, Figure) for f in figures)
    assert (
        DateMention(
            "June 2020",
            next(d.sentence for d in dates if d.text == "June 2020"),
            "month",
            datetime.date(2020, 6, 1),
            datetime.date(2020, 6, 30),
            False,
        )
        in dates
    )


def test_a_delete_from_a_shell_regroups_the_story_it_leaves(story_chain):
    a, b, c = story_chain
    Article.objects.filter(pk=b.pk).delete()  # a bulk delete, no admin involved
    assert not Story.objects.exists() and not StoryArticle.objects.exists()
    assert set(Article.objects.all()) == {a, c}


# --- boilerplate, size bound, the story page ------------------------------------------------

TEMPLATE = (
    "The company said the results for the quarter include a charge for the restructuring "
    "of its operations announced earlier this year.\n"
    "It said it expects to return to profitability in the coming fiscal year as demand improves."
)


def notice(make_article, n: int):
    """A Reuters-style quarterly earnings notice of company `n`: its own figures, a shared
    template."""
    body = (
        f"Shr loss {n} cts vs profit {n + 40} cts\n"
        f"Net loss {n * 1000 + 123},000 vs profit {n * 700 + 51},000\n"
        f"Revs {n + 10}.{n % 10} mln vs {n + 12}.{(n + 3) % 10} mln\n{TEMPLATE}"
    )
    return make_article(title=f"Company {n} Corp 4th qtr loss", body=body)


def test_earnings_notices_of_different_companies_are_not_rewrites(make_article):
    notices = [notice(make_article, n) for n in range(1, 36)]
    for article in notices:
        update_similarity(article)
    story_pairs = ArticleSimilarity.objects.filter(kind__in=["near-copy", "rewrite"])
    assert not story_pairs.exists(), list(story_pairs)
    assert not Story.objects.exists()
    # The same company's notice sent again is still found as a copy.
    again = make_article(title="Company 7 Corp 4th qtr loss (corrected)", body=notices[6].body)
    update_similarity(again)
    pair = ArticleSimilarity.objects.get(kind="near-copy")
    assert {pair.first_id, pair.second_id} == {notices[6].pk, again.pk}


def test_dividend_notices_of_different_companies_with_the_same_figures_are_not_copies(
    make_article,
):
    body = "Qtly div 12 cts vs 12 cts prior\nPay April one, record March 15"
    first = make_article(title="Harbour Pipe Co sets quarterly", body=body)
    second = make_article(title="Lindqvist Tool Inc sets quarterly", body=body)
    again = make_article(title="Harbour Pipe Co sets quarterly dividend", body=body)
    for article in (first, second, again):
        update_similarity(article)
    pairs = ArticleSimilarity.objects.filter(kind__in=["near-copy", "rewrite"])
    assert [{p.first_id, p.second_id} for p in pairs] == [{first.pk, again.pk}]


def test_notices_on_one_form_naming_other_companies_are_not_copies(make_article):
    def notice(company: str, title: str):
        body = (
            f"{company} said its board declared a three-for-two stock split and raised the "
            "quarterly dividend to 42 cts from 38 cts.\n"
            "Both are payable April 15 to holders of record March 31.\n"
            "The company said the split is its first in ten years."
        )
        article = make_article(title=title, body=body)
        entity = Entity.objects.get_or_create(
            name=company, defaults={"slug": slugify(company), "kind": Entity.Kind.ORGANISATION}
        )[0]
        Mention.objects.create(article=article, entity=entity)
        return article

    first = notice("Harbour Pipe Co", "Harbour Pipe sets split, raises payout")
    second = notice("Lindqvist Tool Inc", "Lindqvist Tool sets stock split")
    again = notice("Harbour Pipe Co", "Harbour Pipe Co splits stock")
    for article in (first, second, again):
        update_similarity(article)
    pairs = ArticleSimilarity.objects.filter(kind__in=["near-copy", "rewrite"])
    assert [{p.first_id, p.second_id} for p in pairs] == [{first.pk, again.pk}]


def test_a_story_too_large_is_split_along_its_weakest_links(story_chain, monkeypatch):
    from articles.stories import links

    a, b, c = story_chain
    groups = links.bounded_groups({a.pk, b.pk, c.pk}, limit=2)
    assert sorted(map(len, groups)) == [1, 2]
    monkeypatch.setattr(links, "MAX_STORY_ARTICLES", 2)
    links.regroup_stories([a.pk])
    assert [s.articles.count() for s in Story.objects.all()] == [2]


def test_the_story_page_is_paged_and_says_where_each_came_from(client, story_chain, monkeypatch):
    a, b, c = story_chain
    for article, day in ((a, 1), (b, 2), (c, 3)):
        article.published_on = datetime.date(2024, 3, day)
        article.save()
    monkeypatch.setattr("articles.web.related.STORY_PAGE_ARTICLES", 2)
    url = Story.objects.get().get_absolute_url()
    first = client.get(url).content.decode()
    assert "One story, 3 articles" in first and "Page 1 of 2" in first
    assert a.title in first and b.title in first
    assert "likely from" in first  # b came from a
    second = client.get(url + "?page=2").content.decode()
    assert "Page 2 of 2" in second and "likely from" in second
    assert client.get(url + "?page=zzz").status_code == 200

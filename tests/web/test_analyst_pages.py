"""The search and article pages as an analyst uses them: active filters as removable chips,
chosen facet values marked, several entities at once, the home page's heading and overview,
snippets without a query, sub-headings and the first hit in articles."""

import datetime
import re

from pytest_django.asserts import assertInHTML

from articles.merges import merge_entities
from articles.models import Entity
from articles.templatetags.archive_tags import lead
from articles.web.body_layout import body_blocks, looks_like_subheading


def chips_of(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", chip)).replace("×", "").strip()
        for chip in re.findall(r'<li class="chip">(.*?)</li>', html)
    ]


def test_every_active_filter_is_a_removable_chip(client, seeded):
    modi = Entity.objects.get(name="Narendra Modi")
    params = {
        "q": "visit",
        "source": seeded["001"].source.slug,
        "topic": "trafficking",
        "entity": modi.slug,
        "date_from": "2020-01-01",
        "undated": "on",
    }
    html = client.get("/", params).content.decode()
    assert chips_of(html) == [
        f"source {seeded['001'].source.name}",
        "topic Human trafficking",
        "about Narendra Modi",
        "from 2020-01-01",
        "date undated only",
    ]
    # Each chip's link is the same search without that one filter.
    removals = re.findall(r'class="remove" href="([^"]+)"', html)
    assert len(removals) == 5
    assert "topic=" not in removals[1].replace("&amp;", "&") and "q=visit" in removals[1]
    assert "entity=" not in removals[2] and "topic=trafficking" in removals[2]


def test_no_chip_without_filters(client, seeded):
    assert chips_of(client.get("/", {"q": "Modi"}).content.decode()) == []


def test_the_chosen_topic_is_marked_in_its_facet(client, seeded):
    html = client.get("/", {"q": "Modi", "topic": "trafficking"}).content.decode()
    assert re.search(
        r'<li class="chosen"><strong aria-current="true">.*?Human trafficking</strong>', html
    )
    assert html.count('aria-current="true"') == 1


def test_several_entities_narrow_to_articles_mentioning_all_of_them(client, seeded):
    modi = Entity.objects.get(name="Narendra Modi")
    putin = Entity.objects.get(name="Vladimir Putin")
    with_modi = set(modi.mentions.values_list("article__title", flat=True))
    both = with_modi & set(putin.mentions.values_list("article__title", flat=True))
    assert both
    response = client.get("/", {"entity": [modi.slug, putin.slug]})
    html = response.content.decode()
    assert response.context["page"].paginator.count == len(both)
    assertInHTML(f"<strong>{len(both)}</strong>", html)
    assert chips_of(html) == ["about Narendra Modi", "about Vladimir Putin"]
    # The filter form carries both on.
    assert html.count('type="hidden" name="entity"') == 2
    # An entity facet adds to the chosen entities instead of replacing them.
    single = client.get("/", {"entity": modi.slug}).content.decode()
    assert f"entity={modi.slug}&amp;entity=" in single


def test_a_merged_entity_among_several_redirects_to_the_survivor(client, seeded):
    modi = Entity.objects.get(name="Narendra Modi")
    putin = Entity.objects.get(name="Vladimir Putin")
    old_slug = putin.slug
    survivor = Entity.objects.exclude(pk__in=[modi.pk, putin.pk]).filter(kind=putin.kind).first()
    merge_entities(survivor, [putin])
    response = client.get("/", {"entity": [modi.slug, old_slug], "q": "x"})
    assert response.status_code == 301
    assert response["Location"] == f"/?entity={modi.slug}&entity={survivor.slug}&q=x"
    # A single old slug, as before.
    response = client.get("/", {"entity": old_slug})
    assert response["Location"] == f"/?entity={survivor.slug}"


def test_the_home_page_says_what_the_archive_holds(client, seeded):
    html = client.get("/").content.decode()
    assert "<h1>Diplomatic news archive</h1>" in html
    sources = {a.source_id for a in seeded.values()}
    overview = re.search(r'<p class="lead overview">(.*?)</p>', html, re.S).group(1)
    assert f"5 articles from {len(sources)} source" in overview
    assert "4 topics" in overview and "people, organisations and places" in overview
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert "autofocus" not in html
    # With a query, the heading is for screen readers only, and no overview is computed.
    searched = client.get("/", {"q": "Modi"}).content.decode()
    assert "overview" not in searched and '<h1 class="visually-hidden">' in searched


def test_headings_do_not_skip_a_level_on_the_search_page(client, seeded):
    html = client.get("/", {"q": "Modi"}).content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels


def test_sort_is_offered_once_and_the_filters_have_an_apply_button(client, seeded):
    html = client.get("/", {"q": "Modi", "sort": "date"}).content.decode()
    assert '<select name="sort"' not in html
    assert html.count("Sort by:") == 1
    assert '<input type="hidden" name="sort" value="date">' in html
    assert ">Apply filters</button>" in html


def test_results_without_a_query_show_the_start_of_the_body(client, make_article):
    make_article(title="Quiet note", body="The envoy arrived on Tuesday.\n\nMore text follows.")
    html = client.get("/").content.decode()
    assert '<p class="snippet">The envoy arrived on Tuesday. More text follows.</p>' in html


def test_lead_cuts_at_a_word_and_reads_only_the_start():
    assert lead("short  text\n\nhere") == "short text here"
    cut = lead("word " * 100_000)
    assert len(cut) <= 242 and cut.endswith(" …") and "wor …" not in cut


def test_a_quoted_query_is_not_shown_in_double_quotes(client, seeded):
    html = client.get("/", {"q": '"human trafficking"'}).content.decode()
    assert '<q class="typed">&quot;human trafficking&quot;</q>' in html


def test_sub_headings_in_the_text_become_headings(client, seeded):
    html = client.get(seeded["001"].get_absolute_url()).content.decode()
    assert '<h2 class="subheading">Key Points</h2>' in html
    assert '<h2 class="subheading">Background and Context</h2>' in html


def test_only_short_unpunctuated_lines_before_a_paragraph_are_sub_headings():
    paragraph = "A long paragraph of body text that goes on for a while. " * 3
    assert looks_like_subheading("Key Points", paragraph)
    assert not looks_like_subheading("He left.", paragraph)
    assert not looks_like_subheading("said the minister", paragraph)
    assert not looks_like_subheading("• A bullet", paragraph)
    assert not looks_like_subheading("Key Points", "Short.")
    assert not looks_like_subheading("A" * 81, paragraph)
    blocks = body_blocks(["Key Points", paragraph])  # the first paragraph is never one
    assert not blocks[0].heading


def test_an_undated_article_says_so_once(client, seeded):
    undated = next(a for a in seeded.values() if a.published_on is None)
    html = client.get(undated.get_absolute_url()).content.decode()
    assert '<span class="undated">date unknown</span>' in html
    assert "(date unknown)" not in html


def test_evidence_sentences_do_not_repeat_the_list_bullet(client, seeded):
    html = client.get(seeded["001"].get_absolute_url()).content.decode()
    evidence = re.findall(r'<ul class="evidence">(.*?)</ul>', html, re.S)
    assert evidence and not any(re.search(r"<li>\s*•", e) for e in evidence)
    assert "Human Trafficking Issue" in html


def test_date_filters_that_cannot_narrow_are_hidden(client, make_article):
    make_article(title="Undated note", body="envoy text")
    html = client.get("/", {"q": "envoy"}).content.decode()
    assert 'name="date_from"' not in html and 'name="undated"' in html
    make_article(title="Dated note", body="envoy text", published_on=datetime.date(2024, 5, 1))
    html = client.get("/", {"q": "envoy"}).content.decode()
    assert 'name="date_from"' in html and 'name="undated"' in html
    # A date filter in use stays shown, even when nothing matches it.
    html = client.get("/", {"q": "nothing-here", "date_from": "2024-01-01"}).content.decode()
    assert 'name="date_from"' in html


def test_no_page_skips_a_heading_level(client, seeded):
    from articles.models import Story

    article = seeded["001"]
    entity = Entity.objects.get(name="Narendra Modi")
    story = Story.objects.filter(articles=article).first()
    urls = [
        "/",
        "/?q=Modi",
        article.get_absolute_url() + "?q=Modi",
        "/topics/",
        "/topics/ukraine/",
        "/entities/",
        entity.get_absolute_url(),
        "/sources/",
        article.source.get_absolute_url(),
        f"/compare/?a={article.slug}&b={seeded['002'].slug}",
        story.get_absolute_url(),
    ]
    for url in urls:
        html = client.get(url, follow=True).content.decode()
        levels = [int(n) for n in re.findall(r"<h([1-6])[\s>]", html)]
        assert levels and levels[0] == 1, (url, levels)
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b - a > 1]
        assert not jumps, (url, levels)

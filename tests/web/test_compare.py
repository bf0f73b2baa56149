"""The compare page, the story page and the similar articles on the article page."""

import datetime
import itertools
import re
import time
from html import unescape
from urllib.parse import urlencode

import pytest
from pytest_django.asserts import assertInHTML

from articles.analysis.results import DateMention, Figure
from articles.analysis.sentences import split_sentences
from articles.models import Story, compare_url
from articles.stories.links import update_similarity

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def column(html: str, side: str) -> list[str]:
    """The text of one column of the comparison, sentence by sentence."""
    classes = "aligned|only-a" if side == "left" else "aligned|only-b"
    cell = (
        r"<td>(.*?)</td><td[^>]*>.*?</td>" if side == "left" else r"<td[^>]*>.*?</td><td>(.*?)</td>"
    )
    rows = re.findall(rf'<tr class="(?:{classes})">{cell}</tr>', html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", row)).strip() for row in rows]


def cells(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<tr class="{css_class}">(.*?)</tr>', html, re.S)


def test_comparing_001_with_002_aligns_the_wire_copy_and_marks_the_changes(client, seeded):
    a, b = seeded["001"], seeded["002"]
    response = client.get("/compare/", {"a": a.slug, "b": b.slug})
    assert response.status_code == 200
    html = response.content.decode()
    assertInHTML("<strong>rewrite</strong>", html)
    aligned = cells(html, "aligned")
    assert len(aligned) >= 8
    significant = next(row for row in aligned if "This visit is significant" in row)
    assert "<del>is </del>" in significant or "<del>is" in significant
    assert "<ins>marks </ins>" in significant
    assert cells(html, "only-a") and cells(html, "only-b")
    # Each column is its article, every sentence in order.
    assert column(html, "left") == split_sentences(a.body)
    assert column(html, "right") == split_sentences(b.body)


def test_comparing_000_with_003_shows_little_shared_text(client, seeded):
    response = client.get(compare_url(seeded["000"], seeded["003"]))
    html = response.content.decode()
    assert response.status_code == 200
    assertInHTML("<strong>unrelated</strong>", html)
    assert len(cells(html, "aligned")) <= 3
    assert len(cells(html, "only-a")) > 50


def test_the_summary_lists_entities_in_both_and_in_one_and_each_topics(client, seeded):
    html = client.get(compare_url(seeded["001"], seeded["003"])).content.decode()
    both = re.search(r'class="entities-both">(.*?)</dd>', html, re.S).group(1)
    assert "Narendra Modi" in both and "Vladimir Putin" in both
    only_b = re.search(r'class="entities-only-b">(.*?)</td>', html, re.S).group(1)
    assert "Matthew Miller" in only_b
    assert "Matthew Miller" not in both
    assert 'class="tag"' in html


def test_hostile_text_is_escaped_everywhere_on_the_page(client, make_article):
    a = make_article(
        title=HOSTILE, body=f"The ministers met in Geneva {HOSTILE} on Tuesday to talk."
    )
    b = make_article(
        title="Plain", body="The ministers met in Geneva <b>late</b> on Tuesday to talk."
    )
    html = client.get(compare_url(a, b)).content.decode()
    assert "<script>" not in html and "<img" not in html and "<b>late" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;" in html
    # Only the markup the page builds itself: <ins>/<del> around escaped words.
    assert re.search(r"<(ins|del)>[^<]*&lt;", html)


def test_ticked_pair_redirects_to_the_permalink(client, seeded):
    a, b = seeded["001"], seeded["002"]
    response = client.get(f"/compare/?pick={a.slug}&pick={b.slug}")
    assert response.status_code == 302
    assert response["Location"] == f"/compare/?{urlencode({'a': a.slug, 'b': b.slug})}"
    response = client.get(f"/compare/?a={a.slug}&a={b.slug}")
    assert response["Location"] == f"/compare/?{urlencode({'a': a.slug, 'b': b.slug})}"


@pytest.mark.parametrize(
    "query,status",
    [
        ("", 400),
        ("?a=", 400),
        ("?b=only-one", 400),
        ("?pick=one", 400),
        ("?pick=a&pick=b&pick=c", 400),
        ("?a=%3Cscript%3E&b=x", 400),
        ("?a=%00&b=x", 400),
        ("?a=" + "x" * 300 + "&b=y", 400),
        ("?a=no-such-article&b=another-missing", 404),
        ("?a[]=1&b[]=2", 400),
    ],
)
def test_bad_parameters_give_a_clear_page_never_a_500(client, seeded, query, status):
    response = client.get("/compare/" + query)
    assert response.status_code == status
    assert "Cannot compare these articles" in response.content.decode()


def test_the_same_article_twice_is_a_bad_request(client, seeded):
    slug = seeded["001"].slug
    response = client.get(f"/compare/?a={slug}&b={slug}")
    assert response.status_code == 400
    assert "two different articles" in response.content.decode()


def test_one_known_and_one_unknown_slug_is_not_found(client, seeded):
    response = client.get(f"/compare/?a={seeded['001'].slug}&b=nope")
    assert response.status_code == 404
    assert "nope" in response.content.decode()


def test_the_search_results_are_a_plain_get_form_to_compare(client, seeded):
    html = client.get("/", {"q": "Modi"}).content.decode()
    form = re.search(
        r'<form class="compare-form" method="get" action="/compare/">(.*?)</form>', html, re.S
    )
    assert form, "no compare form"
    boxes = re.findall(
        r'<input class="pick" type="checkbox" name="pick" value="([^"]+)"', form.group(1)
    )
    assert set(boxes) <= {a.slug for a in seeded.values()} and len(boxes) >= 2
    assert '<button type="submit">Compare</button>' in form.group(1)
    # Submitted with two ticked: GET /compare/?pick=...&pick=..., redirected to the permalink.
    response = client.get("/compare/", {"pick": boxes[:2]}, follow=True)
    assert response.status_code == 200 and response.redirect_chain[0][1] == 302


def test_the_article_page_lists_similar_articles_and_links_its_story(client, seeded):
    html = client.get(seeded["001"].get_absolute_url()).content.decode()
    section = re.search(r'<section class="similar">(.*?)</section>', html, re.S).group(1)
    assert seeded["002"].title in section and "rewrite" in section
    assert compare_url(seeded["001"], seeded["002"]).replace("&", "&amp;") in section
    assert Story.objects.get().get_absolute_url() in section
    html = client.get(seeded["004"].get_absolute_url()).content.decode()
    assert 'class="similar"' not in html


def test_the_story_page_lists_its_articles_by_date_and_marks_the_earliest(client, seeded):
    first, second = seeded["001"], seeded["002"]
    second.published_on = datetime.date(2024, 7, 8)
    second.save()
    first.published_on = datetime.date(2024, 7, 9)
    first.save()
    story = Story.objects.get()
    html = client.get(story.get_absolute_url()).content.decode()
    assert html.index(second.title) < html.index(first.title)
    earliest = re.search(r'<li class="earliest">(.*?)</li>', html, re.S).group(1)
    assert second.title in earliest and "earliest known" in earliest
    assert compare_url(first, second).replace("&", "&amp;") in html


def test_an_unknown_story_is_not_found(client, db):
    assert client.get("/stories/999/").status_code == 404


def test_the_compare_page_takes_a_fixed_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert client.get(compare_url(seeded["001"], seeded["002"])).status_code == 200


# --- figures and dates in the summary, from constructed values ----------------------------

TRADE_A = "Bilateral trade with Russia reached an all-time high of $65.7 billion last year."
TRADE_B = "Bilateral trade between India and Russia has soared to $65bn."
VISIT_A = "Prime Minister Narendra Modi will visit Moscow from February 23 to 25, 2023."
VISIT_B = "Prime Minister Narendra Modi arrived in Moscow on Monday for the visit."


@pytest.fixture
def with_facts(monkeypatch, seeded):
    """Figures and dates for 000 and 003 as the timelines extraction would give them."""
    facts = {
        seeded["000"].pk: (
            (
                Figure("$65.7 billion", "money", 65.7e9, "USD", TRADE_A),
                Figure(
                    "41 people", "count", 41, "people", "At least 41 people were killed in Kyiv."
                ),
            ),
            (
                DateMention(
                    "February 23 to 25, 2023",
                    VISIT_A,
                    "range",
                    datetime.date(2023, 2, 23),
                    datetime.date(2023, 2, 25),
                ),
            ),
        ),
        seeded["003"].pk: (
            (
                Figure("$65bn", "money", 65e9, "USD", TRADE_B),
                Figure(
                    "<b>30</b> people",
                    "count",
                    30,
                    "people",
                    "At least 30 people were killed in Kyiv <b>x</b>.",
                ),
            ),
            (DateMention("Monday", VISIT_B, "day", datetime.date(2023, 2, 27), None, True),),
        ),
    }
    monkeypatch.setattr("articles.web.compare.figures_and_dates", lambda article: facts[article.pk])
    return seeded


def test_the_summary_shows_agreeing_and_conflicting_figures_and_dates(client, with_facts):
    html = client.get(compare_url(with_facts["000"], with_facts["003"])).content.decode()
    figures = re.search(r'<dd class="figures">(.*?)</dd>', html, re.S).group(1)
    assert "agree: <q>$65.7 billion</q> ≈ <q>$65bn</q>" in figures
    assert "conflict: <q>41 people</q>" in figures and "&lt;b&gt;30&lt;/b&gt; people" in figures
    dates = re.search(r'<dd class="dates">(.*?)</dd>', html, re.S).group(1)
    assert "conflict: <q>February 23 to 25, 2023</q>" in dates and "<q>Monday</q>" in dates


def test_the_summary_agrees_on_the_wire_copys_trade_figure(client, seeded):
    # Real extraction: 001 and 002 both report the $65.7 billion trade figure.
    html = client.get(compare_url(seeded["001"], seeded["002"])).content.decode()
    figures = re.search(r'<dd class="figures">(.*?)</dd>', html, re.S).group(1)
    assert "agree: <q>$65.7 billion</q> ≈ <q>$65.7 billion</q>" in figures
    assert "conflict" not in figures


def test_000s_february_2023_visit_is_also_mentioned_not_a_conflict_with_003(client, seeded):
    # Real extraction: 000 dates the visit "February 23 to 25, 2023"; 003 tells of another
    # visit, in 2024: two events, so no conflict.
    html = client.get(compare_url(seeded["000"], seeded["003"])).content.decode()
    dates = re.search(r'<dd class="dates">(.*?)</dd>', html, re.S).group(1)
    assert "conflict:" not in dates and "no conflicting dates" in dates
    assert "also mentioned: <q>February 23 to 25, 2023</q>" in dates


def test_no_seed_pair_shows_a_conflict(client, seeded):
    for a, b in itertools.combinations(sorted(seeded), 2):
        html = client.get(compare_url(seeded[a], seeded[b])).content.decode()
        facts = re.search(r'<dl class="compare-facts">(.*?)</dl>', html, re.S).group(1)
        assert "conflict:" not in facts, (a, b)


def test_the_page_says_why_two_articles_are_related_and_which_came_first(client, seeded):
    first, second = seeded["001"], seeded["002"]
    first.published_on, second.published_on = datetime.date(2024, 7, 8), datetime.date(2024, 7, 9)
    first.save()
    second.save()
    html = client.get(compare_url(first, second)).content.decode()
    why = re.search(r'<dd class="why">(.*?)</dd>', html, re.S).group(1)
    assert "passages say the same thing" in why and "both name" in why
    reported = re.search(r'<dd class="first">(.*?)</dd>', html, re.S).group(1)
    assert first.title in reported and second.title not in reported


def test_two_long_repetitive_files_are_compared_within_seconds(client, make_article):
    # 160 KB of "the cat" each, one word changed: the exact diff would take minutes.
    body = " ".join(["the cat"] * 20000)
    a = make_article(title="Cats", body=body + ".")
    b = make_article(title="More cats", body=body.replace("cat", "dog", 1) + ".")
    started = time.perf_counter()
    response = client.get(compare_url(a, b))
    assert response.status_code == 200
    assert time.perf_counter() - started < 5
    assert "<ins>dog " in response.content.decode()


def test_the_summary_says_so_when_no_figures_or_dates_were_found(client, make_article):
    a = make_article(body="The ministers met and talked about the weather at some length.")
    b = make_article(body="The ministers met and talked about the harvest at some length.")
    html = client.get(compare_url(a, b)).content.decode()
    assert "no figures found in either article" in html
    assert "no dated claims found in either article" in html


def test_similarity_is_recomputed_for_an_edited_article(make_article):
    a = make_article(
        body="The ministers met in Geneva on Tuesday to discuss a ceasefire plan.\n"
        "Officials said the talks lasted six hours."
    )
    b = make_article(body="Snow closed the passes.")
    update_similarity(a)
    b.body = a.body
    b.save()
    assert [p.kind for p in update_similarity(b)] == ["near-copy"]

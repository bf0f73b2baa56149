"""The archive in a real browser: headless Chromium, driven by Playwright, against the live
server, on the five seeds ingested through the real ingest.

Without Chromium or Playwright the module is skipped; with REQUIRE_BROWSER=1 (as in CI) every
test fails instead, so the browser tests can never be silently skipped there.
"""

import os
import re
import tempfile
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from articles.ingest.pipeline import ingest_file
from articles.models import Article, Entity, Story
from articles.search import Results, SearchQuery, search_for

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
# Screenshots of the key pages, kept as CI artifacts (.ci/run prints the folder).
SCREENSHOTS = Path(
    os.environ.get("ARCHIVE_SCREENSHOTS") or Path(tempfile.gettempdir()) / "archive-screenshots"
)
SCREENSHOTS.mkdir(parents=True, exist_ok=True)
DESKTOP_SCREENSHOT = SCREENSHOTS / "search-desktop.png"
PHONE_SCREENSHOT = SCREENSHOTS / "search-phone.png"
# axe-core, from the npm registry (package.json; `npm ci` installs it, as .ci/run does).
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
HOSTILE_QUERY = '"<script>alert(1)</script>" OR NEAR( * ^'

REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER", "").lower() in {"1", "true", "yes", "on"}


def _why_no_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"Playwright is not importable ({exc}); install the test extras"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not AXE.is_file():
        return f"no axe-core at {AXE} (npm ci)"
    return None


NO_BROWSER = _why_no_browser()
if NO_BROWSER and not REQUIRE_BROWSER:
    pytest.skip(f"browser tests skipped: {NO_BROWSER}", allow_module_level=True)

# transaction=True: the live server thread sees what the test wrote. serialized_rollback=True:
# the flush after each transactional test would otherwise also wipe the four topics that the
# data migration creates, and the next test's ingest would score against no topics at all.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="module")
def allow_async_unsafe():
    """Playwright's sync API runs an event loop in the test thread, and Django then refuses ORM
    calls there (fixtures, flushes) as async-unsafe. They are not: nothing else uses the loop."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(allow_async_unsafe):
    """One headless Chromium for the whole module."""
    if NO_BROWSER:
        pytest.fail(f"REQUIRE_BROWSER is set but {NO_BROWSER}", pytrace=False)
    from playwright.sync_api import sync_playwright

    # Django keeps its connections in an asgiref Local that, in a thread whose event loop is
    # running, is a context variable rather than a thread-local: once Playwright runs, this
    # thread would open new connections, without the test-database state pytest-django set on
    # the originals (e.g. the serialized contents that serialized_rollback restores). Keep the
    # originals in use.
    originals = {alias: connections[alias] for alias in connections}
    with sync_playwright() as p:
        for alias, connection in originals.items():
            connections[alias] = connection
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(viewport) -> a page in a fresh context on the live server. The page records
    JavaScript dialogs (dismissed) in page.dialogs and uncaught errors in page.errors."""
    contexts = []

    def open_(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, **options)
        context.set_default_timeout(5_000)
        contexts.append(context)
        page = context.new_page()
        page.dialogs, page.errors = [], []

        def on_dialog(dialog):
            page.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


# --- helpers -------------------------------------------------------------------------------


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def match_count(page) -> int:
    summary = page.locator(".results .summary").inner_text()
    found = re.search(r"(\d+) articles? match", summary)
    assert found, f"no 'N articles match' in {summary!r}"
    return int(found.group(1))


def result_titles(page) -> list[str]:
    return page.locator(".result-list .result h3").all_inner_texts()


def search_by_typing(page, text: str) -> None:
    page.goto("/")
    box = page.get_by_role("searchbox", name="Search")
    box.click()
    box.press_sequentially(text)
    with page.expect_navigation():
        box.press("Enter")


def chip_texts(page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(".chips .chip").all_inner_texts()]


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# --- tests ---------------------------------------------------------------------------------


def test_typing_a_query_and_pressing_enter_shows_highlighted_results(page, seeded):
    search_by_typing(page, "trafficking")

    assert query_of(page.url)["q"] == ["trafficking"]
    assert page.get_by_role("searchbox", name="Search").input_value() == "trafficking"
    # Exactly the seeds that use a form of the word; 004 (no trafficking at all) is not one.
    expected = {a.title for a in seeded.values() if "traffick" in a.body.lower()}
    assert len(expected) >= 2
    titles = result_titles(page)
    assert match_count(page) == len(titles) == len(expected)
    assert set(titles) == expected
    assert seeded["004"].title not in titles
    # Every result shows its hits highlighted, and only the query's word (stemmed) is marked.
    for result in page.locator(".result-list .result").all():
        assert result.locator("mark").count() > 0, result.inner_text()
    marks = page.locator(".result-list mark").all_inner_texts()
    assert all(m.lower().startswith("traffick") for m in marks), marks
    # The stylesheet is served and applied: the highlight has its colour.
    background = page.locator(".result-list mark").first.evaluate(
        "m => getComputedStyle(m).backgroundColor"
    )
    assert background == "rgb(255, 229, 138)"
    assert page.errors == []

    page.screenshot(path=str(DESKTOP_SCREENSHOT))


def test_a_query_url_ranks_results_by_relevance(page, seeded):
    page.goto("/?q=trafficking")
    assert page.locator(".sort strong").inner_text() == "relevance"
    titles = result_titles(page)
    results = Results(search_for(Article.objects.all(), SearchQuery("trafficking")))
    results.count()  # as the page's paginator does first (PostgreSQL then ranks the known matches)
    assert titles == [article.title for article in results[: len(titles)]]


def test_a_query_typed_on_the_home_page_is_ranked_by_relevance(page, seeded):
    search_by_typing(page, "trafficking")
    assert query_of(page.url).get("sort", ["relevance"]) == ["relevance"]
    assert page.locator(".sort strong").inner_text() == "relevance"


def test_a_plain_query_leaves_the_filters_panel_closed(page, seeded):
    page.goto("/?q=trafficking")
    assert page.locator("details.filters").get_attribute("open") is None


def test_clicking_a_topic_facet_narrows_and_keeps_the_query(page, seeded):
    page.goto("/?q=Modi")
    total = match_count(page)
    topic_facet = page.locator(".facet").filter(
        has=page.get_by_role("heading", name="Topic", exact=True)
    )
    # A facet that actually narrows: fewer articles than the whole result.
    narrowing = [
        (item.get_by_role("link"), int(item.locator(".count").inner_text()))
        for item in topic_facet.locator("li").all()
        if int(item.locator(".count").inner_text()) < total
    ]
    assert narrowing, "no topic facet narrows the results for 'Modi'"
    link, facet_count = narrowing[0]
    name = link.inner_text()

    with page.expect_navigation():
        link.click()
    params = query_of(page.url)
    assert params["q"] == ["Modi"]
    assert len(params["topic"]) == 1
    assert match_count(page) == facet_count < total
    assert len(result_titles(page)) == facet_count
    assert page.get_by_role("searchbox", name="Search").input_value() == "Modi"
    # The filters panel opens and shows the active topic.
    assert page.locator("details.filters").get_attribute("open") is not None
    assert page.locator("select[name=topic] option:checked").inner_text() == name

    # The chosen topic is marked in its facet and shown as a chip like every filter.
    assert name in topic_facet.locator("li.chosen strong").inner_text()
    assert chip_texts(page) == [f"topic {name} ×"]
    page.screenshot(path=str(SCREENSHOTS / "facet-applied.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Remove filter topic {name}").click()
    params = query_of(page.url)
    assert params["q"] == ["Modi"]
    assert "topic" not in params
    assert match_count(page) == total


def test_clicking_a_result_opens_the_article_highlighted_with_a_way_back(page, seeded):
    page.goto("/?q=trafficking")
    total = match_count(page)
    first = page.locator(".result-list .result h3 a").first
    title = first.inner_text()

    with page.expect_navigation():
        first.click()
    article = Article.objects.get(title=title)
    assert urlsplit(page.url).path == article.get_absolute_url()
    assert query_of(page.url)["q"] == ["trafficking"]
    assert page.get_by_role("heading", level=1).inner_text() == title
    marks = page.locator(".article .body mark").all_inner_texts()
    assert marks, "the query's words are not highlighted in the body"
    assert all(m.lower().startswith("traffick") for m in marks), marks

    back = page.get_by_role("link", name=re.compile("Back to results"))
    assert page.locator(".back q").inner_text() == "trafficking"
    with page.expect_navigation():
        back.click()
    assert urlsplit(page.url).path == "/"
    assert query_of(page.url)["q"] == ["trafficking"]
    assert match_count(page) == total
    assert title in result_titles(page)


def test_the_article_page_shows_byline_and_links_entities_to_their_pages(page, seeded):
    article = seeded["001"]
    page.goto(article.get_absolute_url())
    byline = page.locator(".provenance dt", has_text="Byline").locator(
        "xpath=following-sibling::dd[1]"
    )
    assert byline.inner_text() == "Jibran Munaf"

    entity = page.locator(".entities").get_by_role("link", name="Vinay Kwatra", exact=True)
    with page.expect_navigation():
        entity.click()
    kwatra = Entity.objects.get(name="Vinay Kwatra")
    assert urlsplit(page.url).path == kwatra.get_absolute_url()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Vinay Kwatra")
    listed = page.locator(".result-list .result h3 a")
    assert article.title in listed.all_inner_texts()
    link = listed.filter(has_text=article.title)
    assert link.get_attribute("href") == article.get_absolute_url()


def test_the_search_page_fits_a_phone_screen(open_page, seeded):
    page = open_page(PHONE)
    for url in ["/", "/?q=trafficking", seeded["001"].get_absolute_url(), "/topics/"]:
        page.goto(url)
        assert no_horizontal_scroll(page), f"{url} scrolls sideways on a 375px screen"

    page.goto("/?q=trafficking")
    box = page.get_by_role("searchbox", name="Search")
    assert box.is_visible()
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= PHONE["width"]
    assert bounds["y"] + bounds["height"] <= PHONE["height"]
    assert page.get_by_role("button", name="Search").is_visible()
    assert match_count(page) > 0
    page.screenshot(path=str(PHONE_SCREENSHOT), full_page=True)


def test_a_hostile_query_is_shown_escaped_and_never_runs(page, seeded):
    search_by_typing(page, HOSTILE_QUERY)

    assert query_of(page.url)["q"] == [HOSTILE_QUERY]
    assert page.dialogs == []
    assert page.errors == []
    assert page.locator("main script").count() == 0
    # The query is shown back as text, exactly as typed.
    assert page.get_by_role("searchbox", name="Search").input_value() == HOSTILE_QUERY
    assert page.locator(".results .summary q").inner_text() == HOSTILE_QUERY
    assert page.title().startswith(HOSTILE_QUERY)
    match_count(page)  # a results page, not an error page

    # Carried on to an article, it still never runs.
    page.goto(f"{seeded['001'].get_absolute_url()}?{urlencode({'q': HOSTILE_QUERY})}")
    assert page.locator(".back q").inner_text() == HOSTILE_QUERY
    assert page.locator("main script").count() == 0
    assert page.dialogs == []
    assert page.errors == []


def test_the_topics_page_lists_the_four_topics_each_with_evidence(page, seeded):
    page.goto("/topics/")
    links = page.locator(".topic-list > li > a")
    assert links.all_inner_texts() == ["Defense", "Energy", "Human trafficking", "Ukraine war"]
    topics = [(link.inner_text(), link.get_attribute("href")) for link in links.all()]

    for name, href in topics:
        page.goto("/topics/")
        with page.expect_navigation():
            page.locator(".topic-list").get_by_role("link", name=name, exact=True).click()
        assert urlsplit(page.url).path == href
        assert page.get_by_role("heading", level=1).inner_text() == name
        results = page.locator(".result-list .result")
        assert results.count() > 0, f"{name}: no articles"
        for result in results.all():
            evidence = result.locator(".evidence li").all_inner_texts()
            assert evidence and all(sentence.strip() for sentence in evidence), name


def test_the_topic_timeline_reads_without_javascript_and_fits_a_phone(browser, live_server, seeded):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(5_000)
    try:
        page = context.new_page()
        page.goto("/topics/ukraine/")
        chart = page.get_by_role("img", name="Ukraine war over time")
        assert chart.is_visible()
        assert chart.bounding_box()["width"] <= PHONE["width"]
        assert page.locator("#topic-chart rect").count() > 0
        page.locator("#topic-chart summary").click()
        assert page.locator("#topic-chart table tbody tr").first.is_visible()
        assert no_horizontal_scroll(page), "the topic page scrolls sideways on a phone"
        page.goto("/topics/ukraine/mentions/")
        events = page.locator(".events .event")
        assert events.count() > 0
        first = events.first
        assert first.locator(".event-date").inner_text() and first.locator("a").count() > 0
        assert no_horizontal_scroll(page), "the mentions page scrolls sideways on a phone"
        page.goto(Entity.objects.get(name="Pankaj Saran").get_absolute_url())
        assert page.get_by_role("heading", name="What Pankaj Saran said").is_visible()
        assert no_horizontal_scroll(page), "the entity page scrolls sideways on a phone"
    finally:
        context.close()


# --- accessibility ---------------------------------------------------------------------------


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def key_pages(seeded) -> dict[str, str]:
    article = seeded["003"]
    entity = Entity.objects.filter(mentions__article=article).order_by("name").first()
    story = Story.objects.filter(articles=seeded["001"]).first()
    assert story is not None, "the seeds 001 and 002 make a story"
    return {
        "filtered": f"/?q=Modi&topic=trafficking&entity={entity.slug}",
        "compare": f"/compare/?a={seeded['001'].slug}&b={seeded['002'].slug}",
        "story": story.get_absolute_url(),
        "entities": "/entities/",
        "sources": "/sources/",
        "home": "/",
        "search": '/?q="human+trafficking"',
        "article": article.get_absolute_url() + "?q=Modi",
        "topics": "/topics/",
        "topic": "/topics/trafficking/",
        "topic-oldest-first": "/topics/ukraine/?events=all&order=oldest",
        "topic-mentions": "/topics/ukraine/mentions/",
        "search-timeline": "/timeline/?q=Modi",
        "entity-timeline": f"/entities/{entity.slug}/timeline/",
        "entity": entity.get_absolute_url(),
        "source": article.source.get_absolute_url(),
        "not-found": "/articles/no-such-article/",
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_key_pages_have_no_serious_accessibility_violations(open_page, seeded, viewport):
    # The site's CSP (rightly) refuses injected scripts: let axe in, for this check only.
    page = open_page(viewport, bypass_csp=True)
    found = {}
    for name, url in key_pages(seeded).items():
        page.goto(url)
        width = "phone" if viewport is PHONE else "desktop"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        if problems := serious_violations(page):
            found[url] = problems
    assert not found, found


def test_the_topic_page_leads_with_key_events_marked_on_its_chart(open_page, seeded, tmp_path):
    # The seeds are undated: three dated reports of one day, and a follow-up.
    for name, published, text in [
        ("a", "2024-07-09", "Modi and Putin met in Moscow on July 8, 2024 as the war in Ukraine "
         "went on."),
        ("b", "2024-07-09", "Zelensky criticised the July 8, 2024 meeting in Moscow about "
         "Ukraine."),
        ("c", "2024-07-10", "Ukraine's allies said on July 9, 2024 the Moscow talks changed "
         "nothing."),
    ]:  # fmt: skip
        path = tmp_path / f"{name}.txt"
        path.write_text(f"---\npublished: {published}\n---\nUkraine report {name}\n\n{text}\n")
        ingest_file(path)
    page = open_page()
    page.goto("/topics/ukraine/?events=all")
    events = page.locator(".key-event")
    assert events.count() > 0
    first = events.first
    assert first.locator("time").get_attribute("datetime")
    assert first.locator("blockquote").count() >= 1
    # Each key event is marked on the chart, and the mark leads to it.
    marker = page.locator("#topic-chart a.event-marker").first
    anchor = marker.get_attribute("href")
    assert anchor and page.locator(anchor).count() == 1
    # The reader's choice of order is kept in the URL.
    page.select_option("select[name=order]", "oldest")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    days = [t.get_attribute("datetime") for t in page.locator(".key-event time").all()]
    assert days == sorted(days)
    # The full list of dated mentions is one click away.
    with page.expect_navigation():
        page.locator(".all-mentions a").click()
    assert page.locator(".events .event").count() >= 3
    assert page.errors == []


def test_ticking_two_results_and_pressing_compare_opens_the_comparison(open_page, seeded):
    page = open_page()
    page.goto("/?q=Modi")
    first, second = seeded["001"], seeded["002"]
    page.get_by_role("checkbox", name=f"Compare {first.title}").check()
    page.get_by_role("checkbox", name=f"Compare {second.title}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Compare").click()

    # The permalink, whichever order the results listed them in.
    assert urlsplit(page.url).path == "/compare/"
    assert {query_of(page.url)["a"][0], query_of(page.url)["b"][0]} == {first.slug, second.slug}
    assert page.locator(".similarity strong").inner_text() == "rewrite"
    assert page.locator(".compare-columns tr.aligned").count() >= 8
    assert page.locator(".compare-columns tr.aligned ins").count() > 0
    assert page.errors == []

    page.screenshot(path=str(SCREENSHOTS / "compare.png"), full_page=True)

    phone = open_page(PHONE)
    phone.goto(page.url)
    assert no_horizontal_scroll(phone), "the comparison scrolls sideways on a 375px screen"


def test_ticking_one_result_explains_that_two_are_needed(page, seeded):
    page.goto("/?q=Modi")
    page.locator('.result-list input[name="pick"]').first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Compare").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Cannot compare these articles"
    assert "exactly two" in page.locator(".error-message").inner_text()


# --- as an analyst uses it ---------------------------------------------------------------------


def test_searching_for_a_phrase_finds_and_marks_the_phrase(page, seeded):
    search_by_typing(page, '"human trafficking"')
    expected = {a.title for a in seeded.values() if "human trafficking" in a.body.lower()}
    assert expected and set(result_titles(page)) == expected
    # The typed quotes are shown once, not wrapped in another pair.
    summary_query = page.locator(".results .summary q")
    assert summary_query.inner_text() == '"human trafficking"'
    assert summary_query.evaluate("q => getComputedStyle(q).quotes") == "none"
    for result in page.locator(".result-list .result").all():
        marked = " ".join(result.locator("mark").all_inner_texts()).lower()
        assert "human" in marked and "trafficking" in marked, result.inner_text()
    page.screenshot(path=str(SCREENSHOTS / "phrase-search.png"), full_page=True)


def test_a_result_opens_its_article_at_the_first_hit(page, seeded):
    page.goto("/?q=Shanghai")
    first = page.locator(".result-list .result h3 a").first
    title = first.inner_text()
    assert first.get_attribute("href").endswith("#first-hit")
    with page.expect_navigation():
        first.click()
    assert urlsplit(page.url).fragment == "first-hit"
    hit = page.locator("mark#first-hit")
    assert hit.inner_text().lower() == "shanghai"
    # The hit is below the fold of the page's top, and the browser scrolled to it.
    assert page.evaluate("window.scrollY") > 0
    box = hit.bounding_box()
    assert 0 <= box["y"] < DESKTOP["height"], box
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.locator("#first-hit").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "article-first-hit.png"))
    # Sub-headings of the text are headings.
    page.goto(seeded["001"].get_absolute_url())
    assert page.get_by_role("heading", level=2, name="Key Points").is_visible()


def test_a_topic_timeline_opened_from_the_topics_page(page, seeded):
    page.goto("/topics/")
    with page.expect_navigation():
        page.locator(".topic-list").get_by_role("link", name="Ukraine war", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ukraine war"
    assert page.get_by_role("img", name="Ukraine war over time").is_visible()
    page.screenshot(path=str(SCREENSHOTS / "topic-timeline.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("link", name="dated mention").click()
    assert page.locator(".events .event").count() > 0


def test_on_a_phone_filters_apply_with_a_button_and_nothing_grabs_focus(open_page, seeded):
    page = open_page(PHONE)
    page.goto("/?q=Modi")
    # No autofocus: the keyboard stays closed until the reader taps the box.
    assert page.evaluate("document.activeElement === document.body")
    assert page.locator("select[name=sort]").count() == 0
    assert page.locator(".sort").count() == 1
    page.locator("details.filters summary").click()
    page.locator("select[name=topic]").select_option("trafficking")
    apply = page.get_by_role("button", name="Apply filters")
    assert apply.is_visible()
    with page.expect_navigation():
        apply.click()
    params = query_of(page.url)
    assert params["q"] == ["Modi"] and params["topic"] == ["trafficking"]
    assert chip_texts(page) == ["topic Human trafficking ×"]
    assert no_horizontal_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "filters-phone.png"), full_page=True)


def test_the_home_page_has_a_heading_an_overview_and_a_skip_link(page, seeded):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Diplomatic news archive"
    assert "5 articles" in page.locator(".overview").inner_text()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("a => a === document.activeElement") and skip.is_visible()
    # Without a query, every result shows the start of its text.
    assert page.locator(".result-list .result .snippet").count() == len(seeded)
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)


def test_an_editor_renames_an_article_in_the_admin_and_the_public_page_shows_it(
    page, seeded, django_user_model
):
    django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-passphrase")
    article = seeded["004"]
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-passphrase")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    new_title = "Ministers meet again (corrected title)"
    page.locator("#id_title").fill(new_title)
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    assert page.locator(".messagelist .success").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "admin-saved.png"), full_page=True)

    page.goto(article.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == new_title
    page.goto("/?q=corrected")
    assert new_title in result_titles(page)
    page.screenshot(path=str(SCREENSHOTS / "admin-edit-public.png"), full_page=True)


def test_an_archivist_reads_the_report_of_an_ingest_run_in_the_admin(
    page, tmp_path, django_user_model
):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "good.txt").write_text("Ministers meet in Geneva\n\nThe ministers met on Monday.\n")
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    with pytest.raises(CommandError):  # a failed file makes the run exit non-zero
        call_command("ingest", str(folder), stdout=StringIO())
    django_user_model.objects.create_superuser("archivist", "a@example.org", "a-long-passphrase")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("archivist")
    page.get_by_label("Password").fill("a-long-passphrase")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    page.goto("/admin/articles/ingestrun/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    with page.expect_navigation():
        rows.first.locator("th a").click()
    report = page.locator("#content").inner_text()
    assert "broken.txt" in report and "binary" in report
    assert page.locator("input[name=_save]").count() == 0  # read-only
    page.screenshot(path=str(SCREENSHOTS / "admin-ingest-run.png"), full_page=True)

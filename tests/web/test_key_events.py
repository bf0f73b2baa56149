"""Key events on the timeline pages: which days, told how, corrected by editors, and the same
timeline for a search, an entity and a source, as a feed and as files."""

import csv
import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest

from articles.ingest.pipeline import ingest_file
from articles.ingest.reanalysis import reanalyze_articles
from articles.models import Article, Entity, Source, TimelineCorrection, Topic

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SIGNED = dt.date(2024, 7, 8)
HOSTILE = '<script>alert("x")</script>'

COVERAGE = {
    "reuters": (
        "Reuters", "2024-07-09",
        "Modi and Putin sign energy pact\n\nIndian Prime Minister Narendra Modi and Russian "
        "President Vladimir Putin signed an energy pact in Moscow on July 8, 2024. The launch "
        "of the pipeline survey began at 1805 local time. The oil alliance was founded in 1948.\n",
    ),
    "tass": (
        "TASS", "2024-07-09",
        "Energy pact signed in Moscow\n\nRussia and India signed a long-term energy pact on "
        f"July 8, 2024, officials in Moscow said. {HOSTILE}\n",
    ),
    "hindustan": (
        "Hindustan Times", "2024-07-10",
        "What the energy pact means\n\nThe energy pact signed on July 8, 2024 covers oil "
        "supplies for ten years. Talks on the energy pact resume on July 12, 2024 in Delhi.\n",
    ),
    "undated": (
        "Wire", None,
        "Energy talks on Tuesday\n\nEnergy ministers will meet on Tuesday to discuss the "
        "energy pact and oil prices.\n",
    ),
}  # fmt: skip


@pytest.fixture
def coverage(tmp_path):
    topic = Topic.objects.create(
        name="Energy pact", slug="energy-pact", keywords="energy pact\nenergy"
    )
    for name, (source, published, text) in COVERAGE.items():
        front = f"source: {source}\n" + (f"published: {published}\n" if published else "")
        path = tmp_path / f"{name}.txt"
        path.write_text(f"---\n{front}---\n{text}", encoding="utf-8")
        assert ingest_file(path).status == "created"
    return topic


def key_events(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.context["timeline"].key_events


def test_the_day_most_articles_report_leads_with_its_summary_and_its_coverage(client, coverage):
    events = key_events(client, "/topics/energy-pact/", order="oldest", events="all")
    by_day = {e.day: e for e in events}
    signed = by_day[SIGNED]
    assert signed.named_count == 3 and signed.source_count == 3
    assert max(events, key=lambda e: e.score).day == SIGNED
    assert any("signed" in s for s in signed.summary_sentences)
    assert all(s.article is not None for s in signed.summary)
    assert [e.day for e in events] == sorted(e.day for e in events)
    html = client.get("/topics/energy-pact/").content.decode()
    assert f'id="event-{SIGNED.isoformat()}"' in html
    assert 'class="event-marker"' in html  # the chart marks the key events
    assert HOSTILE not in html and "&lt;script&gt;" in html
    assert "/topics/energy-pact/mentions/" in html


def test_times_of_day_background_years_and_unanchored_days_are_not_events(client, coverage):
    days = {e.day for e in key_events(client, "/topics/energy-pact/", events="all")}
    assert all(day.year == 2024 for day in days)
    undated = Article.objects.get(title="Energy talks on Tuesday")
    assert not undated.dated_mentions.exclude(start=None).exists()
    reuters = Article.objects.get(source__name="Reuters")
    years = set(reuters.dated_mentions.filter(precision="year").values_list("text", flat=True))
    assert "1805" not in years and "1948" in years  # a year, kept as a mention, never a key event


def test_today_and_yesterday_count_as_the_articles_own_days_not_as_naming_one(
    client, coverage, tmp_path
):
    # Three articles on the 20th say "today" or "yesterday" of their own day: that is when
    # they appeared (counted as such), not three articles naming the 20th or the 19th.
    for n, word in enumerate(("today", "yesterday", "today")):
        path = tmp_path / f"own-{n}.txt"
        path.write_text(
            f"---\nsource: Wire {n}\npublished: 2024-07-20\n---\nEnergy pact review\n\n"
            f"Officials reviewed the energy pact {word} in Delhi.\n",
            encoding="utf-8",
        )
        assert ingest_file(path).status == "created"
    assert Article.objects.get(source__name="Wire 0").dated_mentions.filter(text="today")
    by_day = {e.day: e for e in key_events(client, "/topics/energy-pact/", events="all")}
    assert by_day[SIGNED].named_count == 3
    assert dt.date(2024, 7, 19) not in by_day
    assert by_day[dt.date(2024, 7, 20)].named_count == 0  # published on it, named by none
    assert by_day[SIGNED].score > by_day[dt.date(2024, 7, 20)].score


def test_the_reader_chooses_how_many_and_in_which_order(client, coverage):
    newest = key_events(client, "/topics/energy-pact/", events="all", order="newest")
    assert [e.day for e in newest] == sorted((e.day for e in newest), reverse=True)
    assert len(key_events(client, "/topics/energy-pact/", events="10")) <= 10
    # Nonsense choices fall back to the defaults; a bad file format is a clear 400.
    assert key_events(client, "/topics/energy-pact/", events="many", order="sideways")
    assert client.get("/topics/energy-pact/", {"format": "xml"}).status_code == 400


def test_an_editors_hidden_moved_and_rewritten_events_survive_a_reanalysis(client, coverage):
    before = {e.day for e in key_events(client, "/topics/energy-pact/", events="all")}
    assert {SIGNED, dt.date(2024, 7, 9), dt.date(2024, 7, 12)} <= before
    TimelineCorrection.objects.create(topic=coverage, day=dt.date(2024, 7, 12), hidden=True)
    TimelineCorrection.objects.create(
        topic=coverage, day=dt.date(2024, 7, 9), moved_to=SIGNED, summary="India and Russia "
        "signed a ten-year energy pact in Moscow."
    )  # fmt: skip
    reanalyze_articles(Article.objects.all())
    events = key_events(client, "/topics/energy-pact/", events="all")
    days = {e.day for e in events}
    assert dt.date(2024, 7, 12) not in days and dt.date(2024, 7, 9) not in days
    signed = next(e for e in events if e.day == SIGNED)
    assert signed.summary_sentences == ["India and Russia signed a ten-year energy pact in Moscow."]
    assert signed.edited
    # Both articles published on the 9th now count for the 8th (they already named it).
    assert signed.article_count == 3
    html = client.get("/topics/energy-pact/").content.decode()
    assert "corrected by an editor" in html


def test_search_entity_and_source_timelines(client, coverage):
    search = client.get("/", {"q": "energy pact"}).content.decode()
    assert "/timeline/?q=energy+pact" in search
    found = key_events(client, "/timeline/", q="energy pact")
    assert SIGNED in {e.day for e in found}
    reuters = Source.objects.get(name="Reuters")
    source_days = {e.day for e in key_events(client, f"/sources/{reuters.slug}/timeline/")}
    assert SIGNED in source_days and dt.date(2024, 7, 12) not in source_days
    putin = Entity.objects.filter(name__contains="Putin").first()
    assert putin is not None
    entity_days = {e.day for e in key_events(client, f"/entities/{putin.slug}/timeline/")}
    assert SIGNED in entity_days
    page = client.get("/timeline/", {"q": "energy pact", "events": "20"}).content.decode()
    assert 'name="q" value="energy pact"' in page  # the search rides along with the controls


def test_the_key_events_feed_and_files(client, coverage):
    feed = client.get("/topics/energy-pact/timeline/feed/")
    assert feed.status_code == 200
    entries = ET.fromstring(feed.content).findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert any(title.startswith("8 Jul 2024:") for title in titles)
    assert all(HOSTILE not in (e.find(f"{ATOM}summary").text or "") for e in entries)
    data = client.get("/topics/energy-pact/", {"format": "json", "events": "all"}).json()
    signed = next(e for e in data["events"] if e["date"] == "2024-07-08")
    assert signed["articles"] == 3 and signed["sources"] == 3 and signed["summary"]
    rows = list(csv.DictReader(io.StringIO(
        client.get("/topics/energy-pact/", {"format": "csv", "events": "all"}).content.decode()
    )))  # fmt: skip
    assert "2024-07-08" in {row["date"] for row in rows}

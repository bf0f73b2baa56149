import datetime as dt

import pytest
from django.template.loader import render_to_string

from articles.models import Article
from articles.web.charts import PANEL_HEIGHT, build_chart, volume_chart

D = dt.date


def test_build_chart_fills_empty_months_and_scales_bars_to_the_highest():
    chart = build_chart(
        title="Trafficking over time",
        unit="month",
        series={"articles": {D(2024, 1, 1): 2, D(2024, 3, 1): 4}, "events": {D(2024, 2, 1): 1}},
        totals={D(2024, 1, 1): 8, D(2024, 3, 1): 4},
    )
    articles, events = chart.panels
    assert [b.label for b in articles.bars] == ["Jan 2024", "Feb 2024", "Mar 2024"]
    assert [b.value for b in articles.bars] == [2, 0, 4]
    assert [b.share for b in articles.bars] == [0.25, None, 1.0]
    assert [b.share_percent for b in articles.bars] == ["25.0%", "", "100.0%"]
    assert articles.bars[2].height == PANEL_HEIGHT and articles.bars[0].height == PANEL_HEIGHT / 2
    assert [b.value for b in events.bars] == [0, 1, 0] and events.bars[1].share is None
    assert "6 from Jan 2024 to Mar 2024, most in Mar 2024 (4)" in chart.description
    assert [label for label, _ in chart.rows] == ["Jan 2024", "Feb 2024", "Mar 2024"]


def test_an_empty_chart_says_so():
    chart = build_chart(title="Nothing", unit="month", series={"articles": {}}, totals={})
    assert chart.empty
    html = render_to_string("articles/partials/chart.html", {"chart": chart})
    assert "No dated articles or events" in html and "<svg" not in html


def test_the_chart_template_draws_bars_with_a_title_description_and_table():
    chart = build_chart(
        title='Modi <b>"over"</b> time',
        unit="year",
        series={"articles": {D(2022, 1, 1): 1, D(2024, 1, 1): 3}},
        totals={D(2022, 1, 1): 2, D(2024, 1, 1): 3},
    )
    html = render_to_string("articles/partials/chart.html", {"chart": chart, "chart_id": "c"})
    assert html.count("<rect") == 2
    assert '<title id="c-title">Modi &lt;b&gt;&quot;over&quot;&lt;/b&gt; time</title>' in html
    assert '<desc id="c-desc">' in html
    assert '<th scope="row">2023</th><td>0</td>' in html
    assert "<td>50.0%</td>" in html


@pytest.mark.django_db
def test_volume_chart_counts_by_month_or_by_year_over_a_long_span(make_article):
    make_article(title="a", published_on=D(2024, 7, 8))
    make_article(title="b", published_on=D(2024, 7, 20))
    make_article(title="c", published_on=D(2024, 9, 1))
    make_article(title="undated")
    chart = volume_chart(Article.objects.filter(title__in=["a", "c"]), title="t")
    bars = {b.label: (b.value, b.share) for b in chart.panels[0].bars}
    assert bars == {"Jul 2024": (1, 0.5), "Aug 2024": (0, None), "Sep 2024": (1, 1.0)}
    make_article(title="old", published_on=D(2019, 1, 1))
    chart = volume_chart(Article.objects.all(), title="t")
    assert chart.unit == "year"
    assert [(b.label, b.value) for b in chart.panels[0].bars][-1] == ("2024", 3)


@pytest.mark.django_db
def test_the_front_page_charts_the_whole_archive_and_a_filter_narrows_it(client, make_article):
    make_article(title="a", source="Reuters", published_on=D(2024, 7, 8))
    make_article(title="b", source="TASS", published_on=D(2024, 7, 20))
    make_article(title="c", source="TASS", published_on=D(2024, 8, 1))
    whole = client.get("/").context["volume_chart"].panels[0].bars
    assert [(b.label, b.value, b.share) for b in whole] == [
        ("Jul 2024", 2, 1.0),
        ("Aug 2024", 1, 1.0),
    ]
    tass = client.get("/?source=tass").context["volume_chart"].panels[0].bars
    assert [(b.label, b.value, b.share) for b in tass] == [
        ("Jul 2024", 1, 0.5),
        ("Aug 2024", 1, 1.0),
    ]

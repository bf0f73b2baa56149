import time
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.curation import survivor_of, url_without_merged_entity
from articles.models import (
    Article,
    ArticleTopic,
    Entity,
    Mention,
    Source,
    Story,
    Topic,
    compare_url,
)
from articles.provenance import may_see_files
from articles.search import Results, SearchQuery, search_for
from articles.search.facets import facet_counts, with_links
from articles.web import export, indexes, timeline_export, timelines
from articles.web.article_body import body_part, part_paragraphs
from articles.web.body_layout import body_blocks
from articles.web.charts import search_chart, volume_chart
from articles.web.chips import active_filters, mark_chosen
from articles.web.compare import BadComparison, compare_articles, parse_request
from articles.web.filters import ArticleFilter
from articles.web.forms import EntityIndexForm, SearchForm, TimelineFilterForm
from articles.web.overview import archive_overview
from articles.web.related import similar_to, story_of, story_overview

PER_PAGE = 20


def paginate(request, object_list, per_page: int = PER_PAGE):
    # get_page: a bad or out-of-range page number shows the last (or first) page, never a 500.
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))


@dataclass(frozen=True)
class SearchRequest:
    """The search a request asks for: its filters, query, sort and results, and what of the
    request was ignored or cut (said on the page)."""

    filterset: ArticleFilter
    query: SearchQuery
    requested_sort: str  # what the next search will ask for
    results: Results
    notices: list[str]
    other_names: bool  # whether other names of the entities named are searched too


def search_from_request(request, articles=None) -> SearchRequest:
    """The search in `request.GET`, as the search page and the exports run it."""
    return search_from_params(request.GET, articles)


def search_from_params(params, articles=None, rows=None) -> SearchRequest:
    """The search a query string (a QueryDict) asks for, as the search page runs it;
    `articles` narrows what is searched (the API's cursor: the rows after a page's last),
    `rows` is what a page of results loads (by default what the page's rows show)."""
    text, sort, notices = SearchForm(params).query_sort_and_notices()
    # Narrowed by the filters alone, the search is narrowed by the search index itself.
    by_filters_alone = articles is None
    articles = Article.objects.all() if articles is None else articles
    filterset = ArticleFilter(params or None, queryset=articles)
    query = SearchQuery(text)
    other_names = params.get("names") != "off"
    if other_names:
        query = query.with_other_names()
    if rows is None:
        rows = Article.objects.select_related("source").prefetch_related(
            Prefetch("topic_scores", queryset=ArticleTopic.objects.select_related("topic"))
        )
    filters = filterset.index_filters() if by_filters_alone else None
    results = Results(search_for(filterset.qs, query, filters), sort, rows=rows)
    return SearchRequest(filterset, query, sort, results, notices, other_names)


@require_safe
def search(request):
    if moved := url_without_merged_entity(request):
        return redirect(moved, permanent=True)
    found = search_from_request(request)
    page = paginate(request, found.results)
    facets = facet_counts(found.results.search, total=found.results.count())
    found.filterset.is_valid()  # the valid filters apply even when another one is invalid
    chosen = getattr(found.filterset.form, "cleaned_data", {})
    home = not found.query and not found.filterset.is_narrowed()
    return render(
        request,
        "articles/search.html",
        {
            "filterset": found.filterset,
            "query": found.query,
            "estimated": found.results.estimated,  # the count is "about"
            "sort": found.results.sort,  # what ranks this page: date when there is no query
            "requested_sort": found.requested_sort,
            "notices": found.notices,
            "other_names": found.other_names,
            "page": page,
            "facets": mark_chosen(with_links(facets, request.GET), request.GET),
            "chips": active_filters(chosen, request.GET),
            "chosen_entities": chosen.get("entity") or [],
            "overview": archive_overview(found.results.count()) if home else None,
            # Date filters that cannot narrow these matches (all undated, or none) are hidden.
            "any_dated": not facets.years or any(y.label != "undated" for y in facets.years),
            "any_undated": not facets.years or any(y.label == "undated" for y in facets.years),
            "volume_chart": search_chart(found.results.search, found.query, found.filterset),
            # The filter menus, rendered by hand: form widgets cost ~1 ms each to render.
            "sources": Source.objects.only("name", "slug"),
            "topics": Topic.objects.only("name", "slug"),
        },
    )


@require_safe
def export_results(request, fmt: str):
    if moved := url_without_merged_entity(request):
        return redirect(moved, permanent=True)
    started = time.monotonic()  # the export's time budget counts the search too
    slot = export.claim_slot(request.META.get("REMOTE_ADDR", ""))
    if slot is None:
        return export.busy_response()
    try:
        results = search_from_request(request).results
    except BaseException:
        slot.release()
        raise
    base_url = request.build_absolute_uri("/")[:-1]
    show_files = may_see_files(request.user)
    return export.export_response(results, fmt, base_url, started, slot, show_files=show_files)


@require_safe
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("source"), slug=slug)
    query = SearchQuery(request.GET.get("q", ""))
    part = body_part(article.body, request.GET.get("part"))  # never the whole of a huge body
    mentions = article.mentions.select_related("entity").order_by("entity__kind", "-count")
    topic_scores = article.topic_scores.select_related("topic")
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "query": query,
            "part": part,
            "blocks": (blocks := body_blocks(part_paragraphs(article, part, query))),
            "first_hit": any(block.first_hit for block in blocks),
            "mentions": mentions,
            "topic_scores": topic_scores,
            "similar": similar_to(article),
            "story": story_of(article),
        },
    )


@require_safe
def topic_list(request):
    topics = Topic.objects.annotate(article_count=Count("article_scores")).order_by("name")
    return render(request, "articles/topic_list.html", {"topics": topics})


@require_safe
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    form = TimelineFilterForm(request.GET)
    chosen = form.cleaned_or_default()
    view = timelines.topic_timeline(topic, **chosen)
    if fmt := request.GET.get("format"):
        return timeline_export.response(view.key_events, fmt, name=f"{topic.slug}-timeline")
    return render(
        request,
        "articles/topic_detail.html",
        {
            "topic": topic,
            "form": form,
            "timeline": view,
            "page": paginate(request, view.dated),
            "undated_page": Paginator(view.undated, PER_PAGE).get_page(
                request.GET.get("undated_page")
            ),
        },
    )


@require_safe
def topic_mentions(request, slug):
    """Every dated mention of a topic's articles, grouped into events: the topic page's full
    list behind its key events."""
    topic = get_object_or_404(Topic, slug=slug)
    form = TimelineFilterForm(request.GET)
    view = timelines.topic_timeline(topic, **form.cleaned_or_default(), mentions=True)
    return render(
        request, "articles/topic_mentions.html", {"topic": topic, "form": form, "timeline": view}
    )


@require_safe
def search_timeline(request):
    """The key events of a search's results: the search page's "timeline of these results"."""
    found = search_from_request(request)
    return _timeline_page(
        request,
        found.results.search.matches(),
        title="Timeline of these results",
        keywords=found.query.text.split(),
        back=(reverse("articles:search") + "?" + request.GET.urlencode(), "Back to the results"),
        name="search-timeline",
    )


@require_safe
def entity_timeline(request, slug):
    entity = get_object_or_404(Entity, slug=slug)
    return _timeline_page(
        request,
        Article.objects.mentioning(entity),
        title=f"Timeline: {entity.name}",
        keywords=[entity.name],
        back=(entity.get_absolute_url(), f"Back to {entity.name}"),
        name=f"{entity.slug}-timeline",
    )


@require_safe
def source_timeline(request, slug):
    source = get_object_or_404(Source, slug=slug)
    return _timeline_page(
        request,
        source.articles.all(),
        title=f"Timeline: {source.name}",
        keywords=[],
        back=(source.get_absolute_url(), f"Back to {source.name}"),
        name=f"{source.slug}-timeline",
    )


def _timeline_page(request, articles, *, title, keywords, back, name):
    form = TimelineFilterForm(request.GET)
    view = timelines.articles_timeline(articles, title=title, keywords=keywords,
                                       **form.cleaned_or_default())  # fmt: skip
    if fmt := request.GET.get("format"):
        return timeline_export.response(view.key_events, fmt, name=name)
    return render(
        request,
        "articles/timeline.html",
        {
            "title": title,
            "form": form,
            "timeline": view,
            "back": back,
            # The search's own parameters ride along when the reader changes the timeline's.
            "keep": [
                (name, value)
                for name, values in request.GET.lists()
                if name not in TimelineFilterForm.base_fields and name != "format"
                for value in values
            ],
        },
    )


@require_safe
def entity_detail(request, slug):
    entity = Entity.objects.prefetch_related("aliases").filter(slug=slug).first()
    if entity is None:
        if survivor := survivor_of(slug):  # merged into another: old links follow it
            query = request.GET.urlencode()
            url = survivor.get_absolute_url() + (f"?{query}" if query else "")
            return redirect(url, permanent=True)
        raise Http404("No entity here.")
    mentions = indexes.mentions_newest_first(entity)
    return render(
        request,
        "articles/entity_detail.html",
        {
            "entity": entity,
            "page": paginate(request, mentions),
            "also_written": [a.name for a in entity.aliases.all() if a.name != entity.name],
            # From the mention index: each mention carries its article's date.
            "chart": volume_chart(
                Mention.objects.filter(entity=entity), title=f"{entity.name} over time"
            ),
            "co_occurring": indexes.co_occurring(entity),
            "languages": indexes.coverage_languages(entity),
            "quotes": indexes.quotes_of(entity)[:100],
        },
    )


@require_safe
def entity_list(request):
    form = EntityIndexForm(request.GET)
    entities = indexes.entity_index(**form.cleaned_or_default())
    return render(
        request,
        "articles/entity_list.html",
        {"form": form, "page": paginate(request, entities, 50), "initials": indexes.INITIALS},
    )


@require_safe
def source_list(request):
    return render(request, "articles/source_list.html", {"sources": indexes.source_index()})


@require_safe
def source_detail(request, slug):
    source = get_object_or_404(Source, slug=slug)
    articles = source.articles.newest_first().prefetch_related(
        Prefetch("topic_scores", queryset=ArticleTopic.objects.select_related("topic"))
    )
    return render(
        request,
        "articles/source_detail.html",
        {"source": source, "page": paginate(request, articles)},
    )


def _compare_error(request, message: str, status: int):
    return render(request, "articles/compare_error.html", {"message": message}, status=status)


@require_safe
def compare(request):
    try:
        wanted = parse_request(request.GET)
    except BadComparison as exc:
        return _compare_error(request, str(exc), 400)
    found = {
        a.slug: a
        for a in Article.objects.select_related("source").filter(slug__in=[wanted.a, wanted.b])
    }
    missing = [slug for slug in (wanted.a, wanted.b) if slug not in found]
    if missing:
        return _compare_error(request, f"No article has the address “{missing[0]}”.", 404)
    a, b = found[wanted.a], found[wanted.b]
    if not wanted.canonical:
        return redirect(compare_url(a, b))
    return render(request, "articles/compare.html", {"c": compare_articles(a, b)})


@require_safe
def story_detail(request, pk):
    story = get_object_or_404(Story, pk=pk)
    return render(
        request,
        "articles/story_detail.html",
        {"story": story_overview(story, request.GET.get("page"))},
    )

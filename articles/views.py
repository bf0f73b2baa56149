from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from articles import export
from articles.filters import ArticleFilter
from articles.forms import SearchForm
from articles.models import Article, ArticleTopic, Entity, Source, Topic
from articles.search import Results, SearchQuery, marked_paragraphs, search_for
from articles.search.facets import facet_counts, with_links

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


def search_from_request(request) -> SearchRequest:
    """The search in `request.GET`, as the search page and the exports run it."""
    text, sort, notices = SearchForm(request.GET).query_sort_and_notices()
    filterset = ArticleFilter(request.GET or None, queryset=Article.objects.all())
    query = SearchQuery(text)
    other_names = request.GET.get("names") != "off"
    if other_names:
        query = query.with_other_names()
    rows = Article.objects.select_related("source").prefetch_related(
        Prefetch("topic_scores", queryset=ArticleTopic.objects.select_related("topic"))
    )
    results = Results(search_for(filterset.qs, query), sort, rows=rows)
    return SearchRequest(filterset, query, sort, results, notices, other_names)


@require_GET
def search(request):
    found = search_from_request(request)
    page = paginate(request, found.results)
    facets = facet_counts(found.results.search, total=found.results.count())
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
            "facets": with_links(facets, request.GET),
            # The filter menus, rendered by hand: form widgets cost ~1 ms each to render.
            "sources": Source.objects.only("name", "slug"),
            "topics": Topic.objects.only("name", "slug"),
        },
    )


@require_GET
def export_results(request, fmt: str):
    results = search_from_request(request).results
    rows = export.export_rows(results, base_url=request.build_absolute_uri("/")[:-1])
    if fmt == "csv":
        response = StreamingHttpResponse(export.stream_csv(rows), content_type="text/csv")
    else:
        response = StreamingHttpResponse(export.stream_json(rows), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="articles.{fmt}"'
    return response


@require_GET
def article_detail(request, slug):
    article = get_object_or_404(Article.objects.select_related("source"), slug=slug)
    query = SearchQuery(request.GET.get("q", ""))
    paragraphs = marked_paragraphs(article, query) or article.body.split("\n\n")
    mentions = article.mentions.select_related("entity").order_by("entity__kind", "-count")
    topic_scores = article.topic_scores.select_related("topic")
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "query": query,
            "paragraphs": paragraphs,
            "mentions": mentions,
            "topic_scores": topic_scores,
        },
    )


@require_GET
def topic_list(request):
    topics = Topic.objects.annotate(article_count=Count("article_scores")).order_by("name")
    return render(request, "articles/topic_list.html", {"topics": topics})


@require_GET
def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    scores = topic.article_scores.select_related("article__source").order_by(
        "-score", "article__title"
    )
    return render(
        request, "articles/topic_detail.html", {"topic": topic, "page": paginate(request, scores)}
    )


@require_GET
def entity_detail(request, slug):
    entity = get_object_or_404(Entity.objects.prefetch_related("aliases"), slug=slug)
    mentions = entity.mentions.select_related("article__source").order_by(
        "-article__published_on", "-count", "article__title"
    )
    return render(
        request,
        "articles/entity_detail.html",
        {"entity": entity, "page": paginate(request, mentions)},
    )


@require_GET
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

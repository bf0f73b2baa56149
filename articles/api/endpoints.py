"""The research API, /api/v1/: what the pages show, as JSON, from the pages' own code (the
search, facets, charts' counts, entity, topic, source, story and compare functions). Thin
endpoints: parse, call that code, serialize."""

import datetime as dt
import functools
import re
from typing import Literal

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Path, Query
from ninja.errors import ValidationError

from articles.api import conditional, cursors, serialize
from articles.api.access import AccessThrottle, TokenAuth, anonymous
from articles.api.cursors import BadCursor
from articles.api.filters import ADDRESS, BadFilter, SearchFilters, Sort, params
from articles.api.periods import counts_over_time
from articles.api.schemas import (
    ArticleDetail,
    ArticlePage,
    CompareOut,
    CountOut,
    EntityDetail,
    EntityPage,
    Error,
    QuotePage,
    SearchOut,
    SourceList,
    SourceOut,
    StoryOut,
    TimelineOut,
    TopicDetail,
    TopicList,
)
from articles.curation import survivor_of
from articles.models import (
    Article,
    ArticleTopic,
    Entity,
    Quote,
    Source,
    Story,
    Topic,
    compare_url,
)
from articles.provenance import file_for, may_see_files
from articles.search.facets import facet_counts
from articles.web import export, indexes, timelines
from articles.web.compare import BadComparison, compare_articles, parse_request
from articles.web.related import similar_to, story_of, story_overview
from articles.web.views import search_from_params

api = NinjaAPI(
    title="Diplomatic news archive API",
    version="1",
    description="Read-only: the archive's searches, articles, entities, topics, sources, "
    "stories and comparisons. Anonymous reads are rate-limited per address; send "
    "`Authorization: Bearer <token>` for a token's higher limit.",
    urls_namespace="api",
    auth=[TokenAuth(), anonymous],
    throttle=[AccessThrottle()],
)

ERRORS = {400: Error, 401: Error, 404: Error, 422: Error, 429: Error}
Interval = Literal["day", "week", "month"]


class BadRequest(ValueError):
    pass


@api.exception_handler(BadRequest)
@api.exception_handler(BadCursor)
@api.exception_handler(BadFilter)
def bad_request(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    # One readable message: which parameter, and why.
    parts = []
    for error in exc.errors:
        where = ".".join(str(p) for p in error.get("loc", ())[1:]) or "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return api.create_response(request, {"detail": "; ".join(parts)}, status=422)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Not found."}, status=404)


SLUG = ADDRESS


def urls():
    """The API's URL patterns, each answering a method it does not take in JSON with the
    methods it does (ninja's own answer is plain text)."""
    patterns, app_name, namespace = api.urls

    def json_not_allowed(view):
        @functools.wraps(view)
        def answer(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code != 405 or response.get("Content-Type", "").startswith(
                "application/json"
            ):
                return response
            allowed = response.get("Allow", "GET")
            reply = JsonResponse(
                {"detail": f"{request.method[:20]} is not allowed here: use {allowed}."},
                status=405,
            )
            reply["Allow"] = allowed
            return reply

        return answer

    def wrap(entries):
        for entry in entries:
            if hasattr(entry, "url_patterns"):
                wrap(entry.url_patterns)
            else:
                entry.callback = json_not_allowed(entry.callback)

    wrap(patterns)
    return patterns, app_name, namespace


def unknown_path(request, *args, **kwargs):
    """Any other address under /api/: answered as the API answers, in JSON."""
    return JsonResponse(
        {"detail": "No such API address: see /api/v1/docs for the addresses there are."},
        status=404,
    )


BIGINT = 2**63 - 1


def slug_or_404(slug: str, what: str) -> str:
    """`slug` if it could be an address at all; anything else (NUL, other scripts, a path
    too long) is answered as not found without asking the database."""
    if not SLUG.fullmatch(slug):
        raise Http404(f"No {what} has the address “{slug[:100]}”.")
    return slug


def limit_of(limit: int) -> int:
    return min(limit, settings.ARCHIVE_API_MAX_LIMIT)


def next_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    params = request.GET.copy()
    params["cursor"] = cursor
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


# What a summary shows, and no more: the body and the raw text are most of a row's bytes.
SUMMARY_FIELDS = (
    *("slug", "title", "byline", "published_on", "date_origin", "language", "url", "source"),
)
SUMMARY_ROWS = (
    Article.objects.select_related("source")
    .only(*SUMMARY_FIELDS, "source__slug", "source__name")
    .prefetch_related(
        Prefetch(
            "topic_scores",
            queryset=ArticleTopic.objects.select_related("topic").only(
                "article", "score", "topic__slug"
            ),
        )
    )
)


def checked_search(params, articles=None):
    """The search the parameters ask for, as the page runs it; an unknown source, topic or
    entity is an error here (the page ignores it and says so)."""
    return _checked(search_from_params(params, articles, rows=SUMMARY_ROWS))


def _checked(found):
    # Unbound (no filter given) is no error: the whole archive is searched.
    if found.filterset.is_bound and not found.filterset.is_valid():
        errors = found.filterset.form.errors
        raise BadRequest("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
    return found


def _page_url(request, params) -> str:
    """The search page that shows the same search."""
    return request.build_absolute_uri("/?" + params.urlencode())


@api.get("/search", response={200: SearchOut, **ERRORS}, tags=["search"])
def search(
    request,
    filters: Query[SearchFilters],
    sort: Sort = "relevance",
    facets: bool = True,
    limit: int = Query(20, ge=1, le=1000),  # noqa: B008
    cursor: str | None = None,
):
    """Results with snippets (HTML: escaped text, hits in `<mark>`), their count and facets,
    ranked as the search page ranks them. `sort=date` (newest first) pages by keyset cursor;
    `sort=relevance` by position in the ranking."""
    limit = limit_of(limit)
    asked = params(filters, sort)
    first = search_from_params(asked, rows=SUMMARY_ROWS)
    ranked_by = first.results.sort
    if ranked_by == "date":
        after = cursors.decode(cursor, cursors.NEWEST_KINDS) if cursor else None
        narrowed = (
            Article.objects.filter(cursors.after_newest(*after)) if after else Article.objects.all()
        )
        found = checked_search(asked, narrowed) if after else _checked(first)
        offset = 0
    else:
        found = _checked(first)
        offset = cursors.decode(cursor, (int,))[0] if cursor else 0
        if offset < 0:
            raise BadCursor("This cursor is not one this API gave out.")
    beginning = cursor is None
    # Counted first, as the page's paginator does: an engine that has then read the matches
    # ranks them itself, and the order must be the page's.
    count = first.results.count() if beginning else None
    if ranked_by == "relevance":
        found.results.count()  # every page ranked the same way, as on the page
    page = found.results[offset : offset + limit + 1]
    more, page = len(page) > limit, page[:limit]
    next_cursor = None
    if more and ranked_by == "date":
        next_cursor = cursors.encode(cursors.newest_key(page[-1].published_on, page[-1].pk))
    elif more:
        next_cursor = cursors.encode([offset + limit])
    return {
        "results": [serialize.article_summary(request, a, with_topics=True) for a in page],
        "next_cursor": next_cursor,
        "next": next_url(request, next_cursor),
        "count": count,
        "estimated": first.results.estimated if beginning else False,
        "sort": ranked_by,
        "also_searching": list(first.query.also),
        "facets": (
            facet_counts(first.results.search, total=count) if facets and beginning else None
        ),
        "url": _page_url(request, asked),
    }


@api.get("/search/count", response={200: CountOut, **ERRORS}, tags=["search"])
def search_count(request, filters: Query[SearchFilters]):
    """How many articles match, as the search page counts them (`estimated`: "about")."""
    asked = params(filters)
    results = checked_search(asked).results
    return {
        "count": results.count(),
        "estimated": results.estimated,
        "url": _page_url(request, asked),
    }


@api.get("/search/timeline", response={200: TimelineOut, **ERRORS}, tags=["search"])
def search_timeline(request, filters: Query[SearchFilters], interval: Interval = "month"):
    """Matching articles per day, week (from Monday) or month of publication, and their share
    of all the archive's articles in that period. Undated articles are not counted."""
    search = checked_search(params(filters)).results.search
    return {"interval": interval, "periods": counts_over_time(search.matches(), interval)}


NDJSON = "application/x-ndjson"


@api.get(
    "/search/export.ndjson",
    response={**ERRORS},
    tags=["search"],
    openapi_extra={
        "responses": {
            "200": {
                "description": "One article a line, in the order of the results page.",
                "content": {NDJSON: {"schema": {"type": "string"}}},
            }
        }
    },
)
def search_export(request, filters: Query[SearchFilters], sort: Sort = "relevance"):
    """Every result, no row cap, as NDJSON, streamed a chunk of articles at a time (the fields
    of the search page's JSON export, body included). A stream that would outlast the server's
    time bound ends with a line {"notice": ...}: narrow the dates and fetch the rest."""
    results = checked_search(params(filters, sort)).results
    lines = export.stream_ndjson(
        results,
        base_url=request.build_absolute_uri("/")[:-1],
        show_files=may_see_files(getattr(request, "user", None)),
    )
    return StreamingHttpResponse(lines, content_type=NDJSON)


ARTICLE_ROWS = Article.objects.select_related("source")


@api.get("/articles/{ref}", response={200: ArticleDetail, 304: None, **ERRORS}, tags=["articles"])
def article(request, ref: str):
    """One article by id or slug: metadata with provenance, body, entities, topics, dated
    mentions, quotes, figures, similar articles and story."""
    if re.fullmatch(r"[0-9]{1,18}", ref):
        a = ARTICLE_ROWS.filter(pk=int(ref)).first()
    else:
        a = ARTICLE_ROWS.filter(slug=slug_or_404(ref, "article")).first()
    if a is None:
        raise Http404(f"No article has the id or address “{ref[:100]}”.")
    story = story_of(a)
    topic_scores = list(a.topic_scores.select_related("topic"))
    data = {
        **serialize.article_summary(request, a),
        "topics": {ts.topic.slug: round(ts.score, 4) for ts in topic_scores},
        "body": a.body,
        "provenance": {
            "file_name": file_for(getattr(request, "user", None), a.file_name, a.import_ref),
            "import_ref": a.import_ref,
            "checksum": a.checksum,
            "date_origin": a.date_origin,
            "language_origin": a.language_origin,
            "title_derived": a.title_derived,
            "edited_fields": a.edited_fields,
            "created_at": a.created_at,
            "updated_at": a.updated_at,
        },
        "entities": [
            {"entity": serialize.entity(request, m.entity), "count": m.count}
            for m in a.mentions.select_related("entity").order_by("entity__kind", "-count")
        ],
        "topic_scores": [
            {"topic": serialize.link(request, ts.topic), "score": ts.score, "evidence": ts.evidence}
            for ts in topic_scores
        ],
        "dated_mentions": list(
            a.dated_mentions.values("text", "sentence", "precision", "start", "end", "relative")
        ),
        "quotes": [serialize.quote(request, q) for q in a.quotes.select_related("speaker")],
        "figures": list(
            a.figures.values("text", "kind", "value", "unit", "sentence", "conversion")
        ),
        "similar": [
            {
                "article": serialize.article_summary(request, s.article),
                "score": s.score,
                "kind": s.kind,
                "compare_url": request.build_absolute_uri(s.compare_url),
            }
            for s in similar_to(a)
        ],
        "story": story.pk if story else None,
        "story_url": request.build_absolute_uri(story.get_absolute_url()) if story else None,
    }
    return conditional.answer(api, request, ArticleDetail, data, last_modified=a.updated_at)


@api.get("/entities", response={200: EntityPage, **ERRORS}, tags=["entities"])
def entity_list(
    request,
    kind: Literal["", "person", "organisation", "place"] = "",
    initial: str = Query("", max_length=1),  # noqa: B008
    q: str = Query("", max_length=200),  # noqa: B008
    limit: int = Query(50, ge=1, le=1000),  # noqa: B008
    cursor: str | None = None,
):
    """Entities with their article counts, by name (the entity index's filters: kind, the
    initial of the name, "#" for any other, a part of a name or other name)."""
    if "\x00" in q:
        raise BadRequest("q: a name has no NUL character.")
    if initial not in ("", "#") and not (initial.isascii() and initial.isalpha()):
        raise BadRequest("initial: a letter from A to Z, or #.")
    limit = limit_of(limit)
    rows = indexes.entity_filter(kind=kind, initial=initial.upper(), q=q).order_by("name", "pk")
    if cursor:
        rows = rows.filter(cursors.after_name(*cursors.decode(cursor, cursors.NAME_KINDS)))
    page = list(rows[: limit + 1])
    more, page = len(page) > limit, page[:limit]
    next_cursor = cursors.encode([page[-1].name, page[-1].pk]) if more else None
    return {
        "results": [serialize.entity(request, e) for e in page],
        "next_cursor": next_cursor,
        "next": next_url(request, next_cursor),
    }


def _entity(slug: str) -> Entity:
    slug_or_404(slug, "entity")
    e = Entity.objects.prefetch_related("aliases").filter(slug=slug).first()
    if e is None:
        if survivor := survivor_of(slug):
            return _entity(survivor.slug)
        raise Http404(f"No entity has the address “{slug[:100]}”.")
    return e


@api.get("/entities/{slug}", response={200: EntityDetail, 304: None, **ERRORS}, tags=["entities"])
def entity_detail(request, slug: str):
    """One entity (a merged one's old address answers for the entity it became): its other
    names, its articles per month, who appears with it, how many quotes it has."""
    e = _entity(slug)
    data = {
        **serialize.entity(request, e),
        "article_count": e.article_count,
        "other_names": [a.name for a in e.aliases.all() if a.name != e.name],
        "months": counts_over_time(Article.objects.mentioning(e), "month"),
        "co_occurring": [
            {"entity": serialize.entity(request, other), "shared": other.shared}
            for other in indexes.co_occurring(e)
        ],
        "quote_count": indexes.quotes_of(e).count(),
    }
    return conditional.answer(api, request, EntityDetail, data)


def _article_rows():
    return SUMMARY_ROWS.all()


def _newest_page(request, rows, limit: int, cursor: str | None):
    limit = limit_of(limit)
    rows = rows.newest_first()
    if cursor:
        rows = rows.filter(cursors.after_newest(*cursors.decode(cursor, cursors.NEWEST_KINDS)))
    page = list(rows[: limit + 1])
    more, page = len(page) > limit, page[:limit]
    next_cursor = (
        cursors.encode(cursors.newest_key(page[-1].published_on, page[-1].pk)) if more else None
    )
    return {
        "results": [serialize.article_summary(request, a, with_topics=True) for a in page],
        "next_cursor": next_cursor,
        "next": next_url(request, next_cursor),
    }


@api.get("/entities/{slug}/articles", response={200: ArticlePage, **ERRORS}, tags=["entities"])
def entity_articles(
    request,
    slug: str,
    limit: int = Query(20, ge=1, le=1000),  # noqa: B008
    cursor: str | None = None,
):
    """The articles that mention the entity, newest first."""
    return _newest_page(request, _article_rows().mentioning(_entity(slug)), limit, cursor)


@api.get("/entities/{slug}/quotes", response={200: QuotePage, **ERRORS}, tags=["entities"])
def entity_quotes(
    request,
    slug: str,
    limit: int = Query(20, ge=1, le=1000),  # noqa: B008
    cursor: str | None = None,
):
    """What the entity said, by article newest first, in the order of each text."""
    limit = limit_of(limit)
    e = _entity(slug)
    rows = (
        Quote.objects.filter(speaker=e)
        .select_related("article__source", "speaker")
        .order_by("-article__published_on", "-article_id", "position")
    )
    if cursor:
        published_on, article_id, position = cursors.decode(cursor, (dt.date, int, int))
        after = cursors.after_newest(published_on, article_id, "article__") | _same_article(
            article_id, position
        )
        rows = rows.filter(after)
    page = list(rows[: limit + 1])
    more, page = len(page) > limit, page[:limit]
    next_cursor = None
    if more:
        last = page[-1]
        next_cursor = cursors.encode(
            [*cursors.newest_key(last.article.published_on, last.article_id), last.position]
        )
    return {
        "results": [
            {**serialize.quote(request, q), "article": serialize.article_summary(request, a)}
            for q in page
            if (a := q.article)
        ],
        "next_cursor": next_cursor,
        "next": next_url(request, next_cursor),
    }


def _same_article(article_id: int, position: int):
    return Q(article_id=article_id, position__gt=position)


@api.get("/topics", response={200: TopicList, **ERRORS}, tags=["topics"])
def topic_list(request):
    """Every topic with its article count (a short list: no paging)."""
    topics = Topic.objects.annotate(article_count=Count("article_scores")).order_by("name")
    return {"results": [serialize.topic(request, t) for t in topics]}


@api.get("/topics/{slug}", response={200: TopicDetail, **ERRORS}, tags=["topics"])
def topic_detail(
    request,
    slug: str,
    source: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    key_events: int = Query(10, ge=0, le=1000, description="how many key events (0: none)"),
):
    """The topic's timeline as its page shows it: its key events (most important first), the
    events its coverage mentions, and its articles per month."""
    t = get_object_or_404(Topic, slug=slug_or_404(slug, "topic"))
    source_obj = None
    if source:
        source_obj = SLUG.fullmatch(source) and Source.objects.filter(slug=source).first()
        if not source_obj:
            raise BadRequest(f"source: no source has the address “{source[:100]}”.")
    view = timelines.topic_timeline(
        t,
        source=source_obj,
        date_from=date_from,
        date_to=date_to,
        mentions=True,
        events=key_events,
        order="importance",
    )
    page = serialize.page_url(request, t)
    return {
        **serialize.topic(request, t),
        "article_count": t.article_scores.count(),
        "keywords": t.keyword_list,
        "events": [
            {
                "label": ev.label,
                "precision": ev.precision,
                "start": ev.start,
                "end": ev.end,
                "sentence": ev.sentence,
                "articles": [serialize.link(request, a) for a in ev.articles],
                "source_count": ev.source_count,
            }
            for ev in view.events
        ],
        "key_events": [
            {
                "date": event.day,
                "summary": [
                    {
                        "sentence": told.sentence,
                        "article": told.article and serialize.link(request, told.article),
                        "provenance": told.provenance,
                    }
                    for told in event.summary
                ],
                "article_count": event.article_count,
                "source_count": event.source_count,
                "named_count": event.named_count,
                "edited": event.edited,
                "articles": [serialize.link(request, a) for a in event.articles],
                "url": f"{page}#{event.anchor}",
            }
            for event in view.key_events
        ],
        "events_total": view.events_total,
        "months": counts_over_time(
            Article.objects.filter(pk__in=view.dated.values("article_id")), "month"
        ),
    }


@api.get("/topics/{slug}/articles", response={200: ArticlePage, **ERRORS}, tags=["topics"])
def topic_articles(
    request,
    slug: str,
    limit: int = Query(20, ge=1, le=1000),  # noqa: B008
    cursor: str | None = None,
):
    """The topic's articles, newest first."""
    t = get_object_or_404(Topic, slug=slug_or_404(slug, "topic"))
    return _newest_page(request, _article_rows().for_topic(t), limit, cursor)


@api.get("/sources", response={200: SourceList, **ERRORS}, tags=["sources"])
def source_list(request):
    """Every source with its article count, by name."""
    return {"results": [serialize.source(request, s) for s in indexes.source_index()]}


@api.get("/sources/{slug}", response={200: SourceOut, **ERRORS}, tags=["sources"])
def source_detail(request, slug: str):
    s = get_object_or_404(Source, slug=slug_or_404(slug, "source"))
    return serialize.source(request, s)


@api.get("/sources/{slug}/articles", response={200: ArticlePage, **ERRORS}, tags=["sources"])
def source_articles(
    request,
    slug: str,
    limit: int = Query(20, ge=1, le=1000),  # noqa: B008
    cursor: str | None = None,
):
    """The source's articles, newest first."""
    s = get_object_or_404(Source, slug=slug_or_404(slug, "source"))
    return _newest_page(request, _article_rows().filter(source=s), limit, cursor)


@api.get("/stories/{story_id}", response={200: StoryOut, **ERRORS}, tags=["stories"])
def story(request, story_id: int = Path(..., ge=1, le=BIGINT)):  # noqa: B008
    """A story: the articles that rewrite or copy one another, by date."""
    found = story_overview(get_object_or_404(Story, pk=story_id))
    return {
        "id": found.story.pk,
        "url": request.build_absolute_uri(found.story.get_absolute_url()),
        "earliest": found.earliest.slug if found.earliest else None,
        "articles": [serialize.article_summary(request, a) for a in found.articles],
    }


@api.get("/compare", response={200: CompareOut, **ERRORS}, tags=["articles"])
def compare(request, a: str, b: str):
    """Two articles side by side: the aligned sentences and the summary the compare page
    shows (score, sentences only in one, entities in both or one, figures and dates)."""
    try:
        wanted = parse_request(request.GET)
    except BadComparison as exc:
        raise BadRequest(str(exc)) from None
    found = {x.slug: x for x in ARTICLE_ROWS.filter(slug__in=[wanted.a, wanted.b])}
    for slug in (wanted.a, wanted.b):
        if slug not in found:
            raise Http404(f"No article has the address “{slug}”.")
    c = compare_articles(found[wanted.a], found[wanted.b])

    def segments(side):
        return None if side is None else [{"text": s.text, "changed": s.changed} for s in side]

    def pairs(items):
        return [{"a": p.a.text, "b": p.b.text} for p in items]

    return {
        "a": serialize.article_summary(request, c.a),
        "b": serialize.article_summary(request, c.b),
        "url": request.build_absolute_uri(compare_url(c.a, c.b)),
        "score": {
            "share": c.score.share,
            "jaccard": c.score.jaccard,
            "aligned": c.score.aligned,
            "contained": c.score.contained,
            "kind": c.kind,
        },
        "only_a": c.only_a,
        "only_b": c.only_b,
        "rows": [
            {"left": segments(r.left), "right": segments(r.right), "ratio": r.ratio} for r in c.rows
        ],
        "entities_both": [serialize.entity(request, e) for e in c.entities_both],
        "entities_only_a": [serialize.entity(request, e) for e in c.entities_only_a],
        "entities_only_b": [serialize.entity(request, e) for e in c.entities_only_b],
        "figures_agree": pairs(c.figures.agree),
        "figures_conflict": pairs(c.figures.conflict),
        "dates_conflict": pairs(c.dates.conflict),
    }

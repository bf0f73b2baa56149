"""Models and page values as the plain dicts the schemas describe. Links are absolute, to the
HTML page that shows the same thing."""

import re
from functools import cache

from django.urls import get_script_prefix

from articles.models import Article, Entity, Source, Topic

PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


@cache
def _page_prefix(model, script_prefix: str) -> str:
    """The path of `model`'s pages up to the slug, reversed once (per script prefix):
    reversing every row's and its source's address cost a fifth of a results page's time."""
    return model(slug="-").get_absolute_url().removesuffix("-/")


def _site(request) -> str:
    """The scheme and host every link starts with, computed once per request."""
    site = getattr(request, "_api_site", None)
    if site is None:
        site = request._api_site = request.build_absolute_uri("/")[:-1]
    return site


def page_url(request, obj) -> str:
    """The absolute address of the page of a source, topic, entity or article."""
    if type(obj) in (Article, Entity, Source, Topic) and PLAIN_SLUG.fullmatch(obj.slug):
        return f"{_site(request)}{_page_prefix(type(obj), get_script_prefix())}{obj.slug}/"
    return absolute(request, obj.get_absolute_url())  # reverse() quotes what needs it


def link(request, obj) -> dict:
    return {"slug": obj.slug, "name": str(obj), "url": page_url(request, obj)}


def _listed(request, obj, *fields: str) -> dict:
    """A source, topic or entity as its list shows it: address, name, its own `fields`, link
    and, where the query counted them, its articles."""
    return {
        "slug": obj.slug,
        "name": obj.name,
        **{name: getattr(obj, name) for name in fields},
        "url": page_url(request, obj),
        "article_count": getattr(obj, "article_count", None),
    }


def source(request, s: Source) -> dict:
    return _listed(request, s, "domain")


def topic(request, t: Topic) -> dict:
    return _listed(request, t, "description")


def entity(request, e: Entity) -> dict:
    return _listed(request, e, "kind")


def article_summary(request, a: Article, *, with_topics: bool = False) -> dict:
    """`with_topics`: the article's topic scores are prefetched (topic_scores__topic)."""
    return {
        "id": a.pk,
        "slug": a.slug,
        "title": a.title,
        "source": link(request, a.source),
        "byline": a.byline,
        "published_on": a.published_on,
        "date_origin": a.date_origin,
        "language": a.language,
        "original_url": a.url,
        "url": page_url(request, a),
        "snippet": str(a.snippet) if getattr(a, "snippet", None) else None,
        "topics": (
            {ts.topic.slug: round(ts.score, 4) for ts in a.topic_scores.all()}
            if with_topics
            else {}
        ),
    }


def quote(request, q) -> dict:
    return {
        "text": q.text,
        "sentence": q.sentence,
        "speaker": entity(request, q.speaker) if q.speaker_id else None,
        "speaker_name": q.speaker_name,
    }

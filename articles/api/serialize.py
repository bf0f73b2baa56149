"""Models and page values as the plain dicts the schemas describe. Links are absolute, to the
HTML page that shows the same thing."""

from articles.models import Article, Entity, Source, Topic


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def link(request, obj) -> dict:
    return {"slug": obj.slug, "name": str(obj), "url": absolute(request, obj.get_absolute_url())}


def _listed(request, obj, *fields: str) -> dict:
    """A source, topic or entity as its list shows it: address, name, its own `fields`, link
    and, where the query counted them, its articles."""
    return {
        "slug": obj.slug,
        "name": obj.name,
        **{name: getattr(obj, name) for name in fields},
        "url": absolute(request, obj.get_absolute_url()),
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
        "original_url": a.url,
        "url": absolute(request, a.get_absolute_url()),
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

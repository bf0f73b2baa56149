"""Models and page values as the plain dicts the schemas describe. Links are absolute, to the
HTML page that shows the same thing."""

from articles.models import Article, Entity, Source, Topic


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def link(request, obj) -> dict:
    return {"slug": obj.slug, "name": str(obj), "url": absolute(request, obj.get_absolute_url())}


def source(request, s: Source) -> dict:
    return {
        "slug": s.slug,
        "name": s.name,
        "domain": s.domain,
        "url": absolute(request, s.get_absolute_url()),
        "article_count": getattr(s, "article_count", None),
    }


def topic(request, t: Topic) -> dict:
    return {
        "slug": t.slug,
        "name": t.name,
        "description": t.description,
        "url": absolute(request, t.get_absolute_url()),
        "article_count": getattr(t, "article_count", None),
    }


def entity(request, e: Entity) -> dict:
    return {
        "slug": e.slug,
        "name": e.name,
        "kind": e.kind,
        "url": absolute(request, e.get_absolute_url()),
        "article_count": getattr(e, "article_count", None),
    }


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


def facets(f) -> dict:
    def values(items):
        return [
            {"label": v.label, "count": v.count, "params": v.params, "kind": v.kind} for v in items
        ]

    return {
        "sources": values(f.sources),
        "topics": values(f.topics),
        "entities": values(f.entities),
        "years": values(f.years),
        "languages": values(f.languages),
        "approximate": f.approximate,
    }

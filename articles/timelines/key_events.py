"""Key events: the days a body of coverage (a topic, a search, an entity, a source) says the
most important things happened, each with its summary and its evidence, read from the
database and chosen by `articles.analysis.key_dates`. Editors' corrections of a topic's
timeline (hidden, moved or merged days, rewritten summaries) are applied last, so a
re-analysis, which only rewrites the rows they are chosen from, keeps them."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from articles.analysis import key_dates
from articles.analysis.sentences import split_sentences
from articles.models import Article, DatedMention, TimelineCorrection
from articles.timelines.events import date_label

# Opening sentences read per article of a key day, and articles read per day, for summaries.
OPENING_SENTENCES = 10
OPENINGS_PER_DAY = 40
OPENING_CHARS = 3000
EVIDENCE_LISTED = 20  # articles listed under an event; the count says how many in all


@dataclass
class SummarySentence:
    sentence: str
    article: Article
    provenance: str  # "written", "resolved" or "published"


@dataclass
class KeyEvent:
    day: dt.date
    score: float
    article_count: int
    source_count: int
    named_count: int  # articles whose text names the day (the rest were published on it)
    summary: list[SummarySentence] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)  # the first EVIDENCE_LISTED
    edited: bool = False  # an editor moved, merged or rewrote it

    @property
    def label(self) -> str:
        return date_label("day", self.day, self.day)

    @property
    def summary_sentences(self) -> list[str]:
        return [s.sentence for s in self.summary]

    @property
    def more_articles(self) -> int:
        return self.article_count - len(self.articles)

    @property
    def anchor(self) -> str:
        return f"event-{self.day.isoformat()}"


def _day_mentions(articles: QuerySet) -> QuerySet:
    return DatedMention.objects.filter(
        Q(precision=DatedMention.Precision.DAY)
        | Q(precision=DatedMention.Precision.RANGE, start=F("end")),
        article__in=articles,
    ).exclude(start=None)


def key_events(
    articles: QuerySet,
    *,
    limit: int | None,
    keywords=(),
    topic=None,
    within=(None, None),
) -> list[KeyEvent]:
    """The `limit` key events of `articles` (None: every day), most important first, on days
    `within` (first, last; either None). With `topic`, its editors' corrections apply."""
    corrections = (
        {c.day: c for c in TimelineCorrection.objects.filter(topic=topic)} if topic else {}
    )
    publications = [
        key_dates.Publication(pk, source, day)
        for pk, source, day in articles.exclude(published_on=None).values_list(
            "pk", "source_id", "published_on"
        )
    ]
    mentions = [
        key_dates.DayMention(article, source, day, "", resolved)
        for article, source, day, resolved in _day_mentions(articles).values_list(
            "article_id", "article__source_id", "start", "relative"
        )
    ]
    if corrections:
        publications, mentions = _corrected(publications, mentions, corrections)
    first, last = within
    if first or last:
        first, last = first or dt.date.min, last or dt.date.max
        publications = [p for p in publications if first <= p.day <= last]
        mentions = [m for m in mentions if first <= m.day <= last]
    wanted = None if limit is None else limit + len(corrections)
    chosen = key_dates.choose_days(mentions, publications, limit=wanted)
    chosen = [day for day in chosen if day.day not in corrections or corrections[day.day].shown]
    if limit is not None:
        chosen = chosen[:limit]
    return _events(articles, chosen, keywords, corrections)


def _corrected(publications, mentions, corrections):
    """Evidence of a day an editor moved (or merged into another) counts for its new day."""
    moved = {day: c.moved_to for day, c in corrections.items() if c.moved_to}
    publications = [
        key_dates.Publication(p.article, p.source, moved.get(p.day, p.day)) for p in publications
    ]
    mentions = [
        key_dates.DayMention(m.article, m.source, moved.get(m.day, m.day), m.sentence, m.resolved)
        for m in mentions
    ]
    return publications, mentions


def _events(articles, chosen, keywords, corrections) -> list[KeyEvent]:
    if not chosen:
        return []
    moved_from = defaultdict(list)  # new day -> the days an editor moved into it
    for day, correction in corrections.items():
        if correction.moved_to:
            moved_from[correction.moved_to].append(day)
    wanted = {}
    for key in chosen:
        for day in [key.day, *moved_from.get(key.day, [])]:
            wanted[day] = key.day
    candidates: dict[dt.date, list[key_dates.Candidate]] = defaultdict(list)
    for article, day, sentence, resolved in (
        _day_mentions(articles)
        .filter(start__in=list(wanted))
        .order_by("article_id", "position")
        .values_list("article_id", "start", "sentence", "relative")
    ):
        provenance = "resolved" if resolved else "written"
        candidates[wanted[day]].append(key_dates.Candidate(article, sentence, provenance))
    openings = articles.filter(published_on__in=list(wanted)).order_by("published_on", "pk")
    per_day = defaultdict(int)
    for pk, day, body in openings.values_list("pk", "published_on", "body"):
        if per_day[day] >= OPENINGS_PER_DAY:
            continue
        per_day[day] += 1
        for sentence in split_sentences(body[:OPENING_CHARS])[:OPENING_SENTENCES]:
            candidates[wanted[day]].append(key_dates.Candidate(pk, sentence, "published"))
    key_dates.summarise(chosen, candidates, keywords=keywords)
    needed = {c.article for key in chosen for c in key.summary}
    for key in chosen:
        needed.update(sorted(key.articles)[:EVIDENCE_LISTED])
    by_pk = Article.objects.select_related("source").in_bulk(needed)
    rewritten = {}  # day -> an editor's summary, on the day the event now has
    for day, correction in corrections.items():
        if correction.summary and not correction.hidden:
            rewritten[correction.moved_to or day] = correction.summary
    events = []
    for key in chosen:
        correction = corrections.get(key.day)
        summary = [
            SummarySentence(c.sentence, by_pk[c.article], c.provenance)
            for c in key.summary
            if c.article in by_pk
        ]
        if key.day in rewritten:
            summary = [SummarySentence(rewritten[key.day], None, "editor")]
        listed = sorted(
            (by_pk[pk] for pk in key.articles if pk in by_pk),
            key=lambda a: (a.published_on or dt.date.min, a.pk),
        )
        events.append(
            KeyEvent(
                day=key.day,
                score=key.score,
                article_count=len(key.articles),
                source_count=len(key.sources),
                named_count=len(key.named_by),
                summary=summary,
                articles=listed[:EVIDENCE_LISTED],
                edited=bool(correction or moved_from.get(key.day)),
            )
        )
    return events


def baseline(articles: QuerySet, *, limit: int) -> dict[str, list[str]]:
    """The date-wise baseline of the literature: days ranked by how many sentences name them,
    each told by the first sentence that does. For the benchmark, to show what the choice
    above adds."""
    counts: dict[dt.date, int] = defaultdict(int)
    first: dict[dt.date, str] = {}
    for day, sentence in (
        _day_mentions(articles).order_by("article_id", "position").values_list("start", "sentence")
    ):
        counts[day] += 1
        first.setdefault(day, sentence)
    ranked = sorted(counts, key=lambda d: (-counts[d], d))[:limit]
    return {day.isoformat(): [first[day]] for day in ranked}


def topic_key_events(topic, *, limit: int | None, source=None) -> list[KeyEvent]:
    articles = Article.objects.for_topic(topic)
    if source is not None:
        articles = articles.filter(source=source)
    return key_events(articles, limit=limit, keywords=topic.keyword_list, topic=topic)


def baseline_timeline(topic, *, limit: int) -> dict[str, list[str]]:
    return baseline(Article.objects.for_topic(topic), limit=limit)

"""Key events: the days a body of coverage (a topic, a search, an entity, a source) says the
most important things happened, each with its summary and its evidence, read from the
database and chosen by `articles.analysis.key_dates`. Editors' corrections of a topic's
timeline (hidden, moved or merged days, rewritten summaries) are applied last, so a
re-analysis, which only rewrites the rows they are chosen from, keeps them."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Min, Q, QuerySet
from django.db.models.functions import Left

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
    article: Article | None  # None: an editor's summary
    provenance: str  # "written", "resolved", "published" or "editor"


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
    """The articles' mentions of one day, those counted from their own date left out."""
    own_day = Q()
    for word in key_dates.OWN_DAY_WORDS:
        own_day |= Q(text__iexact=word)
    for ending in key_dates.OWN_DAY_ENDINGS:
        own_day |= Q(text__iendswith=ending)
    return (
        DatedMention.objects.filter(
            Q(precision=DatedMention.Precision.DAY)
            | Q(precision=DatedMention.Precision.RANGE, start=F("end")),
            article__in=articles,
        )
        .exclude(start=None)
        .exclude(own_day)
    )


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
    moved = {day: c.moved_to for day, c in corrections.items() if c.moved_to}
    counts = key_dates.merged(_day_counts(articles, within), moved)
    span = articles.exclude(published_on=None).aggregate(Min("published_on"), Max("published_on"))
    first_day, last_day = span["published_on__min"], span["published_on__max"]
    wanted = None if limit is None else limit + len(corrections)
    chosen = key_dates.choose_days(
        counts, span=(first_day, last_day) if first_day else None, limit=wanted
    )
    chosen = [day for day in chosen if day.day not in corrections or corrections[day.day].shown]
    if limit is not None:
        chosen = chosen[:limit]
    return _events(articles, chosen, keywords, corrections)


def _day_counts(articles: QuerySet, within) -> list[key_dates.DayCount]:
    """Per day, in two grouped queries: the articles naming it (and how many of those were
    published on it), and the articles published on it."""
    first, last = within
    mentions = _day_mentions(articles)
    published = articles.exclude(published_on=None)
    if first:
        mentions = mentions.filter(start__gte=first)
        published = published.filter(published_on__gte=first)
    if last:
        mentions = mentions.filter(start__lte=last)
        published = published.filter(published_on__lte=last)
    rows: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0])
    named = (
        mentions.order_by()
        .values("start")
        .annotate(
            named=Count("article", distinct=True),
            own=Count("article", distinct=True, filter=Q(article__published_on=F("start"))),
        )
    )
    for day, count, own in named.values_list("start", "named", "own"):
        rows[day][0], rows[day][2] = count, own
    on_day = published.order_by().values("published_on").annotate(n=Count("pk"))
    for day, count in on_day.values_list("published_on", "n"):
        rows[day][1] = count
    return [key_dates.DayCount(day, *row) for day, row in rows.items()]


def _events(articles, chosen, keywords, corrections) -> list[KeyEvent]:
    if not chosen:
        return []
    moved_from = defaultdict(list)  # new day -> the days an editor moved into it
    for day, correction in corrections.items():
        if correction.moved_to:
            moved_from[correction.moved_to].append(day)
    wanted = {}  # a day whose evidence is read -> the key day it counts for
    for key in chosen:
        for day in [key.day, *moved_from.get(key.day, [])]:
            wanted[day] = key.day
    evidence: dict[dt.date, dict[int, int]] = defaultdict(dict)  # day -> article -> source
    naming: dict[dt.date, set[int]] = defaultdict(set)
    candidates: dict[dt.date, list[key_dates.Candidate]] = defaultdict(list)
    for article, source, day, sentence, resolved in (
        _day_mentions(articles)
        .filter(start__in=list(wanted))
        .order_by("article_id", "position")
        .values_list("article_id", "article__source_id", "start", "sentence", "relative")
    ):
        key = wanted[day]
        evidence[key][article] = source
        naming[key].add(article)
        provenance = "resolved" if resolved else "written"
        candidates[key].append(key_dates.Candidate(article, sentence, provenance))
    read = defaultdict(int)
    openings = {}  # the first OPENINGS_PER_DAY articles of each day give opening sentences
    for pk, source, day in (
        articles.filter(published_on__in=list(wanted))
        .order_by("published_on", "pk")
        .values_list("pk", "source_id", "published_on")
    ):
        key = wanted[day]
        evidence[key][pk] = source
        if read[key] < OPENINGS_PER_DAY:
            read[key] += 1
            openings[pk] = key
    bodies = Article.objects.filter(pk__in=list(openings))
    bodies = bodies.annotate(opening=Left("body", OPENING_CHARS))
    for pk, opening in bodies.values_list("pk", "opening"):
        for sentence in split_sentences(opening)[:OPENING_SENTENCES]:
            candidates[openings[pk]].append(key_dates.Candidate(pk, sentence, "published"))
    key_dates.summarise(chosen, candidates, keywords=keywords)
    needed = {c.article for key in chosen for c in key.summary}
    for key in chosen:
        needed.update(sorted(evidence[key.day])[:EVIDENCE_LISTED])
    by_pk = Article.objects.select_related("source").defer("body", "raw_text").in_bulk(needed)
    rewritten = {}  # day -> an editor's summary, on the day the event now has
    for day, correction in corrections.items():
        if correction.summary and not correction.hidden:
            rewritten[correction.moved_to or day] = correction.summary
    events = []
    for key in chosen:
        summary = [
            SummarySentence(c.sentence, by_pk[c.article], c.provenance)
            for c in key.summary
            if c.article in by_pk
        ]
        if key.day in rewritten:
            summary = [SummarySentence(rewritten[key.day], None, "editor")]
        listed = sorted(
            (by_pk[pk] for pk in sorted(evidence[key.day])[:EVIDENCE_LISTED] if pk in by_pk),
            key=lambda a: (a.published_on or dt.date.min, a.pk),
        )
        events.append(
            KeyEvent(
                day=key.day,
                score=key.score,
                article_count=len(evidence[key.day]),
                source_count=len(set(evidence[key.day].values())),
                named_count=len(naming[key.day]),
                summary=summary,
                articles=listed,
                edited=key.day in corrections or bool(moved_from.get(key.day)),
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

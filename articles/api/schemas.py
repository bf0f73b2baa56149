"""What the API answers, as pydantic schemas: the OpenAPI description is made from these,
and every response is checked against them. Dates are ISO 8601; every object has its stable
id (a slug, or a number for stories) and a link to its HTML page."""

import datetime as dt

from ninja import Schema


class Error(Schema):
    detail: str


class Link(Schema):
    slug: str
    name: str
    url: str


class SourceOut(Schema):
    slug: str
    name: str
    domain: str
    url: str
    article_count: int | None = None


class TopicOut(Schema):
    slug: str
    name: str
    description: str
    url: str
    article_count: int | None = None


class EntityOut(Schema):
    slug: str
    name: str
    kind: str
    url: str
    article_count: int | None = None


class ArticleSummary(Schema):
    id: int
    slug: str
    title: str
    source: Link
    byline: str
    published_on: dt.date | None
    date_origin: str
    language: str  # ISO 639-1 ("ru"); "" when unknown
    original_url: str
    url: str
    snippet: str | None = None
    topics: dict[str, float] = {}


class Page(Schema):
    next_cursor: str | None
    next: str | None


class ArticlePage(Page):
    results: list[ArticleSummary]


class FacetOut(Schema):
    label: str
    count: int
    params: dict[str, str | None]
    kind: str = ""


class Facets(Schema):
    sources: list[FacetOut]
    topics: list[FacetOut]
    entities: list[FacetOut]
    years: list[FacetOut]
    languages: list[FacetOut] = []
    approximate: bool


class SearchOut(ArticlePage):
    count: int | None
    estimated: bool
    sort: str
    also_searching: list[str]
    facets: Facets | None
    url: str


class CountOut(Schema):
    count: int
    estimated: bool
    url: str


class PeriodCount(Schema):
    period: dt.date
    count: int
    total: int
    share: float | None


class TimelineOut(Schema):
    interval: str
    periods: list[PeriodCount]


class MentionOut(Schema):
    entity: EntityOut
    count: int


class TopicScore(Schema):
    topic: Link
    score: float
    evidence: list[str]


class DatedMentionOut(Schema):
    text: str
    sentence: str
    precision: str
    start: dt.date | None
    end: dt.date | None
    relative: bool


class QuoteOut(Schema):
    text: str
    sentence: str
    speaker: EntityOut | None
    speaker_name: str


class FigureOut(Schema):
    text: str
    kind: str
    value: float
    unit: str
    sentence: str
    conversion: bool


class SimilarOut(Schema):
    article: ArticleSummary
    score: float
    kind: str
    compare_url: str


class Provenance(Schema):
    file_name: str
    import_ref: str | None
    checksum: str
    date_origin: str
    language_origin: str  # metadata, detected, manual or unknown
    title_derived: bool
    edited_fields: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime


class ArticleDetail(ArticleSummary):
    body: str
    provenance: Provenance
    entities: list[MentionOut]
    topic_scores: list[TopicScore]
    dated_mentions: list[DatedMentionOut]
    quotes: list[QuoteOut]
    figures: list[FigureOut]
    similar: list[SimilarOut]
    story: int | None
    story_url: str | None


class EntityPage(Page):
    results: list[EntityOut]


class CoOccurring(Schema):
    entity: EntityOut
    shared: int


class EntityDetail(EntityOut):
    other_names: list[str]
    months: list[PeriodCount]
    co_occurring: list[CoOccurring]
    quote_count: int


class EntityQuote(QuoteOut):
    article: ArticleSummary


class QuotePage(Page):
    results: list[EntityQuote]


class TopicList(Schema):
    results: list[TopicOut]


class EventOut(Schema):
    label: str
    precision: str
    start: dt.date
    end: dt.date
    sentence: str
    articles: list[Link]
    source_count: int


class TopicDetail(TopicOut):
    keywords: list[str]
    events: list[EventOut]
    events_total: int
    months: list[PeriodCount]


class SourceList(Schema):
    results: list[SourceOut]


class StoryOut(Schema):
    id: int
    url: str
    earliest: str | None
    articles: list[ArticleSummary]


class SegmentOut(Schema):
    text: str
    changed: bool


class ComparedRow(Schema):
    left: list[SegmentOut] | None
    right: list[SegmentOut] | None
    ratio: float


class ClaimPair(Schema):
    a: str
    b: str


class CompareOut(Schema):
    a: ArticleSummary
    b: ArticleSummary
    url: str
    score: dict[str, float | int | str | None]
    only_a: int
    only_b: int
    rows: list[ComparedRow]
    entities_both: list[EntityOut]
    entities_only_a: list[EntityOut]
    entities_only_b: list[EntityOut]
    figures_agree: list[ClaimPair]
    figures_conflict: list[ClaimPair]
    dates_conflict: list[ClaimPair]

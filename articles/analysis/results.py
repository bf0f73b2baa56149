"""The plain values the analysis returns; ingest turns them into rows."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class EntityHit:
    name: str
    kind: str  # "person", "organisation" or "place"
    aliases: frozenset[str]
    count: int


@dataclass(frozen=True)
class TopicScore:
    score: float
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    title: str
    title_derived: bool
    byline: str
    body: str
    sentences: tuple[str, ...]
    entities: tuple[EntityHit, ...] = ()
    topics: dict[str, TopicScore] = field(default_factory=dict)


@dataclass(frozen=True)
class DateMention:
    text: str
    sentence: str
    precision: str  # "day" | "month" | "year" | "range"
    start: datetime.date | None
    end: datetime.date | None
    relative: bool = False


@dataclass(frozen=True)
class Figure:
    text: str  # "$65.7 billion"
    kind: str  # "money" | "percent" | "count"
    value: float  # base units: 65700000000.0
    unit: str  # "USD" | "GBP" | "EUR" | "%" | "people" | ...
    sentence: str

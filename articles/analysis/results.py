"""The plain values the analysis returns; ingest turns them into rows."""

import datetime
from dataclasses import dataclass, field

from articles.analysis.kinds import Kind


class Sentence(str):
    """A sentence of the body, still a plain string to whoever only needs its text, that
    knows where it lies: its paragraph (0-based) and its character offsets in the body."""

    paragraph: int
    start: int
    end: int

    def __new__(cls, text: str, paragraph: int = 0, start: int = 0):
        sentence = super().__new__(cls, text)
        sentence.paragraph, sentence.start, sentence.end = paragraph, start, start + len(text)
        return sentence

    def __reduce__(self):
        return (Sentence, (str(self), self.paragraph, self.start))


@dataclass(frozen=True)
class EntityHit:
    name: str
    kind: Kind
    aliases: frozenset[str]
    count: int
    # Where each mention lies in the body: (start, end) character offsets, in text order.
    spans: tuple[tuple[int, int], ...] = ()


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
    sentences: tuple[Sentence, ...]
    entities: tuple[EntityHit, ...] = ()
    topics: dict[str, TopicScore] = field(default_factory=dict)
    dates: "tuple[DateMention, ...]" = ()
    quotes: "tuple[Quote, ...]" = ()
    figures: "tuple[Figure, ...]" = ()


@dataclass(frozen=True)
class DateMention:
    text: str  # as written: "February 23 to 25, 2023", "Monday"
    sentence: str
    precision: str  # "day" | "month" | "year" | "range"
    start: datetime.date | None  # first day covered (None while relative and unresolved)
    end: datetime.date | None  # last day covered (== start for a day)
    relative: bool = False  # "on Monday", "in June", "last week": resolved against published


@dataclass(frozen=True)
class Quote:
    text: str  # between the quotation marks
    speaker: str | None  # a person or organisation (canonical name), or None
    sentence: str


@dataclass(frozen=True)
class Figure:
    text: str  # "$65.7 billion"
    kind: str  # "money" | "percent" | "count"
    value: float  # base units: 65700000000.0
    unit: str  # "USD" | "GBP" | "EUR" | "%" | "people" | ...
    sentence: str

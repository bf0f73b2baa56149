"""The plain values the analysis returns; ingest turns them into rows."""

from dataclasses import dataclass, field

from articles.analysis.kinds import Kind


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
    sentences: tuple[str, ...]
    entities: tuple[EntityHit, ...] = ()
    topics: dict[str, TopicScore] = field(default_factory=dict)

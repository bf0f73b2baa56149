"""The plain values the analysis returns; ingest turns them into rows."""

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

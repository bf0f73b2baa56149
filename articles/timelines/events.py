"""Events: what the coverage says happened on a date, grouped across articles from their
dated mentions (a wire story rewritten by three outlets is one event)."""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from articles.models import Article, DatedMention

MAX_EVENTS = 300  # dated events listed on a page; the chart counts them all
SIMILAR = 0.3  # word overlap above which two sentences with one date tell of one event
_CONTENT_WORD = re.compile(r"[a-z][a-z'-]{3,}")


@dataclass
class Event:
    """One thing the coverage says happened, with every article that mentions it."""

    precision: str
    start: dt.date
    end: dt.date
    sentence: str
    mentions: list = field(default_factory=list)  # DatedMention rows, article preloaded

    @property
    def label(self) -> str:
        return date_label(self.precision, self.start, self.end)

    @property
    def articles(self) -> list[Article]:
        return list({m.article_id: m.article for m in self.mentions}.values())

    @property
    def source_count(self) -> int:
        return len({m.article.source_id for m in self.mentions})


def date_label(precision: str, start: dt.date, end: dt.date) -> str:
    if precision == "year":
        return str(start.year)
    if precision == "month":
        return start.strftime("%b %Y")
    if precision == "range" and start != end:
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day}–{end.day} {end:%b %Y}"
        return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y}"


def group_events(mentions: Iterable[DatedMention]) -> list[Event]:
    """Mentions of one date whose sentences tell of the same thing become one event, so a wire
    story rewritten by three outlets is listed once with its three articles."""
    events: list[Event] = []
    by_date: dict[tuple, list[tuple[Event, frozenset[str]]]] = {}
    for mention in mentions:
        words = frozenset(_CONTENT_WORD.findall(mention.sentence.casefold()))
        key = (mention.precision, mention.start, mention.end)
        for event, event_words in by_date.get(key, []):
            union = words | event_words
            if union and len(words & event_words) / len(union) >= SIMILAR:
                event.mentions.append(mention)
                break
        else:
            event = Event(mention.precision, mention.start, mention.end, mention.sentence)
            event.mentions.append(mention)
            by_date.setdefault(key, []).append((event, words))
            events.append(event)
    return events

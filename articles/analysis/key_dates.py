"""Key dates of a body of coverage: the days on which the most important things happened, each
told in one or two of the coverage's own sentences.

A day matters when many articles point at it: the articles that name it in their text
(written, or resolved from "on Tuesday" or "yesterday") and, less strongly, the articles
published on it and on the day after (a wire story reports the day before's events). Each
article counts once per day, so one long article that repeats a date does not outweigh
three outlets that each report it. Days far before the first article ("founded in 1948") or
after the last are background, not events; times of day never reach here (the date finder
reads "1805 local time" as a time, and only day-precise dates are candidates).

A day's summary is chosen from the sentences that name it and the opening sentences of the
articles published on it: the ones closest to what all of them say (the centroid of their
words, weighted by how rare each word is in the whole timeline), preferring sentences with
the topic's words, never one that repeats a sentence already chosen for another day.

Pure Python: the pages give it plain rows (articles.timelines.key_events).
"""

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from articles.analysis.wordlists import words

# How far before the first article, and after the last, a named day can still be an event of
# this coverage: stories look back days or weeks ("the explosion on April 20"), background
# looks back years.
BEFORE_COVERAGE = dt.timedelta(days=60)
AFTER_COVERAGE = dt.timedelta(days=7)

# What a publication counts for, beside a text that names the day (1.0).
PUBLISHED_WEIGHT = 0.25
NEXT_DAY_WEIGHT = 0.5
# A day a text names only from its own date ("today", "yesterday", "three days ago") says when
# the article appeared, which the publication weights above already count; it does not name
# the day as one that mattered. Matched on a mention's text, whole or at its end.
OWN_DAY_WORDS = ("today", "tonight", "yesterday", "tomorrow")
OWN_DAY_ENDINGS = (" ago", " earlier", " before")

SUMMARY_SENTENCES = 2
SENTENCE_WORDS = (6, 60)  # shorter is a caption or a heading; longer is a run-on paragraph
KEYWORD_FILTER = True
REPEAT = 0.5  # cosine above which a sentence repeats one already chosen

_QUESTION = re.compile(r"\?[\"”’)]*\s*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
_STOP = words(
    """
    a an the and or but of to in on at for from by with as is are was were be been being it its
    this that these those he she they we you i his her their our your has have had not no than
    then there here said says will would could should may might can also after before over into
    about more most some such which who whom what when where while all any one two new last year
    mr mrs ms
    """
)


@dataclass(frozen=True)
class DayCount:
    """How many articles point at one day: the database counts these, so choosing the days
    reads one row per day, not one per mention."""

    day: dt.date
    named: int = 0  # articles whose text names the day
    published: int = 0  # articles published on the day
    published_naming: int = 0  # of those, the ones whose text also names it


@dataclass(frozen=True)
class Candidate:
    """A sentence that may tell what happened on a day, and where it comes from."""

    article: int
    sentence: str
    provenance: str  # "written", "resolved" or "published" (an opening sentence of that day)


@dataclass
class KeyDate:
    day: dt.date
    score: float
    summary: list = field(default_factory=list)  # Candidates


def choose_days(
    counts: Iterable[DayCount], *, span: tuple[dt.date, dt.date] | None, limit: int | None
) -> list[KeyDate]:
    """The `limit` most important days (all of them when None), most important first;
    `span` is the first and last publication day of the coverage."""
    by_day = {c.day: c for c in counts}
    days = set(by_day)
    if span is not None:
        first, last = span[0] - BEFORE_COVERAGE, span[1] + AFTER_COVERAGE
        days = {day for day in days if first <= day <= last}
    one_day = dt.timedelta(days=1)
    nothing = DayCount(dt.date.min)
    scored = []
    for day in days:
        count = by_day[day]
        after = by_day.get(day + one_day, nothing)
        score = (
            count.named
            + PUBLISHED_WEIGHT * (count.published - count.published_naming)
            + NEXT_DAY_WEIGHT * after.published
        )
        scored.append(KeyDate(day=day, score=score))
    scored.sort(key=lambda k: (-k.score, k.day))
    return scored if limit is None else scored[:limit]


def merged(counts: Iterable[DayCount], moved: dict[dt.date, dt.date]) -> list[DayCount]:
    """`counts` with each day of `moved` counted for the day it was moved to (an editor's
    correction or merge)."""
    total: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0, 0])
    for c in counts:
        row = total[moved.get(c.day, c.day)]
        row[0] += c.named
        row[1] += c.published
        row[2] += c.published_naming
    return [DayCount(day, *row) for day, row in total.items()]


def _words(sentence: str) -> list[str]:
    return [w for w in (m.group().casefold() for m in _WORD.finditer(sentence)) if w not in _STOP]


def summarise(
    days: Sequence[KeyDate],
    candidates: dict[dt.date, list[Candidate]],
    *,
    keywords: Sequence[str] = (),
    sentences: int | None = None,
) -> None:
    """Fill each day's `summary` with up to `sentences` (SUMMARY_SENTENCES) of its candidates
    (see the module)."""
    sentences = SUMMARY_SENTENCES if sentences is None else sentences
    bags = {}
    document_frequency: Counter = Counter()
    for day in days:
        for candidate in candidates.get(day.day, ()):
            if candidate.sentence in bags:
                continue
            words = _words(candidate.sentence)
            bags[candidate.sentence] = Counter(words)
            document_frequency.update(set(words))
    total = max(len(bags), 1)
    idf = {w: math.log((1 + total) / (1 + n)) + 1.0 for w, n in document_frequency.items()}
    key_words = {w.casefold() for phrase in keywords for w in _WORD.findall(phrase)}

    def vector(bag: Counter) -> dict[str, float]:
        return {w: (1 + math.log(n)) * idf.get(w, 1.0) for w, n in bag.items()}

    def cosine(a: dict, b: dict) -> float:
        if not a or not b:
            return 0.0
        dot = sum(v * b.get(w, 0.0) for w, v in a.items())
        norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
        return dot / norm if norm else 0.0

    chosen_vectors: list[dict] = []
    for day in sorted(days, key=lambda k: -k.score):
        pool = {}
        for candidate in candidates.get(day.day, ()):
            count = len(candidate.sentence.split())
            # A question asks what happened rather than saying it.
            if SENTENCE_WORDS[0] <= count <= SENTENCE_WORDS[1] and not _QUESTION.search(
                candidate.sentence
            ):
                pool.setdefault(candidate.sentence, candidate)
        if key_words and KEYWORD_FILTER:
            # The day's sentences about the topic, when it has any: a rocket launch reported
            # the same day is not what the topic's timeline tells.
            on_topic = {s: c for s, c in pool.items() if key_words & bags[s].keys()}
            pool = on_topic or pool
        if not pool:
            continue
        vectors = {s: vector(bags[s]) for s in pool}
        centroid: Counter = Counter()
        for v in vectors.values():
            centroid.update(v)
        picked = []
        for _ in range(sentences):
            best, best_score = None, 0.0
            for sentence, candidate in pool.items():
                v = vectors[sentence]
                if any(cosine(v, other) > REPEAT for other in chosen_vectors):
                    continue
                relevance = cosine(v, centroid)
                if key_words & bags[sentence].keys():
                    relevance *= 1.25
                if candidate.provenance != "published":
                    relevance *= 1.1  # a sentence that names the day tells of that day
                if relevance > best_score:
                    best, best_score = sentence, relevance
            if best is None:
                break
            picked.append(pool.pop(best))
            chosen_vectors.append(vectors[best])
        day.summary = picked

"""Where two articles' facts agree or disagree: their figures and their dated claims.

Two figures agree when they have the same kind and unit and their values are equal to the
precision the less precise one was written with ("$65bn" is 65 ± 1 billion, so it agrees with
"$65.7 billion"). Two that disagree are only a conflict when they measure the same quantity:
the same kind and unit, sentences about the same thing, and no two different nouns written
just before the numbers ("Saudi output of 3 mln bpd" and "the OPEC ceiling of 15.8 mln bpd"
are two quantities). Two dates conflict only when they date the same thing: their sentences
are alike and the days are close enough to be one event (a visit in 2023 and one in 2024 are
two visits), and neither is merely the day the article itself appeared (a dateline). Other
figures and dates about the same thing are "also mentioned", never a conflict.
"""

import calendar
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from articles.analysis.results import DateMention, Figure

# Words a sentence must share (beyond these) for two claims to be about the same thing.
SAME_CONTEXT_WORDS = 2
# What a figure measures is the word written just before it ("output of 3 mln bpd", "the
# OPEC ceiling of 15.8 mln bpd"), past these small words; a verb there ("soared to $48bn",
# "rose 5 pct") says nothing of the quantity.
_BEFORE_MEASURE = frozenset(
    re.findall(
        r"\w+",
        """of at to the a an its their his her our by about some least nearly around almost roughly
    approximately from was were is are be been being reached reach reaches hit hits totalled
    totaled stood stands stand rose rise rises fell fall falls grew grow grows than more less
    over under just only up down for in on with reaching totalling totaling rising falling
    increasing climbing growing""",
    )
)
# Two dated claims further apart than this are two events, not one event dated twice.
SAME_EVENT_DAYS = 14
_STOP = frozenset(
    re.findall(
        r"\w+",
        """
        about after also among been before being between both could during from have having here
        into just last more most much next only other over said says since some such than that
        their them then there these they this those through under until very were what when where
        which while will with would year years month months week weeks today yesterday tomorrow
        january february march april june july august september october november december
        monday tuesday wednesday thursday friday saturday sunday billion million trillion
        percent cent
        """,
    )
)
_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def context_words(sentence: str) -> frozenset[str]:
    """The words of a sentence that say what it is about (no numbers, dates, small words)."""
    found = {w.casefold() for w in _CONTENT_WORD.findall(sentence)}
    return frozenset(found - _STOP)


def shared_context(a: str, b: str) -> int:
    return len(context_words(a) & context_words(b))


_WORDS = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def measure_of(sentence: str, text: str) -> str | None:
    """The noun a figure measures: the word before `text` in `sentence`, past small words and
    verbs; None when there is none or it is a verb or a number."""
    at = sentence.find(text)
    if at <= 0:
        return None
    for word in reversed(_WORDS.findall(sentence[:at].casefold())):
        if word in _BEFORE_MEASURE:
            continue
        if any(c.isdigit() for c in word) or word.endswith("ed") or len(word) < 3:
            return None
        return word
    return None


def same_quantity(a: Figure, b: Figure) -> bool:
    """Whether two figures of one kind and unit, in sentences about the same thing, measure
    the same quantity: not when each names what it measures and the two differ, neither
    sentence naming the other's ("output" against "ceiling")."""
    if shared_context(a.sentence, b.sentence) < SAME_CONTEXT_WORDS:
        return False
    measure_a, measure_b = measure_of(a.sentence, a.text), measure_of(b.sentence, b.text)
    if measure_a and measure_b and measure_a != measure_b:
        words_a = set(_WORDS.findall(a.sentence.casefold()))
        words_b = set(_WORDS.findall(b.sentence.casefold()))
        return measure_a in words_b or measure_b in words_a
    return True


def precision_of(figure: Figure) -> float:
    """The size of one unit in the last digit written, in base units: "$65bn" -> 1e9,
    "$65.7 billion" -> 1e8, "33%" -> 1."""
    match = _NUMBER.search(figure.text)
    if not match:
        return 0.0
    written = match.group().replace(",", "")
    number = float(written)
    decimals = len(written.split(".")[1]) if "." in written else 0
    scale = abs(figure.value / number) if number else 1.0
    return scale * 10.0**-decimals


def figures_agree(a: Figure, b: Figure) -> bool:
    if (a.kind, a.unit) != (b.kind, b.unit):
        return False
    tolerance = max(precision_of(a), precision_of(b))
    # Strictly below one unit: written either rounded or cut off, both fit ("65" for 65.7).
    return abs(a.value - b.value) < tolerance or a.value == b.value


@dataclass(frozen=True)
class FigurePair:
    a: Figure
    b: Figure


@dataclass(frozen=True)
class FigureComparison:
    agree: tuple[FigurePair, ...] = ()
    conflict: tuple[FigurePair, ...] = ()
    also: tuple[FigurePair, ...] = ()  # same kind and unit, different values, not one quantity


def compare_figures(figures_a: Iterable[Figure], figures_b: Iterable[Figure]) -> FigureComparison:
    """Each figure of `a` that agrees with one of `b`, or else conflicts with the one of the same
    quantity whose sentence is most about the same thing, or else is also mentioned beside the
    closest one of the same kind and unit."""
    figures_b = list(figures_b)
    agree, conflict, also = [], [], []
    seen: set[tuple[str, str]] = set()
    for fa in figures_a:
        same_unit = [fb for fb in figures_b if (fb.kind, fb.unit) == (fa.kind, fa.unit)]
        match = next((fb for fb in same_unit if figures_agree(fa, fb)), None)
        if match is None:
            related = [
                fb
                for fb in same_unit
                if shared_context(fa.sentence, fb.sentence) >= SAME_CONTEXT_WORDS
            ]
            if not related:
                continue
            related.sort(key=lambda fb: -shared_context(fa.sentence, fb.sentence))
            alike = [fb for fb in related if same_quantity(fa, fb)]
            match = (alike or related)[0]
            key = (fa.text, match.text)
            if key not in seen:
                seen.add(key)
                (conflict if alike else also).append(FigurePair(fa, match))
            continue
        key = (fa.text, match.text)
        if key not in seen:
            seen.add(key)
            agree.append(FigurePair(fa, match))
    return FigureComparison(tuple(agree), tuple(conflict), tuple(also))


def interval(mention: DateMention) -> tuple[datetime.date, datetime.date] | None:
    """The days a date mention may mean; None when it could not be placed in time."""
    start = mention.start
    if start is None:
        return None
    if mention.end is not None:
        return start, mention.end
    if mention.precision == "month":
        return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if mention.precision == "year":
        return start, datetime.date(start.year, 12, 31)
    return start, start


@dataclass(frozen=True)
class DatePair:
    a: DateMention
    b: DateMention


@dataclass(frozen=True)
class DateComparison:
    agree: tuple[DatePair, ...] = ()
    conflict: tuple[DatePair, ...] = ()
    also: tuple[DatePair, ...] = ()  # about the same thing, but not one event's date


def _overlap(x: tuple[datetime.date, datetime.date], y: tuple[datetime.date, datetime.date]):
    return x[0] <= y[1] and y[0] <= x[1]


def _days_apart(x: tuple[datetime.date, datetime.date], y: tuple[datetime.date, datetime.date]):
    return max((y[0] - x[1]).days, (x[0] - y[1]).days, 0)


def _own_day(span, published: datetime.date | None) -> bool:
    return published is not None and span == (published, published)


def compare_dates(
    dates_a: Sequence[DateMention],
    dates_b: Sequence[DateMention],
    published_a: datetime.date | None = None,
    published_b: datetime.date | None = None,
    *,
    across_languages: bool = False,
) -> DateComparison:
    """Dated claims about the same thing (their sentences share words): a claim of `a` agrees
    when one of them overlaps it in time; it conflicts with the closest one when none does and
    they date the same event (same subject, days close); otherwise it is also mentioned. A
    mention of the article's own publication day (`published_a`/`_b`: its dateline) is the
    day of the report, not of an event, so it never conflicts. `across_languages`: sentences
    in two languages share no words, so a claim agrees with one naming the very same day, and
    nothing is said to conflict."""
    placed_b = [(mb, interval(mb)) for mb in dates_b if interval(mb)]
    if across_languages:
        days_b = {span: mb for mb, span in placed_b if span[0] == span[1]}
        same_day = [DatePair(ma, days_b[interval(ma)]) for ma in dates_a if interval(ma) in days_b]
        return DateComparison(tuple(same_day), (), ())
    agree, conflict, also = [], [], []
    for ma in dates_a:
        span = interval(ma)
        if span is None:
            continue
        related = [
            (shared_context(ma.sentence, mb.sentence), mb, span_b)
            for mb, span_b in placed_b
            if shared_context(ma.sentence, mb.sentence) >= SAME_CONTEXT_WORDS
        ]
        if not related:
            continue
        overlapping = [item for item in related if _overlap(span, item[2])]
        if overlapping:
            agree.append(DatePair(ma, max(overlapping, key=lambda item: item[0])[1]))
            continue
        one_event = [
            item
            for item in related
            if _days_apart(span, item[2]) <= SAME_EVENT_DAYS
            and not _own_day(span, published_a)
            and not _own_day(item[2], published_b)
        ]
        if one_event:
            conflict.append(DatePair(ma, max(one_event, key=lambda item: item[0])[1]))
        else:
            also.append(DatePair(ma, max(related, key=lambda item: item[0])[1]))
    return DateComparison(tuple(agree), tuple(conflict), tuple(also))

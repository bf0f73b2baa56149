"""Where two articles' facts agree or disagree: their figures and their dated claims.

Two figures are about the same thing when they have the same kind and unit; they agree when
their values are equal to the precision the less precise one was written with ("$65bn" is
65 ± 1 billion, so it agrees with "$65.7 billion"). Two figures or dates that disagree are
only called a conflict when their sentences share enough words to be about the same thing:
otherwise every two amounts of money would conflict.
"""

import calendar
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from articles.analysis.results import DateMention, Figure

# Words a sentence must share (beyond these) for two claims to be about the same thing.
SAME_CONTEXT_WORDS = 2
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


def compare_figures(figures_a: Iterable[Figure], figures_b: Iterable[Figure]) -> FigureComparison:
    """Each figure of `a` that agrees with one of `b`, or else conflicts with the one of the same
    kind and unit whose sentence is most about the same thing."""
    figures_b = list(figures_b)
    agree, conflict = [], []
    seen: set[tuple[str, str]] = set()
    for fa in figures_a:
        same_unit = [fb for fb in figures_b if (fb.kind, fb.unit) == (fa.kind, fa.unit)]
        match = next((fb for fb in same_unit if figures_agree(fa, fb)), None)
        if match is None:
            related = [
                (shared_context(fa.sentence, fb.sentence), fb)
                for fb in same_unit
                if shared_context(fa.sentence, fb.sentence) >= SAME_CONTEXT_WORDS
            ]
            if related:
                match = max(related, key=lambda item: item[0])[1]
                key = (fa.text, match.text)
                if key not in seen:
                    seen.add(key)
                    conflict.append(FigurePair(fa, match))
            continue
        key = (fa.text, match.text)
        if key not in seen:
            seen.add(key)
            agree.append(FigurePair(fa, match))
    return FigureComparison(tuple(agree), tuple(conflict))


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


def _overlap(x: tuple[datetime.date, datetime.date], y: tuple[datetime.date, datetime.date]):
    return x[0] <= y[1] and y[0] <= x[1]


def compare_dates(dates_a: Sequence[DateMention], dates_b: Sequence[DateMention]) -> DateComparison:
    """Dated claims about the same thing (their sentences share words): a claim of `a` agrees
    when one of them overlaps it in time, and conflicts with the closest one when none does."""
    placed_b = [(mb, interval(mb)) for mb in dates_b if interval(mb)]
    agree, conflict = [], []
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
        else:
            conflict.append(DatePair(ma, max(related, key=lambda item: item[0])[1]))
    return DateComparison(tuple(agree), tuple(conflict))

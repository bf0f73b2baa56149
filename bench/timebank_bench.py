"""Dates against TimeBank 1.2: span F1 (strict and relaxed), value F1, and false dates.

    python bench/timebank_bench.py [--data DIR] [--limit N] [--show]

Reads the TimeML files of `../shared/data/dates-timebank` (or `--data DIR`) where they lie,
never copying them into the project (research use only), and scores as that folder's README
and the data README say, as in TempEval-3:

- each document's `<TEXT>`, tags removed, is analysed as an article published on the day of its
  creation time (the `TIMEX3` with `functionInDocument="CREATION_TIME"`);
- strict: a predicted date whose span is a gold `TIMEX3`'s span exactly; relaxed: one that
  overlaps it; value: a relaxed match whose normalised value is the gold `value`. Precision is
  over the predicted dates, recall over the gold timexes, F1 their harmonic mean;
- for type DATE (the gold's DATE timexes against every predicted date) and for all types;
- false dates: predictions that overlap no gold timex of any type.

The archive reports dates only (no times, durations or sets), so "all types" mostly measures
what it does not try to find. Dates need no names, so the analysis runs without the NER model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from textspans import FlatText  # noqa: E402

from articles.analysis.dates import TimeReference  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "dates-timebank"

_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True)
class Document:
    name: str
    text: str  # the <TEXT> element with its tags removed and entities decoded
    published: dt.date | None
    timexes: tuple[Timex, ...]


def read_document(path: Path) -> Document:
    xml = path.read_text(encoding="utf-8")
    published = None
    for match in re.finditer(r"<TIMEX3([^>]*)>", xml):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        if attributes.get("functionInDocument") == "CREATION_TIME":
            published = _day(attributes.get("value", ""))
            break
    body = re.search(r"<TEXT>(.*)</TEXT>", xml, re.DOTALL)
    text, timexes = _strip_tags(body.group(1) if body else "")
    return Document(path.stem, text, published, tuple(timexes))


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _strip_tags(marked: str) -> tuple[str, list[Timex]]:
    """The text without tags, and each TIMEX3 with its offsets in that text."""
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict] | None = None
    timexes = []
    cursor = 0
    for match in _TAG.finditer(marked):
        chunk = html.unescape(marked[cursor : match.start()])
        out.append(chunk)
        length += len(chunk)
        cursor = match.end()
        closing, name = match.group(1), match.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTRIBUTE.findall(match.group(3))))
        elif open_timex is not None:
            start, attributes = open_timex
            kind, value = attributes.get("type", ""), attributes.get("value", "")
            timexes.append(Timex(start, length, kind, value, "".join(out)[start:length]))
            open_timex = None
    out.append(html.unescape(marked[cursor:]))
    return "".join(out), timexes


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    text: str
    value: str | None


SEASONS = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}


def value_of(mention) -> str | None:
    """A DateMention's value written as TimeML writes it: a day, a month, a year, an ISO week
    or a quarter; None when unresolved or when the span is none of these."""
    start, end = mention.start, mention.end
    if start is None or end is None:
        return None
    if start == end:
        return start.isoformat()
    next_day = end + dt.timedelta(days=1)
    if start.day == 1 and next_day.day == 1:
        if start.month == 1 and next_day.month == 1 and next_day.year == start.year + 1:
            return f"{start.year:04d}"
        months = (next_day.year - start.year) * 12 + next_day.month - start.month
        if months == 1:
            return f"{start.year:04d}-{start.month:02d}"
        if months == 3 and start.month % 3 == 1:
            return f"{start.year:04d}-Q{(start.month + 2) // 3}"
        if months == 3:  # the archive's seasons begin in March, June, September, December
            return f"{start.year:04d}-{SEASONS[start.month]}"
        if months == 6 and start.month in (1, 7):
            return f"{start.year:04d}-H{(start.month + 5) // 6}"
    if (end - start).days == 6 and start.weekday() == 0:
        year, week, _ = start.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return None


UNLOCATED: list[str] = []  # dates reported whose text was not found in the source


def locate(text: str, mentions) -> list[Predicted]:
    """Offsets in `text` of each reported date (or reference): its sentence is found first (in
    text order), then the date's text inside it."""
    source = FlatText(text)
    found = []
    cursor = 0
    taken: dict[int, int] = {}  # a sentence's start -> where its next date is looked for
    for mention in mentions:
        words = source.collapse(mention.text)
        sentence = source.collapse(mention.sentence)
        at = source.find(sentence, cursor)
        if at < 0:
            at = source.find(sentence)
        if at < 0:
            hit = source.find(words, cursor)
        else:
            cursor = at
            hit = source.find(words, taken.get(at, at), at + len(sentence))
            if hit >= 0:
                taken[at] = hit + len(words)
        if hit < 0 or not words:
            UNLOCATED.append(mention.text)  # not found again in the source: no span to score
            continue
        start, end = source.span(hit, len(words))
        value = mention.value if isinstance(mention, TimeReference) else value_of(mention)
        found.append(Predicted(start, end, text[start:end], value))
    return found


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    strict_p: int = 0  # predictions whose span is a gold span
    strict_g: int = 0  # gold timexes with a prediction of the same span
    relaxed_p: int = 0
    relaxed_g: int = 0
    value_p: int = 0  # relaxed matches whose value is the gold value
    value_g: int = 0
    false: int = 0  # predictions overlapping no gold timex at all
    shown: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for name in ("predicted", "gold", "strict_p", "strict_g", "relaxed_p", "relaxed_g"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.value_p += other.value_p
        self.value_g += other.value_g
        self.false += other.false

    def scores(self, kind: str) -> tuple[float, float, float]:
        return _prf(
            getattr(self, f"{kind}_p"), self.predicted, getattr(self, f"{kind}_g"), self.gold
        )


def _prf(right_p: int, predicted: int, right_g: int, gold: int) -> tuple[float, float, float]:
    p = right_p / predicted if predicted else 1.0
    r = right_g / gold if gold else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _overlaps(a, b) -> bool:
    return a.start < b.end and b.start < a.end


def score(predicted: list[Predicted], timexes: tuple[Timex, ...], types: set[str] | None) -> Counts:
    gold = [t for t in timexes if types is None or t.type in types]
    counts = Counts(predicted=len(predicted), gold=len(gold))
    for p in predicted:
        near = [t for t in gold if _overlaps(p, t)]
        counts.strict_p += any((t.start, t.end) == (p.start, p.end) for t in near)
        counts.relaxed_p += bool(near)
        counts.value_p += any(p.value == t.value for t in near)
        if not any(_overlaps(p, t) for t in timexes):
            counts.false += 1
            counts.shown.append(f"FALSE   {p.text!r} ({p.value})")
    for t in gold:
        near = [p for p in predicted if _overlaps(p, t)]
        counts.strict_g += any((t.start, t.end) == (p.start, p.end) for p in near)
        counts.relaxed_g += bool(near)
        counts.value_g += any(p.value == t.value for p in near)
        if not near:
            counts.shown.append(f"MISSED  {t.type:8} {t.value:12} {t.text!r}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the TimeBank folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    parser.add_argument(
        "--show", action="store_true", help="each document's misses and false dates"
    )
    args = parser.parse_args(argv)

    paths = sorted(args.data.glob("*.tml"))
    if not paths:
        parser.error(f"no .tml files in {args.data}")
    if args.limit:
        paths = paths[: args.limit]
    documents = [read_document(p) for p in paths]

    from articles.analysis import DEFAULT_TOPICS, analyze_many
    from articles.analysis.dates import find_references

    topics = {slug: topic["keywords"] for slug, topic in DEFAULT_TOPICS.items()}
    analyses = analyze_many(
        [d.text for d in documents],
        topics=topics,
        published=[d.published for d in documents],
        ner_model=None,
    )
    rows = (
        ("DATE", {"DATE"}, False),
        ("all types", None, False),
        ("DATE+refs", {"DATE"}, True),
        ("all+refs", None, True),
    )
    totals = {label: Counts() for label, _, _ in rows}
    for document, analysis in zip(documents, analyses, strict=True):
        predicted = locate(document.text, analysis.dates)
        # "now", "recently", "soon": TimeML's references, which the archive finds but cannot
        # store as a date; scored apart so the dates' own rows stay what is stored.
        references = find_references(analysis.sentences)
        with_references = sorted(
            predicted + locate(document.text, references), key=lambda p: p.start
        )
        for label, types, refs in rows:
            counts = score(with_references if refs else predicted, document.timexes, types)
            totals[label].add(counts)
            if args.show and label == "all+refs":
                for line in counts.shown:
                    print(f"{document.name:28} {line}")
                for p in predicted:
                    near = [t for t in document.timexes if _overlaps(p, t)]
                    if near and all(p.value != t.value for t in near):
                        print(f"{document.name:28} VALUE   {p.text!r} {p.value} != {near[0].value}")

    print(f"{len(documents)} TimeBank documents")
    heading = "strict P/R/F1       relaxed P/R/F1      value P/R/F1"
    print(f"{'types':<10} {'gold':>5} {'pred':>5}   {heading}")
    for label, c in totals.items():
        cells = "   ".join(
            "{:.3f} {:.3f} {:.3f}".format(*c.scores(k)) for k in ("strict", "relaxed", "value")
        )
        print(f"{label:<10} {c.gold:5} {c.predicted:5}   {cells}")
    for label in ("all types", "all+refs"):
        every = totals[label]
        share = every.false / every.predicted if every.predicted else 0.0
        print(
            f"false ({label}, overlapping no gold timex): {every.false} of {every.predicted}"
            f" ({share:.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

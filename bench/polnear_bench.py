"""Quotes against PolNeAR: gold quotes found, their speakers right, wrong or not given.

    python bench/polnear_bench.py [--data DIR] [--limit N] [--rules-only] [--show]

Reads `../shared/data/quotes-polnear-train` (or `--data DIR`) where it lies, never copying it
into the project (research use only), and scores as the data README says:

- a gold quote is an attribution whose `Content` holds a quoted span (between quotation marks)
  of at least four words; found: a quote the analysis reports overlaps that span;
- right: the reported speaker is the gold `Source` when the source is a name. A pronoun or a
  description ("he", "the spokesman") stands for the nearest named source before it in the
  text: PolNeAR links no coreference, so the attributions before it are the chain it belongs
  to. A gold quote with no source, or with none named before it, is found or not but its
  speaker is not judged;
- wrong: a different person named; none: no speaker given. Shares of the found quotes whose
  speaker is judged;
- precision: the share of reported quotes that overlap a gold quote.

Names are compared without honorifics, possessives and case: the gold source's name (the last
run of capitalised words in it: "Trump campaign manager Corey Lewandowski" names Corey
Lewandowski) matches a reported speaker when the words of one are all words of the other.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "bench"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from textspans import FlatText  # noqa: E402

from articles.analysis.wordlists import words  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "quotes-polnear-train"
MIN_WORDS = 4

_QUOTED = re.compile(r"“([^“”]*)(?:”|$)|\"([^\"]*)(?:\"|$)")
_CAPITALISED = re.compile(r"[A-Z][\w’'.-]*")
# Capitalised words that begin a description or stand for someone, not a name.
_NOT_NAMES = words(
    """
    The A An This That These Those He She It They We I You His Her Its Their Our My Your Who
    Which Some Many Most Several Others Other One Both All Each Any Such Another No
    """
)
_HONORIFICS = words(
    """
    mr mrs ms miss dr sir dame lord lady prof president sen senator gov governor rep
    representative secretary gen general judge justice rev speaker vice former candidate
    """
)


@dataclass(frozen=True)
class GoldQuote:
    spans: tuple[tuple[int, int], ...]  # the quoted spans of four words or more
    source: str | None  # the name the quote is judged by, None when not judged
    source_text: str  # the gold Source as written ("" when the attribution has none)


def read_annotations(ann: Path, text: str) -> list[GoldQuote]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 3:
            kind, _, offsets = fields[1].partition(" ")
            fragments = [tuple(map(int, part.split())) for part in offsets.split(";")]
            spans[fields[0]] = (kind, fragments, fields[2])
        elif line.startswith("E") and len(fields) >= 2:
            events.append(dict(role.split(":", 1) for role in fields[1].split() if ":" in role))
    named_sources = []  # (start, name) of every named source, for pronouns to refer to
    for event in events:
        source = spans.get(event.get("Source", ""))
        if source and (name := source_name(source[2])):
            named_sources.append((source[1][0][0], name))
    named_sources.sort()
    quotes = []
    for event in events:
        fragments = [
            fragment
            for role in ("Content", "Content2")
            if role in event and event[role] in spans
            for fragment in spans[event[role]][1]
        ]
        quoted = tuple(_quoted_spans(text, fragments))
        if not quoted:
            continue
        source = spans.get(event.get("Source", ""))
        if source is None:
            quotes.append(GoldQuote(quoted, None, ""))
            continue
        name = source_name(source[2])
        if name is None:
            at = source[1][0][0]
            before = [n for start, n in named_sources if start < at]
            name = before[-1] if before else None
        quotes.append(GoldQuote(quoted, name, source[2]))
    return quotes


def _quoted_spans(text: str, fragments):
    for start, end in fragments:
        for match in _QUOTED.finditer(text, start, end):
            group = 1 if match.group(1) is not None else 2
            if len(match.group(group).split()) >= MIN_WORDS:
                yield match.start(group), match.end(group)


def source_name(source: str) -> str | None:
    """The name a gold source gives, or None for a pronoun or a description. The name ends
    the source, an appositive aside: "House Speaker Paul Ryan", "Brent Bozell III, founder of
    the Media Research Center"; "the Vermont senator" names no one."""
    head = re.split(r",|\s[–—]\s|\(", source)[0].replace("’s", "").replace("'s", "")
    run: list[str] = []
    for word in reversed(head.split()):
        if not _CAPITALISED.fullmatch(word) or word in _NOT_NAMES:
            break
        run.insert(0, word)
    name = " ".join(run)
    return name if name_words(name) else None


def name_words(name: str) -> frozenset[str]:
    words = re.sub(r"[’'](?:s\b)?|[^\w\s-]", " ", name.casefold()).split()
    return frozenset(w for w in words if w not in _HONORIFICS)


def same_person(gold: str, speaker: str) -> bool:
    a, b = name_words(gold), name_words(speaker)
    return bool(a and b) and (a <= b or b <= a)


@dataclass
class Totals:
    gold: int = 0
    found: int = 0
    judged: int = 0  # found gold quotes whose speaker is judged
    right: int = 0
    wrong: int = 0
    none: int = 0
    predicted: int = 0
    predicted_right: int = 0  # reported quotes overlapping a gold quote
    unlocated: int = 0


def score(text: str, gold: list[GoldQuote], analysis, totals: Totals, show, name) -> None:
    source = FlatText(text)
    located = []
    cursor = 0
    for quote in analysis.quotes:
        words = source.collapse(quote.text)
        at = source.find(words, cursor) if words else -1
        if at < 0 and words:
            at = source.find(words)
        if at < 0:
            totals.unlocated += 1
            continue
        cursor = at + len(words)
        located.append((*source.span(at, len(words)), quote))
    totals.predicted += len(located)

    def overlapping(spans):
        return [q for s, e, q in located if any(s < ge and gs < e for gs, ge in spans)]

    every_span = [span for g in gold for span in g.spans]
    totals.predicted_right += len(overlapping(every_span)) if every_span else 0
    for g in gold:
        totals.gold += 1
        hits = overlapping(g.spans)
        if not hits:
            if show:
                print(f"{name} MISSED {text[g.spans[0][0] : g.spans[0][1]][:70]!r}")
            continue
        totals.found += 1
        if g.source is None:
            continue
        totals.judged += 1
        speaker = hits[0].speaker
        if speaker is None:
            totals.none += 1
        elif same_person(g.source, speaker):
            totals.right += 1
        else:
            totals.wrong += 1
            if show:
                print(f"{name} WRONG  {speaker!r} for {g.source!r} (source {g.source_text!r})")


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the PolNeAR folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--rules-only", action="store_true", help="analysis without the model")
    parser.add_argument("--show", action="store_true", help="each miss and wrong speaker")
    args = parser.parse_args(argv)

    texts_dir, ann_dir = args.data / "text", args.data / "attributions"
    names = sorted(p.stem for p in ann_dir.glob("*.ann") if (texts_dir / f"{p.stem}.txt").is_file())
    if not names:
        parser.error(f"no annotated texts in {args.data}")
    if args.limit:
        names = names[: args.limit]
    texts = [(texts_dir / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    golds = [read_annotations(ann_dir / f"{n}.ann", t) for n, t in zip(names, texts, strict=True)]

    from articles.analysis import DEFAULT_TOPICS, analyze_many

    topics = {slug: topic["keywords"] for slug, topic in DEFAULT_TOPICS.items()}
    kwargs = {"ner_model": None} if args.rules_only else {}
    started = time.process_time()
    analyses = analyze_many(texts, topics=topics, **kwargs)
    seconds = time.process_time() - started

    totals = Totals()
    for name, text, gold, analysis in zip(names, texts, golds, analyses, strict=True):
        score(text, gold, analysis, totals, args.show, name)

    t = totals
    print(f"{len(names)} PolNeAR articles, {t.gold} gold quotes")
    print(f"     found: {_share(t.found, t.gold):.3f}  ({t.found} of {t.gold})")
    print(
        f"     right: {_share(t.right, t.judged):.3f}  "
        f"({t.right} of {t.judged} found, speaker judged)"
    )
    print(f"     wrong: {_share(t.wrong, t.judged):.3f}  ({t.wrong})")
    print(f"      none: {_share(t.none, t.judged):.3f}  ({t.none})")
    print(
        f" precision: {_share(t.predicted_right, t.predicted):.3f}  "
        f"({t.predicted_right} of {t.predicted} reported quotes overlap a gold quote)"
    )
    if t.unlocated:
        print(f"!!! {t.unlocated} reported quotes not found in their text, not scored")
    print(f"CPU {seconds / len(names) * 1000:.0f} ms per article")
    return 0


if __name__ == "__main__":
    sys.exit(main())

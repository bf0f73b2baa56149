"""Dates, quotes and figures measured against the development gold.

Reads `../shared/data/dev-news` (or `--gold DIR`), runs `articles.analysis.analyze` on every
text, and prints, against the targets:

- dates: recall (a gold date found with an overlapping text and the same value) and the share
  of reported dates that are in no gold date (those overlapping a gold `neutral` string, such
  as weekdays, count neither way);
- quotes with a named speaker: the share found (opening words match) and the shares of those
  attributed right and wrong (a quote found with no speaker is neither);
- figures: precision and recall (overlapping text, same value and unit);
- milliseconds per article for the whole analysis.

It scores what `analyze` returns; no rule knows these texts.
"""

import argparse
import calendar
import dataclasses
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.analysis import DEFAULT_TOPICS, EntityHit, analyze  # noqa: E402
from articles.analysis.quotes import find_quotes  # noqa: E402


def _words(text: str) -> tuple[str, ...]:
    """A tuple from a whitespace-separated block: long vocabularies stay readable."""
    return tuple(text.split())


MONTH_NAMES = [calendar.month_name[n] for n in range(1, 13)]
DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "dev-news"
TARGETS = {
    "date recall": (0.90, ">="),
    "dates not in gold": (0.05, "<="),
    "quotes right": (0.90, ">="),
    "quotes wrong": (0.05, "<="),
    "figure precision": (0.90, ">="),
    "figure recall": (0.90, ">="),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="the gold folder")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N files")
    parser.add_argument("--verbose", action="store_true", help="print every miss and extra")
    parser.add_argument(
        "--gold-persons",
        action="store_true",
        help="attribute quotes with the gold's people added to the entity finder's: what the "
        "quote rules reach once the finder knows every speaker",
    )
    args = parser.parse_args(argv)
    gold = json.loads((args.gold / "gold.json").read_text(encoding="utf-8"))
    files = sorted(gold["files"].items())
    if args.limit:
        files = files[: args.limit]
    topics = {slug: topic["keywords"] for slug, topic in DEFAULT_TOPICS.items()}
    tally = Tally(args.verbose)
    elapsed = 0.0
    for name, expected in files:
        text = (args.gold / "texts" / name).read_text(encoding="utf-8")
        started = time.perf_counter()
        analysis = analyze(text, topics=topics)
        elapsed += time.perf_counter() - started
        if args.gold_persons:
            analysis = _with_gold_persons(analysis, expected)
        tally.dates(name, analysis.dates, expected["dates"], expected.get("neutral", []))
        names = _canonical_forms(gold.get("aliases", {}), expected.get("surfaces", {}))
        tally.quotes(name, analysis.quotes, expected["quotes"], names, analysis.entities)
        tally.figures(name, analysis.figures, expected["figures"])
    figures = tally.results()
    figures["ms/article"] = 1000 * elapsed / max(len(files), 1)
    print(f"{len(files)} articles from {args.gold}")
    for key, value in figures.items():
        target = TARGETS.get(key)
        verdict = ""
        if target:
            bound, op = target
            ok = value >= bound if op == ">=" else value <= bound
            verdict = f"  (target {op} {bound:.2f}: {'PASS' if ok else 'FAIL'})"
        print(f"{key:>20}: {value:8.3f}{verdict}")
    return 0


class Tally:
    def __init__(self, verbose: bool):
        self.verbose = verbose
        self.n = dict.fromkeys(
            _words(
                """
    gold_dates dates_found dates_reported dates_extra dates_deictic gold_quotes
    quotes_found quotes_right quotes_wrong gold_figures figures_found figures_reported
    figures_right
    """
            ),
            0,
        )

    def say(self, *parts):
        if self.verbose:
            print(*parts)

    def dates(self, name, predicted, gold, neutral):
        self.n["gold_dates"] += len(gold)
        used = set()
        for g in gold:
            hit = next(
                (
                    i
                    for i, p in enumerate(predicted)
                    if i not in used
                    and _overlaps(p.text, g["text"])
                    and _date_value(p) == g["value"]
                ),
                None,
            )
            if hit is None:
                self.say(name, "date missed:", g)
            else:
                used.add(hit)
                self.n["dates_found"] += 1
        for i, p in enumerate(predicted):
            if any(_overlaps(p.text, n) for n in neutral):
                continue
            if not re.search(r"\d{4}|" + "|".join(MONTH_NAMES), p.text):
                # "on Monday", "last week": the gold annotates calendar references only
                # (weekdays are its neutral strings), so these count neither way.
                self.n["dates_deictic"] += 1
                continue
            self.n["dates_reported"] += 1
            if i not in used and not any(_overlaps(p.text, g["text"]) for g in gold):
                self.n["dates_extra"] += 1
                self.say(name, "date extra:", p.text, "|", p.sentence[:100])

    def quotes(self, name, predicted, gold, names, entities):
        # As the gold README scores entities: a speaker is its entity with all its aliases.
        forms = {hit.name: hit.aliases | {hit.name} for hit in entities if hit.kind == "person"}
        for g in gold:
            if not g["speaker"] or g.get("continuation"):
                continue
            self.n["gold_quotes"] += 1
            found = next((p for p in predicted if _opening(p.text) == _opening(g["text"])), None)
            if found is None:
                self.say(name, "quote missed:", g["speaker"], "|", g["text"][:80])
                continue
            self.n["quotes_found"] += 1
            if found.speaker is None:
                self.say(name, "quote unattributed:", g["speaker"], "|", g["text"][:60])
            elif _person(g["speaker"], names) in {
                _person(form, names) for form in forms.get(found.speaker, {found.speaker})
            }:
                self.n["quotes_right"] += 1
            else:
                self.n["quotes_wrong"] += 1
                self.say(
                    name, "quote wrong:", found.speaker, "for", g["speaker"], "|", g["text"][:60]
                )

    def figures(self, name, predicted, gold):
        self.n["gold_figures"] += len(gold)
        self.n["figures_reported"] += len(predicted)
        used = set()
        for g in gold:
            hit = next(
                (
                    i
                    for i, p in enumerate(predicted)
                    if i not in used and _overlaps(p.text, g["text"])
                ),
                None,
            )
            if hit is None:
                self.say(name, "figure missed:", g)
                continue
            used.add(hit)
            p = predicted[hit]
            if abs(p.value - float(g["value"])) <= 1e-6 * max(1.0, abs(float(g["value"]))) and (
                p.unit == g["unit"]
            ):
                self.n["figures_right"] += 1
            else:
                self.say(name, "figure wrong:", p.text, p.value, p.unit, "for", g)
        for i, p in enumerate(predicted):
            if i not in used:
                self.say(name, "figure extra:", p.text, p.value, p.unit, "|", p.sentence[:90])

    def results(self) -> dict[str, float]:
        n = self.n

        def share(a, b):
            return n[a] / n[b] if n[b] else 0.0

        return {
            "date recall": share("dates_found", "gold_dates"),
            "dates not in gold": share("dates_extra", "dates_reported"),
            "deictic dates": n["dates_deictic"],
            "quotes found": share("quotes_found", "gold_quotes"),
            "quotes right": share("quotes_right", "gold_quotes"),
            "quotes wrong": share("quotes_wrong", "gold_quotes"),
            "figure precision": share("figures_right", "figures_reported"),
            "figure recall": share("figures_right", "gold_figures"),
        }


def _with_gold_persons(analysis, expected):
    written = expected.get("surfaces", {}).get("persons", {})
    hits = [
        EntityHit(name, "person", frozenset({name, *written.get(name, ())}), 1)
        for name in expected["persons"]
    ]
    known = {n for hit in hits for n in hit.aliases}
    entities = [*hits, *(e for e in analysis.entities if not (e.aliases | {e.name}) & known)]
    quotes = find_quotes(analysis.body.split("\n\n"), entities)
    return dataclasses.replace(analysis, entities=tuple(entities), quotes=quotes)


def _overlaps(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a in b or b in a


def _date_value(mention) -> str | None:
    if mention.start is None:
        return None
    if mention.precision == "year":
        return f"{mention.start.year}"
    if mention.precision == "month":
        return f"{mention.start:%Y-%m}"
    return mention.start.isoformat()


def _opening(text: str, words: int = 5) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold())[:words])


def _canonical_forms(aliases: dict, surfaces: dict) -> dict[str, str]:
    """Surface form -> canonical name, from the gold aliases and the file's surfaces."""
    names = dict(aliases)
    for by_canonical in surfaces.values():
        for canonical, written in by_canonical.items():
            names.update(dict.fromkeys(written, canonical))
    return names


def _person(name: str, names: dict) -> str:
    name = names.get(name, name)
    words = [w for w in name.split() if w.rstrip(".") not in ("Mr", "Mrs", "Ms", "Dr", "Sir")]
    name = " ".join(words)
    return names.get(name, name).casefold()


if __name__ == "__main__":
    raise SystemExit(main())

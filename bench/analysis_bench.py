"""Analysis benchmark: quality against the hand-annotated development set, and speed.

    python bench/analysis_bench.py [--gold DIR] [--repeat R] [--limit N] [--rules-only]
                                   [--long-data DIR] [--long N]

The gold set (`../shared/data/dev-news` from the project root unless `--gold` says otherwise)
is read where it lies and never copied into the project: its licence allows research use only.
Scoring follows that folder's README exactly, so figures are comparable between runs.

Speed on long articles: the Timeline17 articles of 1,500 to 3,000 words (`--long-data`, default
`../shared/data/timelines-t17`), their PTB tokenisation undone, give "ms per 2,000 words" in CPU
time, with and without the model, so the model's share and the rules' share are both seen.

Other extractors (dates, quotes, figures) add their scoring as functions with the signature of
`score_entities` (a file's gold, the Analysis, the whole gold set -> {label: Tally}) and list
them in `SCORERS`, or, from a script of their own beside this one, `import analysis_bench` and
call `analysis_bench.main(scorers=[*analysis_bench.SCORERS, score_dates])`.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ptb import detokenise

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "dev-news"
DEFAULT_LONG = ROOT.parent / "shared" / "data" / "timelines-t17"
LONG_WORDS = (1500, 3000)  # the words of an article timed as long (live blogs run to 20,000)

# The gold set's entity lists, and the analysis kind each one holds.
ENTITY_KINDS = {"persons": "person", "orgs": "organisation", "places": "place"}

_HONORIFIC = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|dr|sir|dame|lord|lady|prof|president|prime minister|chancellor|"
    r"governor|senator|king|queen|the)\.?\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Gold:
    aliases: dict[str, str]  # surface form -> canonical name, for the forms in these texts
    files: dict[str, dict]  # file name -> its annotations
    texts: dict[str, str]  # file name -> the article, byte for byte


@dataclass
class Tally:
    """Counts for one label; precision and recall as the gold README defines them."""

    right: int = 0  # predictions that matched (true positives)
    wrong: int = 0  # predictions that matched nothing (false positives)
    found: int = 0  # gold items some prediction matched
    missed: int = 0  # gold items no prediction matched

    def add(self, other: Tally) -> None:
        self.right += other.right
        self.wrong += other.wrong
        self.found += other.found
        self.missed += other.missed

    @property
    def precision(self) -> float:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 1.0

    @property
    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found + self.missed else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


Scorer = Callable[[dict, object, Gold], dict[str, Tally]]


def load_gold(folder: Path) -> Gold:
    data = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    texts = {name: (folder / "texts" / name).read_text(encoding="utf-8") for name in data["files"]}
    return Gold(aliases=data["aliases"], files=data["files"], texts=texts)


def _fold(name: str) -> str:
    name = " ".join(name.replace("’", "'").split())
    name = re.sub(r"'s$", "", name)
    return _HONORIFIC.sub("", name).casefold()


def canonical_names(names: Iterable[str], file_gold: dict, gold: Gold) -> set[str]:
    """Names as the gold writes them: through `aliases` and the file's `surfaces`, honorifics
    dropped, case folded. A name is kept as well as its canonical form."""
    lookup = {_fold(k): v for k, v in gold.aliases.items()}
    for group in file_gold.get("surfaces", {}).values():
        for canonical, forms in group.items():
            for form in forms:
                lookup.setdefault(_fold(form), canonical)
    out = set()
    for name in names:
        folded = _fold(name)
        out.add(folded)
        if folded in lookup:
            out.add(_fold(lookup[folded]))
    return out


def score_entities(file_gold: dict, analysis, gold: Gold) -> dict[str, Tally]:
    """Per kind: a predicted entity (with all its aliases) is right if any of its names matches
    a gold name of that kind, wrong if none does unless one matches a neutral string."""
    neutral = {_fold(n) for n in file_gold.get("neutral", ())}
    tallies = {}
    for gold_key, kind in ENTITY_KINDS.items():
        wanted = {_fold(n): n for n in file_gold.get(gold_key, ())}
        matched: set[str] = set()
        tally = Tally()
        for hit in analysis.entities:
            if hit.kind != kind:
                continue
            names = canonical_names({hit.name, *hit.aliases}, file_gold, gold)
            hits = names & wanted.keys()
            if hits:
                tally.right += 1
                matched |= hits
            elif not names & neutral:
                tally.wrong += 1
        tally.found = len(matched)
        tally.missed = len(wanted) - len(matched)
        tallies[kind] = tally
    return tallies


# Extractors append their scorers here (or call evaluate() with their own list).
SCORERS: list[Scorer] = [score_entities]


def evaluate(
    gold: Gold, analyses: Mapping[str, object], scorers: Iterable[Scorer] = SCORERS
) -> dict[str, Tally]:
    totals: dict[str, Tally] = {}
    for name, file_gold in gold.files.items():
        for scorer in scorers:
            for label, tally in scorer(file_gold, analyses[name], gold).items():
                totals.setdefault(label, Tally()).add(tally)
    return totals


def _analyse(texts: list[str], rules_only: bool) -> list:
    from articles.analysis import DEFAULT_TOPICS, analyze_many

    topics = {slug: topic["keywords"] for slug, topic in DEFAULT_TOPICS.items()}
    kwargs = {"ner_model": None} if rules_only else {}
    return analyze_many(texts, topics=topics, **kwargs)


def long_articles(folder: Path, count: int) -> list[str]:
    """`count` articles of LONG_WORDS words, spread over the collections."""
    texts = []
    for path in sorted(folder.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                text = detokenise(json.loads(line)["text"])
                if LONG_WORDS[0] <= len(text.split()) <= LONG_WORDS[1]:
                    texts.append(text)
    step = max(1, len(texts) // count) if count else 1
    return texts[::step][:count]


def cpu_ms_per_2000_words(texts: list[str], rules_only: bool, repeat: int) -> float:
    words = sum(len(t.split()) for t in texts)
    timings = []
    for _ in range(max(1, repeat)):
        started = time.process_time()
        _analyse(texts, rules_only)
        timings.append(time.process_time() - started)
    return statistics.median(timings) * 1000 * 2000 / words


def print_long_speed(folder: Path, count: int, repeat: int, rules_only: bool) -> None:
    texts = long_articles(folder, count)
    if not texts:
        print(f"!!! no long articles in {folder}: speed on long articles not measured")
        return
    words = sum(len(t.split()) for t in texts)
    rules = cpu_ms_per_2000_words(texts, True, repeat)
    line = f"rules only {rules:.0f} ms"
    if not rules_only:
        line = f"with the model {cpu_ms_per_2000_words(texts, False, repeat):.0f} ms; " + line
    print(
        f"long articles: {len(texts)} of {words / len(texts):.0f} words on average; "
        f"CPU per 2,000 words: {line} (median of {max(1, repeat)} runs)"
    )


def print_report(totals: Mapping[str, Tally]) -> None:
    print(f"{'label':<14} {'P':>6} {'R':>6} {'F1':>6}   right wrong found missed")
    for label, t in totals.items():
        print(
            f"{label:<14} {t.precision:6.3f} {t.recall:6.3f} {t.f1:6.3f}"
            f"   {t.right:5} {t.wrong:5} {t.found:5} {t.missed:6}"
        )


def main(argv: list[str] | None = None, scorers: Iterable[Scorer] = SCORERS) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="the dev-news folder")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs over the whole set")
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--rules-only", action="store_true", help="analysis without the model")
    parser.add_argument("--show", action="store_true", help="list each file's errors")
    parser.add_argument(
        "--long-data", type=Path, default=DEFAULT_LONG, help="the timelines-t17 folder"
    )
    parser.add_argument("--long", type=int, default=20, help="long articles timed (0: none)")
    args = parser.parse_args(argv)

    if not (args.gold / "gold.json").is_file():
        parser.error(f"no gold.json in {args.gold}")
    gold = load_gold(args.gold)
    if args.limit:
        gold = Gold(gold.aliases, dict(list(gold.files.items())[: args.limit]), gold.texts)
    names = list(gold.files)
    texts = [gold.texts[n] for n in names]

    _analyse(texts[:2], args.rules_only)  # load the model and compile the patterns
    timings, cpu_timings = [], []
    for _ in range(max(1, args.repeat)):
        started, cpu_started = time.perf_counter(), time.process_time()
        analyses = _analyse(texts, args.rules_only)
        timings.append(time.perf_counter() - started)
        cpu_timings.append(time.process_time() - cpu_started)
    # CPU time is the per-core figure: wall time also counts waiting for a busy machine.
    seconds = statistics.median(cpu_timings)
    wall = statistics.median(timings)
    words = sum(len(t.split()) for t in texts)

    by_name = dict(zip(names, analyses, strict=True))
    if args.show:
        show_errors(gold, by_name)
    print(f"{len(names)} articles, {words / len(names):.0f} words each on average")
    print_report(evaluate(gold, by_name, scorers))
    per_article = seconds / len(names) * 1000
    per_400 = per_article * 400 / (words / len(names))
    print(
        f"speed (CPU time, one core): {per_article:.1f} ms/article, "
        f"{len(names) / seconds:.1f} articles/s; {per_400:.1f} ms and "
        f"{1000 / per_400:.1f} articles/s for a 400-word article "
        f"(median of {len(timings)} runs; wall time {wall / len(names) * 1000:.1f} ms/article)"
    )
    if args.long:
        print_long_speed(args.long_data, args.long, args.repeat, args.rules_only)
    return 0


def show_errors(gold: Gold, analyses: Mapping[str, object]) -> None:
    for name, file_gold in gold.files.items():
        analysis = analyses[name]
        neutral = {_fold(n) for n in file_gold.get("neutral", ())}
        for gold_key, kind in ENTITY_KINDS.items():
            wanted = {_fold(n): n for n in file_gold.get(gold_key, ())}
            matched = set()
            for hit in analysis.entities:
                if hit.kind != kind:
                    continue
                names = canonical_names({hit.name, *hit.aliases}, file_gold, gold)
                if names & wanted.keys():
                    matched |= names & wanted.keys()
                elif not names & neutral:
                    print(f"{name} {kind:12} WRONG  {hit.name} {sorted(hit.aliases)}")
            for key, original in wanted.items():
                if key not in matched:
                    print(f"{name} {kind:12} MISSED {original}")


if __name__ == "__main__":
    sys.exit(main())

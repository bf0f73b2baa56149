"""Russian names benchmark: people, organisations and places against factRuEval-2016, and speed.

    python bench/ner_ru_bench.py [--gold DIR] [--limit N] [--show]

The gold set (`../shared/data/ner-ru-factrueval-dev` from the project root unless `--gold`
says otherwise) is read where it lies and never copied into the project. Scoring follows that
folder's README and the shared task: per text, a gold entity is found when a predicted mention
overlaps one of its spans and has the right kind (`LocOrg` counts as a place); a predicted
entity is right when one of its mentions overlaps a span of a gold entity of its kind.

The texts go through the archive's Russian entity stage as they are (natasha's proposals, then
`find_entities_ru`), so that every offset is the gold's. The time per article is CPU time of
that stage, the models loaded beforehand.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_GOLD = ROOT.parent / "shared" / "data" / "ner-ru-factrueval-dev"

# The gold's kinds and the archive's; other kinds ("Project") are not scored.
GOLD_KINDS = {
    "Person": "person",
    "Org": "organisation",
    "Location": "place",
    "LocOrg": "place",
}
KINDS = ("person", "organisation", "place")


@dataclass
class Tally:
    right: int = 0  # predicted entities that match a gold entity
    wrong: int = 0  # predicted entities that match none
    found: int = 0  # gold entities some prediction matched
    missed: int = 0  # gold entities no prediction matched

    def precision(self) -> float:
        return self.right / (self.right + self.wrong) if self.right + self.wrong else 0.0

    def recall(self) -> float:
        return self.found / (self.found + self.missed) if self.found + self.missed else 0.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class GoldText:
    name: str
    text: str
    # (kind, [(start, end), ...], words) for each gold entity
    entities: list[tuple[str, list[tuple[int, int]], str]] = field(default_factory=list)


def read_gold(folder: Path, limit: int = 0) -> list[GoldText]:
    books = sorted(folder.glob("*.objects"), key=lambda p: int(p.stem.split("_")[-1]))
    if not books:
        raise SystemExit(f"no factRuEval texts (*.objects) in {folder}")
    texts = []
    for objects in books[: limit or None]:
        text = objects.with_suffix(".txt").read_text(encoding="utf-8-sig")
        spans = {}
        for line in objects.with_suffix(".spans").read_text(encoding="utf-8").splitlines():
            fields = line.split("#")[0].split()
            if len(fields) >= 4:
                start, length = int(fields[2]), int(fields[3])
                spans[fields[0]] = (start, start + length)
        gold = GoldText(objects.stem, text)
        for line in objects.read_text(encoding="utf-8").splitlines():
            head, _, words = line.partition("#")
            fields = head.split()
            if len(fields) >= 3 and fields[1] in GOLD_KINDS:
                where = [spans[s] for s in fields[2:] if s in spans]
                gold.entities.append((GOLD_KINDS[fields[1]], where, words.strip()))
        texts.append(gold)
    return texts


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(gold: GoldText, hits, tallies: dict[str, Tally], show: bool = False) -> None:
    for kind in KINDS:
        predicted = [h for h in hits if h.kind == kind]
        expected = [(where, words) for k, where, words in gold.entities if k == kind]
        for where, words in expected:
            if any(_overlaps(g, p) for h in predicted for p in h.spans for g in where):
                tallies[kind].found += 1
            else:
                tallies[kind].missed += 1
                if show:
                    print(f"  {gold.name} missed {kind}: {words}")
        for hit in predicted:
            if any(_overlaps(g, p) for where, _ in expected for g in where for p in hit.spans):
                tallies[kind].right += 1
            else:
                tallies[kind].wrong += 1
                if show:
                    print(f"  {gold.name} wrong {kind}: {hit.name} {sorted(hit.aliases)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="the factRuEval folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts")
    parser.add_argument("--show", action="store_true", help="list each text's errors")
    args = parser.parse_args(argv)

    from articles.analysis import ner_ru
    from articles.analysis.entities_ru import find_entities_ru

    texts = read_gold(args.gold, args.limit)
    ner_ru.load()  # the models load once per process; their loading is not what is timed
    tallies = {kind: Tally() for kind in KINDS}
    cpu = 0.0
    for gold in texts:
        started = time.process_time()
        (spans,) = ner_ru.propose([gold.text])
        hits = find_entities_ru(gold.text, spans)
        cpu += time.process_time() - started
        score(gold, hits, tallies, args.show)
    words = sum(len(g.text.split()) for g in texts) / len(texts)
    print(f"{len(texts)} Russian texts (factRuEval-2016 dev), {words:.0f} words each on average")
    print(
        f"{'label':<14}{'P':>7}{'R':>7}{'F1':>7}{'right':>8}{'wrong':>7}{'found':>7}{'missed':>8}"
    )
    for kind, t in tallies.items():
        print(
            f"{kind:<14}{t.precision():>7.3f}{t.recall():>7.3f}{t.f1():>7.3f}"
            f"{t.right:>8}{t.wrong:>7}{t.found:>7}{t.missed:>8}"
        )
    print(f"speed (CPU time, one core): {1000 * cpu / len(texts):.1f} ms/article")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time the whole analysis on hostile inputs: runs of periods and ellipses, a word repeated
tens of thousands of times, quotation marks without end, one name over and over.

Prints, per input, its size, the seconds `analyze` took (CPU time of this process) and the
seconds per 100 KB; a linear analysis keeps the last figure flat as the size grows. The target:
no input under the 2 MB file limit takes more than 10 s.

    .venv/bin/python bench/adversarial_bench.py            # 100 KB and 400 KB of each
    .venv/bin/python bench/adversarial_bench.py --kb 20    # one small size (CI smoke run)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 10.0

# Each makes a text of about `size` characters from a repeated unit.
INPUTS = {
    "periods": ".",
    "spaced periods": ". ",
    "ellipses": "…",
    '"May " repeated': "May ",
    '"in May " repeated': "in May ",
    "years": "in 1987 ",
    "weekdays": "on Monday ",
    "open quotes": '"he said ',
    "curly quotes": "“Quoted words here,” he said. ",
    "one name": "John Smith met Smith. ",
    "many names": None,  # distinct people, built below
    "abbreviations": "Mr. Dr. St. U.S. ",
}


def _text(unit: str | None, size: int) -> str:
    if unit is None:
        parts, n = [], 0
        while sum(map(len, parts)) < size:
            parts.append(f"Person{n:05d} Surname{n:05d} said Surname{n:05d} was right. ")
            n += 1
        return "".join(parts)
    return unit * max(1, size // len(unit))


def run(sizes_kb: list[int], ner_model) -> list[tuple[str, int, float]]:
    from articles.analysis import DEFAULT_TOPICS, analyze

    topics = {slug: topic["keywords"] for slug, topic in DEFAULT_TOPICS.items()}
    analyze("Warm up. The model loads here.", topics=topics, ner_model=ner_model)
    rows = []
    for kb in sizes_kb:
        for label, unit in INPUTS.items():
            text = _text(unit, kb * 1000)
            started = time.process_time()
            analyze(text, topics=topics, ner_model=ner_model)
            rows.append((label, len(text), time.process_time() - started))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=int, action="append", help="input size in KB (repeatable)")
    parser.add_argument("--rules-only", action="store_true", help="analysis without the model")
    args = parser.parse_args(argv)
    from articles.analysis import ner

    model = None if args.rules_only else ner.DEFAULT_MODEL
    rows = run(args.kb or [100, 400], model)
    print(f"{'input':<22} {'KB':>6} {'seconds':>8} {'s/100 KB':>9}")
    worst = 0.0
    for label, chars, seconds in rows:
        print(f"{label:<22} {chars / 1000:6.0f} {seconds:8.2f} {seconds * 1e5 / chars:9.2f}")
        worst = max(worst, seconds * 2e6 / chars)
    print(f"worst, extrapolated to 2 MB: {worst:.1f} s (target under {TARGET_SECONDS:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

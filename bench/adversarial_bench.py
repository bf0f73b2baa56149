"""Time the whole analysis on hostile inputs: runs of periods and ellipses, a word repeated
tens of thousands of times, quotation marks without end, one name over and over.

Prints, per input, its size, the seconds `analyze` took (CPU time of this process) and the
seconds per 100 KB; a linear analysis keeps the last figure flat as the size grows. The target:
no input under the 2 MB file limit takes more than 10 s. Then the same for reading hostile web
pages (`read_html`, the ingest reader of .html files), whose target is 60 s.

    .venv/bin/python bench/adversarial_bench.py            # 100 KB and 400 KB of each
    .venv/bin/python bench/adversarial_bench.py --kb 20    # one small size (CI smoke run)
    .venv/bin/python bench/adversarial_bench.py --html-kb 1600 --no-analysis   # pages only
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 10.0
HTML_TARGET_SECONDS = 60.0

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


# Web pages made of one repeated piece of markup (inside <html><body>).
HTML_PAGES = {
    "paragraphs": "<p>a</p>",
    "paragraphs of words": "<p>Officials met in Geneva on Monday.</p>",
    "nested lists": "<ul><li>a ",
    "nested divs": "<div>a ",
    "table cells": "<tr><td>a</td></tr>",
    "links": '<a href="/x">a</a> ',
    "attributes": None,  # one tag with as many attributes as fit, built below
}


def _page(unit: str | None, size: int) -> str:
    if unit is None:
        attributes = " ".join(f'a{n}="1"' for n in range(size // 10))
        return f"<html><body><p {attributes}>x</p>{'<p>word word word</p>' * 10}</body></html>"
    return f"<html><body>{unit * max(1, size // len(unit))}</body></html>"


def read_pages(sizes_kb: list[int]) -> list[tuple[str, int, float]]:
    import tempfile

    from articles.ingest.readers.documents import ReadError
    from articles.ingest.readers.web_pages import read_html

    rows = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(_page("<p>Warm up: the readers load here.</p>", 2000), encoding="utf-8")
        with contextlib.suppress(ReadError):
            list(read_html(path, ref="page.html"))
        for kb in sizes_kb:
            for label, unit in HTML_PAGES.items():
                path.write_text(_page(unit, kb * 1000), encoding="utf-8")
                started = time.process_time()
                with contextlib.suppress(ReadError):  # no article found is an answer too
                    list(read_html(path, ref="page.html"))
                rows.append((f"html: {label}", path.stat().st_size, time.process_time() - started))
    return rows


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
    parser.add_argument("--html-kb", type=int, action="append", help="page size in KB (repeatable)")
    parser.add_argument("--rules-only", action="store_true", help="analysis without the model")
    parser.add_argument("--no-analysis", action="store_true", help="web pages only")
    args = parser.parse_args(argv)
    from articles.analysis import ner

    model = None if args.rules_only else ner.DEFAULT_MODEL
    if not args.no_analysis:
        table(run(args.kb or [100, 400], model), TARGET_SECONDS)
    table(read_pages(args.html_kb or args.kb or [100, 400]), HTML_TARGET_SECONDS)
    return 0


def table(rows: list[tuple[str, int, float]], target: float) -> None:
    print(f"{'input':<28} {'KB':>6} {'seconds':>8} {'s/100 KB':>9}")
    worst = 0.0
    for label, chars, seconds in rows:
        print(f"{label:<28} {chars / 1000:6.0f} {seconds:8.2f} {seconds * 1e5 / chars:9.2f}")
        worst = max(worst, seconds * 2e6 / chars)
    print(f"worst, extrapolated to 2 MB: {worst:.1f} s (target under {target:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())

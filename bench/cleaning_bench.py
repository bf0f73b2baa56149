"""Cleaning benchmark: how the ingest cleaner rejoins hard-wrapped wire copy.

    python bench/cleaning_bench.py [--data DIR] [--limit N] [--seeds DIR] [--show]

Reads `../shared/data/reuters-train/articles.jsonl` (or `--data DIR`) where it lies, never
copying it into the project (research use only), and the project's seeds. Each Reuters line
is read as the JSONL reader reads one (its title given, its body the text) and each seed file
by the reader for its suffix; the text is then cleaned as the ingest cleans it. Reported:

- paragraphs, and the share that ends with sentence punctuation (. ! ? … : ; and closing
  quotes or brackets after them);
- body paragraphs (more than 8 words) and the share of those that ends so: a sentence cut at a
  wrapped line shows here;
- short lines left on their own (8 words or fewer, no sentence punctuation): sub-headings
  (every word capitalised, no figure), table rows (a figure in them) and sign-offs (the one
  word of an article's last paragraph, "Reuter");
- lost words: every word of the source (a run of letters or digits) must be found in the
  cleaned title, byline and body, in order. Articles with one missing are counted and, with
  `--show`, listed; the cleaner drops only page furniture, so on wire copy this is 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "reuters-train"
DEFAULT_SEEDS = ROOT / "seeds"
BODY_WORDS = 8  # a paragraph of more words is body text, not a heading or a table row

_SENTENCE_END = re.compile(r"[.!?…:;][\"”’'’)\]]*$")
_WORD = re.compile(r"\w+")


@dataclass
class Tally:
    articles: int = 0
    paragraphs: int = 0
    ended: int = 0
    body: int = 0
    body_ended: int = 0
    headings: int = 0
    rows: int = 0
    sign_offs: int = 0
    lost: list[str] = field(default_factory=list)  # articles that lost a word, and the word

    def add(self, ref: str, source: str, cleaned) -> None:
        self.articles += 1
        last = len(cleaned.paragraphs) - 1
        for position, paragraph in enumerate(cleaned.paragraphs):
            self.paragraphs += 1
            ended = bool(_SENTENCE_END.search(paragraph))
            self.ended += ended
            words = paragraph.split()
            if len(words) > BODY_WORDS:
                self.body += 1
                self.body_ended += ended
            elif ended:
                continue
            elif position == last and len(words) == 1:
                self.sign_offs += 1
            elif any(ch.isdigit() for ch in paragraph):
                self.rows += 1
            elif all(word[0].isupper() for word in words):
                self.headings += 1
            else:
                self.rows += 1
        missing = first_missing(source, " ".join((cleaned.title, cleaned.byline, cleaned.body)))
        if missing is not None:
            self.lost.append(f"{ref} ({missing!r})")

    def report(self, label: str, show: bool) -> None:
        print(f"{label}: {self.articles} articles, {self.paragraphs} paragraphs")
        print(f"  ending with sentence punctuation: {share(self.ended, self.paragraphs)}")
        print(
            f"  body paragraphs (>{BODY_WORDS} words): {self.body}, ending so: "
            f"{share(self.body_ended, self.body)} ({self.body - self.body_ended} without)"
        )
        print(
            f"  short lines on their own: {self.headings} sub-headings, {self.rows} table "
            f"rows, {self.sign_offs} sign-offs"
        )
        print(f"  articles that lost a source word: {len(self.lost)}")
        if show and self.lost:
            print("    " + ", ".join(self.lost[:40]))


def share(part: int, whole: int) -> str:
    return f"{part / whole:.4f}" if whole else "n/a"


def first_missing(source: str, cleaned: str) -> str | None:
    """The first word of the source not found in the cleaned text in the same order (None:
    every word is there)."""
    words = _WORD.findall(cleaned.casefold())
    at = 0
    for word in _WORD.findall(source.casefold()):
        try:
            at = words.index(word, at) + 1
        except ValueError:
            return word
    return None


def source_of(text: str) -> str:
    from articles.analysis.cleaning import GIVEN_TITLE

    # A title the reader gave is the cleaned title as it is: only the body is the cleaner's.
    return text.partition("\n")[2] if text.startswith(GIVEN_TITLE) else text


def measure_reuters(path: Path, limit: int, tally: Tally) -> None:
    from articles.analysis.cleaning import clean
    from articles.ingest.readers.json_files import json_document

    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if limit and number > limit:
                break
            ref = f"{path.name}#line-{number}"
            document = json_document(json.loads(line), ref=ref, where=f"line {number}")
            if hasattr(document, "text"):
                tally.add(ref, source_of(document.text), clean(document.text))


def measure_files(folder: Path, tally: Tally) -> None:
    from articles.analysis.cleaning import clean
    from articles.ingest.readers import SUPPORTED_SUFFIXES, ReadError, read

    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in SUPPORTED_SUFFIXES or not path.is_file():
            continue
        ref = str(path.relative_to(folder))
        try:
            for document in read(path, ref=ref):
                if hasattr(document, "text"):
                    tally.add(document.import_ref, source_of(document.text), clean(document.text))
        except ReadError:
            continue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the reuters-train folder")
    parser.add_argument("--limit", type=int, default=0, help="the first N articles (0: all)")
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help="a folder of files")
    parser.add_argument("--show", action="store_true", help="list the articles that lost words")
    args = parser.parse_args(argv)

    started = time.process_time()
    path = args.data / "articles.jsonl"
    if path.is_file():
        reuters = Tally()
        measure_reuters(path, args.limit, reuters)
        reuters.report("Reuters", args.show)
    else:
        print(f"!!! NOT RUN: Reuters (no articles.jsonl in {args.data})")
    seeds = Tally()
    measure_files(args.seeds, seeds)
    seeds.report("Seeds", args.show)
    print(f"CPU {time.process_time() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

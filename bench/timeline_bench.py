"""Topic timelines against journalists' timelines (Timeline17).

For each collection of `../shared/data/timelines-t17` (or `--data DIR`), in its own SQLite
database under bench/results/t17/: ingest its articles through the `ingest` command with each
article's day as its publication date, make a topic from its `keywords.json`, build the topic's
timeline exactly as the topic page does when it opens (no filter), and score its top k key
dates (k = the gold timeline's number of dates) as the timeline-summarisation literature does
(Martschat & Markert 2018; Ghalandari & Ifrim 2020):

- date-F1: exact days against the gold timeline's days;
- AR1 and AR2: alignment-based ROUGE-1 and ROUGE-2 F of the summaries, computed by `tilse`
  (Martschat & Markert's toolkit, pinned in requirements/bench-no-deps.txt), "align+ m:1":
  each predicted date is aligned with a gold date by date distance and content, and its
  ROUGE counts are discounted by 1 / (days apart + 1);
- the same for the date-wise baseline (days ranked by how many sentences mention them, each
  summarised by its first such sentence) on the same database, so that what is ours shows;
- the seconds to build one timeline.

`--keep` reuses a collection's database when it exists (ingest is the slow part).

`--reuters N` instead ingests the first N articles of `../shared/data/reuters-train` (1987
wire copy, with their days) and checks the energy and defense topics' key events: none may be
a time of day read as a year nor background more than five years before the coverage.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ptb import detokenise

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "timelines-t17"
RESULTS = ROOT / "bench" / "results" / "t17"
TARGETS = {"date-F1": 0.60, "AR1": 0.13}
PUBLISHED = [
    # Timeline17, date-F1 / AR1-F / AR2-F, from Ghalandari & Ifrim (ACL 2020), Table 4.
    ("CLUST (Ghalandari & Ifrim 2020)", 0.407, 0.082, 0.020),
    ("ASMDS (Martschat & Markert 2018)", 0.544, 0.105, 0.030),
    ("DATEWISE (Ghalandari & Ifrim 2020)", 0.544, 0.120, 0.035),
]


# --- Reading the collections -------------------------------------------------------------


def read_collection(folder: Path, limit: int = 0) -> tuple[list[dict], list, list[str]]:
    articles = [json.loads(line) for line in (folder / "articles.jsonl").open(encoding="utf-8")]
    articles.sort(key=lambda a: (a["time"], a["id"]))
    if limit:
        # An even spread over the collection's days, so a smoke run still spans the story.
        step = max(1, len(articles) // limit)
        articles = articles[::step][:limit]
    timelines = [json.loads(line) for line in (folder / "timelines.jsonl").open()]
    keywords = json.loads((folder / "keywords.json").read_text())
    return articles, timelines, keywords


def write_files(articles: list[dict], folder: Path, outlet: str) -> None:
    """One JSONL file; the first line of each text is its headline."""
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as out:
        for article in articles:
            lines = [detokenise(line).strip() for line in article["text"].split("\n")]
            lines = [line for line in lines if line]
            item = {
                "title": lines[0][:300] if lines else article["id"],
                "text": "\n\n".join(lines[1:] or lines),
                "published": article["time"],
                "source": outlet,
            }
            out.write(json.dumps(item, ensure_ascii=False) + "\n")


# --- Scoring ---------------------------------------------------------------------------

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[^\w\s]")


def ptb_words(sentence: str) -> str:
    """A sentence as the gold's are written (words and punctuation apart): tilse splits on
    spaces, so "Moscow." and "Moscow ." must be the same words."""
    return " ".join(_TOKEN.findall(sentence))


def date_f1(predicted: list[str], gold: list[str]) -> float:
    hits = len(set(predicted) & set(gold))
    if not hits:
        return 0.0
    precision, recall = hits / len(set(predicted)), hits / len(set(gold))
    return 2 * precision * recall / (precision + recall)


def score(predicted: dict, gold_timeline: list) -> dict:
    """date-F1, and AR1/AR2 F as tilse computes them ("align+ m:1": many-to-one alignment on
    date and content costs, Martschat & Markert 2017), with its ROUGE reimplementation
    (Porter stems, ROUGE's stop words), as the Timeline17 figures in the literature are."""
    import datetime as dt

    from tilse.data.timelines import GroundTruth, Timeline
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    gold = {day: sentences for day, sentences in gold_timeline}
    figures = {"date-F1": date_f1(list(predicted), list(gold))}
    mine = {dt.date.fromisoformat(d): [ptb_words(s) for s in told] or [""] for d, told in
            predicted.items()}  # fmt: skip
    theirs = {dt.date.fromisoformat(d): [s.strip() for s in told] for d, told in gold.items()}
    if not mine:
        return {**figures, "AR1": 0.0, "AR2": 0.0}
    evaluator = TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation="reimpl")
    aligned = evaluator.evaluate_align_date_content_costs_many_to_one(
        Timeline(mine), GroundTruth([Timeline(theirs)])
    )
    figures["AR1"] = aligned["rouge_1"]["f_score"]
    figures["AR2"] = aligned["rouge_2"]["f_score"]
    return figures


# --- One collection, in its own process and database ----------------------------------------


def setup_django(database: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench")
    os.environ.setdefault("ARCHIVE_SEARCH_INDEX", "off")
    import django

    django.setup()


def open_database(name: str, keep: bool) -> tuple[Path, bool]:
    """Django set up on bench/results/t17/`name`.sqlite3, and whether it was kept from an
    earlier run (`keep`) rather than made afresh."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    database = RESULTS / f"{name}.sqlite3"
    reuse = keep and database.exists()
    if not reuse:
        for stale in RESULTS.glob(database.name + "*"):
            stale.unlink()
    setup_django(database)
    return database, reuse


def ingest_folder(folder: str, log: Path, jobs: int, label: str) -> None:
    """The `ingest` command on `folder`, its report in `log`; refused articles are said, and
    the rest scored without them."""
    from django.core.management import CommandError, call_command

    with log.open("w") as out:
        try:
            call_command("ingest", folder, jobs=jobs, stdout=out, stderr=out)
        except CommandError as error:
            print(f"{label}: {error} ({log})", file=sys.stderr)


def run_one(folder: Path, limit: int, keep: bool, jobs: int, ingest_only: bool = False) -> dict:
    name = folder.name
    database, reuse = open_database(f"{name}{'-' + str(limit) if limit else ''}", keep)
    from django.core.management import call_command

    from articles.models import Article, Topic

    articles, timelines, keywords = read_collection(folder, limit)
    ingest_seconds = 0.0
    call_command("migrate", verbosity=0)
    # Made before the ingest, so that the ingest scores every article against it.
    topic, _ = Topic.objects.update_or_create(
        slug=f"t17-{name.lower().replace('_', '-')}",
        defaults={"name": f"Timeline17 {name}", "keywords": "\n".join(keywords)},
    )
    if not reuse:
        with tempfile.TemporaryDirectory() as tmp:
            write_files(articles, Path(tmp), f"Timeline17 {name}")
            started = time.perf_counter()
            ingest_folder(tmp, RESULTS / f"{database.stem}.ingest.log", jobs, name)
            ingest_seconds = time.perf_counter() - started
    if ingest_only:
        return {"collection": name, "articles": Article.objects.count(),
                "ingest_seconds": ingest_seconds, "timelines": []}  # fmt: skip
    from articles.timelines.key_events import baseline_timeline, topic_key_events

    rows = []
    for gold in timelines:
        k = len(gold)
        started = time.perf_counter()
        ours = topic_key_events(topic, limit=k)
        seconds = time.perf_counter() - started
        predicted = {e.day.isoformat(): e.summary_sentences for e in ours}
        base = baseline_timeline(topic, limit=k)
        rows.append(
            {
                "collection": name,
                "k": k,
                "ours": score(predicted, gold),
                "baseline": score(base, gold),
                "seconds": seconds,
            }
        )
    return {
        "collection": name,
        "articles": Article.objects.count(),
        "ingest_seconds": ingest_seconds,
        "timelines": rows,
    }


def run_reuters(folder: Path, count: int, keep: bool, jobs: int) -> int:
    import datetime as dt

    _, reuse = open_database(f"reuters-{count}", keep)
    from django.core.management import call_command

    from articles.models import Article, Topic
    from articles.timelines.key_events import topic_key_events

    call_command("migrate", verbosity=0)
    if not reuse:
        with tempfile.TemporaryDirectory() as tmp, open(folder / "articles.jsonl") as rows:
            with (Path(tmp) / "reuters.jsonl").open("w") as out:
                for _, line in zip(range(count), rows, strict=False):
                    story = json.loads(line)
                    item = {"title": story["title"], "text": story["body"],
                            "published": story["published"], "source": "Reuters"}  # fmt: skip
                    out.write(json.dumps(item) + "\n")
            ingest_folder(tmp, RESULTS / "reuters.ingest.log", jobs, "reuters")
    first = Article.objects.exclude(published_on=None).order_by("published_on").first()
    start = first.published_on if first else dt.date(1987, 1, 1)
    failures = 0
    print(f"{Article.objects.count()} Reuters articles from {start}")
    for slug in ("energy", "defense"):
        topic = Topic.objects.get(slug=slug)
        events = topic_key_events(topic, limit=None)
        early = [e for e in events if e.day < start.replace(year=start.year - 5)]
        failures += len(early)
        earliest = min((e.day for e in events), default="-")
        print(f"{slug}: {len(events)} key days, earliest {earliest}; "
              f"more than 5 years before the coverage: {len(early)} "
              f"{'PASS' if not early else 'FAIL'}")  # fmt: skip
        for event in events[:10]:
            told = event.summary_sentences[0][:90] if event.summary else ""
            print(f"  {event.day}  {event.article_count:>3} articles  {told}")
    return 1 if failures else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--collections", nargs="*", help="folder names (default: all)")
    parser.add_argument("--limit", type=int, default=0, help="articles per collection (smoke)")
    parser.add_argument("--keep", action="store_true", help="reuse ingested databases")
    parser.add_argument("--jobs", type=int, default=1, help="ingest workers per collection")
    parser.add_argument("--parallel", type=int, default=2, help="collections at once")
    parser.add_argument("--ingest-only", action="store_true", help="build the databases only")
    parser.add_argument("--reuters", type=int, default=0, help="check N Reuters articles instead")
    parser.add_argument(
        "--reuters-data", type=Path, default=ROOT.parent / "shared" / "data" / "reuters-train"
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.reuters:
        return run_reuters(args.reuters_data, args.reuters, args.keep, args.jobs)
    if args.one:
        print(
            json.dumps(
                run_one(args.data / args.one, args.limit, args.keep, args.jobs, args.ingest_only)
            )
        )
        return 0
    if not args.data.is_dir():
        print(f"no Timeline17 data at {args.data}", file=sys.stderr)
        return 2
    names = args.collections or sorted(
        p.name for p in args.data.iterdir() if (p / "timelines.jsonl").exists()
    )
    results, running = [], []
    command = [sys.executable, __file__, "--data", str(args.data), "--limit", str(args.limit)]
    command += ["--jobs", str(args.jobs)] + (["--keep"] if args.keep else [])
    command += ["--ingest-only"] if args.ingest_only else []
    pending = list(names)
    while pending or running:
        while pending and len(running) < max(1, args.parallel):
            name = pending.pop(0)
            proc = subprocess.Popen([*command, "--one", name], stdout=subprocess.PIPE, text=True)
            running.append((name, proc))
        name, proc = running.pop(0)
        out, _ = proc.communicate()
        if proc.returncode:
            print(f"{name}: failed (exit {proc.returncode})", file=sys.stderr)
            return 1
        results.append(json.loads(out.strip().splitlines()[-1]))
    if args.ingest_only:
        for result in results:
            print(f"{result['collection']}: {result['articles']} articles, "
                  f"{result['ingest_seconds']:.0f} s")  # fmt: skip
        return 0
    return report(results)


def report(results: list[dict]) -> int:
    rows = [row for result in results for row in result["timelines"]]
    print(f"{'timeline':<24}{'k':>4}{'date-F1':>9}{'AR1':>7}{'AR2':>7}   baseline: "
          f"{'date-F1':>7}{'AR1':>7}{'AR2':>7}{'s':>7}")  # fmt: skip
    for row in rows:
        o, b = row["ours"], row["baseline"]
        print(
            f"{row['collection']:<24}{row['k']:>4}{o['date-F1']:>9.3f}{o['AR1']:>7.3f}"
            f"{o['AR2']:>7.3f}             {b['date-F1']:>7.3f}{b['AR1']:>7.3f}"
            f"{b['AR2']:>7.3f}{row['seconds']:>7.2f}"
        )

    def mean(side, key):
        return sum(r[side][key] for r in rows) / len(rows)

    print(f"{'mean of ' + str(len(rows)):<28}{mean('ours', 'date-F1'):>9.3f}"
          f"{mean('ours', 'AR1'):>7.3f}{mean('ours', 'AR2'):>7.3f}             "
          f"{mean('baseline', 'date-F1'):>7.3f}{mean('baseline', 'AR1'):>7.3f}"
          f"{mean('baseline', 'AR2'):>7.3f}")  # fmt: skip
    for label, f1, ar1, ar2 in PUBLISHED:
        print(f"  published: {label:<36} date-F1 {f1:.3f}  AR1 {ar1:.3f}  AR2 {ar2:.3f}")
    for key, bound in TARGETS.items():
        value = mean("ours", key)
        print(f"  target {key} >= {bound:.2f}: {value:.3f} {'PASS' if value >= bound else 'FAIL'}")
    beats = mean("ours", "date-F1") > mean("baseline", "date-F1")
    print(f"  above the date-wise baseline on date-F1: {'PASS' if beats else 'FAIL'}")
    ingest = sum(r["ingest_seconds"] for r in results)
    count = sum(r["articles"] for r in results)
    print(f"  {count} articles; ingest {ingest:.0f} s; "
          f"timeline build {max(r['seconds'] for r in rows):.2f} s at most")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

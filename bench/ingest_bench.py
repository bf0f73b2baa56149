"""Ingest throughput: N synthetic 400-word articles as .txt files, ingested by
`manage.py ingest --jobs J` (full analysis, NER model included) into a fresh database.

Prints articles per second, the CPU time per article of the ingest and its workers (the
cost whatever else the machine runs: 2 cores give 50 articles/s at 40 ms) and the peak RSS
of the largest process (the ingest or one of its analysis workers) for each size. The
database is DATABASE_URL (flushed first!) or a SQLite file under bench/results/.

    nice -n 10 .venv/bin/python bench/ingest_bench.py --sizes 1000 10000 --jobs 2
"""

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = [
    "Narendra Modi",
    "Vladimir Putin",
    "Sergey Lavrov",
    "Antony Blinken",
    "Olaf Scholz",
    "Emmanuel Macron",
    "Xi Jinping",
    "Ursula von der Leyen",
    "Rishi Sunak",
    "Fumio Kishida",
]
PLACES = ["Moscow", "New Delhi", "Beijing", "Washington", "Brussels", "Tokyo", "Berlin", "Paris"]


def vocabulary() -> list[str]:
    """Common English words: enough variety that synthetic articles are not near-duplicates
    of each other (the similarity step would compare each with all the others)."""
    from wordfreq import top_n_list  # bench extra

    return [w for w in top_n_list("en", 20000) if w.isalpha() and len(w) > 2]


def article(n: int, rng: random.Random, words_: list[str]) -> str:
    words: list[str] = []
    while len(words) < 400:
        # Random common words with a name or a place here and there: no sentence template,
        # which would make every article a near-duplicate of every other.
        sentence = [rng.choice(words_) for _ in range(rng.randint(8, 16))]
        sentence.insert(rng.randrange(len(sentence)), rng.choice(NAMES + PLACES))
        words += [*sentence[:-1], sentence[-1] + "."]
    return f"Synthetic report {n} on diplomacy\n\n" + " ".join(words) + f"\n\nReference {n}.\n"


def write_files(folder: Path, count: int) -> None:
    rng, words = random.Random(count), vocabulary()
    for n in range(count):
        (folder / f"{n // 1000:03d}").mkdir(exist_ok=True)
        (folder / f"{n // 1000:03d}" / f"a{n:06d}.txt").write_text(article(n, rng, words))


def measure(args) -> None:
    """Child: run the ingest as a grandchild, print seconds and its peak RSS."""
    # Production settings: with DEBUG on, Django keeps a log of every query in memory.
    env = os.environ | {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "bench"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "flush", "--noinput", "-v", "0"], env=env, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [*manage, "ingest", f"--jobs={args.jobs}", args.measure],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = after.ru_maxrss / 1024
    # CPU of the ingest and its workers: what the run cost whatever else the machine ran.
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
    summary = done.stdout.strip().splitlines()[-1]
    print(f"{seconds:.3f} {cpu:.3f} {peak:.1f} {done.returncode} {summary}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        return measure(args)
    env = dict(os.environ)
    if "DATABASE_URL" not in env:
        (ROOT / "bench/results").mkdir(parents=True, exist_ok=True)
        db = ROOT / "bench/results/ingest-bench.sqlite3"
        db.unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{db}"
    engine = env["DATABASE_URL"].split(":", 1)[0]
    print(f"engine={engine} jobs={args.jobs}")
    header = ["files", "seconds", "articles/s", "CPU ms/art", "peak RSS MB"]
    print(
        " ".join(f"{h:>{w}}" for h, w in zip(header, (7, 8, 10, 10, 11), strict=True)), " summary"
    )
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            write_files(Path(folder), size)
            child = [sys.executable, __file__, "--jobs", str(args.jobs), "--measure", folder]
            out = subprocess.run(child, env=env, stdout=subprocess.PIPE, text=True, check=True)
            seconds, cpu, peak, code, summary = out.stdout.split(" ", 4)
            rate, cpu_ms = size / float(seconds), 1000 * float(cpu) / size
            print(
                f"{size:>7} {float(seconds):>8.1f} {rate:>10.1f} {cpu_ms:>10.1f}"
                f" {float(peak):>11.0f}  {summary}"
            )
            if code != "0":
                sys.exit(f"ingest failed with exit code {code}")


if __name__ == "__main__":
    main()

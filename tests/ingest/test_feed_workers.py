"""Long feeds go through bounded chunks, and the analysis workers survive faults: a killed
worker does not hang the run, and workers do not outlive the ingest that started them."""

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from articles.ingest.pipeline import ANALYSIS_BATCH, ingest_paths, item_chunks
from articles.ingest.workers import Analysers
from articles.models import Article


def write_feed(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as feed:
        for n in range(count):
            story = {
                "title": f"Ministers meet in round {n}",
                "body": f"GENEVA, May {n % 28 + 1} - Delegates of {n} states met on Monday.\n\n"
                f"The talks on item {n} went on late into the night.",
                "source": "Wire",
            }
            feed.write(json.dumps(story) + "\n")
    return path


def test_a_long_feed_is_read_in_bounded_chunks(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 20_000)
    size = 2 * ANALYSIS_BATCH * 2
    chunks = item_chunks([(feed, "feed.jsonl")], size)
    first = next(chunks)
    assert len(first) == size  # the first chunk comes before the rest of the feed is read
    lengths = [len(first)] + [len(c) for c in chunks]
    assert max(lengths) <= size
    assert sum(lengths) == 20_000 + 1  # every line, then the end of the file


@pytest.mark.django_db
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_feed_ingests_with_and_without_workers(tmp_path, jobs):
    feed = write_feed(tmp_path / "feed.jsonl", 400)
    progress = []
    results = ingest_paths([feed], jobs=jobs, on_result=lambda r, d, t: progress.append(d))
    assert Article.objects.count() == 400
    assert len(results) == 400
    assert progress[-1] == 1  # the one file is done


@pytest.mark.django_db
def test_a_killed_worker_does_not_hang_the_run(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 600)
    killed = []

    def kill_a_worker(result, done, total):
        workers = multiprocessing.active_children()
        if not killed and workers:
            os.kill(workers[0].pid, signal.SIGKILL)
            killed.append(workers[0].pid)

    ingest_paths([feed], jobs=2, on_result=kill_a_worker)
    assert killed
    # The batches of the dead worker were analysed again here: nothing is lost.
    assert Article.objects.count() == 600


def test_a_pool_with_a_dead_worker_is_replaced():
    with Analysers(2, None) as analysers:
        first = analysers.submit(["Talks in Geneva."], {}, [None], [""])
        assert len(first.result(timeout=300)) == 1
        for worker in multiprocessing.active_children():
            os.kill(worker.pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            analysers.submit(["Talks in Rome."], {}, [None], [""]).result(timeout=300)
        again = analysers.submit(["Talks in Paris."], {}, [None], [""])
        assert len(again.result(timeout=300)) == 1


def test_workers_die_with_their_parent(tmp_path):
    script = textwrap.dedent(
        """
        import multiprocessing, os, signal, sys
        from articles.ingest.workers import Analysers
        analysers = Analysers(2, None)
        analysers.submit(["Talks in Geneva."], {}, [None], [""]).result(timeout=300)
        print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    root = Path(__file__).resolve().parents[2]
    # Only the first line is read: workers left alive would keep the pipe open.
    parent = subprocess.Popen(
        [sys.executable, "-c", script], cwd=root, stdout=subprocess.PIPE, text=True
    )
    workers = [int(pid) for pid in parent.stdout.readline().split()]
    parent.wait(timeout=300)
    parent.stdout.close()
    assert workers
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.django_db
def test_a_json_article_with_a_title_keeps_its_first_body_line(tmp_path):
    story = {
        "title": "Oil ministers agree output curbs",
        "body": "VIENNA, March 3 - OPEC ministers agreed on Monday\nto curb output.\n\n"
        "The accord runs to June.",
    }
    feed = tmp_path / "one.json"
    feed.write_text(json.dumps(story), encoding="utf-8")
    ingest_paths([feed])
    article = Article.objects.get()
    assert article.title == "Oil ministers agree output curbs"
    assert article.body.startswith("VIENNA, March 3 - OPEC ministers agreed on Monday")
    assert "The accord runs to June." in article.body
    assert article.raw_text == story["body"]

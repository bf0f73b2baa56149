"""Two `manage.py ingest` processes at once, against a real database.

On PostgreSQL the processes write to the test database (hence transaction=True: they must
see, and be seen by, committed rows); on SQLite to a database file of the test's own.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEED_FILES = sorted((Path(settings.BASE_DIR) / "seeds").glob("*.txt"))
COPIES = 8  # of each of the five seeds: 40 files sharing titles, sources and entities


def make_files(folder: Path, copies: int = COPIES) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(copies):
        for seed in SEED_FILES:
            path = folder / f"{n:02d}_{seed.name}"
            text = seed.read_text(encoding="utf-8")
            path.write_text(f"{text}\n\nDesk note {n}: filed by correspondent {n}.\n")
            paths.append(path)
    return paths


class Database:
    """The database the processes share, and a way to ask it questions."""

    def __init__(self, tmp_path: Path):
        self.env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        self.env |= {"DJANGO_DEBUG": "1", "DJANGO_SECRET_KEY": "test"}
        # The processes share a search index too, of their own, built before they start.
        self.env["ARCHIVE_SEARCH_INDEX"] = str(tmp_path / "search-index")
        if connection.vendor == "postgresql":
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
            self.env["DATABASE_URL"] = (
                f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
            )
            self.sqlite_file = None
            build = self.manage("search_index", "--rebuild")
            assert build.communicate(timeout=300) and build.returncode == 0
        else:
            self.sqlite_file = tmp_path / "shared.sqlite3"
            self.env["DATABASE_URL"] = f"sqlite:///{self.sqlite_file}"
            migrate = self.manage("migrate", "--noinput")
            assert migrate.communicate(timeout=300) and migrate.returncode == 0

    def manage(self, *args) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def ingest_concurrently(self, *folders: Path) -> list[tuple[int, str, str]]:
        processes = [self.manage("ingest", str(folder)) for folder in folders]
        outputs = [p.communicate(timeout=600) for p in processes]  # reads both pipes
        return [(p.returncode, *output) for p, output in zip(processes, outputs, strict=True)]

    def value(self, sql: str):
        if self.sqlite_file:
            with sqlite3.connect(self.sqlite_file) as db:
                return db.execute(sql).fetchone()[0]
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchone()[0]


def assert_every_article_once(db: Database, expected: int) -> None:
    assert db.value("SELECT COUNT(*) FROM articles_article") == expected
    assert db.value("SELECT COUNT(DISTINCT checksum) FROM articles_article") == expected
    # An entity whose names were all claimed by a concurrent ingest would have no alias.
    orphans = (
        "SELECT COUNT(*) FROM articles_entity e WHERE NOT EXISTS "
        "(SELECT 1 FROM articles_entityalias a WHERE a.entity_id = e.id)"
    )
    assert db.value(orphans) == 0
    assert db.value("SELECT COUNT(*) FROM articles_source") == 1  # "Unattributed"


def test_two_ingests_of_the_same_files_both_succeed(tmp_path):
    db = Database(tmp_path)
    folder = tmp_path / "incoming"
    make_files(folder)
    for returncode, stdout, stderr in db.ingest_concurrently(folder, folder):
        assert returncode == 0, stdout + stderr
        assert "failed" not in stdout.replace("0 failed", "")
        assert f"{len(SEED_FILES) * COPIES} files:" in stdout
    assert_every_article_once(db, len(SEED_FILES) * COPIES)


def test_two_ingests_of_disjoint_halves_miss_nothing(tmp_path):
    db = Database(tmp_path)
    paths = make_files(tmp_path / "all")
    halves = [tmp_path / "first", tmp_path / "second"]
    for n, path in enumerate(paths):
        half = halves[n % 2]
        half.mkdir(exist_ok=True)
        path.rename(half / path.name)
    for returncode, stdout, stderr in db.ingest_concurrently(*halves):
        assert returncode == 0, stdout + stderr
        assert "created" in stdout
    assert_every_article_once(db, len(SEED_FILES) * COPIES)


def test_two_parallel_ingests_with_jobs_leave_no_duplicates(tmp_path):
    """Two runs at once, each analysing with two worker processes."""
    db = Database(tmp_path)
    folder = tmp_path / "incoming"
    make_files(folder)
    processes = [db.manage("ingest", "--jobs=2", str(folder)) for _ in range(2)]
    for process in processes:
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stdout + stderr
    assert_every_article_once(db, len(SEED_FILES) * COPIES)
    assert db.value("SELECT COUNT(DISTINCT import_ref) FROM articles_article") == (
        len(SEED_FILES) * COPIES
    )
    aliases = "SELECT COUNT(*) - COUNT(DISTINCT key) FROM articles_entityalias"
    assert db.value(aliases) == 0


def children_of(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(child) for child in found.stdout.split()]


def test_a_run_stopped_by_sigterm_records_what_it_wrote(tmp_path):
    db = Database(tmp_path)
    folder = tmp_path / "incoming"
    make_files(folder, copies=20)
    ingest = db.manage("ingest", str(folder), "--jobs", "2")
    lines = (line for line in ingest.stdout if line.startswith("created"))
    for created, _line in enumerate(lines, 1):
        if created == 10:
            break
    workers = children_of(ingest.pid)
    ingest.send_signal(signal.SIGTERM)
    stdout, stderr = ingest.communicate(timeout=60)

    assert ingest.returncode == 1
    assert "interrupted by SIGTERM" in stderr
    # The record counts every file the database holds, and is saved as unfinished.
    articles = db.value("SELECT COUNT(*) FROM articles_article")
    assert 10 <= articles < len(SEED_FILES) * 20
    assert db.value("SELECT created FROM articles_ingestrun") == articles
    seen = db.value("SELECT seen FROM articles_ingestrun")
    counted = "created + updated + unchanged + skipped + failed"
    assert db.value(f"SELECT {counted} FROM articles_ingestrun") == seen >= articles
    assert db.value("SELECT COUNT(*) FROM articles_ingestrun WHERE finished_at IS NULL") == 1
    # The analysis workers end with it (the kernel signals them as it goes).
    assert workers
    assert not alive_after(workers, seconds=10)


def alive_after(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := [p for p in pids if running(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return False

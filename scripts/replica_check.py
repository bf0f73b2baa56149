#!/usr/bin/env python
"""Start a real PostgreSQL streaming replica on this machine and show the archive using it.

    .venv/bin/python scripts/replica_check.py            # as root, beside a local PostgreSQL

1. `pg_basebackup -R` of the local primary (127.0.0.1:5432) into a temporary second cluster,
   started on port 5433 as a hot standby with `primary_conninfo`;
2. ingests the seeds into a scratch database on the primary and waits until they reach the
   replica;
3. requests the public pages and checks that they read from the replica only, and that the
   admin reads from the primary;
4. stops the replica and checks the pages are still served (from the primary), then cleans up.

Exits non-zero, saying which step failed. It needs root (to run the second cluster as the
`postgres` user) and adds `host replication all 127.0.0.1/32 trust` to the primary's pg_hba.conf
when no replication line is there (then reloads it).
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def run(*cmd, user=None, check=True, **kwargs):
    if user:
        cmd = ("runuser", "-u", user, "--", *cmd)
    return subprocess.run(cmd, check=check, text=True, capture_output=True, **kwargs)


def psql(sql, port, db="postgres"):
    out = run("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", db, "-Atc", sql)
    return out.stdout.strip()


def pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not candidates:
        sys.exit(f"cannot find {name}: is PostgreSQL installed?")
    return str(candidates[-1])


def allow_replication(primary_port: int) -> None:
    hba = Path(psql("SHOW hba_file", primary_port))
    lines = hba.read_text().splitlines()
    if any(line.split()[:2] == ["host", "replication"] for line in lines if line.strip()):
        return
    hba.write_text("\n".join([*lines, "host replication all 127.0.0.1/32 trust", ""]))
    psql("SELECT pg_reload_conf()", primary_port)
    print(f"added a replication line to {hba}")


def start_replica(datadir: Path, primary_port: int, port: int) -> None:
    run(
        pg_bin("pg_basebackup"),
        *("-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres"),
        *("-D", str(datadir), "-R", "-X", "stream", "--checkpoint=fast"),
        user="postgres",
    )
    # Debian keeps a cluster's configuration outside its data folder: give this one its own.
    (datadir / "postgresql.conf").write_text(
        f"port = {port}\nlisten_addresses = '127.0.0.1'\n"
        f"unix_socket_directories = '{datadir}'\nhot_standby = on\n"
    )
    (datadir / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    (datadir / "pg_ident.conf").write_text("")
    shutil.chown(datadir / "postgresql.conf", "postgres", "postgres")
    shutil.chown(datadir / "pg_hba.conf", "postgres", "postgres")
    shutil.chown(datadir / "pg_ident.conf", "postgres", "postgres")
    log = datadir / "replica.log"
    run(pg_bin("pg_ctl"), "-D", str(datadir), "-l", str(log), "-w", "start", user="postgres")


def stop_replica(datadir: Path) -> None:
    run(
        pg_bin("pg_ctl"),
        "-D",
        str(datadir),
        "-m",
        "fast",
        "-w",
        "stop",
        user="postgres",
        check=False,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--primary-port", type=int, default=5432)
    parser.add_argument("--replica-port", type=int, default=5433)
    parser.add_argument("--database", default="archive_replica_check")
    args = parser.parse_args()

    db, pport, rport = args.database, args.primary_port, args.replica_port
    allow_replication(pport)
    psql(f"DROP DATABASE IF EXISTS {db}", pport)
    psql(f"CREATE DATABASE {db}", pport)

    base = Path(tempfile.mkdtemp(prefix="archive-replica-"))
    shutil.chown(base, "postgres", "postgres")
    datadir = base / "data"
    try:
        start_replica(datadir, pport, rport)
        print(f"replica: streaming from 127.0.0.1:{pport}, serving on 127.0.0.1:{rport}")
        return check_archive(db, pport, rport, datadir)
    finally:
        stop_replica(datadir)
        shutil.rmtree(base, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {db}", pport)


def check_archive(db: str, pport: int, rport: int, datadir: Path) -> int:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="archive.settings",
        DJANGO_DEBUG="1",
        DJANGO_SECRET_KEY="replica-check-only",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{pport}/{db}",
        DATABASE_REPLICA_URL=f"postgres://postgres@127.0.0.1:{rport}/{db}",
        ARCHIVE_REPLICA_CHECK_SECONDS="0",
        DJANGO_CONN_MAX_AGE="0",
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from articles.models import Article, Topic

    setup_test_environment()  # the test client's ALLOWED_HOSTS, nothing else
    failures = []

    def check(ok: bool, what: str) -> None:
        print(("ok    " if ok else "FAIL  ") + what)
        if not ok:
            failures.append(what)

    call_command("migrate", verbosity=0)
    call_command("ingest", verbosity=0)
    expected = Article.objects.using("default").count()
    deadline = time.monotonic() + 30
    while Article.objects.using("replica").count() != expected and time.monotonic() < deadline:
        time.sleep(0.2)
    replicated = Article.objects.using("replica").count()
    check(replicated == expected > 0, f"ingest's {expected} articles reached the replica")

    article = Article.objects.using("default").first()
    topic = Topic.objects.using("default").first()
    pages = ["/", "/?q=Modi", article.get_absolute_url(), topic.get_absolute_url(), "/topics/"]
    client = Client()
    for url in pages:
        with (
            CaptureQueriesContext(connections["default"]) as on_primary,
            CaptureQueriesContext(connections["replica"]) as on_replica,
        ):
            status = client.get(url).status_code
        check(
            status == 200 and len(on_replica) > 0 and len(on_primary) == 0,
            f"GET {url}: {status}, {len(on_replica)} queries on the replica, "
            f"{len(on_primary)} on the primary",
        )

    with (
        CaptureQueriesContext(connections["default"]) as on_primary,
        CaptureQueriesContext(connections["replica"]) as on_replica,
    ):
        status = client.get("/admin/login/").status_code
    check(status == 200 and len(on_replica) == 0, "the admin does not read the replica")

    stop_replica(datadir)
    print("replica stopped")
    for url in pages:
        with CaptureQueriesContext(connections["default"]) as on_primary:
            status = client.get(url).status_code
        check(status == 200 and len(on_primary) > 0, f"GET {url} with the replica down: {status}")

    connections.close_all()
    print("replica check:", "FAILED" if failures else "passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Folders, links, FIFOs and names an operator may drop in."""

import os
import shutil
import subprocess
import sys
import tempfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.ingest.pipeline import ingest_paths
from articles.models import Article

pytestmark = pytest.mark.django_db

TEXT = "Modi in Moscow\n\nPrime Minister Narendra Modi met President Vladimir Putin.\n"


def statuses(results) -> dict[str, tuple[str, str]]:
    return {r.path.name: (r.status, r.message) for r in results}


def test_links_fifos_and_other_files_are_listed_as_skipped(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "folder-link").symlink_to(tmp_path)
    os.mkfifo(tmp_path / "pipe.txt")
    results = statuses(ingest_paths([tmp_path]))
    assert results["good.txt"][0] == "created"
    assert results["photo.jpg"] == ("skipped", "unsupported file type '.jpg'")
    assert results["dangling.txt"] == ("skipped", "broken symbolic link")
    assert results["loop.txt"] == ("skipped", "symbolic link loop")
    assert results["folder-link"] == ("skipped", "symbolic link to a folder (not followed)")
    assert results["pipe.txt"][0] == "skipped" and "FIFO" in results["pipe.txt"][1]
    assert Article.objects.count() == 1


def test_a_fifo_named_on_the_command_line_is_skipped_not_waited_for(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (result,) = ingest_paths([tmp_path / "pipe.txt"])
    assert result.status == "skipped"


def test_skipped_lines_are_counted_and_do_not_fail_the_run(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    assert "skipped   " in out.getvalue() and "notes.pdf" in out.getvalue()
    assert "2 files: 1 created, 0 updated, 0 unchanged, 1 skipped, 0 failed" in out.getvalue()


def test_a_file_name_that_is_not_utf8_is_ingested_and_printed_escaped(tmp_path):
    name = os.fsdecode(b"x_\xff.txt")
    (tmp_path / name).write_text(TEXT)
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    article = Article.objects.get()
    assert article.file_name.endswith("x_\\xff.txt")
    assert "x_\\xff.txt" in out.getvalue()


def test_control_characters_in_a_name_never_reach_the_terminal(tmp_path):
    (tmp_path / "evil\n\x1b[31mred.txt").write_text(TEXT)
    out = StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    output = out.getvalue()
    assert "\x1b" not in output
    assert "evil\\n\\x1b[31mred.txt" in output
    assert Article.objects.get().file_name.endswith("evil\\n\\x1b[31mred.txt")


def test_a_strict_ascii_terminal_gets_escapes_not_a_crash(tmp_path):
    (tmp_path / os.fsdecode(b"caf\xc3\xa9_\xff.txt")).write_text(TEXT)
    (tmp_path / "broken.txt").write_bytes(b"")
    # Its own database: what is tested is the output, whatever the engine.
    db_url = f"sqlite:///{tmp_path.parent / 'strict.sqlite3'}"
    env = {**os.environ, "PYTHONIOENCODING": "ascii:strict", "DATABASE_URL": db_url}
    env["DJANGO_DEBUG"] = "1"
    assert manage(env, "migrate", "--noinput").returncode == 0
    result = manage(env, "ingest", str(tmp_path))
    assert result.returncode == 1, result.stderr  # the empty file failed, nothing crashed
    assert "Traceback" not in result.stderr
    assert "caf\\xe9_\\xff.txt" in result.stdout
    assert "1 created" in result.stdout and "1 failed" in result.stdout


def manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


# Root may enter any folder, so the permission cases run in a process of an unprivileged user.
DISCOVER = """
import sys
from pathlib import Path
from articles.ingest.discovery import discover
files, problems = discover([Path(arg) for arg in sys.argv[1:]], (".txt", ".md"))
for path in files:
    print("file", path.name)
for problem in problems:
    print(problem.status, problem.path.name, "-", problem.message)
"""


def discover_as_unprivileged_user(root: Path, *paths: Path) -> list[str]:
    def drop_privileges():
        if os.getuid() == 0:
            os.setgid(65534)
            os.setuid(65534)

    # The virtualenv and the checkout may lie in folders the unprivileged user cannot enter
    # (root's home, a private temporary folder): discovery needs only the standard library,
    # so it runs from a copy of its module in `root`'s parent.
    code = root.parent / "code"
    package = code / "articles" / "ingest"
    package.mkdir(parents=True, exist_ok=True)
    (package.parent / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    shutil.copy(Path(settings.BASE_DIR) / "articles" / "ingest" / "discovery.py", package)
    python = "/usr/bin/python3" if os.getuid() == 0 else sys.executable
    result = subprocess.run(
        [python, "-c", DISCOVER, *map(str, (root, *paths))],
        cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
        preexec_fn=drop_privileges,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.fixture
def shared_tmp():
    """A folder the unprivileged user can reach (pytest's tmp_path lies in a private one)."""
    folder = Path(tempfile.mkdtemp(prefix="ingest-permissions-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_folders_that_cannot_be_entered_are_reported_and_the_rest_found(shared_tmp):
    root = shared_tmp / "incoming"
    for name in ("ok", "no-entry", "closed", "opaque"):
        (root / name).mkdir(parents=True)
    (root / "ok" / "a.txt").write_text(TEXT)
    (root / "no-entry" / "b.txt").write_text(TEXT)
    (root / "closed" / "c.txt").write_text(TEXT)
    (root / "opaque" / "d.txt").write_text(TEXT)
    (root / "no-entry").chmod(0o444)  # readable, cannot be entered
    (root / "closed").chmod(0o000)
    (root / "opaque").chmod(0o111)  # can be entered, not listed
    lines = discover_as_unprivileged_user(root, root / "closed" / "c.txt")
    assert "file a.txt" in lines
    assert "failed b.txt - cannot read: Permission denied" in lines
    assert "failed closed - cannot open folder: Permission denied" in lines
    assert "failed opaque - cannot open folder: Permission denied" in lines
    assert "failed c.txt - cannot read: Permission denied" in lines  # named on the command line

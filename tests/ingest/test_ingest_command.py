from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("ingest", *args, stdout=out)
    return out.getvalue()


def test_it_ingests_the_seeds_folder_by_default():
    output = run()
    assert output.count("created") == 6  # five file lines and the summary
    assert "5 files: 5 created, 0 updated, 0 unchanged, 0 failed" in output
    assert Article.objects.count() == 5


def test_it_reports_unchanged_files_on_a_second_run(seeds_dir):
    run(str(seeds_dir))
    output = run(str(seeds_dir))
    assert "5 files: 0 created, 0 updated, 5 unchanged, 0 failed" in output


def test_it_names_a_broken_file_and_exits_non_zero(seed_copy):
    (seed_copy / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    out = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("ingest", str(seed_copy), stdout=out)
    output = out.getvalue()
    assert "failed    " in output and "broken.txt" in output and "binary" in output
    assert "6 files: 5 created, 0 updated, 0 unchanged, 1 failed" in output
    assert Article.objects.count() == 5


def test_it_reports_a_missing_path(tmp_path):
    with pytest.raises(CommandError):
        run(str(tmp_path / "nowhere"))


def test_dry_run_reports_without_writing(seeds_dir):
    output = run("--dry-run", str(seeds_dir))
    assert "Dry run: 5 files: 5 created" in output
    assert Article.objects.count() == 0


def test_it_reads_single_files_and_markdown(tmp_path):
    path = tmp_path / "note.md"
    path.write_text(
        "# Envoys meet in Geneva\n\nEnvoys met in Geneva to discuss the ceasefire.\n",
        encoding="utf-8",
    )
    output = run(str(path))
    assert "1 file: 1 created" in output
    assert Article.objects.get().body.startswith("Envoys met in Geneva")


class FakeTerminal(StringIO):
    def isatty(self):
        return True


def test_it_draws_a_progress_bar_on_a_terminal(seeds_dir, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    run(str(seeds_dir))
    # tqdm's bar, redrawn after each file: it reaches 5 of 5.
    assert "| 5/5 [" in terminal.getvalue()
    assert "100%|" in terminal.getvalue()


def test_it_draws_no_progress_bar_when_piped(seeds_dir, monkeypatch):
    piped = StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    run(str(seeds_dir))
    assert piped.getvalue() == ""


def feed(tmp_path, count: int):
    import json

    lines = (
        json.dumps({"title": f"Talks {n}", "body": f"Envoys met in Geneva for round {n}."})
        for n in range(count)
    )
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_it_counts_the_items_of_a_feed_in_a_line_every_so_often_when_piped(tmp_path, monkeypatch):
    from articles.management.commands import ingest

    monkeypatch.setattr(ingest, "PROGRESS_EVERY", 3)
    err = StringIO()
    call_command("ingest", str(feed(tmp_path, 7)), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "progress: 3 items, file 1 of 1",
        "progress: 6 items, file 1 of 1",
    ]
    assert Article.objects.count() == 7


def test_the_terminal_bar_counts_the_items_of_a_feed(tmp_path, monkeypatch):
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stderr", terminal)
    call_command("ingest", str(feed(tmp_path, 4)), stdout=StringIO())
    assert "4 items" in terminal.getvalue()


WIRE = (
    "Gulf ministers meet on output\n\n"
    "MANAMA, Oct 19 - Oil ministers of the Gulf states met here today to discuss output.\n"
)
DATED = '{"title": "Dated", "published": "1986-05-02", "body": "TOKYO, Oct 20 - Talks ended."}\n'


def test_a_dateline_without_a_year_takes_the_year_the_run_gives(tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE)
    (tmp_path / "dated.jsonl").write_text(DATED)
    run(str(tmp_path), "--year", "1987", "--jobs", "1")
    wire = Article.objects.get(title="Gulf ministers meet on output")
    assert str(wire.published_on) == "1987-10-19"
    assert wire.date_origin == Article.DateOrigin.TEXT
    # A file's own date wins.
    assert str(Article.objects.get(title="Dated").published_on) == "1986-05-02"


def test_without_a_year_such_a_dateline_dates_nothing(tmp_path):
    (tmp_path / "wire.txt").write_text(WIRE)
    run(str(tmp_path), "--jobs", "1")
    assert Article.objects.get().published_on is None


def test_a_year_out_of_range_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--year"):
        run(str(tmp_path), "--year", "0")


def test_a_feed_prints_one_line_with_its_counts_and_a_line_per_failed_item(tmp_path):
    path = feed(tmp_path, 5)
    lines = path.read_text().splitlines()
    lines[2] = "{not json"
    path.write_text("\n".join(lines) + "\n")
    (tmp_path / "note.txt").write_text("Envoys meet\n\nEnvoys met in Geneva on Monday.\n")
    out = StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("ingest", str(tmp_path), "--jobs", "1", stdout=out)
    output = out.getvalue().splitlines()
    feed_lines = [line for line in output if "feed.jsonl" in line]
    assert len(feed_lines) == 2
    assert feed_lines[0].startswith("failed    ")
    assert feed_lines[0].endswith(
        "feed.jsonl#line-3 — malformed JSON (Expecting property name enclosed in double quotes)"
    )
    assert feed_lines[1].startswith("feed      ")
    assert feed_lines[1].endswith(
        "feed.jsonl: 5 items: 4 created, 0 updated, 0 unchanged, 1 failed"
    )
    assert any(line.startswith("created   ") and line.endswith("note.txt") for line in output)
    assert output[-1].startswith("2 files: 5 created, 0 updated, 0 unchanged, 1 failed")
    assert Article.objects.count() == 5


def test_a_feed_run_again_counts_its_items_unchanged_in_its_one_line(tmp_path):
    path = feed(tmp_path, 3)
    run(str(path), "--jobs", "1")
    output = run(str(path), "--jobs", "1").splitlines()
    assert output[0].endswith("feed.jsonl: 3 items: 0 created, 0 updated, 3 unchanged, 0 failed")
    assert len(output) == 2  # the feed's line and the summary


def test_verbosity_two_prints_every_item_of_a_feed(tmp_path):
    output = run(str(feed(tmp_path, 3)), "--jobs", "1", "-v", "2").splitlines()
    items = [line for line in output if line.startswith("created   ")]
    assert [line.rsplit("#", 1)[1] for line in items] == ["line-1", "line-2", "line-3"]
    assert output[-2].endswith("feed.jsonl: 3 items: 3 created, 0 updated, 0 unchanged, 0 failed")

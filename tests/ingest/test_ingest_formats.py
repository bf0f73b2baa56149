"""The formats (.json, .jsonl, .html) and their bad inputs, the run record,
identity by import_ref and --jobs. Small files the tests write themselves."""

import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.ingest.pipeline import ingest_paths
from articles.models import Article, IngestRun

pytestmark = pytest.mark.django_db

BODY = (
    "Indian Prime Minister Narendra Modi met Russian President Vladimir Putin in Moscow on "
    "Monday. The two leaders discussed trade, energy and defence ties between their countries."
)


def page(body_html: str, head: str = "") -> str:
    return (
        f"<html><head>{head}<title>Modi visits Moscow</title>"
        "<meta name='author' content='Jane Doe'>"
        "<meta property='og:site_name' content='Example News'>"
        "<link rel='canonical' href='https://news.example.com/modi-moscow'>"
        "<meta property='article:published_time' content='2024-07-08'></head>"
        f"<body><nav>Home | World</nav><article><h1>Modi visits Moscow</h1>{body_html}"
        "</article><footer>Copyright</footer></body></html>"
    )


PARAGRAPHS = "".join(f"<p>Paragraph {n}. {BODY}</p>" for n in range(4))


def ingest(*paths, jobs=1):
    out = StringIO()
    try:
        call_command("ingest", *map(str, paths), f"--jobs={jobs}", stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def test_json_one_article_and_a_list(tmp_path):
    (tmp_path / "one.json").write_text(
        json.dumps(
            {
                "title": "Modi in Moscow",
                "body": BODY,
                "source": "Reuters",
                "url": "https://www.reuters.com/x",
                "published": "2024-07-08T09:30:00Z",
                "author": "Jane Doe",
            }
        )
    )
    (tmp_path / "many.json").write_text(
        json.dumps([{"title": f"Story {n}", "text": f"{BODY} Story {n}."} for n in range(3)])
    )
    output, error = ingest(tmp_path)
    assert error is None, output
    article = Article.objects.get(title="Modi in Moscow")
    assert (article.source.name, article.url, article.byline) == (
        "Reuters",
        "https://www.reuters.com/x",
        "Jane Doe",
    )
    assert str(article.published_on) == "2024-07-08"
    assert article.import_ref == f"{tmp_path.name}/one.json"
    refs = sorted(
        Article.objects.filter(title__startswith="Story").values_list("import_ref", flat=True)
    )
    assert refs == [f"{tmp_path.name}/many.json#item-{n}" for n in (1, 2, 3)]


def test_jsonl_malformed_line_is_reported_and_the_others_ingested(tmp_path):
    lines = [json.dumps({"title": "First", "body": BODY + " One."}), "{not json", ""]
    lines.append(json.dumps({"title": "Third", "body": BODY + " Three."}))
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n")
    output, error = ingest(tmp_path)
    assert error and "1 file(s) or article(s) could not be ingested" in error
    assert "feed.jsonl#line-2 — malformed JSON" in output
    assert sorted(Article.objects.values_list("title", flat=True)) == ["First", "Third"]
    assert Article.objects.get(title="Third").import_ref.endswith("feed.jsonl#line-4")
    run = IngestRun.objects.get()
    assert run.finished_at is not None and (run.created, run.failed, run.seen) == (2, 1, 1)
    assert run.failures[0]["file"].endswith("feed.jsonl#line-2")
    assert "malformed JSON" in run.failures[0]["reason"]


def test_one_bad_element_in_a_json_list_and_an_article_without_body(tmp_path):
    items = [{"title": "Good", "body": BODY}, {"title": "No body"}, "just a string"]
    (tmp_path / "list.json").write_text(json.dumps(items))
    (tmp_path / "nobody.json").write_text(json.dumps({"title": "Empty", "body": "  "}))
    output, error = ingest(tmp_path)
    assert error
    assert "list.json#item-2 — no article text: the object has no 'body' or 'text'" in output
    assert "list.json#item-3 — not a JSON object" in output
    assert "nobody.json — no article text" in output
    assert list(Article.objects.values_list("title", flat=True)) == ["Good"]


def test_html_page_main_text_and_metadata(tmp_path):
    (tmp_path / "page.html").write_text(page(PARAGRAPHS))
    output, error = ingest(tmp_path)
    assert error is None, output
    article = Article.objects.get()
    assert article.title == "Modi visits Moscow"
    assert article.byline == "Jane Doe"
    assert article.source.name == "Example News"
    assert article.url == "https://news.example.com/modi-moscow"
    assert str(article.published_on) == "2024-07-08"
    assert article.date_origin == Article.DateOrigin.PAGE
    assert "Home | World" not in article.body and "Copyright" not in article.body
    assert "Vladimir Putin" in article.body


def test_html_without_article_text_and_a_javascript_canonical(tmp_path):
    (tmp_path / "empty.htm").write_text("<html><body><nav>Home</nav></body></html>")
    (tmp_path / "bad-link.html").write_text(
        page(PARAGRAPHS).replace("https://news.example.com/modi-moscow", "javascript:alert(1)")
    )
    output, error = ingest(tmp_path)
    assert error
    assert "empty.htm — no article text found in the page" in output
    assert Article.objects.get().url == ""


def test_html_in_a_legacy_encoding_declared_only_in_its_meta(tmp_path):
    text = "<p>Сергей Лавров встретился с министром в Москве. " + BODY + "</p>"
    html = page(
        text * 3, head="<meta http-equiv='Content-Type' content='text/html; charset=windows-1251'>"
    )
    (tmp_path / "ru.html").write_bytes(html.encode("cp1251"))
    (tmp_path / "bad.html").write_bytes(
        page(PARAGRAPHS, head="<meta charset='no-such-charset'>").encode()
    )
    output, error = ingest(tmp_path)
    assert error
    assert "bad.html — unknown character set 'no-such-charset' declared in <meta>" in output
    assert "decoded as windows-1251, as its <meta> declares" in output
    assert "Сергей Лавров" in Article.objects.get().body


def test_a_sidecar_json_is_not_an_article_and_other_types_are_skipped(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "a.json").write_text(json.dumps({"title": "From the sidecar"}))
    (tmp_path / "notes.csv").write_text("a,b\n")
    output, error = ingest(tmp_path)
    assert error is None, output
    assert "a.json — sidecar of a.txt (read with it)" in output
    assert "unsupported file type '.csv'" in output
    assert list(Article.objects.values_list("title", flat=True)) == ["From the sidecar"]


def test_rerun_changes_nothing_and_a_moved_folder_is_the_same_article(tmp_path):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "feed.jsonl").write_text(json.dumps({"title": "T", "body": BODY}) + "\n")
    (folder / "page.html").write_text(page(PARAGRAPHS))
    ingest(folder)
    output, error = ingest(folder)
    assert error is None and "0 created, 0 updated, 2 unchanged" in output
    moved = tmp_path / "elsewhere" / "drop"
    moved.parent.mkdir()
    folder.rename(moved)
    (moved / "feed.jsonl").write_text(json.dumps({"title": "T2", "body": BODY}) + "\n")
    output, error = ingest(moved)
    assert "1 updated" in output and Article.objects.count() == 2
    assert Article.objects.filter(title="T2").exists()


def test_every_run_is_recorded_and_shown_read_only_in_the_admin(tmp_path, client):
    (tmp_path / "a.jsonl").write_text("oops\n")
    ingest(tmp_path)
    call_command("reanalyze", stdout=StringIO())
    newest, oldest = IngestRun.objects.all()
    assert (newest.kind, oldest.kind) == ("reanalyze", "ingest")
    assert oldest.failed == 1 and oldest.finished_at is not None
    IngestRun.objects.create(kind="ingest", arguments=["<script>x</script>"])  # died half-way
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    listing = client.get("/admin/articles/ingestrun/")
    assert listing.status_code == 200
    assert b"unfinished" in listing.content
    detail = client.get(f"/admin/articles/ingestrun/{oldest.pk}/change/")
    assert detail.status_code == 200 and b"malformed JSON" in detail.content
    assert b'name="_save"' not in detail.content
    assert client.get("/admin/articles/ingestrun/add/").status_code == 403


def test_jobs_two_analyses_in_worker_processes(tmp_path, monkeypatch):
    lines = [json.dumps({"title": f"N{n}", "body": f"{BODY} Note {n}."}) for n in range(40)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines))

    def not_here(*args, **kwargs):
        raise AssertionError("analysed in the ingest's own process, not by a worker")

    # The workers are spawned: they import the analysis afresh, without this patch.
    monkeypatch.setattr("articles.ingest.write.analyze_many", not_here)
    results = ingest_paths([tmp_path], jobs=2)
    assert [r.status for r in results].count("created") == 40
    assert Article.objects.count() == 40
    assert Article.objects.filter(entities__name="Vladimir Putin").count() == 40


def test_a_run_that_dies_half_way_stays_recorded_as_unfinished(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text(json.dumps({"title": "T", "body": BODY}))

    def die(*args, **kwargs):
        raise KeyboardInterrupt  # the operator's Ctrl-C, or a killed process

    monkeypatch.setattr("articles.ingest.pipeline.ingest_document", die)
    with pytest.raises(KeyboardInterrupt):
        call_command("ingest", str(tmp_path), "--jobs=1", stdout=StringIO())
    run = IngestRun.objects.get()
    assert run.finished_at is None and run.arguments == [str(tmp_path), "--jobs=1"]
    assert not Article.objects.exists()


def test_jsonl_wire_copy_is_stored_as_whole_paragraphs(tmp_path):
    wire = (
        "Ministers from the two countries met in Geneva on Tuesday to\n"
        "discuss a cut in tariffs on grain, officials said.\n"
        "    The talks will resume next month in Vienna, where both sides\n"
        "expect to sign an accord on shipping lanes first agreed in\n"
        "1985, diplomats said.\n"
        " Reuter\n"
    )
    (tmp_path / "wire.jsonl").write_text(json.dumps({"title": "Grain talks", "body": wire}) + "\n")
    _, error = ingest(tmp_path)
    assert error is None
    article = Article.objects.get()
    assert article.body.split("\n\n") == [
        "Ministers from the two countries met in Geneva on Tuesday to discuss a cut in tariffs "
        "on grain, officials said.",
        "The talks will resume next month in Vienna, where both sides expect to sign an accord "
        "on shipping lanes first agreed in 1985, diplomats said.",
        "Reuter",
    ]
    # The stored source keeps its line breaks and indents, byte for byte.
    assert article.raw_text == wire

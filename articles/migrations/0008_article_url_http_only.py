# Only http(s) URLs are kept (stored XSS through the article URL), and the checksum
# is taken over the normalised text (a BOM, CRLF or a trailing newline is the same text).

import hashlib
from urllib.parse import urlsplit

from django.db import migrations, models

import articles.weblinks
from articles.search.database import ddl


def is_http_url(value):
    # Frozen copy of articles.weblinks.http_url as of this migration.
    text = (value or "").strip()
    if not text or any(ch.isspace() or not ch.isprintable() for ch in text):
        return False
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(host)


def text_checksum(text):
    normal = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").rstrip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


def clean_urls_and_checksums(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.exclude(url="").only("pk", "url").iterator():
        if not is_http_url(article.url):
            Article.objects.filter(pk=article.pk).update(url="")
        elif article.url != article.url.strip():
            Article.objects.filter(pk=article.pk).update(url=article.url.strip())
    taken = set(Article.objects.values_list("checksum", flat=True))
    for pk, raw_text, checksum in Article.objects.values_list("pk", "raw_text", "checksum"):
        new = text_checksum(raw_text)
        # Two rows with the same normalised text keep the old checksum of the second: the
        # archivist may merge them; a unique constraint must not fail the migration.
        if new != checksum and new not in taken:
            Article.objects.filter(pk=pk).update(checksum=new)
            taken.add(new)


def restore_after_sqlite_rebuild(apps, schema_editor):
    # Altering the field makes SQLite rebuild articles_article, which drops the full-text
    # triggers and the "newest first" index.
    ddl.restore_after_sqlite_rebuild(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_article_edited_fields'),
    ]

    operations = [
        migrations.AlterField(
            model_name='article',
            name='url',
            field=models.CharField(blank=True, max_length=1000, validators=[articles.weblinks.validate_http_url]),
        ),
        migrations.RunPython(restore_after_sqlite_rebuild, migrations.RunPython.noop),
        migrations.RunPython(clean_urls_and_checksums, migrations.RunPython.noop),
    ]

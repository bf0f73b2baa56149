"""An index in the order of the "newest first" listing: published date descending with
undated articles last, then id. SQLite already sorts NULL last in a descending order and
rejects NULLS LAST in an index; PostgreSQL needs it spelled out."""

from django.db import migrations

INDEX = "article_newest_idx"


def create(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON articles_article (published_on DESC{nulls}, id DESC)"
    )


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_search_index")]

    operations = [migrations.RunPython(create, drop)]

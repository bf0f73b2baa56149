"""The full-text index: FTS5 with triggers on SQLite, a generated weighted tsvector with a RUM
(or GIN) index on PostgreSQL. See articles/search/index.py."""

from django.db import migrations

from articles.search.database import ddl


def install(apps, schema_editor):
    ddl.install(schema_editor)


def uninstall(apps, schema_editor):
    ddl.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0002_default_topics")]

    operations = [migrations.RunPython(install, uninstall)]

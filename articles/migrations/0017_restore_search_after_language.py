# The table rebuild of 0016 on SQLite dropped the full-text triggers and the "newest first"
# index: restored, and the full-text index rebuilt from the articles.

from django.db import migrations

from articles.search.database import ddl


def restore_after_sqlite_rebuild(apps, schema_editor):
    ddl.restore_after_sqlite_rebuild(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_article_language"),
    ]

    operations = [
        migrations.RunPython(restore_after_sqlite_rebuild, migrations.RunPython.noop),
    ]

# Adding the language columns (0016) made SQLite rebuild articles_article, which dropped the
# full-text triggers and the "newest first" index: search found nothing written since.
# Re-created here (and the full-text table refilled); PostgreSQL altered in place.

from django.db import migrations

from articles.search.database import ddl


def restore_after_sqlite_rebuild(apps, schema_editor):
    ddl.restore_after_sqlite_rebuild(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_article_language'),
    ]

    operations = [
        migrations.RunPython(restore_after_sqlite_rebuild, migrations.RunPython.noop, elidable=False),
    ]

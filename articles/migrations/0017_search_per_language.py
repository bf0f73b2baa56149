"""Search stems each article in its language (articles.search.languages): the full-text
index is made anew from every article. SQLite: new triggers, and the FTS5 table refilled;
PostgreSQL: a text search configuration per language and the generated vector recomputed
for every row, then its index. See docs/scaling.md for what it costs."""

from django.db import migrations

from articles.search.database import ddl


def per_language(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        # Also brings back what an earlier table rebuild dropped.
        ddl.replace_sqlite_triggers(schema_editor)
        ddl.restore_after_sqlite_rebuild(schema_editor, fill=False)
        ddl.reindex_sqlite(schema_editor.connection)
    elif schema_editor.connection.vendor == "postgresql":
        kind = ddl.postgresql_index_kind(schema_editor.connection)
        ddl.reindex_postgresql(schema_editor, prefer_rum=kind != "gin")


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_article_language")]

    # Going back keeps the per-language index: the older code searches it as it is.
    operations = [migrations.RunPython(per_language, migrations.RunPython.noop)]

"""Search stems each article in its language (articles.search.languages): the full-text
index is made anew from every article. SQLite: new triggers, and the FTS5 table refilled;
PostgreSQL: a text search configuration per language and the generated vector recomputed
for every row, then its index. See docs/scaling.md for what it costs."""

from django.db import migrations

from articles.search.database import ddl


def reindex(per_language: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            # Also brings back what an earlier table rebuild dropped.
            ddl.replace_sqlite_triggers(schema_editor, per_language)
            ddl.restore_after_sqlite_rebuild(schema_editor, fill=False)
            ddl.reindex_sqlite(schema_editor.connection, per_language)
        elif schema_editor.connection.vendor == "postgresql":
            kind = ddl.postgresql_index_kind(schema_editor.connection)
            ddl.reindex_postgresql(schema_editor, kind != "gin", per_language)

    return run


per_language = reindex(per_language=True)


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_timeline_corrections")]

    # Going back makes the English-only index again (which no longer reads the language
    # column, so that 0016 can remove it later).
    operations = [migrations.RunPython(per_language, reindex(per_language=False))]

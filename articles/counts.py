"""What the entity and source pages count, kept by the database as rows are written.

Reading these aggregates at 100,000 articles meant visiting every article of a common entity
on each page view (its count, its articles' dates, the entities named beside it). Triggers
keep them instead, in the same transaction as the write, whichever code writes (ingest,
re-analysis, a merge, a deletion, an editor's date, a raw bulk load), so no page ever shows a
stale figure and nothing has to remember to call anything:

- `Entity.article_count`: its mention rows (one per article);
- `Source.article_count`: its articles;
- `Mention.published_on`: a copy of the article's date, so an entity's articles are listed
  and charted from the mention index alone;
- `EntityPair`: for each two entities named in the same articles, how many articles.

The objects are made by raw SQL, which Django does not know about: a migration that makes
SQLite rebuild one of these tables (AddField, AlterField...) wraps its operations in
`around_sqlite_rebuild` (tests/web/test_page_speed_queries.py fails when one is missing).
"""

from django.db import migrations

ENTITY = "articles_entity"
SOURCE = "articles_source"
MENTION = "articles_mention"
ARTICLE = "articles_article"
PAIR = "articles_entitypair"

# The entity page's newest-first listing of an entity's mentions, and the source page's of a
# source's articles, both in index order. SQLite sorts NULL last in a descending order
# already and rejects NULLS LAST in an index; PostgreSQL needs it.
INDEXES = {
    "mention_entity_newest_idx": (MENTION, "entity_id, published_on DESC{nulls}, count DESC, "
                                  "article_id DESC"),
    "article_source_newest_idx": (ARTICLE, "source_id, published_on DESC{nulls}, id DESC"),
}  # fmt: skip

SQLITE_TRIGGERS = {
    "counts_mention_ai", "counts_mention_ad", "counts_mention_au",
    "counts_article_ai", "counts_article_ad", "counts_article_au",
}  # fmt: skip
POSTGRESQL_TRIGGERS = {
    "counts_mention_date", "counts_mention_ai", "counts_mention_bd",
    "counts_mention_au", "counts_article_count", "counts_article_date",
}  # fmt: skip


def _pairs(article: str, entity: str, own: str, delta: int, *, older_only: bool) -> list[str]:
    """Add `delta` to the pairs of `entity` with the other entities of `article`, both ways.
    `older_only`: only the mentions inserted before `own`, so that the rows of one INSERT,
    which see each other, count each pair once."""
    older = f" AND m.id < {own}" if older_only else ""
    others = f"FROM {MENTION} m WHERE m.article_id = {article} AND m.id <> {own}{older}"
    upsert = (
        f"ON CONFLICT (entity_id, other_id) DO UPDATE SET articles = {PAIR}.articles + "
        "excluded.articles"
    )
    statements = [
        f"INSERT INTO {PAIR} (entity_id, other_id, articles) "
        f"SELECT {entity}, m.entity_id, {delta} {others} {upsert}",
        f"INSERT INTO {PAIR} (entity_id, other_id, articles) "
        f"SELECT m.entity_id, {entity}, {delta} {others} {upsert}",
    ]
    if delta < 0:
        statements += [
            f"DELETE FROM {PAIR} WHERE entity_id = {entity} AND articles <= 0",
            f"DELETE FROM {PAIR} WHERE other_id = {entity} AND articles <= 0",
        ]
    return statements


def _count(table: str, row: str, delta: str) -> str:
    return f"UPDATE {table} SET article_count = article_count + {delta} WHERE id = {row}"


def _sqlite_statements() -> list[str]:
    def trigger(name: str, when: str, body: list[str]) -> str:
        return f"CREATE TRIGGER {name} {when} BEGIN {'; '.join(body)}; END"

    # A SQLite trigger runs after each row, before the next: the rows a statement inserted
    # earlier are there, the ones it deleted earlier are gone.
    return [
        trigger(
            "counts_mention_ai",
            f"AFTER INSERT ON {MENTION}",
            [
                f"UPDATE {MENTION} SET published_on = (SELECT published_on FROM {ARTICLE} "
                "WHERE id = NEW.article_id) WHERE id = NEW.id",
                _count(ENTITY, "NEW.entity_id", "1"),
                *_pairs("NEW.article_id", "NEW.entity_id", "NEW.id", 1, older_only=True),
            ],
        ),
        trigger(
            "counts_mention_ad",
            f"AFTER DELETE ON {MENTION}",
            [
                _count(ENTITY, "OLD.entity_id", "-1"),
                *_pairs("OLD.article_id", "OLD.entity_id", "OLD.id", -1, older_only=False),
            ],
        ),
        trigger(
            "counts_mention_au",
            f"AFTER UPDATE OF entity_id, article_id ON {MENTION} "
            "WHEN OLD.entity_id <> NEW.entity_id OR OLD.article_id <> NEW.article_id",
            [
                _count(ENTITY, "OLD.entity_id", "-1"),
                _count(ENTITY, "NEW.entity_id", "1"),
                *_pairs("OLD.article_id", "OLD.entity_id", "NEW.id", -1, older_only=False),
                *_pairs("NEW.article_id", "NEW.entity_id", "NEW.id", 1, older_only=False),
                f"UPDATE {MENTION} SET published_on = (SELECT published_on FROM {ARTICLE} "
                "WHERE id = NEW.article_id) WHERE id = NEW.id",
            ],
        ),
        trigger(
            "counts_article_ai",
            f"AFTER INSERT ON {ARTICLE}",
            [_count(SOURCE, "NEW.source_id", "1")],
        ),  # fmt: skip
        trigger(
            "counts_article_ad",
            f"AFTER DELETE ON {ARTICLE}",
            [_count(SOURCE, "OLD.source_id", "-1")],
        ),  # fmt: skip
        trigger(
            "counts_article_au",
            f"AFTER UPDATE OF source_id, published_on ON {ARTICLE}",
            [
                _count(SOURCE, "OLD.source_id", "-1"),
                _count(SOURCE, "NEW.source_id", "1"),
                f"UPDATE {MENTION} SET published_on = NEW.published_on "
                "WHERE article_id = NEW.id AND published_on IS NOT NEW.published_on",
            ],
        ),
    ]


def _postgresql_statements() -> list[str]:
    def function(name: str, body: list[str], returns: str = "NULL") -> str:
        return (
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {'; '.join(body)}; RETURN {returns}; END $$"
        )

    # Row triggers AFTER a statement all see its final state; BEFORE ones see the rows it
    # changed earlier. Inserted pairs count the older mention of each two (AFTER, so a row
    # that ON CONFLICT skipped counts nothing); deleted ones the mentions still there (BEFORE).
    return [
        function(
            "counts_mention_date",
            [f"NEW.published_on := (SELECT published_on FROM {ARTICLE} WHERE id = NEW.article_id)"],
            returns="NEW",
        ),
        f"CREATE TRIGGER counts_mention_date BEFORE INSERT OR UPDATE ON {MENTION} "
        "FOR EACH ROW EXECUTE FUNCTION counts_mention_date()",
        function(
            "counts_mention_ai",
            [
                _count(ENTITY, "NEW.entity_id", "1"),
                *_pairs("NEW.article_id", "NEW.entity_id", "NEW.id", 1, older_only=True),
            ],
        ),
        f"CREATE TRIGGER counts_mention_ai AFTER INSERT ON {MENTION} "
        "FOR EACH ROW EXECUTE FUNCTION counts_mention_ai()",
        function(
            "counts_mention_bd",
            [
                _count(ENTITY, "OLD.entity_id", "-1"),
                *_pairs("OLD.article_id", "OLD.entity_id", "OLD.id", -1, older_only=False),
            ],
            returns="OLD",
        ),
        f"CREATE TRIGGER counts_mention_bd BEFORE DELETE ON {MENTION} "
        "FOR EACH ROW EXECUTE FUNCTION counts_mention_bd()",
        function(
            "counts_mention_au",
            [
                _count(ENTITY, "OLD.entity_id", "-1"),
                _count(ENTITY, "NEW.entity_id", "1"),
                *_pairs("OLD.article_id", "OLD.entity_id", "NEW.id", -1, older_only=False),
                *_pairs("NEW.article_id", "NEW.entity_id", "NEW.id", 1, older_only=False),
            ],
        ),
        f"CREATE TRIGGER counts_mention_au AFTER UPDATE OF entity_id, article_id ON {MENTION} "
        "FOR EACH ROW WHEN (OLD.entity_id <> NEW.entity_id OR OLD.article_id <> NEW.article_id) "
        "EXECUTE FUNCTION counts_mention_au()",
        function(
            "counts_article_count",
            [
                f"IF TG_OP IN ('DELETE', 'UPDATE') THEN {_count(SOURCE, 'OLD.source_id', '-1')}; "
                "END IF",
                f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {_count(SOURCE, 'NEW.source_id', '1')}; "
                "END IF",
            ],
        ),
        f"CREATE TRIGGER counts_article_count AFTER INSERT OR DELETE OR UPDATE OF source_id "
        f"ON {ARTICLE} FOR EACH ROW EXECUTE FUNCTION counts_article_count()",
        function(
            "counts_article_date",
            [f"UPDATE {MENTION} SET published_on = NEW.published_on WHERE article_id = NEW.id"],
        ),
        f"CREATE TRIGGER counts_article_date AFTER UPDATE OF published_on ON {ARTICLE} "
        "FOR EACH ROW WHEN (OLD.published_on IS DISTINCT FROM NEW.published_on) "
        "EXECUTE FUNCTION counts_article_date()",
    ]


FILL = [
    f"UPDATE {ENTITY} SET article_count = (SELECT COUNT(*) FROM {MENTION} m "
    f"WHERE m.entity_id = {ENTITY}.id)",
    f"UPDATE {SOURCE} SET article_count = (SELECT COUNT(*) FROM {ARTICLE} a "
    f"WHERE a.source_id = {SOURCE}.id)",
    f"UPDATE {MENTION} SET published_on = (SELECT published_on FROM {ARTICLE} a "
    f"WHERE a.id = {MENTION}.article_id)",
    f"DELETE FROM {PAIR}",
    f"INSERT INTO {PAIR} (entity_id, other_id, articles) "
    f"SELECT a.entity_id, b.entity_id, COUNT(*) FROM {MENTION} a JOIN {MENTION} b "
    "ON a.article_id = b.article_id AND a.entity_id <> b.entity_id "
    "GROUP BY a.entity_id, b.entity_id",
]


def install(schema_editor, *, fill: bool = True) -> None:
    """Create (or re-create) the triggers and indexes, and compute every count from the rows
    (`fill`)."""
    postgresql = schema_editor.connection.vendor == "postgresql"
    uninstall(schema_editor)
    for name, (table, columns) in INDEXES.items():
        columns = columns.format(nulls=" NULLS LAST" if postgresql else "")
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({columns})")
    for sql in _postgresql_statements() if postgresql else _sqlite_statements():
        schema_editor.execute(sql)
    for sql in FILL if fill else ():
        schema_editor.execute(sql)


def uninstall(schema_editor) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    if postgresql:
        for name in POSTGRESQL_TRIGGERS:
            table = ARTICLE if name.startswith("counts_article") else MENTION
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def around_sqlite_rebuild(*operations) -> list:
    """`operations` between dropping and re-creating the triggers on SQLite, whose table
    rebuild (copy, drop, rename) fails on a trigger that names the table, and then drops the
    full-text triggers of the rebuilt table, restored too. The copy keeps every count, so
    nothing is recomputed; PostgreSQL alters in place and keeps its triggers."""
    from articles.search.database import ddl

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            uninstall(schema_editor)

    def restore(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            install(schema_editor, fill=False)
            # The index kept its rows (the rebuild keeps every id): no refill.
            ddl.restore_after_sqlite_rebuild(schema_editor, fill=False)

    return [
        migrations.RunPython(drop, restore, elidable=False),
        *operations,
        migrations.RunPython(restore, drop, elidable=False),
    ]


def installed(connection) -> set[str]:
    """The names of the triggers and indexes of this module that the database holds."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal UNION "
                "SELECT indexname FROM pg_indexes"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('trigger', 'index')")
        return {row[0] for row in cursor.fetchall()}


def expected(connection) -> set[str]:
    triggers = POSTGRESQL_TRIGGERS if connection.vendor == "postgresql" else SQLITE_TRIGGERS
    return triggers | set(INDEXES)

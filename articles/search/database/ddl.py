"""The full-text index itself: made by a migration, one flavour per database engine.

SQLite: an FTS5 external-content table over articles_article, kept in sync by triggers.
PostgreSQL: a stored generated tsvector column (title weight A, body weight B) with a RUM
index when the extension is installed, else GIN. Both are derived by the database from the
article row, so no Python code can forget to update them.
"""

FTS_TABLE = "articles_article_fts"
PG_CONFIG = "archive_english"
RUM_INDEX = "article_search_rum"
GIN_INDEX = "article_search_gin"
# The "newest first" index, made by migration 0004.
NEWEST_INDEX = "article_newest_idx"


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF title, body
        ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]


def _run(schema_editor, statements: list[str]) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        install_sqlite(schema_editor)
    elif vendor == "postgresql":
        install_postgresql(schema_editor)


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(
            schema_editor,
            [
                f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
                f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
                f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
                f"DROP TABLE IF EXISTS {FTS_TABLE}",
            ],
        )
    elif vendor == "postgresql":
        _run(
            schema_editor,
            [
                "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
                f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
            ],
        )


def install_sqlite(schema_editor) -> None:
    """Create the FTS5 table and its triggers (see restore_after_sqlite_rebuild)."""
    _run(
        schema_editor,
        [
            f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
            title, body, content='articles_article', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )""",
        ],
    )
    _run(schema_editor, SQLITE_TRIGGERS)
    _run(
        schema_editor,
        [
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
        ],
    )


def restore_after_sqlite_rebuild(schema_editor) -> None:
    """Call from any migration that makes SQLite rebuild articles_article (AddField with a
    default, AlterField...): the rebuild drops what Django does not know about, the
    full-text triggers and the "newest first" index."""
    if schema_editor.connection.vendor != "sqlite":
        return
    install_sqlite(schema_editor)
    _run(
        schema_editor,
        [
            f"CREATE INDEX IF NOT EXISTS {NEWEST_INDEX} "
            "ON articles_article (published_on DESC, id DESC)"
        ],
    )


def install_postgresql(schema_editor, prefer_rum: bool = True) -> str:
    """Create the text search configuration, the generated vector and its index.

    Returns the kind of index made: "rum" when the extension could be created, else "gin".
    """
    _run(
        schema_editor,
        [
            "CREATE EXTENSION IF NOT EXISTS unaccent",
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG} CASCADE",
            f"CREATE TEXT SEARCH CONFIGURATION {PG_CONFIG} (COPY = english)",
            f"""ALTER TEXT SEARCH CONFIGURATION {PG_CONFIG}
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem""",
            f"""ALTER TABLE articles_article ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS (
                setweight(to_tsvector('{PG_CONFIG}'::regconfig, coalesce(title, '')), 'A')
                || setweight(to_tsvector('{PG_CONFIG}'::regconfig, coalesce(body, '')), 'B')
            ) STORED""",
        ],
    )
    return create_postgresql_index(schema_editor.connection, prefer_rum=prefer_rum)


def create_postgresql_index(connection, prefer_rum: bool = True) -> str:
    """(Re)create the vector's index: RUM when available (it can return rows already ordered
    by rank, 10x faster on common words), else GIN."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        if prefer_rum and _rum_available(cursor):
            cursor.execute(
                f"CREATE INDEX {RUM_INDEX} ON articles_article "
                "USING rum (search_vector rum_tsvector_ops)"
            )
            return "rum"
        cursor.execute(f"CREATE INDEX {GIN_INDEX} ON articles_article USING gin (search_vector)")
        return "gin"


def _rum_available(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
    if cursor.fetchone() is None:
        return False
    cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
    return True


def postgresql_index_kind(connection) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'articles_article' "
            "AND indexname IN (%s, %s)",
            [RUM_INDEX, GIN_INDEX],
        )
        row = cursor.fetchone()
    return {RUM_INDEX: "rum", GIN_INDEX: "gin"}.get(row[0]) if row else None

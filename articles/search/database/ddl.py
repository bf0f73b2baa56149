"""The full-text index itself: made by a migration, one flavour per database engine.

SQLite: an FTS5 external-content table over articles_article, kept in sync by triggers.
PostgreSQL: a stored generated tsvector column (title weight A, body weight B) with a RUM
index when the extension is installed, else GIN. Both are derived by the database from the
article row, so no Python code can forget to update them.
"""

from articles.search import languages

FTS_TABLE = "articles_article_fts"
PG_CONFIG = "archive_english"
RUM_INDEX = "article_search_rum"
GIN_INDEX = "article_search_gin"
# The "newest first" index, made by migration 0004.
NEWEST_INDEX = "article_newest_idx"


# The SQL function (registered on every SQLite connection, see register_sqlite_function) that
# gives what the index holds for an article's text in its language: languages.indexed_text.
SQLITE_WORDS = "archive_indexed_text"


def stemmed_sql(column: str, row: str, text: str | None = None) -> str:
    """SQL for what the index holds for `row`.`column` (or for `text`, SQL for a part of
    it): the text itself, unless the row's language is stemmed in its language (no Python
    call for English rows)."""
    codes = ", ".join(f"'{code}'" for code in sorted(languages.LANGUAGES))
    text = text or f"{row}.{column}"
    return (
        f"CASE WHEN {row}.language IN ({codes}) "
        f"THEN {SQLITE_WORDS}({row}.language, {text}) ELSE {text} END"
    )


def _sqlite_values(row: str) -> str:
    return f"{row}.id, {stemmed_sql('title', row)}, {stemmed_sql('body', row)}"


SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES ({_sqlite_values("new")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)
        VALUES ('delete', {_sqlite_values("old")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF title, body, language
        ON articles_article BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body)
        VALUES ('delete', {_sqlite_values("old")});
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES ({_sqlite_values("new")});
    END""",
]
SQLITE_TRIGGER_NAMES = [f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"]


def register_sqlite_function(connection) -> None:
    """Make the index's SQL function known to a new SQLite connection (connection_created)."""
    connection.connection.create_function(
        SQLITE_WORDS, 2, languages.indexed_text, deterministic=True
    )


def _run(schema_editor, statements: list[str]) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def has_language(connection) -> bool:
    """Whether articles_article has its language column yet: the migrations before it made
    the English-only index, and call this module as it is now."""
    with connection.cursor() as cursor:
        columns = connection.introspection.get_table_description(cursor, "articles_article")
    return any(column.name == "language" for column in columns)


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
                *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES),
                f"DROP TABLE IF EXISTS {FTS_TABLE}",
            ],
        )
    elif vendor == "postgresql":
        _run(
            schema_editor,
            [
                "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
                *(f"DROP FUNCTION IF EXISTS {function}" for function in PG_FUNCTIONS),
                *(
                    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {pg_config(code)}"
                    for code in sorted(languages.LANGUAGES)
                ),
                f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {PG_CONFIG}",
            ],
        )


def _sqlite_triggers(connection, per_language: bool | None = None) -> list[str]:
    if has_language(connection) if per_language is None else per_language:
        return SQLITE_TRIGGERS
    return [_english_only(trigger) for trigger in SQLITE_TRIGGERS]


def _english_only(trigger: str) -> str:
    """A trigger as it was before the language column: every article indexed as English."""
    for row in ("new", "old"):
        for column in ("title", "body"):
            trigger = trigger.replace(stemmed_sql(column, row), f"{row}.{column}")
    return trigger.replace("OF title, body, language", "OF title, body")


def install_sqlite(schema_editor, fill: bool = True) -> None:
    """Create the FTS5 table and its triggers (see restore_after_sqlite_rebuild), and fill it
    from the articles unless `fill` is false (the table was only rebuilt: the index still
    holds every article under the same id)."""
    connection = schema_editor.connection
    _run(
        schema_editor,
        [
            f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
            title, body, content='articles_article', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        )""",
        ],
    )
    _run(schema_editor, _sqlite_triggers(connection))
    if fill:
        reindex_sqlite(connection)


def reindex_sqlite(connection, per_language: bool | None = None) -> None:
    """Index every article anew, each in its language (FTS5's own 'rebuild' would read the
    articles' text as it is, as English)."""
    with connection.cursor() as cursor:
        if not (has_language(connection) if per_language is None else per_language):
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            return
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('delete-all')")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, title, body) "
            f"SELECT {_sqlite_values('articles_article')} FROM articles_article"
        )


def replace_sqlite_triggers(schema_editor, per_language: bool | None = None) -> None:
    """The triggers as this module now writes them (English-only when `per_language` is
    false), in place of older ones."""
    _run(schema_editor, [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES])
    _run(schema_editor, _sqlite_triggers(schema_editor.connection, per_language))


def restore_after_sqlite_rebuild(schema_editor, fill: bool = True) -> None:
    """Call from any migration that makes SQLite rebuild articles_article (AddField with a
    default, AlterField...): the rebuild drops what Django does not know about, the
    full-text triggers and the "newest first" index. `fill` false keeps the index's rows
    (the rebuild keeps every article's id), which costs nothing at any size."""
    if schema_editor.connection.vendor != "sqlite":
        return
    install_sqlite(schema_editor, fill=fill)
    _run(
        schema_editor,
        [
            f"CREATE INDEX IF NOT EXISTS {NEWEST_INDEX} "
            "ON articles_article (published_on DESC, id DESC)"
        ],
    )


# PostgreSQL: one text search configuration per stemmed language, archive_<algorithm>, a
# copy of PostgreSQL's own, with accents folded first for the languages in Latin letters.
def pg_config(code: str | None) -> str:
    return f"archive_{languages.LANGUAGES[code]}" if code in languages.LANGUAGES else PG_CONFIG


# A tsvector's (tsquery's) lexemes with a language's tag in front (languages.TAG + code),
# positions and weights kept: a row's words are then found only by a query in its language.
PG_TAGGED_VECTOR = "archive_tagged_vector"
PG_TAGGED_QUERY = "archive_tagged_query"
PG_LANGUAGE_VECTOR = "archive_language_vector"
PG_LANGUAGE_CONFIG = "archive_language_config"
PG_FUNCTIONS = [
    f"{PG_LANGUAGE_VECTOR}(text, text, text)",
    f"{PG_TAGGED_VECTOR}(tsvector, text)",
    f"{PG_TAGGED_QUERY}(tsquery, text)",
    f"{PG_LANGUAGE_CONFIG}(text)",
]


def _pg_language_statements() -> list[str]:
    statements = []
    for code, algorithm in sorted(languages.LANGUAGES.items()):
        config = pg_config(code)
        statements += [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config} CASCADE",
            f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {algorithm})",
        ]
        # Every word through the language's stemmer, Latin-lettered ones too (PostgreSQL's
        # russian, greek... give those English stems; the other engines do not).
        unaccent = "unaccent, " if code in languages.LATIN else ""
        statements += [
            f"ALTER TEXT SEARCH CONFIGURATION {config} "
            f"ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH {algorithm}_stem",
            f"ALTER TEXT SEARCH CONFIGURATION {config} "
            f"ALTER MAPPING FOR word, hword, hword_part WITH {unaccent}{algorithm}_stem",
        ]
    cases = " ".join(
        f"WHEN '{code}' THEN '{pg_config(code)}'::regconfig" for code in sorted(languages.LANGUAGES)
    )
    tag = f"chr({ord(languages.TAG)})"
    # tsvector text: 'lexeme':1A,7B with a quote doubled and a backslash escaped.
    quoted = (
        f"'''' || replace(replace(code || lexeme || {tag}, '\\', '\\\\'), '''', '''''') || ''''"
    )
    statements += [
        f"""CREATE OR REPLACE FUNCTION {PG_LANGUAGE_CONFIG}(code text) RETURNS regconfig
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE code {cases} ELSE '{PG_CONFIG}'::regconfig END $$""",
        f"""CREATE OR REPLACE FUNCTION {PG_TAGGED_VECTOR}(vector tsvector, code text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT coalesce(string_agg({quoted} || coalesce(':' || (
                SELECT string_agg(p::text || w, ',') FROM unnest(positions, weights) AS x(p, w)
            ), ''), ' '), '')::tsvector FROM unnest(vector)
        $$""",
        # tsquery text quotes each lexeme ('sanction' <-> 'econom'), a quote doubled.
        f"""CREATE OR REPLACE FUNCTION {PG_TAGGED_QUERY}(query tsquery, code text)
        RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT regexp_replace(query::text, '''((?:[^'']|'''')*)''',
                '''' || code || '\\1' || {tag} || '''', 'g')::tsquery
        $$""",
        f"""CREATE OR REPLACE FUNCTION {PG_LANGUAGE_VECTOR}(code text, title text, body text)
        RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT {PG_TAGGED_VECTOR}(
                setweight(to_tsvector({PG_LANGUAGE_CONFIG}(code), coalesce(title, '')), 'A')
                || setweight(to_tsvector({PG_LANGUAGE_CONFIG}(code), coalesce(body, '')), 'B'),
                code)
        $$""",
    ]
    return statements


def _pg_vector_sql(per_language: bool) -> str:
    english = (
        f"setweight(to_tsvector('{PG_CONFIG}'::regconfig, coalesce(title, '')), 'A') "
        f"|| setweight(to_tsvector('{PG_CONFIG}'::regconfig, coalesce(body, '')), 'B')"
    )
    if not per_language:
        return english
    codes = ", ".join(f"'{code}'" for code in sorted(languages.LANGUAGES))
    # English rows are computed as before, without a function call.
    return (
        f"CASE WHEN language IN ({codes}) THEN {PG_LANGUAGE_VECTOR}(language, title, body) "
        f"ELSE {english} END"
    )


def install_postgresql(schema_editor, prefer_rum: bool = True) -> str:
    """Create the text search configurations, the generated vector and its index.

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
        ],
    )
    return reindex_postgresql(schema_editor, prefer_rum=prefer_rum)


def reindex_postgresql(
    schema_editor, prefer_rum: bool = True, per_language: bool | None = None
) -> str:
    """The generated vector made anew (each row in its language, once the table has the
    language column), and its index. PostgreSQL computes it for every row: see
    docs/scaling.md for what that costs."""
    if per_language is None:
        per_language = has_language(schema_editor.connection)
    statements = _pg_language_statements() if per_language else []
    _run(
        schema_editor,
        [
            "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
            *statements,
            f"""ALTER TABLE articles_article ADD COLUMN search_vector tsvector
            GENERATED ALWAYS AS ({_pg_vector_sql(per_language)}) STORED""",
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

"""The search query grammar and its translation to SQLite FTS5 (pure Python, no database).

The property-based tests run every generated expression against a real in-memory FTS5 table,
so "valid" means "SQLite accepted it", not "looks right".
"""

import sqlite3
import unicodedata

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from articles.search.query import (
    MAX_QUERY_CHARS,
    ParsedQuery,
    Term,
    fts5_exclusion_expression,
    fts5_match_expression,
    parse_query,
    tokenize,
)

TOKENIZE = "porter unicode61 remove_diacritics 2"
ROWS = [
    ("Diplomat seized", "Oil and gas talks stalled over human trafficking claims."),
    ("S-400 deliveries", "The U.S. reacted to the S-400 missile system."),
    ("Café society", "Straße, İstanbul and ΑΣ: NEAR AND NOT OR words."),
    ("Ukraine", "The Russian army moved."),
    ("Empty", ""),
]


def T(*words):
    return Term(tuple(words))


def fts5_table(rows=ROWS):
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='{TOKENIZE}')")
    db.executemany("INSERT INTO t(title, body) VALUES (?, ?)", rows)
    return db


def search(db, text):
    """What the SQLite backend does with a query: the matching rowids, sorted."""
    parsed = parse_query(text)
    positive, negative = fts5_match_expression(parsed), fts5_exclusion_expression(parsed)
    if positive and negative:
        sql, params = "SELECT rowid FROM t WHERE t MATCH ?", [f"({positive}) NOT ({negative})"]
    elif positive:
        sql, params = "SELECT rowid FROM t WHERE t MATCH ?", [positive]
    elif negative:
        sql = "SELECT rowid FROM t WHERE rowid NOT IN (SELECT rowid FROM t WHERE t MATCH ?)"
        params = [negative]
    else:
        sql, params = "SELECT rowid FROM t", []
    return sorted(rowid for (rowid,) in db.execute(sql, params))


def fts5_tokens(text):
    """How FTS5 itself tokenizes `text` (after folding and stemming)."""
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize='{TOKENIZE}')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.execute("INSERT INTO t(body) VALUES (?)", [text])
    return [term for (term,) in db.execute("SELECT term FROM v ORDER BY offset")]


def expressions(text):
    parsed = parse_query(text)
    return fts5_match_expression(parsed), fts5_exclusion_expression(parsed)


# --- Parsing and FTS5 output, pinned -------------------------------------------------------


def test_it_ands_plain_words():
    parsed = parse_query("Diplomat Seized")
    assert parsed == ParsedQuery(include=((T("diplomat"),), (T("seized"),)), exclude=())
    assert expressions("Diplomat Seized") == ('"diplomat" AND "seized"', None)
    assert parsed.highlight_terms() == ("diplomat", "seized")
    assert not parsed.is_empty


def test_it_reads_a_quoted_phrase():
    parsed = parse_query('"Human  Trafficking" claims')
    assert parsed.include == ((T("human", "trafficking"),), (T("claims"),))
    assert fts5_match_expression(parsed) == '"human trafficking" AND "claims"'


def test_it_groups_terms_joined_by_or():
    text = 'diplomat oil OR gas "human trafficking"'
    parsed = parse_query(text)
    assert parsed.include == (
        (T("diplomat"),),
        (T("oil"), T("gas")),
        (T("human", "trafficking"),),
    )
    assert fts5_match_expression(parsed) == (
        '"diplomat" AND ("oil" OR "gas") AND "human trafficking"'
    )
    assert parse_query("a OR b OR c").include == ((T("a"), T("b"), T("c")),)


def test_it_parenthesizes_a_lone_or_group_so_not_cannot_bind_to_half_of_it():
    assert expressions("oil OR gas -ukraine") == ('("oil" OR "gas")', '"ukraine"')


def test_it_or_joins_phrases():
    parsed = parse_query('"sad cat" OR "fat rat"')
    assert parsed.include == ((T("sad", "cat"), T("fat", "rat")),)
    assert fts5_match_expression(parsed) == '("sad cat" OR "fat rat")'


def test_it_excludes_a_word():
    parsed = parse_query("diplomat -Ukraine")
    assert parsed == ParsedQuery(include=((T("diplomat"),),), exclude=(T("ukraine"),))
    assert expressions("diplomat -Ukraine") == ('"diplomat"', '"ukraine"')
    assert parsed.highlight_terms() == ("diplomat",)


def test_it_excludes_a_phrase():
    parsed = parse_query('army -"Russian army" -ukraine')
    assert parsed.exclude == (T("russian", "army"), T("ukraine"))
    assert expressions('army -"Russian army" -ukraine') == (
        '"army"',
        '"russian army" OR "ukraine"',
    )


def test_it_keeps_an_exclusion_only_query():
    parsed = parse_query("-ukraine")
    assert parsed == ParsedQuery(include=(), exclude=(T("ukraine"),))
    assert not parsed.is_empty
    assert expressions("-ukraine") == (None, '"ukraine"')
    assert parsed.highlight_terms() == ()


def test_it_reads_a_hyphenated_word_as_a_phrase_not_an_exclusion():
    parsed = parse_query("S-400 e-mail")
    assert parsed.include == ((T("s", "400"),), (T("e", "mail"),))
    assert parsed.exclude == ()
    assert fts5_match_expression(parsed) == '"s 400" AND "e mail"'


def test_it_reads_us_as_a_phrase():
    parsed = parse_query("U.S. sanctions")
    assert parsed.include == ((T("u", "s"),), (T("sanctions"),))
    assert fts5_match_expression(parsed) == '"u s" AND "sanctions"'
    assert parsed.highlight_terms() == ("u", "s", "sanctions")


def test_it_quotes_fts5_operators_typed_as_words():
    parsed = parse_query("war AND peace NOT NEAR")
    assert parsed.include == ((T("war"),), (T("and"),), (T("peace"),), (T("not"),), (T("near"),))
    assert fts5_match_expression(parsed) == '"war" AND "and" AND "peace" AND "not" AND "near"'


def test_it_drops_fts5_syntax_characters():
    parsed = parse_query("title:oil* ^gas (NEAR(a b)) +x {col}")
    assert parsed.include == (
        (T("title", "oil"),),
        (T("gas"),),
        (T("near", "a"),),
        (T("b"),),
        (T("x"),),
        (T("col"),),
    )


def test_it_reads_lowercase_or_as_a_word():
    parsed = parse_query("oil or gas")
    assert parsed.include == ((T("oil"),), (T("or"),), (T("gas"),))
    assert fts5_match_expression(parsed) == '"oil" AND "or" AND "gas"'
    assert parse_query("oil Or gas").include == ((T("oil"),), (T("or"),), (T("gas"),))


def test_it_reads_quoted_or_as_a_word():
    assert parse_query('oil "OR" gas').include == ((T("oil"),), (T("or"),), (T("gas"),))


@pytest.mark.parametrize(
    "text",
    ["OR oil", "oil OR", "OR oil OR", "OR", "OR OR", "  OR  oil  OR  "],
)
def test_it_ignores_a_leading_or_trailing_or(text):
    assert parse_query(text) == parse_query("oil" if "oil" in text else "")


def test_it_ignores_a_doubled_or():
    assert parse_query("oil OR OR gas").include == ((T("oil"), T("gas")),)


def test_it_ignores_punctuation_between_or_and_its_terms():
    assert parse_query("oil OR ... gas").include == ((T("oil"), T("gas")),)


def test_it_treats_an_excluded_term_next_to_or_as_a_plain_exclusion():
    assert parse_query("oil OR -gas") == ParsedQuery(include=((T("oil"),),), exclude=(T("gas"),))
    assert parse_query("-oil OR gas") == ParsedQuery(include=((T("gas"),),), exclude=(T("oil"),))
    assert parse_query("a OR -b OR c") == ParsedQuery(
        include=((T("a"),), (T("c"),)), exclude=(T("b"),)
    )


def test_it_reads_an_excluded_or_as_the_word_or():
    assert parse_query("-OR") == ParsedQuery(include=(), exclude=(T("or"),))
    assert parse_query("oil -OR gas") == ParsedQuery(
        include=((T("oil"),), (T("gas"),)), exclude=(T("or"),)
    )


def test_it_runs_an_unterminated_quote_to_the_end():
    parsed = parse_query('oil "human trafficking')
    assert parsed.include == ((T("oil"),), (T("human", "trafficking"),))
    assert parse_query('oil -"human trafficking').exclude == (T("human", "trafficking"),)


def test_it_ignores_an_empty_phrase():
    assert parse_query('oil "" "  " "..." gas').include == ((T("oil"),), (T("gas"),))
    assert parse_query('-"" -"!"').is_empty


def test_it_ignores_a_dash_standing_alone():
    assert parse_query("war - peace") == parse_query("war peace")
    assert parse_query("-").is_empty


def test_it_cancels_a_double_dash_like_postgres():
    assert parse_query("--oil") == parse_query("oil")
    assert parse_query("---oil") == parse_query("-oil")


def test_it_excludes_after_a_closing_quote():
    assert parse_query('"oil"-gas') == ParsedQuery(include=((T("oil"),),), exclude=(T("gas"),))


@pytest.mark.parametrize(
    "text",
    ["", "   ", "\t\n", '"', '""', "-", "- -", "!!! ... ???", "()", "*:^", "\x00\x00", "😀 ☃"],
)
def test_it_finds_nothing_searchable_in_empty_queries(text):
    parsed = parse_query(text)
    assert parsed.is_empty
    assert parsed == ParsedQuery()
    assert expressions(text) == (None, None)
    assert parsed.highlight_terms() == ()


def test_it_accepts_none_as_empty():
    assert parse_query(None).is_empty


def test_it_treats_nul_bytes_and_control_characters_as_separators():
    parsed = parse_query("oil\x00gas\x07 -\x00war")
    assert parsed.include == ((T("oil", "gas"),),)
    assert parsed.exclude == (T("war"),)
    assert "\x00" not in fts5_match_expression(parsed)


def test_it_treats_lone_surrogates_as_separators():
    # sqlite3 cannot encode a lone surrogate: it must never reach the expression.
    positive, negative = expressions("oil\ud800gas -\udfffwar")
    assert (positive, negative) == ('"oil gas"', '"war"')
    fts5_table().execute("SELECT rowid FROM t WHERE t MATCH ?", [positive]).fetchall()


def test_it_lowercases_but_keeps_accents():
    parsed = parse_query("Café ÉLYSÉE Straße ΑΣ")
    assert parsed.highlight_terms() == ("café", "élysée", "straße", "ασ")


def test_it_keeps_combining_marks_in_the_word():
    assert tokenize("Cafe\u0301 noir") == ("cafe\u0301", "noir")


def test_it_caps_the_number_of_terms():
    parsed = parse_query("a b c d -e f", max_terms=3)
    assert parsed == ParsedQuery(include=((T("a"),), (T("b"),), (T("c"),)), exclude=())
    parsed = parse_query("-a b OR c OR d e", max_terms=3)
    assert parsed == ParsedQuery(include=((T("b"), T("c")),), exclude=(T("a"),))
    words = " ".join(f"w{i}" for i in range(100))
    assert len(parse_query(words).include) == 32


def test_it_rejects_a_max_terms_below_one():
    with pytest.raises(ValueError):
        parse_query("oil", max_terms=0)


def test_it_reads_only_the_start_of_a_huge_text():
    parsed = parse_query("x" * (MAX_QUERY_CHARS - 1) + " oil")
    assert parsed.include == ((T("x" * (MAX_QUERY_CHARS - 1)),),)  # " oil" was cut off
    parsed = parse_query("word " * 100_000)
    assert parsed.include == ((T("word"),),)


def test_it_removes_duplicate_terms():
    parsed = parse_query("oil gas OIL -war -War gas OR oil oil OR oil")
    assert parsed == ParsedQuery(
        include=((T("oil"),), (T("gas"),), (T("gas"), T("oil"))), exclude=(T("war"),)
    )
    assert parse_query("oil OR gas gas OR oil").include == ((T("oil"), T("gas")),)


# --- End to end on a real FTS5 table -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rowids"),
    [
        ("diplomat", [1]),
        ("Diplomats", [1]),  # porter stemming
        ("oil OR ukraine", [1, 4]),
        ("talks oil OR nothing", [1]),
        ('"human trafficking"', [1]),
        ('"trafficking human"', []),
        ("S-400", [2]),
        ("U.S.", [2]),
        ("cafe", [3]),  # remove_diacritics
        ("straße istanbul ασ", [3]),
        ("near and not or", [3]),
        ("-ukraine", [1, 2, 3, 5]),
        ('-"russian army" -diplomat', [2, 3, 5]),
        ("the -ukraine", [2]),
        ("oil OR ukraine -army", [1]),
        ("", [1, 2, 3, 4, 5]),
        ("!!!", [1, 2, 3, 4, 5]),
    ],
)
def test_it_finds_the_expected_rows_in_sqlite(text, rowids):
    assert search(fts5_table(), text) == rowids


# --- Properties ----------------------------------------------------------------------------

KEYWORDS = st.sampled_from(
    ["OR", "or", "AND", "NOT", "NEAR", "NEAR(", "-", "--", '"', '-"', "*", "^", ":", "title:"]
)
NASTY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\"()*:^-+ \t\n\x00{},.;'\\/<>|&!~@#$%[]")),
        st.sampled_from(list("abcXYZ019éÉßİΣς\u0301\u200b\ue000😀☃")),
        st.characters(),
    ),
    max_size=60,
)
QUERIES = st.one_of(
    st.lists(st.one_of(KEYWORDS, NASTY), max_size=20).map(" ".join),
    st.lists(st.one_of(KEYWORDS, NASTY), max_size=20).map("".join),
    st.text(max_size=3000),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=QUERIES, max_terms=st.integers(min_value=1, max_value=40))
def test_it_always_produces_valid_fts5_expressions(text, max_terms):
    parsed = parse_query(text, max_terms=max_terms)
    positive, negative = fts5_match_expression(parsed), fts5_exclusion_expression(parsed)

    terms = [term for group in parsed.include for term in group] + list(parsed.exclude)
    assert len(terms) <= max_terms
    assert parsed.is_empty == (not terms)
    assert (positive is None) == (not parsed.include)
    assert (negative is None) == (not parsed.exclude)
    for term in terms:
        assert term.words
        for word in term.words:
            assert word and '"' not in word and not any(ch.isspace() for ch in word)
    for expression in (positive, negative):
        if expression is not None:
            assert "\x00" not in expression
            assert len(expression) < 4 * MAX_QUERY_CHARS

    db = fts5_table()
    if positive:
        db.execute("SELECT rowid FROM t WHERE t MATCH ?", [positive]).fetchall()
    if negative:
        db.execute("SELECT rowid FROM t WHERE t MATCH ?", [negative]).fetchall()
        db.execute(
            "SELECT rowid FROM t WHERE rowid NOT IN (SELECT rowid FROM t WHERE t MATCH ?)",
            [negative],
        ).fetchall()
    if positive and negative:
        db.execute("SELECT rowid FROM t WHERE t MATCH ?", [f"{positive} NOT ({negative})"])
        db.execute("SELECT rowid FROM t WHERE t MATCH ?", [f"({positive}) NOT ({negative})"])
    search(db, text)


WORDS = st.text(alphabet=st.characters(categories=["L", "N"]), min_size=1, max_size=20)


@settings(max_examples=300, deadline=None)
@given(word=WORDS)
def test_it_finds_a_document_containing_the_typed_word(word):
    assume(word != "OR")
    assume(fts5_tokens(word))  # a few letters are separators for FTS5's Unicode 6.1 tables
    db = fts5_table([("", f"«{word}», 1."), ("", "")])
    assert search(db, word) == [1]
    assert search(db, f"-{word}") == [2]
    assert search(db, f'"{word}"') == [1]


@settings(max_examples=200, deadline=None)
@given(word=st.text(alphabet="abcdefghijklmnopqrstuvwxyzéèçñüöäåøæœ0123456789", min_size=1))
def test_it_finds_a_word_whatever_its_case(word):
    assume(word != "or")
    db = fts5_table([(word.upper(), ""), ("", "")])
    assert search(db, word) == [1]
    assert search(db, word.upper()) == [1]
    assert search(db, word.title()) == [1]


# FTS5's unicode61 uses Unicode 6.1 tables, under which later symbols (newer emoji...) are
# unassigned, hence token characters; to us they are symbols, hence separators. Characters
# already assigned in Unicode 3.2 (which the standard library still knows) are stable.
OLD_CHARACTERS = st.characters(codec="utf-8").filter(
    lambda ch: unicodedata.ucd_3_2_0.category(ch) != "Cn"
)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=OLD_CHARACTERS, max_size=200))
def test_it_splits_words_like_fts5(text):
    # Whatever FTS5 indexes from `text`, the phrase of our words matches it.
    assume(fts5_tokens(text))
    db = fts5_table([("", text), ("", "")])
    words = tokenize(text)
    assume(words)
    assert search(db, '"' + " ".join(words) + '"') == [1]

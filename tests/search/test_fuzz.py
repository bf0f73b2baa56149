"""Any string a person can type gets a page, never a 500, on whichever engine runs the suite."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

SYNTAX = [
    '"',
    "'",
    "(",
    ")",
    "*",
    ":",
    "^",
    "-",
    "+",
    "OR",
    "AND",
    "NOT",
    "NEAR",
    "NEAR(",
    "\x00",
    "\\",
    "%",
    "_",
    ";",
    "--",
    "/*",
    "{",
    "}",
    "[",
    "]",
    "|",
    "&",
    "!",
    "<->",
    "~",
    "@@",
    "title:",
    "body:",
    "é",
    "ß",
    "İ",
    "😀",
    " ",
    "\t",
    "\n",
]
WORDS = ["modi", "putin", "moscow", "trafficking", "energy", "s-400", "u.s.", "the", "diplomat"]

queries = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(SYNTAX + WORDS), max_size=25).map("".join),
    st.lists(st.sampled_from(SYNTAX + WORDS), max_size=25).map(" ".join),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
)

fuzz = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@fuzz
@given(q=queries, sort=st.sampled_from(["relevance", "date", "", "x"]), page=st.text(max_size=5))
def test_any_query_returns_a_page(client, seeded, q, sort, page):
    response = client.get("/", {"q": q, "sort": sort, "page": page})
    assert response.status_code == 200


@fuzz
@given(q=queries)
def test_any_query_highlights_an_article_page_and_exports(client, seeded, q):
    article = seeded["003"]
    assert client.get(article.get_absolute_url(), {"q": q}).status_code == 200
    response = client.get("/export.json", {"q": q})
    assert response.status_code == 200
    b"".join(response.streaming_content)


def test_nul_bytes_and_operators_alone(client, seeded):
    for q in ["\x00", "NEAR", "AND", "OR", "-", '"', "()", "*", "^", ":", "NOT NOT", "-OR", '""']:
        assert client.get("/", {"q": q}).status_code == 200, repr(q)

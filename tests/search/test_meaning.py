"""Finding what a person means: joined and hyphenated forms, and the other names of an entity
the archive knows."""

import html as html_lib
import re

import pytest

from articles.search.query import Term, parse_query, spelling_variants, with_variants

pytestmark = pytest.mark.django_db


def titles(client, **params) -> set[str]:
    response = client.get("/", params)
    assert response.status_code == 200
    return {a.title for a in response.context["page"].object_list}


@pytest.mark.parametrize(
    "typed, variant",
    [
        ("S400", ("s", "400")),
        ("S-400", ("s400",)),
        ("MiG29", ("mig", "29")),
        ("covid-19", ("covid19",)),
        ("co-operation", ("cooperation",)),
    ],
)
def test_model_numbers_have_their_joined_and_hyphenated_forms(typed, variant):
    (term,) = parse_query(typed).include[0]
    assert [v.words for v in spelling_variants(term)] == [variant]


@pytest.mark.parametrize("typed", ["U.S.", "S 400", "summit", "2024", "B2B2C2D2E", "a.b-c"])
def test_other_words_have_no_variants(typed):
    parsed = parse_query(typed)
    assert with_variants(parsed) == parsed


def test_a_joined_model_number_finds_the_hyphenated_one_and_back(client, make_article):
    make_article(title="Air defence", body="The S-400 system arrived.")
    make_article(title="Older note", body="An S400 battery was seen.")
    make_article(title="Unrelated", body="Four hundred ships.")
    assert titles(client, q="S400") == {"Air defence", "Older note"}
    assert titles(client, q="S-400") == {"Air defence", "Older note"}


def test_a_hyphenated_word_finds_the_joined_one(client, make_article):
    make_article(title="Treaty", body="Their cooperation grew.")
    assert titles(client, q="co-operation") == {"Treaty"}


def test_the_seeds_find_s400_as_they_find_s_400(client, seeded):
    assert titles(client, q="S400") == titles(client, q="S-400") != set()


@pytest.mark.parametrize("typed", ["Zelenskyy", "Zelenskiy", "Zelensky"])
def test_transliterations_of_a_known_person_find_them(client, seeded, typed):
    assert seeded["003"].title in titles(client, q=typed)


def test_a_name_also_searches_the_entitys_other_names_and_says_so(client, seeded):
    response = client.get("/", {"q": "Kwatra"})
    html = response.content.decode()
    assert "Also searching:" in html and "Vinay Kwatra" in html
    assert "search only what I typed" in html


def test_alias_expansion_finds_articles_that_only_use_another_name(client, make_article):
    from articles.models import Entity, EntityAlias

    entity = Entity.objects.create(name="Narendra Modi", slug="narendra-modi", kind="person")
    EntityAlias.objects.create(entity=entity, name="Narendra Modi", key="narendra modi")
    EntityAlias.objects.create(entity=entity, name="NaMo", key="namo")
    make_article(title="Rally", body="NaMo spoke to the crowd.")
    make_article(title="Visit", body="Narendra Modi arrived.")
    assert titles(client, q="Modi") == {"Rally", "Visit"}
    response = client.get("/", {"q": "Modi"})
    assert response.context["query"].also == ("Narendra Modi", "NaMo")
    # Turned off: only what was typed, and the page says how to turn it back on.
    off = client.get("/", {"q": "Modi", "names": "off"})
    assert {a.title for a in off.context["page"].object_list} == {"Visit"}
    html = off.content.decode()
    assert "Only what you typed is searched" in html
    assert 'name="names" value="off"' in html


def test_the_example_in_the_search_box_finds_something_in_the_seeds(client, seeded):
    html = client.get("/").content.decode()
    example = re.search(r"placeholder=(['\"])e\.g\. (.*?)\1", html).group(2)
    for query in html_lib.unescape(example).split(", "):
        assert titles(client, q=query), query


def test_variants_keep_the_term_itself_first():
    parsed = with_variants(parse_query("S400 talks"))
    assert parsed.include[0][0] == Term(("s400",), "S400")
    assert parsed.include[1] == (Term(("talks",), "talks"),)

import pytest

from articles.analysis.entities import find_entities

PEOPLE_BY_SEED = {
    "000": ["Narendra Modi", "Vladimir Putin"],
    "001": ["Narendra Modi", "Vladimir Putin", "Vinay Kwatra"],
    "002": ["Narendra Modi", "Vladimir Putin", "Xi Jinping"],
    "003": [
        "Narendra Modi",
        "Vladimir Putin",
        "Volodymyr Zelensky",
        "Vinay Kwatra",
        "Matthew Miller",
        "Pankaj Saran",
        "Anil Trigunayat",
    ],
    "004": ["Narendra Modi", "Vladimir Putin", "Yuri Ushakov"],
}
NOT_ENTITIES = {
    "Additionally",
    "Key Points",
    "March",
    "Agenda",
    "Summit",
    "Of",
    "Significance",
    "Cold War",
    "Monday",
    "Jibran Munaf",
}


def entity(hits, name):
    (hit,) = [h for h in hits if h.name == name]
    return hit


@pytest.mark.parametrize(("prefix", "people"), PEOPLE_BY_SEED.items())
def test_it_finds_each_person_exactly_once(seed, prefix, people):
    persons = [hit.name for hit in seed(prefix).entities if hit.kind == "person"]
    for name in people:
        assert persons.count(name) == 1, name


@pytest.mark.parametrize("prefix", PEOPLE_BY_SEED)
def test_it_finds_no_other_people_in_the_seeds(seed, prefix):
    persons = {hit.name for hit in seed(prefix).entities if hit.kind == "person"}
    assert persons == set(PEOPLE_BY_SEED[prefix])


@pytest.mark.parametrize("prefix", PEOPLE_BY_SEED)
def test_it_never_takes_common_words_for_entities(seed, prefix):
    names = {hit.name for hit in seed(prefix).entities}
    aliases = set().union(*(hit.aliases for hit in seed(prefix).entities))
    assert not names & NOT_ENTITIES
    assert not aliases & NOT_ENTITIES


def test_it_merges_modi_with_his_honorific_and_surname(seed):
    modi = entity(seed("003").entities, "Narendra Modi")
    assert modi.kind == "person"
    assert {"Modi", "Mr. Modi", "Narendra Modi"} <= modi.aliases
    assert modi.count == seed("003").body.count("Modi")


def test_it_links_a_surname_to_the_full_name_in_the_same_text(seed):
    hits = seed("003").entities
    assert entity(hits, "Pankaj Saran").aliases == {"Pankaj Saran", "Mr. Saran"}
    assert entity(hits, "Pankaj Saran").count == 2
    assert entity(hits, "Matthew Miller").aliases == {"Matthew Miller", "Mr. Miller"}
    assert entity(hits, "Anil Trigunayat").count == 2


def test_it_merges_the_spellings_of_the_united_states(seed):
    united_states = entity(seed("000").entities, "United States")
    assert united_states.kind == "place"
    assert united_states.aliases == {"US", "U.S.", "United States"}


def test_it_merges_sco_with_its_full_name(seed):
    sco = entity(seed("004").entities, "Shanghai Cooperation Organization")
    assert sco.kind == "organisation"
    assert {"SCO", "Shanghai Cooperation Organization"} <= sco.aliases
    assert sco.count == 2


def test_it_knows_russia_is_a_place_and_the_kremlin_an_organisation(seed):
    hits = seed("001").entities
    assert entity(hits, "Russia").kind == "place"
    assert entity(hits, "Kremlin").kind == "organisation"


def test_it_does_not_count_the_byline(seed):
    assert all("Munaf" not in hit.name for hit in seed("001").entities)


def test_it_counts_mentions_without_double_counting_overlaps():
    hits = find_entities("Prime Minister Narendra Modi met Mr. Modi's critics. Modi left.")
    assert [(h.name, h.count) for h in hits] == [("Narendra Modi", 3)]


def test_it_finds_a_person_after_a_role():
    hits = find_entities("State Department spokesman Matthew Miller urged restraint.")
    assert ("Matthew Miller", "person") in {(h.name, h.kind) for h in hits}


def test_it_finds_a_person_before_an_appositive_and_a_reporting_verb():
    hits = find_entities("“It matters,” Jane Okafor, a former envoy to the region, said.")
    assert [(h.name, h.kind) for h in hits] == [("Jane Okafor", "person")]


def test_it_finds_a_person_after_a_reporting_verb():
    hits = find_entities("“It matters,” says Jane Okafor, an analyst.")
    assert [h.name for h in hits] == ["Jane Okafor"]


def test_it_rejects_names_made_of_words_the_text_uses_in_lower_case():
    text = "Western Nations said no. Many western nations agree."
    assert find_entities(text) == ()


def test_it_rejects_names_inside_a_longer_capitalised_run():
    text = "Mr Smith Jones Brown Green went home."
    assert find_entities(text) == ()


def test_it_does_not_link_a_surname_shared_by_two_people():
    text = "Spokesman John Smith and Senator Mary Smith spoke. Mr. Smith left."
    hits = find_entities(text)
    assert {h.name: h.count for h in hits} == {"John Smith": 1, "Mary Smith": 1}


def test_it_matches_acronyms_case_sensitively():
    assert find_entities("Let us talk to them.") == ()
    assert [h.name for h in find_entities("Talks with the US went well.")] == ["United States"]


def test_it_ignores_accents_in_names():
    hits = find_entities("Erdoğan met Erdogan's allies.")
    assert [(h.name, h.count) for h in hits] == [("Recep Tayyip Erdogan", 2)]


def test_it_finds_organisations_by_their_suffix():
    hits = find_entities("He is a fellow at the Takshashila Policy Institute in Bengaluru.")
    assert ("Takshashila Policy Institute", "organisation") in {(h.name, h.kind) for h in hits}


def test_it_keeps_the_articles_own_spelling_in_aliases():
    hits = find_entities("President Volodymyr Zelenskyy spoke. Zelensky left.")
    (zelensky,) = hits
    assert zelensky.name == "Volodymyr Zelensky"
    assert {"Volodymyr Zelenskyy", "Zelensky"} <= zelensky.aliases


def test_it_finds_nothing_in_empty_text():
    assert find_entities("") == ()


def test_bare_surnames_of_many_people_are_found_in_one_pass():
    people = [(f"Jane Okaf{c}r", f"Okaf{c}r") for c in "abdegiklmnpstuvwyz"]
    text = " ".join(
        f"“It matters,” says {name}, an analyst, and {surname} left." for name, surname in people
    )
    hits = {hit.name: hit.count for hit in find_entities(text * 10)}
    assert hits["Jane Okafar"] == 20  # ten full names and ten bare surnames
    assert hits["Jane Okafzr"] == 20

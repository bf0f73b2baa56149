import pytest

from articles.analysis import normalize_alias


@pytest.mark.parametrize(
    ("alias", "key"),
    [
        ("U.S.", "us"),
        ("US", "us"),
        ("Mr. Modi", "modi"),
        ("Modi", "modi"),
        ("Prime Minister Narendra Modi", "narendra modi"),
        ("Indian Prime Minister Narendra Modi", "narendra modi"),
        ("India’s Foreign Secretary Vinay Kwatra", "vinay kwatra"),
        ("former ambassador Pankaj Saran", "pankaj saran"),
        ("Dr Jane  Doe", "jane doe"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("Volodymyr Zelenskyy", "volodymyr zelenskyy"),
        ("  SHANGHAI Cooperation\tOrganization ", "shanghai cooperation organization"),
        ("the Kremlin", "kremlin"),
        ("General Motors", "general motors"),
        ("General Assembly", "general assembly"),
        ("Justice Department", "justice department"),
        ("General Mark Milley", "mark milley"),
        ("President Bush", "bush"),
        ("Mr Blair's", "blair"),
        ("India’s", "india"),
    ],
)
def test_it_normalises_an_alias(alias, key):
    assert normalize_alias(alias) == key


def test_it_never_strips_a_name_to_nothing():
    assert normalize_alias("President") == "president"
    assert normalize_alias("Mr.") == "mr"


def test_it_returns_an_empty_key_for_an_empty_name():
    assert normalize_alias("  ") == ""

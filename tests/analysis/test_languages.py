"""Language detection and the language tags files state (articles.analysis.languages)."""

import pytest

from articles.analysis.languages import LANGUAGE_NAMES, detect, language_name, normalise

TEXTS = {
    "en": "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire, and both "
    "sides said the talks had been difficult but useful. A further round is expected next month.",
    "ru": "Министры иностранных дел встретились во вторник в Женеве, чтобы обсудить перемирие. "
    "Обе стороны заявили, что переговоры были трудными, но полезными.",
    "fr": "Les ministres des Affaires étrangères se sont réunis mardi à Genève pour discuter du "
    "cessez-le-feu. Les deux parties ont déclaré que les négociations avaient été difficiles.",
    "de": "Die Außenminister trafen sich am Dienstag in Genf, um über den Waffenstillstand zu "
    "sprechen. Beide Seiten sagten, die Gespräche seien schwierig, aber nützlich gewesen.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_detects_the_language_of_a_paragraph(code):
    assert detect(TEXTS[code]) == code


@pytest.mark.parametrize("text", ["", "   ", "Putin", "12 345 678 - 2024-07-08", "OK, thanks"])
def test_too_little_text_is_unknown(text):
    assert detect(text) == ""


def test_text_of_no_language_is_unknown():
    # Enough letters, but no language: the model is too unsure to name one.
    assert detect("qzx vbnm wrtp kjhg fdsz xcvb qwrt zxcv bnmq wert yuio") == ""


def test_a_long_text_is_read_by_its_beginning():
    assert detect(TEXTS["ru"] * 500) == "ru"


@pytest.mark.parametrize(
    "value, code",
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("EN_us", "en"),
        (" ru ", "ru"),
        ("zh-Hant-TW", "zh"),
        ("nb", "no"),
        ("fr-FR", "fr"),
    ],
)
def test_normalises_stated_language_tags(value, code):
    assert normalise(value) == code


@pytest.mark.parametrize(
    "value", ["", "english", "e", "xx", "en GB", "<script>", "en--GB", "123", "ru;drop"]
)
def test_rejects_what_is_not_a_language_tag(value):
    assert normalise(value) is None


def test_names():
    assert language_name("ru") == "Russian"
    assert language_name("") == ""
    assert language_name("xx") == "xx"
    assert all(len(code) == 2 for code in LANGUAGE_NAMES)

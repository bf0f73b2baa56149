"""Names and dates in Russian and the other languages the archive reads."""

import datetime as dt

import pytest

from articles.analysis import analyze, analyze_many, normalize_alias
from articles.analysis.aliases import transliterate
from articles.analysis.dates import find_dates
from articles.analysis.scripts import language_of_script

RUSSIAN = (
    "Путин встретился с Лавровым\n\n"
    "Президент России Владимир Путин провёл переговоры с министром иностранных дел Сергеем "
    "Лавровым в Кремле. Позже Путина поддержали в ООН.\n\n"
    "Глава Хмельницкого района Иван Петренко заявил, что мэрия Москвы не ответила. Петренко "
    "добавил, что Петренко готов к встрече. 8 июля 2024 года МИД Грузии сделал заявление.\n"
)


@pytest.fixture(scope="module")
def russian():
    return analyze(RUSSIAN, topics={}, language="ru")


def by_name(analysis):
    return {e.name: e for e in analysis.entities}


def test_a_russian_name_in_any_case_is_one_entity_named_in_the_nominative(russian):
    people = {e.name: e for e in russian.entities if e.kind == "person"}
    # "Владимир Путин" and "Путина" are the gazetteer's Vladimir Putin, in every case.
    assert people["Vladimir Putin"].count == 2
    assert "Путин" in people["Vladimir Putin"].aliases
    assert "Путина" not in people["Vladimir Putin"].aliases
    # A name the gazetteer does not know keeps its Russian nominative; its lone surname
    # ("Петренко") is the same person.
    assert people["Иван Петренко"].count == 3
    assert "Sergei Lavrov" in people  # "Сергеем Лавровым" -> Сергей Лавров -> the gazetteer's


def test_russian_places_and_organisations_get_their_archive_entity(russian):
    found = by_name(russian)
    assert found["Russia"].kind == "place" and "Россия" in found["Russia"].aliases
    assert found["United Nations"].kind == "organisation"
    assert found["Kremlin"].kind == "organisation"
    # A body named by the place it governs is an organisation; the place is one too.
    assert found["Мэрия Москвы"].kind == "organisation"
    assert found["МИД Грузии"].kind == "organisation"
    assert found["Moscow"].kind == "place" and found["Georgia"].kind == "place"


def test_mention_spans_point_at_the_russian_text(russian):
    putin = by_name(russian)["Vladimir Putin"]
    assert [russian.body[s:e] for s, e in putin.spans] == ["Владимир Путин", "Путина"]


def test_a_russian_date_is_read_with_the_article(russian):
    (dated,) = [d for d in russian.dates if d.precision == "day"]
    assert dated.text == "8 июля 2024 года" and dated.start == dt.date(2024, 7, 8)


def test_an_unstated_language_is_taken_from_the_alphabet():
    assert language_of_script(RUSSIAN) == "ru"
    assert language_of_script("Vladimir Putin met Sergei Lavrov in Moscow.") == ""
    assert language_of_script("") == ""
    (unstated,) = analyze_many([RUSSIAN], topics={})
    assert "Vladimir Putin" in by_name(unstated)


def test_english_text_is_not_read_by_the_russian_model():
    english = analyze(
        "Putin in Delhi\n\nRussian President Vladimir Putin met Narendra Modi in New Delhi on "
        "8 July 2024.\n",
        topics={},
    )
    assert {"Vladimir Putin", "Narendra Modi", "New Delhi"} <= set(by_name(english))


def test_without_a_model_russian_text_has_no_statistical_names():
    analysis = analyze(RUSSIAN, topics={}, ner_model=None, language="ru")
    assert analysis.entities == ()
    assert analysis.dates  # the dates do not need a model


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Владимир Путин", "vladimir putin"),
        ("Путин", "putin"),
        ("Сергей Лавров", "sergei lavrov"),
        ("Дмитрий Песков", "dmitry peskov"),
        ("Зеленский", "zelensky"),
        ("Сергей Шойгу", "sergei shoigu"),
        ("Евгений Пригожин", "yevgeny prigozhin"),
        ("Шавкат Мирзиёев", "shavkat mirziyoyev"),
        ("Алексей Навальный", "aleksei navalny"),
        ("Μητσοτάκης", "mitsotakis"),
        ("Mr. Modi's", "modi"),
        ("Türkiye", "turkiye"),
    ],
)
def test_alias_keys_meet_across_scripts(name, key):
    assert normalize_alias(name) == key


def test_transliteration_keeps_latin_text_and_capitals():
    assert transliterate("Emmanuel Macron") == "Emmanuel Macron"
    assert transliterate("Élysée") == "Élysée"
    assert transliterate("Юрий Лужков") == "Yury Luzhkov"


PUBLISHED = dt.date(2024, 7, 20)  # a Saturday


def dates(text, language):
    return [
        (d.text, d.precision, d.start, d.end, d.relative)
        for d in find_dates([text], PUBLISHED, language)
    ]


def test_russian_dates_in_every_form():
    text = (
        "Встреча прошла 8 июля 2024 года. В июле лидеры говорили, а 10–12 марта 2023 г. был "
        "саммит. В 2022 году всё изменилось. В среду Путин заявил, что на прошлой неделе "
        "ничего не случилось. Марта пришла домой."
    )
    assert dates(text, "ru") == [
        ("8 июля 2024 года", "day", dt.date(2024, 7, 8), dt.date(2024, 7, 8), False),
        ("июле", "month", dt.date(2024, 7, 1), dt.date(2024, 7, 31), True),
        ("10–12 марта 2023 г.", "range", dt.date(2023, 3, 10), dt.date(2023, 3, 12), False),
        ("2022 году", "year", dt.date(2022, 1, 1), dt.date(2022, 12, 31), False),
        ("среду", "day", dt.date(2024, 7, 17), dt.date(2024, 7, 17), True),
        ("на прошлой неделе", "range", dt.date(2024, 7, 8), dt.date(2024, 7, 14), True),
    ]


def test_a_russian_date_to_come_resolves_forward():
    (mention,) = find_dates(["Саммит состоится в сентябре."], PUBLISHED, "ru")
    assert mention.start == dt.date(2024, 9, 1)
    (mention,) = find_dates(["Переговоры прошли в сентябре."], PUBLISHED, "ru")
    assert mention.start == dt.date(2023, 9, 1)


def test_french_german_and_spanish_dates():
    assert dates(
        "Le sommet a eu lieu le 8 juillet 2024, et en juillet, lundi, le 1er mai.", "fr"
    ) == [
        ("8 juillet 2024", "day", dt.date(2024, 7, 8), dt.date(2024, 7, 8), False),
        ("juillet", "month", dt.date(2024, 7, 1), dt.date(2024, 7, 31), True),
        ("lundi", "day", dt.date(2024, 7, 15), dt.date(2024, 7, 15), True),
        ("1er mai", "day", dt.date(2024, 5, 1), dt.date(2024, 5, 1), True),
    ]
    assert dates("Am 8. Juli 2024 traf er Scholz, im Juli und letzte Woche. Mai 2023.", "de") == [
        ("8. Juli 2024", "day", dt.date(2024, 7, 8), dt.date(2024, 7, 8), False),
        ("Juli", "month", dt.date(2024, 7, 1), dt.date(2024, 7, 31), True),
        ("letzte Woche", "range", dt.date(2024, 7, 8), dt.date(2024, 7, 14), True),
        ("Mai 2023", "month", dt.date(2023, 5, 1), dt.date(2023, 5, 31), False),
    ]
    assert dates("El 8 de julio de 2024 se reunieron; en julio de 2023 y desde 2020.", "es") == [
        ("8 de julio de 2024", "day", dt.date(2024, 7, 8), dt.date(2024, 7, 8), False),
        ("julio de 2023", "month", dt.date(2023, 7, 1), dt.date(2023, 7, 31), False),
        ("2020", "year", dt.date(2020, 1, 1), dt.date(2020, 12, 31), False),
    ]


def test_a_german_month_needs_its_cue_and_numbers_are_not_years():
    assert dates("August Müller sagte, 2024 Menschen kamen.", "de") == []
    assert dates("La tasa subió un 2,5 y 2024-25 fue bueno.", "es") == []


def test_english_dates_ignore_other_languages_month_names():
    assert dates("Mars rover data from 8 juillet and 8 July 2024.", "en") == [
        ("8 July 2024", "day", dt.date(2024, 7, 8), dt.date(2024, 7, 8), False)
    ]


def test_french_names_through_the_french_pipeline_meet_the_archive_entities():
    analysis = analyze(
        "Poutine à Paris\n\nLe président russe Vladimir Poutine a rencontré Emmanuel Macron à "
        "Paris le 8 juillet 2024. Le porte-parole Jean Dupont a déclaré que Dupont restera.\n",
        topics={},
        language="fr",
    )
    found = by_name(analysis)
    assert found["Vladimir Putin"].kind == "person"
    assert "Vladimir Poutine" in found["Vladimir Putin"].aliases
    assert found["Emmanuel Macron"].kind == "person"
    assert found["Jean Dupont"].kind == "person" and found["Jean Dupont"].count == 2
    assert found["Paris"].kind == "place"
    assert [d.start for d in analysis.dates] == [dt.date(2024, 7, 8)]


def test_a_language_without_its_pipeline_is_read_by_the_configured_one(monkeypatch):
    from articles.analysis import ner

    monkeypatch.setitem(ner.LANGUAGE_MODELS, "fr", "fr_pipeline_not_installed")
    analysis = analyze(
        "Macron\n\nLe président Emmanuel Macron a rencontré Olaf Scholz à Berlin.\n",
        topics={},
        language="fr",
    )
    assert {"Emmanuel Macron", "Olaf Scholz", "Berlin"} <= set(by_name(analysis))


@pytest.mark.parametrize("code", ["ru", "RU", "ru-RU", "ru_RU"])
def test_a_language_code_with_a_region_or_in_capitals_is_the_language(code):
    analysis = analyze(RUSSIAN, topics={}, language=code)
    assert "Vladimir Putin" in by_name(analysis)

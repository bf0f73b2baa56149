"""Figures: money amounts, percentages and counts of people or things, with a value in base
units ("$65.7 billion" -> 65700000000.0 USD).

Years, dates, ages, ranks, durations and index points are not figures: a count needs a noun
that says what is counted ("41 people", "3,000 firms"), so "in 41 years" and "the 75th" are
never read as one. A number glued to letters or a hyphen ("S-400", "A380") is a name.
"""

import re
from collections.abc import Iterable

from articles.analysis.results import Figure


def _words(text: str) -> tuple[str, ...]:
    """A tuple from a whitespace-separated block: long vocabularies stay readable."""
    return tuple(text.split())


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "lakh": 1e5,
}  # fmt: skip
_CURRENCY_SIGNS = {"us$": "USD", "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
_CURRENCY_CODES = ("USD", "GBP", "EUR", "JPY", "INR", "CNY", "RUB")
_CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "pounds": "GBP", "pound": "GBP", "sterling": "GBP",
    "euros": "EUR", "euro": "EUR", "yen": "JPY", "rupees": "INR", "rupee": "INR",
    "rupiah": "IDR", "roubles": "RUB", "rubles": "RUB", "yuan": "CNY", "renminbi": "CNY",
    "rials": "IRR", "lira": "TRY", "pesos": "ARS",
}  # fmt: skip
_SUBUNITS = {
    "cents": ("USD", 0.01),
    "cent": ("USD", 0.01),
    "pence": ("GBP", 0.01),
    "p": ("GBP", 0.01),
}

# What a count counts, and the unit it is reported in.
_PEOPLE = _words(
    """
    people persons civilians soldiers troops officials ministers presidents leaders
    nationals migrants refugees victims fighters militants police policemen
    """
)
_COUNTED_AS_WRITTEN = _words(
    """
    workers employees staff jobs children students tourists passengers residents
    customers firms companies businesses banks countries nations states members shares
    homes houses cars vehicles tanks missiles programs programmes
    """
)
_COUNTED = {
    **dict.fromkeys(_PEOPLE, "people"),
    **{noun: noun for noun in _COUNTED_AS_WRITTEN},
    **dict.fromkeys(("aircraft", "planes", "jets"), "aircraft"),
    "barrels": "barrels",
    "bpd": "barrels per day",
}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUMBER = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUM = rf"(?:{_DIGITS}|(?i:{_WORD_NUMBER}))"
_SCALE = r"(?:[\s-]?(?:thousand|million|billion|trillion|crore|lakh)\b|(?:bn|mn|tn|m|k|b)\b)"
_SIGN = r"(?:US\$|\$|£|€|¥|₹|(?:USD|GBP|EUR|JPY|INR|CNY|RUB)\s?)"
_QUALIFIER = (
    r"(?:(?i:at\s+least|at\s+most|more\s+than|less\s+than|fewer\s+than|about|around|nearly|"
    r"almost|over|some|up\s+to|an\s+estimated|roughly)\s+)"
)
_ADJECTIVE = r"(?:[a-z][a-z-]+|[A-Z][a-z]+(?:ian|ese|ish|an|i))"
_NOT_INSIDE = r"(?<![\w.,-])"

_FIGURE = re.compile(
    rf"""
    (?P<money>{_NOT_INSIDE}{_SIGN}(?P<money_n>{_DIGITS})(?P<money_s>{_SCALE})?)
    | (?P<named>{_NOT_INSIDE}(?P<named_n>{_NUM})(?P<named_s>{_SCALE})?[\s-]+
        (?P<named_c>(?i:{"|".join(_CURRENCY_WORDS)}))\b)
    | (?P<sub>{_NOT_INSIDE}(?P<sub_n>{_DIGITS})(?:\s?(?P<sub_c>cents?|pence)\b|(?P<sub_p>p)\b))
    | (?P<percent>{_NOT_INSIDE}(?P<percent_n>{_NUM})\s?
        (?P<percent_u>%|(?i:per\s?cent|percentage\s+points?)\b))
    | (?P<fraction>{_NOT_INSIDE}(?i:(?:a\s+)?(?P<fraction_f>quarter|half)(?:\s+of\s+a)?
        (?:\s+percentage)?\s+points?)\b)
    | (?P<count>{_NOT_INSIDE}{_QUALIFIER}?(?P<count_n>{_NUM})(?P<count_s>{_SCALE})?
        (?:\s+{_ADJECTIVE}){{0,2}}?\s+(?P<count_u>(?i:{"|".join(_COUNTED)}))\b)
    """,
    re.X,
)
# Words that, between a number and a noun, mean the number counts something else.
_NOT_BETWEEN = frozenset(
    _words(
        """
    years year months days weeks hours minutes of and or to per the a an than percent
    per cent times ago old aged
    """
    )
)


def find_figures(sentences: Iterable[str]) -> tuple[Figure, ...]:
    found = []
    for sentence in sentences:
        for match in _FIGURE.finditer(sentence):
            figure = _figure(match, sentence)
            if figure is not None:
                found.append(figure)
    return tuple(found)


def is_conversion(previous: Figure, figure: Figure) -> bool:
    """Whether `figure` restates `previous` in another currency: "$65bn (£50.76bn)"."""
    return (
        previous.kind == figure.kind == "money"
        and previous.unit != figure.unit
        and previous.sentence == figure.sentence
        and f"{previous.text} ({figure.text}" in figure.sentence
    )


def _figure(match: re.Match, sentence: str) -> Figure | None:
    kind, g = match.lastgroup, match.group
    text = match.group().strip()
    if kind == "money":
        sign = re.match(_SIGN, text).group().strip().casefold()
        unit = _CURRENCY_SIGNS.get(sign) or sign.upper()
        return Figure(text, "money", _value(g("money_n"), g("money_s")), unit, sentence)
    if kind == "named":
        unit = _CURRENCY_WORDS[g("named_c").casefold()]
        return Figure(text, "money", _value(g("named_n"), g("named_s")), unit, sentence)
    if kind == "sub":
        unit, factor = _SUBUNITS[(g("sub_c") or g("sub_p")).casefold()]
        return Figure(text, "money", round(_number(g("sub_n")) * factor, 6), unit, sentence)
    if kind == "percent":
        points = "point" in g("percent_u").casefold()
        unit = "percentage points" if points else "%"
        return Figure(text, "percent", _number(g("percent_n")), unit, sentence)
    if kind == "fraction":
        # "a quarter point": interest-rate moves, always in percentage points.
        value = 0.25 if g("fraction_f").casefold() == "quarter" else 0.5
        return Figure(text, "percent", value, "percentage points", sentence)
    if kind == "count":
        number_end = match.end("count_s") if g("count_s") else match.end("count_n")
        between = sentence[number_end : match.start("count_u")].split()
        if any(w.casefold() in _NOT_BETWEEN for w in between):
            return None
        if g("count_n").casefold() == "one" and not g("count_s"):
            return None  # "one country" is an article's way of saying "a country"
        if g("count_n").isalpha() and re.search(
            r"\b(?:the|these|those)\s+$", match.string[: match.start()], re.I
        ):
            return None  # "the two nations" points back at them, it counts nothing new
        unit = _COUNTED[g("count_u").casefold()]
        return Figure(text, "count", _value(g("count_n"), g("count_s")), unit, sentence)
    return None


def _number(text: str) -> float:
    word = text.casefold()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    return float(text.replace(",", ""))


def _value(number: str, scale: str | None) -> float:
    value = _number(number)
    if scale:
        value *= _SCALES[scale.strip(" -").casefold()]
    return round(value, 6)

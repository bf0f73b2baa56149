"""Dated mentions: the calendar dates an article's sentences name, with their precision.

Explicit patterns, not a date-parsing library's search: measured on news text, those read
"may", "we", "$65" and "by 33%" as dates. What the patterns do not find is not a date:
"Theresa May", "S-400", "the 75th", "2-1", "in 41 years", a year inside a name ("Human Rights
Act 1998").

A mention without a year ("in June", "3 March", "on Monday", "last week") is *relative*: it
keeps no value until the article's own date is known, and `resolve` gives it one then.
"""

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from articles.analysis.results import DateMention
from articles.analysis.scripts import language_of_script


def _words(text: str) -> tuple[str, ...]:
    """A tuple from a whitespace-separated block: long vocabularies stay readable."""
    return tuple(text.split())


MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
_FULL_MONTHS = frozenset(calendar.month_name[n].casefold() for n in range(1, 13))
WEEKDAYS = {calendar.day_name[n].casefold(): n for n in range(7)}

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_TO = r"\s*(?:-|–|—|to|until|and|through)\s*"

_ORDINAL = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
_COUNT = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[1-9]\d?)"
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
# A modifier news puts before a date belongs to its span: "early next year", "the end of
# 1990", "fiscal 1989", "earlier this month". It narrows the date without moving it.
_MODIFIER = (
    r"(?i:(?:(?:the\s+)?(?:very\s+)?(?:end|start|beginning|middle|close|turn)\s+of\s+"
    r"|(?:early|earlier|late|later|mid|fiscal)(?:\s+|-))(?:(?:early|late|fiscal)\s+)?)"
)
_MODIFIER_BEFORE = re.compile(rf"(?<![\w-]){_MODIFIER}$")
_MODIFIER_END = re.compile(r"(?i:\b(?:of|early|earlier|late|later|mid|fiscal))[\s-]$")
# Relative phrases of English news, each resolved against the article's date (see
# `_english_span`): quarters and halves, seasons, "yesterday", "a year ago".
_ENGLISH_RELATIVE = rf"""
    (?P<qtr>(?i:(?:(?P<q_det>the|this|last|next)\s+|(?P<q_yr>this|last|next)\s+year's\s+)?
        (?:(?:fiscal|calendar)[\s-]+)?
        (?P<q_ord>{_ORDINAL})[\s-]+(?P<q_unit>quarter|half)
        (?:\s+of\s+(?:(?:fiscal|calendar|the\s+year)\s+)?(?P<q_y>{_YEAR}))?)(?![\w-]))
    | (?P<yqtr>(?P<yq_y>{_YEAR})
        (?i:\s+(?P<yq_ord>{_ORDINAL})[\s-]+(?P<yq_unit>quarter|half))(?![\w-]))
    | (?P<qref>(?i:(?P<qr_det>the|this|last|next)\s+
        (?:(?P<qr_adj>latest|current|most\s+recent|previous|past|coming|same)\s+)?quarter)(?![\w-]))
    | (?P<season>(?i:(?P<s_det>this|last|next|the|early|late)\s+(?:past\s+)?)?
        (?P<s_name>(?i:{_SEASON}))(?:(?:\s+of)?\s+(?P<s_y>{_YEAR}))?(?![\w-]))
    | (?P<deictic>(?i:today|yesterday|tomorrow))(?![\w-])
    | (?P<ago>(?i:(?:(?:nearly|almost|about|some|more\s+than|less\s+than|just|only)\s+)?
        (?P<ago_n>{_COUNT})\s+(?P<ago_unit>day|week|month|year)s?\s+(?:ago|earlier|before)
        |(?:the\s+)?(?:comparable\s+)?(?P<ago_adj>year)-(?:earlier|ago)
        (?:\s+(?P<ago_part>(?P<ago_ord>{_ORDINAL})\s+quarter|quarter|period))?))(?![\w-])
"""

# A year as broadcast transcripts spell it: "nineteen ninety-six", "the year two thousand".
_TENS = _words("twenty thirty forty fifty sixty seventy eighty ninety")
_UNITS = _words("one two three four five six seven eight nine")
_TEENS = _words("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen")
_SPELLED_YEAR = (
    rf"(?:nineteen\s+(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(_UNITS)}))?"
    rf"|nineteen\s+(?:{'|'.join(_TEENS)})"
    rf"|the\s+year\s+two\s+thousand(?:\s+(?:and\s+)?(?:{'|'.join(_UNITS + _TEENS)}))?)"
)

# Longest forms first: one alternation, so a range is never also read as its parts.
_DATE = re.compile(
    rf"""
    (?<!\w)(?:(?P<spelled>(?:(?P<sp_m>{_MONTH})\s+|(?i:the\s+)?(?P<sp_s>(?i:{_SEASON}))\s+of\s+)?
        (?P<sp_y>(?i:{_SPELLED_YEAR})))(?![\w-])
    | {_ENGLISH_RELATIVE}
    | (?P<mdr>(?P<mdr_m>{_MONTH})\s+(?P<mdr_d1>{_DAY}){_TO}(?P<mdr_d2>{_DAY})
        (?:,?\s+(?P<mdr_y>{_YEAR}))?)
    | (?P<dmr>(?P<dmr_d1>{_DAY}){_TO}(?P<dmr_d2>{_DAY})\s+(?P<dmr_m>{_MONTH})
        (?:,?\s+(?P<dmr_y>{_YEAR}))?)
    | (?P<md>(?:{_WEEKDAY},?\s+)?(?P<md_m>{_MONTH})\s+(?P<md_d>{_DAY})(?:,?\s+(?P<md_y>{_YEAR}))?)
    | (?P<dm>(?:{_WEEKDAY},?\s+)?(?P<dm_d>{_DAY})\s+(?:of\s+)?(?P<dm_m>{_MONTH})
        (?:,?\s+(?P<dm_y>{_YEAR}))?)
    | (?P<my>(?P<my_m>{_MONTH}),?\s+(?P<my_y>{_YEAR}))

    | (?P<m>(?:(?P<m_det>(?i:last|next|this|past))\s+)?{_MONTH}
        (?:\s+(?P<m_rel>(?i:last|next|this))\s+year)?)
    | (?P<y>{_YEAR})
    | (?P<wd>(?:(?i:last|next|this\s+coming|coming)\s+)?
        (?P<wd_name>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))
    | (?P<rel>(?i:(?:the\s+)?(?:last|next|this|past))\s+(?P<rel_unit>week|month|year))
    )""",
    re.X,
)

# A bare "May" is a month only after a word that introduces a month ("in May", "last May").
_MONTH_CUE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|from|of|last|next|this|early|late|mid|during|before|"
    r"after|through|between|and|to|or|each|every|on|until|throughout))[\s-]+$"
)
# A bare year counts unless it sits inside a capitalised name ("Human Rights Act 1998").
_NAME_BEFORE = re.compile(r"(?<![.!?])\b[A-Z][a-z]+\s+$")
_YEAR_CUE_WORDS = frozenset(
    _words(
        """
    in since until till by from of before after during through between and to or the
    early late mid end start year fiscal financial around about circa than
    """
    )
)
_FUTURE = re.compile(
    r"(?i:\b(?:will|shall|won't|'ll|going to|set to|due to|scheduled|expected to|plans? to|"
    r"is to|are to|next|upcoming|begins|starts|opens)\b)"
    # The same in the other languages read: "состоится", "aura lieu", "wird", "se celebrará".
    r"|(?i:(?<!\w)(?:будет|будут|состоится|пройдет|пройдёт|планирует|планируется|намерен"
    r"|следующ\w+|sera|seront|aura lieu|prochain\w*|doit|devrait|wird|werden|soll|nächst\w*"
    r"|será|serán|se celebrará|próxim\w+)(?!\w))"
)


# Dates in the other languages the archive reads. Each language's months in every form a date
# gives them (Russian declines them: "июль", "8 июля", "в июле"), its weekdays and its
# phrases for the week, month and year around the article's date.
_OTHER_MONTHS: dict[str, dict[str, int]] = {
    "ru": {
        form: number
        for number, stem in enumerate(
            _words("январ феврал март апрел ма июн июл август сентябр октябр ноябр декабр"), 1
        )
        for form in (
            (stem + "й", stem + "я", stem + "е")
            if stem == "ма"
            else (stem, stem + "а", stem + "е")
            if stem in ("март", "август")
            else (stem + "ь", stem + "я", stem + "е")
        )
    },
    "fr": {
        name: number
        for number, names in enumerate(
            (
                "janvier",
                "février fevrier",
                "mars",
                "avril",
                "mai",
                "juin",
                "juillet",
                "août aout",
                "septembre",
                "octobre",
                "novembre",
                "décembre decembre",
            ),
            1,
        )
        for name in names.split()
    },
    "de": {
        name.casefold(): number
        for number, names in enumerate(
            (
                "Januar Jänner",
                "Februar",
                "März Maerz",
                "April",
                "Mai",
                "Juni",
                "Juli",
                "August",
                "September",
                "Oktober",
                "November",
                "Dezember",
            ),
            1,
        )
        for name in names.split()
    },
    "es": {
        name: number
        for number, names in enumerate(
            (
                "enero",
                "febrero",
                "marzo",
                "abril",
                "mayo",
                "junio",
                "julio",
                "agosto",
                "septiembre setiembre",
                "octubre",
                "noviembre",
                "diciembre",
            ),
            1,
        )
        for name in names.split()
    },
}
_OTHER_WEEKDAYS: dict[str, dict[str, int]] = {
    "ru": {
        "понедельник": 0,
        "вторник": 1,
        "среду": 2,
        "четверг": 3,
        "пятницу": 4,
        "субботу": 5,
        "воскресенье": 6,
    },
    "fr": dict(
        zip(_words("lundi mardi mercredi jeudi vendredi samedi dimanche"), range(7), strict=True)
    ),
    "de": dict(
        zip(
            _words("montag dienstag mittwoch donnerstag freitag samstag sonntag"),
            range(7),
            strict=True,
        )
    ),
    "es": dict(
        zip(
            _words("lunes martes miércoles miercoles jueves viernes sábado sabado domingo"),
            (0, 1, 2, 2, 3, 4, 5, 5, 6),
            strict=True,
        )
    ),
}
# Phrases for the week, month or year before, of or after the article's date: (step, unit).
_OTHER_RELATIVE: dict[str, dict[str, tuple[int, str]]] = {
    "ru": {
        f"{prep} {word} {unit}": (step, name)
        for name, prep, unit, words in (
            ("week", "на", "неделе", ("прошлой", "этой", "следующей")),
            ("month", "в", "месяце", ("прошлом", "этом", "следующем")),
            ("year", "в", "году", ("прошлом", "этом", "следующем")),
        )
        for step, word in zip((-1, 0, 1), words, strict=True)
    },
    "fr": {
        "la semaine dernière": (-1, "week"),
        "la semaine prochaine": (1, "week"),
        "cette semaine": (0, "week"),
        "le mois dernier": (-1, "month"),
        "le mois prochain": (1, "month"),
        "ce mois-ci": (0, "month"),
        "l'année dernière": (-1, "year"),
        "l'an dernier": (-1, "year"),
        "l'année prochaine": (1, "year"),
        "l'an prochain": (1, "year"),
        "cette année": (0, "year"),
    },
    "de": {
        "letzte woche": (-1, "week"),
        "vergangene woche": (-1, "week"),
        "nächste woche": (1, "week"),
        "diese woche": (0, "week"),
        "letzten monat": (-1, "month"),
        "vergangenen monat": (-1, "month"),
        "nächsten monat": (1, "month"),
        "diesen monat": (0, "month"),
        "letztes jahr": (-1, "year"),
        "vergangenes jahr": (-1, "year"),
        "nächstes jahr": (1, "year"),
        "dieses jahr": (0, "year"),
    },
    "es": {
        "la semana pasada": (-1, "week"),
        "la próxima semana": (1, "week"),
        "la semana próxima": (1, "week"),
        "esta semana": (0, "week"),
        "el mes pasado": (-1, "month"),
        "el próximo mes": (1, "month"),
        "este mes": (0, "month"),
        "el año pasado": (-1, "year"),
        "el próximo año": (1, "year"),
        "este año": (0, "year"),
    },
}
# How each language writes a day ("1er", "8."), a run of days, the word between a day and
# its month and between a month and its year, a year's trailing word ("2024 года"), and the
# words that make a month, weekday or year named alone a date ("в июле", "im Juli", "en 2024").
_DAY_NUMBER = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_OTHER_SYNTAX = {
    "ru": dict(
        day=_DAY_NUMBER,
        to=r"\s*(?:-|–|—)\s*",
        of=r"\s+",
        year_of=r"\s+",
        year_tail=r"(?:\s*(?:года|году|год|г\.))?",
        cue=r"(?:в|во|с|со|до|к|по|после|начале|конце|середине|течение|то)",
    ),
    "fr": dict(
        day=_DAY_NUMBER + r"(?:er)?",
        to=r"\s*(?:-|–|—|au|et)\s*",
        of=r"\s+",
        year_of=r",?\s+",
        year_tail="",
        cue=r"(?:en|depuis|dès|jusqu'en|avant|après|fin|début|mi-|de|d'|le|ce|depuis)",
    ),
    "de": dict(
        day=_DAY_NUMBER + r"\.",
        to=r"\s*(?:-|–|—|bis|und)\s*",
        of=r"\s+",
        year_of=r",?\s+",
        year_tail="",
        cue=r"(?:im|seit|bis|vor|nach|ab|anfang|ende|mitte|am|jahr|jahre|jahres|von|zum)",
    ),
    "es": dict(
        day=_DAY_NUMBER,
        to=r"\s*(?:-|–|—|al|y)\s*",
        of=r"\s+de\s+",
        year_of=r"\s+(?:de\s+|del\s+)?",
        year_tail="",
        cue=r"(?:en|desde|hasta|antes|después|a|finales|principios|mediados|de|del)",
    ),
}
# Where the month alone needs a cue word: German capitalises every noun, and a Russian
# capitalised "Марта" is a woman's name.
_CUED_MONTH = frozenset({"de"})
_CUED_WEEKDAY = frozenset({"ru"})  # "среда" is also "the environment"


def _either(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _other_patterns(language: str) -> tuple[re.Pattern, re.Pattern]:
    s = _OTHER_SYNTAX[language]
    month = rf"(?i:{_either(_OTHER_MONTHS[language])})(?!\w)"
    year = rf"{_YEAR}{s['year_tail']}"
    day, to, of, year_of = s["day"], s["to"], s["of"], s["year_of"]
    pattern = re.compile(
        rf"""(?<![\w.])(?:
          (?P<dmr>(?P<dmr_d1>{day}){to}(?P<dmr_d2>{day}){of}(?P<dmr_m>{month})
            (?:{year_of}(?P<dmr_y>{year}))?)
        | (?P<dm>(?P<dm_d>{day}){of}(?P<dm_m>{month})(?:{year_of}(?P<dm_y>{year}))?)
        | (?P<my>(?P<my_m>{month}){year_of}(?P<my_y>{year}))
        | (?P<m>{month})
        | (?P<y>{_YEAR}{s["year_tail"]})
        | (?P<wd>(?i:{_either(_OTHER_WEEKDAYS[language])}))(?!\w)
        | (?P<rel>(?i:{_either(_OTHER_RELATIVE[language])}))(?!\w)
        )""",
        re.X,
    )
    return pattern, re.compile(rf"(?i:(?<!\w){s['cue']})[\s-]*$")


def _other_dates(sentence: str, language: str) -> list[DateMention]:
    pattern, cue = _other_patterns(language)
    months = _OTHER_MONTHS[language]
    found = []
    for match in pattern.finditer(sentence):
        kind, text, g = match.lastgroup, match.group(), match.group
        before = sentence[max(0, match.start() - 24) : match.start()]
        after = sentence[match.end() : match.end() + 4]
        if re.match(r"[\w%$£€/]|-\d|[.,]\d", after):
            continue  # part of a bigger token: "2024-25", "2,000"
        cued = bool(cue.search(before))

        def month(value: str) -> int:
            return months[value.casefold()]

        def day(value: str) -> int:
            return int(re.match(r"\d+", value).group())

        def year(value: str) -> int:
            return int(value[:4])

        if kind in ("dmr", "dm"):
            days = (
                [day(g(f"{kind}_d1")), day(g(f"{kind}_d2"))] if kind == "dmr" else [day(g("dm_d"))]
            )
            if days[-1] < days[0]:
                continue
            m, y = month(g(f"{kind}_m")), g(f"{kind}_y")
            precision = "range" if kind == "dmr" else "day"
            if y is None:
                if _date(2000, m, days[-1]) is None:
                    continue
                found.append(DateMention(text, sentence, precision, None, None, relative=True))
                continue
            start, end = _date(year(y), m, days[0]), _date(year(y), m, days[-1])
            if start and end:
                found.append(DateMention(text, sentence, precision, start, end))
        elif kind == "my":
            found.append(
                DateMention(
                    text, sentence, "month", *_month_span(year(g("my_y")), month(g("my_m")))
                )
            )
        elif kind == "m":
            if cued or (language not in _CUED_MONTH and text[0].islower()):
                found.append(DateMention(text, sentence, "month", None, None, relative=True))
        elif kind == "y":
            if cued or len(text) > 4:  # "в 2024 году", "en 2024", "2024 года"
                value = year(text)
                found.append(
                    DateMention(
                        text, sentence, "year", dt.date(value, 1, 1), dt.date(value, 12, 31)
                    )
                )
        elif kind == "wd":
            if cued or language not in _CUED_WEEKDAY:
                found.append(DateMention(text, sentence, "day", None, None, relative=True))
        elif kind == "rel":
            unit = _ANY_RELATIVE[" ".join(text.casefold().split())][1]
            precision = "range" if unit == "week" else unit
            found.append(DateMention(text, sentence, precision, None, None, relative=True))
    return found


# Every language's words, for resolving a relative mention whatever language it is in.
_ANY_MONTH = {**{w: n for table in _OTHER_MONTHS.values() for w, n in table.items()}, **MONTHS}
_ANY_WEEKDAY = {
    **{w: n for table in _OTHER_WEEKDAYS.values() for w, n in table.items()},
    **WEEKDAYS,
}
_ANY_RELATIVE = {p: v for table in _OTHER_RELATIVE.values() for p, v in table.items()}
DATE_LANGUAGES = frozenset({"en", *_OTHER_MONTHS})


_CONTEXT = 80  # characters either side of a match that its checks read


def find_dates(
    sentences: Iterable[str], published: dt.date | None = None, language: str = ""
) -> tuple[DateMention, ...]:
    """Every date the sentences name, in text order, resolved against `published` if known.
    `language` (ISO 639-1) says whose month names to read: Russian, French, German and Spanish
    have their own; any other language, and "" once the alphabet says nothing else, is read as
    English."""
    sentences = list(sentences)
    if not language:
        language = language_of_script(" ".join(sentences[:50]))
    found = []
    part, part_age = None, 0  # the quarter or half last named, and how many sentences ago
    for sentence in sentences:
        if language in _OTHER_MONTHS:
            found.extend(resolve(m, published) for m in _other_dates(sentence, language))
            continue
        part_age += 1
        for match in _DATE.finditer(sentence):
            mention = _mention(match, sentence)
            if mention is None:
                continue
            mention = _resolve(
                mention, published, match.start(), match, part if part_age <= 2 else None
            )
            found.append(mention)
            if match.lastgroup in _PARTS and mention.start is not None:
                part, part_age = (mention.start, mention.end), 0
    return tuple(found)


_PARTS = frozenset({"qtr", "yqtr", "qref"})


def resolve(mention: DateMention, published: dt.date | None) -> DateMention:
    """A relative mention with the value it has for an article published on `published`;
    without a publication date it stays unresolved. Explicit mentions are returned as they are."""
    return _resolve(mention, published, mention.sentence.find(mention.text))


def _resolve(
    mention: DateMention,
    published: dt.date | None,
    at: int,
    english: re.Match | None = None,
    part: tuple[dt.date, dt.date] | None = None,
) -> DateMention:
    if not mention.relative:
        return mention
    if published is None:
        return replace(mention, start=None, end=None)
    if english is None:
        english = _DATE.search(mention.text, len(_modifier_of(mention.text)))
        if english and english.end() != len(mention.text):
            english = None
    try:
        if english:
            tense = _tense(mention.sentence, max(at, 0), len(mention.text))
            start, end = _english_span(english, mention.sentence, published, tense, part)
        else:
            future = _speaks_of_future(mention.sentence)
            start, end = _relative_span(mention.text, published, future)
    except (ValueError, OverflowError):  # a date before year 1 or after 9999: none to give
        start = end = None
    return replace(mention, start=start, end=end)


@lru_cache(maxsize=64)
def _speaks_of_future(sentence: str) -> bool:
    # Cached: every relative mention of a sentence asks, and a sentence can hold thousands.
    return bool(_FUTURE.search(sentence))


FUTURE, UNSAID, PAST = 1, 0, -1
# A clause ends at punctuation or where a reported clause begins ("said Thursday that ...").
_CLAUSE_END = re.compile(r"[;:!?()]|,\s|\s(?:that|but|while|although|when|after|before)\s")
# A date right after a past verb is in the past: "said Thursday", "met on Monday".
_PAST_BEFORE = re.compile(
    r"(?i:\b(?:said|told|met|was|were|had|did|came|went|rose|fell|grew|began|took|made|held|"
    r"sold|paid|bought|won|lost|left|saw|(?!expected|scheduled|planned|slated|proposed)\w{3,}ed)"
    r"\s+(?:(?:on|in|late|early|last|since)\s+)?$)"
)
_SINCE_BEFORE = re.compile(r"(?i:\b(?:since|ago|earlier|previously)\s+$)")
_BY_BEFORE = re.compile(r"(?i:\b(?:by|until|till)\s+$)")  # a deadline lies ahead
# Seen from the past ("had been due to expire Friday"), a plan's date is past too.
_PAST_PERFECT = re.compile(r"(?i:\bhad\b)")
_FUTURE_MORE = re.compile(r"(?i:\b(?:would|expects?|supposed to|planned|slated|coming|until)\b)")


def _tense(sentence: str, at: int, length: int) -> int:
    """Whether the clause around a date speaks of the future or the past: the date's own
    clause, not the sentence, so "said Thursday that it will ..." is a past Thursday."""
    return _tense_between(
        sentence[max(0, at - _CONTEXT) : at], sentence[at + length : at + length + _CONTEXT]
    )


@lru_cache(maxsize=256)
def _tense_between(before: str, after: str) -> int:
    # Cached: a long list of dates repeats the same few contexts.
    ends = list(_CLAUSE_END.finditer(before))
    clause_before = before[ends[-1].end() :] if ends else before
    end = _CLAUSE_END.search(after)
    clause_after = after[: end.start()] if end else after
    if _PAST_BEFORE.search(before[-30:]) or _SINCE_BEFORE.search(before[-16:]):
        return PAST
    if _PAST_PERFECT.search(clause_before):
        return PAST
    if _BY_BEFORE.search(before[-8:]):
        return FUTURE
    clause = f"{clause_before} {clause_after}"
    if _FUTURE.search(clause) or _FUTURE_MORE.search(clause):
        return FUTURE
    return UNSAID


def _mention(match: re.Match, sentence: str) -> DateMention | None:
    kind = match.lastgroup
    core = match.group()
    # Only the words next to a match decide about it; a bounded window keeps a sentence of
    # thousands of matches linear.
    before = sentence[max(0, match.start() - _CONTEXT) : match.start()]
    after = sentence[match.end() : match.end() + _CONTEXT]
    modifier = _modifier_of(before) if _MODIFIER_END.search(before[-9:]) else ""
    if re.match(r"[\w%$£€/]|-\d|\.\d|,\d{3}", after) or re.search(
        r"[\w$£€#/]$|(?<!mid)-$", before[-4:]
    ):
        return None  # part of a bigger token: "S-400", "$2005", "2004-05", "2,000"
    text = modifier + core
    near = before[-24:]  # the one word a month's cue or a name's end is
    g = match.group

    def day(value: str) -> int:
        return int(re.match(r"\d+", value).group())

    def month(value: str) -> int:
        return MONTHS[value.rstrip(".").casefold()]

    if kind in ("mdr", "dmr"):
        m, d1, d2, y = (g(f"{kind}_{part}") for part in ("m", "d1", "d2", "y"))
        if day(d2) <= day(d1):
            return None
        if y is None:
            return DateMention(text, sentence, "range", None, None, relative=True)
        start = _date(int(y), month(m), day(d1))
        end = _date(int(y), month(m), day(d2))
        return DateMention(text, sentence, "range", start, end) if start and end else None
    if kind in ("md", "dm"):
        m, d, y = (g(f"{kind}_{part}") for part in ("m", "d", "y"))
        if m == "May" and _NAME_BEFORE.search(near) and not _MONTH_CUE.search(near):
            return None  # "Theresa May 5 ..."
        if y is None:
            if _date(2000, month(m), day(d)) is None:  # 2000 is a leap year
                return None
            return DateMention(text, sentence, "day", None, None, relative=True)
        value = _date(int(y), month(m), day(d))
        return DateMention(text, sentence, "day", value, value) if value else None
    if kind == "my":
        if g("my_m") == "May" and _NAME_BEFORE.search(near) and not _MONTH_CUE.search(near):
            return None
        y, m = int(g("my_y")), month(g("my_m"))
        return DateMention(text, sentence, "month", *_month_span(y, m))
    if kind == "m":
        name = _month_word(core)
        cue = bool(_MONTH_CUE.search(near))
        if name.casefold() not in _FULL_MONTHS or (
            name == "May" and not (cue or g("m_det") or g("m_rel"))
        ):
            return None  # alone, "Jan" is a name and "may" a verb
        if not (g("m_det") or cue) and _NAME_BEFORE.search(near):
            return None  # "Theresa May", "Black September"
        return DateMention(text, sentence, "month", None, None, relative=True)
    if kind == "y":
        if not _plausible_year(before, after, match.start() <= _CONTEXT):
            return None
        return DateMention(
            text, sentence, "year", dt.date(int(core), 1, 1), dt.date(int(core), 12, 31)
        )
    if kind == "spelled":
        year = _spelled_year(g("sp_y"))
        if g("sp_m"):
            return DateMention(text, sentence, "month", *_month_span(year, month(g("sp_m"))))
        if g("sp_s"):
            return DateMention(text, sentence, "range", *_season(g("sp_s"), year))
        return DateMention(text, sentence, "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    if kind in ("qtr", "yqtr"):
        year = g("q_y") or g("yq_y")
        unit, ordinal = (g("q_unit") or g("yq_unit")).casefold(), g("q_ord") or g("yq_ord")
        if unit == "half" and _ORDINALS[ordinal.casefold()] > 2:
            return None  # a year has two halves
        if (
            kind == "qtr"
            and g("q_unit").casefold() == "half"
            and not (year or g("q_yr") or "-" in core or "fiscal" in core.casefold())
        ):
            return None  # "scored in the first half": a match's, not a year's
        if year is None:
            return DateMention(text, sentence, "range", None, None, relative=True)
        start, end = _part_of_year(match, int(year))
        return DateMention(text, sentence, "range", start, end)
    if kind == "qref":
        return DateMention(text, sentence, "range", None, None, relative=True)
    if kind == "season":
        cue = re.search(r"(?i:\b(?:in|during|by|until|since|over|through)\s+$)", near)
        fall = g("s_name").casefold() == "fall"
        if fall and not g("s_y") and (g("s_det") or "").casefold() in ("the", ""):
            return None  # "the fall in prices"
        if not (g("s_det") or g("s_y") or modifier or (cue and not fall)):
            return None  # "Spring" the name, "fall" the verb
        if g("s_y") is None:
            return DateMention(text, sentence, "range", None, None, relative=True)
        start, end = _season(g("s_name"), int(g("s_y")))
        return DateMention(text, sentence, "range", start, end)
    if kind == "deictic":
        if core[0].isupper() and before.strip() and not re.search(r"[.!?\"“‘'(:]\s*$", before):
            return None  # capitalised inside a sentence, a name: "USA Today", "the Today show"
        if re.search(r"(?i:\b(?:of|in)\s+$)", near) and re.match(r"(?:'s|’s|\s+[a-z])", after):
            return None  # "in today's world", "the people of tomorrow, ...": no day
        return DateMention(text, sentence, "day", None, None, relative=True)
    if kind == "ago":
        unit = g("ago_unit") or g("ago_adj")
        precision = {"day": "day", "week": "range", "month": "month"}.get(unit.casefold(), "year")
        return DateMention(text, sentence, precision, None, None, relative=True)
    if kind == "wd":
        return DateMention(text, sentence, "day", None, None, relative=True)
    if kind == "rel":
        precision = "range" if g("rel_unit").casefold() == "week" else g("rel_unit").casefold()
        return DateMention(text, sentence, precision, None, None, relative=True)
    return None


def _spelled_year(text: str) -> int:
    words = re.findall(r"[a-z]+", text.casefold())
    numbers = {w: n for n, w in enumerate(_UNITS, 1)}
    numbers.update({w: n for n, w in enumerate(_TEENS, 10)})
    numbers.update({w: n for n, w in enumerate(_TENS, 2)})
    if words[0] == "nineteen":
        rest = words[1:]
        tens = numbers[rest[0]] * 10 if rest[0] in _TENS else numbers[rest[0]]
        return 1900 + tens + (numbers[rest[1]] if len(rest) > 1 else 0)
    tail = [w for w in words[4:] if w != "and"]  # "the year two thousand (and) one"
    return 2000 + (numbers[tail[0]] if tail else 0)


def _modifier_of(text: str) -> str:
    """The modifier `text` ends with ("early ", "the end of "), or ""."""
    found = _MODIFIER_BEFORE.search(text[-40:])
    return found.group() if found else ""


def _month_word(text: str) -> str:
    return next(w.rstrip(".") for w in text.split() if w.rstrip(".").casefold() in MONTHS)


# A 24-hour clock time, which looks like a year, says so by what follows it (itself or the
# end of a range of times: "from 1800 to 1900 GMT").
_CLOCK_AFTER = re.compile(
    r"(?:\s*(?:-|–|to|and)\s*\d{4})?\s*(?:local\s+time|hours?\b|hrs\b|GMT|UTC|Z\b|"
    r"[ECMP][SD]T\b|BST\b|CES?T\b|IST\b|JST\b|MSK\b|\(\s*\d{4}\s+(?:GMT|UTC))"
)


def _plausible_year(before: str, after: str, whole_start: bool = True) -> bool:
    if re.match(r"\s*(?:years?|people|per|%|percent|bn|m\b|million|billion|tonnes?)", after):
        return False  # a count: "2000 people", "1990 per cent"
    if re.match(r"s\b|'s\b", after):
        return False  # a decade: "1990s"
    if _CLOCK_AFTER.match(after):
        return False  # a time of day: "at 1805 local time", "1300 GMT", "(1800 GMT)"
    if re.search(r"\w(?:'s|s'|’s)\s+$", before) or (
        re.search(r"(?i:\b(?:a|an|his|her|its|their|my|our|your)\s+)$", before)
        and re.match(r"\s+[A-Z][a-z]", after)
    ):
        return False  # a model year: "Kopp's 1987 Chevrolet", "a 1965 Mustang"
    previous = re.search(r"([A-Za-z]+)\W*$", before)
    # Inside a name ("Human Rights Act 1998", "Euro 2004"): a capitalised word before it that
    # is not just the first word of the sentence.
    return not (
        previous
        and previous.group(1)[0].isupper()
        and previous.group(1).casefold() not in _YEAR_CUE_WORDS
        and not re.search(r"(?:^|[.!?]\s+)\S+\s*$" if whole_start else r"[.!?]\s+\S+\s*$", before)
    )


_ORDINALS = dict(
    zip(_words("first second third fourth 1st 2nd 3rd 4th"), (1, 2, 3, 4) * 2, strict=True)
)
# Seasons as the months they cover; a winter is the one that begins in December.
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


def _part_of_year(match: re.Match, year: int) -> tuple[dt.date, dt.date]:
    """The quarter or half a `qtr`/`yqtr` match names, in `year`."""
    g = match.group
    n = _ORDINALS[(g("q_ord") or g("yq_ord")).casefold()]
    months = 3 if (g("q_unit") or g("yq_unit")).casefold() == "quarter" else 6
    return _months_span(year, (n - 1) * months + 1, months)


def _season(name: str, year: int) -> tuple[dt.date, dt.date]:
    return _months_span(year, _SEASONS[name.casefold()], 3)


def _months_span(year: int, first_month: int, months: int) -> tuple[dt.date, dt.date]:
    y, m = divmod(year * 12 + first_month - 1 + months, 12)
    return dt.date(year, first_month, 1), dt.date(y, m + 1, 1) - dt.timedelta(days=1)


def _shift_months(day: dt.date, months: int) -> tuple[int, int]:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return y, m + 1


def _english_span(
    match: re.Match,
    sentence: str,
    published: dt.date,
    tense: int,
    part: tuple[dt.date, dt.date] | None = None,
) -> tuple[dt.date | None, dt.date | None]:
    """The days a relative English mention covers for an article published on `published`,
    the clause's `tense` choosing between the last and the next of a month or weekday; `part`
    is the quarter or half the sentences just before named, which "a year earlier" means."""
    g, kind = match.group, match.lastgroup
    if kind in ("qtr", "yqtr"):
        months = 3 if g("q_unit").casefold() == "quarter" else 6
        n = _ORDINALS[g("q_ord").casefold()]
        det = (g("q_det") or g("q_yr") or "").casefold()
        step = {"last": -1, "next": 1}.get(det, 0)
        start = (n - 1) * months + 1
        # The latest such quarter begun by the publication date; in the future tense, the next
        # one unless that one ended lately (results "to be released" are for the past quarter).
        year = published.year - (start > published.month)
        if step == 0 and tense == FUTURE:
            ended = _months_span(year, start, months)[1]
            year += (published - ended).days > 92
        if g("q_yr"):
            year = published.year
        return _months_span(year + step, start, months)
    if kind == "qref":
        det, adjective = g("qr_det").casefold(), (g("qr_adj") or "").casefold()
        if det == "this" or adjective == "current":
            step = 0
        elif det == "next" or adjective == "coming":
            step = 1
        elif det == "last" or adjective in ("previous", "past", "latest", "most recent"):
            step = -1
        else:  # "the quarter": the one reported on, or the one under way when it lies ahead
            step = 0 if tense == FUTURE else -1
        y, m = _shift_months(published, step * 3)
        return _months_span(y, (m - 1) // 3 * 3 + 1, 3)
    if kind == "season":
        first = _SEASONS[g("s_name").casefold()]
        det = (g("s_det") or "").casefold()
        candidates = [
            _season(g("s_name"), y) for y in range(published.year - 2, published.year + 2)
        ]
        ended = [c for c in candidates if c[1] < published]
        begun = [c for c in candidates if c[0] <= published]
        upcoming = [c for c in candidates if c[0] > published]
        if det == "this":
            this = [c for c in candidates if c[0].year == published.year or first == 12]
            near = min(this, key=lambda c: abs((c[0] - published).days))
            return near
        if det == "last":
            return ended[-1]
        if det == "next" or tense == FUTURE:
            return upcoming[0]
        return begun[-1]
    if kind == "deictic":
        step = {"today": 0, "yesterday": -1, "tomorrow": 1}[g("deictic").casefold()]
        value = published + dt.timedelta(days=step)
        return value, value
    if kind == "ago":
        unit = (g("ago_unit") or g("ago_adj")).casefold()
        count = g("ago_n") or "a"
        n = int(count) if count.isdigit() else _COUNT_WORDS.get(count.casefold(), 1)
        if unit == "year":
            # "up from $2 a year earlier": the same quarter or half a year back, when the
            # sentence names one before it.
            anchor = next(
                (
                    q
                    for q in _DATE.finditer(sentence[: max(0, sentence.find(match.group()))])
                    if q.lastgroup in _PARTS
                ),
                None,
            )
            if anchor is not None:
                part = _anchor_span(anchor, sentence, published)
            if g("ago_ord"):
                part = _english_span(
                    _DATE.fullmatch(f"{g('ago_ord')} quarter"), sentence, published, UNSAID
                )
            elif part is None and g("ago_part"):  # "the year-ago quarter": the last one reported
                part = _english_span(_DATE.fullmatch("the quarter"), sentence, published, PAST)
            if part is not None:
                start, end = part
                return start.replace(year=start.year - n), end.replace(year=end.year - n)
            year = published.year - n
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if unit == "day":
            value = published - dt.timedelta(days=n)
            return value, value
        if unit == "week":
            monday = published - dt.timedelta(days=published.weekday(), weeks=n)
            return monday, monday + dt.timedelta(days=6)
        return _month_span(*_shift_months(published, -n))
    if kind == "wd":
        return _weekday(g("wd_name"), g("wd"), published, tense)
    if kind == "m":
        m = MONTHS[_month_word(g("m")).casefold()]
        det, rel = (g("m_det") or "").casefold(), (g("m_rel") or "").casefold()
        if rel:
            return _month_span(published.year + {"last": -1, "next": 1}.get(rel, 0), m)
        if det == "this":
            return _month_span(published.year, m)
        if det in ("last", "past"):
            return _month_span(published.year - (m >= published.month), m)
        if det == "next":
            return _month_span(published.year + (m <= published.month), m)
        return _month_span(_year_for(m, None, published, tense), m)
    core = match.group()
    if kind == "rel":
        return _relative_span(core, published, tense == FUTURE)
    month = MONTHS[_month_word(core).casefold()]
    days = [int(d) for d in re.findall(r"\d+", core)]
    year = _year_for(month, days[0], published, tense)
    return _date(year, month, days[0]), _date(year, month, days[-1])


_COUNT_WORDS = dict(
    zip(
        _words("a an one two three four five six seven eight nine ten eleven twelve"),
        (1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12),
        strict=True,
    )
)


def _anchor_span(anchor: re.Match, sentence: str, published: dt.date):
    if anchor.lastgroup in ("qtr", "yqtr"):
        year = anchor.group("q_y") or anchor.group("yq_y")
        if year:
            return _part_of_year(anchor, int(year))
    return _english_span(anchor, sentence, published, UNSAID)


def _weekday(name: str, text: str, published: dt.date, tense: int) -> tuple[dt.date, dt.date]:
    """A weekday is the latest one on or before the publication day, the next one when its
    clause speaks of the future; "last Friday" is never the day itself, "next Friday" after."""
    words = text.casefold().split()
    back = (published.weekday() - WEEKDAYS[name.casefold()]) % 7
    if "last" in words:
        value = published - dt.timedelta(days=back or 7)
    elif "next" in words or "coming" in words or (tense == FUTURE and back):
        value = published + dt.timedelta(days=(7 - back) or 7)
    else:
        value = published - dt.timedelta(days=back)
    return value, value


def _relative_span(
    text: str, published: dt.date, future: bool
) -> tuple[dt.date | None, dt.date | None]:
    words = text.casefold().replace(",", " ").split()
    first = words[0].rstrip(".")
    if " ".join(words) in _ANY_RELATIVE:  # "на прошлой неделе", "le mois dernier"
        step, unit = _ANY_RELATIVE[" ".join(words)]
        words = ["this", unit]
        first = {-1: "last", 0: "this", 1: "next"}[step]
    if first == "the":
        words, first = words[1:], words[1]
    if first in _ANY_WEEKDAY:
        back = (published.weekday() - _ANY_WEEKDAY[first]) % 7
        if future and back:
            value = published + dt.timedelta(days=7 - back)
        else:
            value = published - dt.timedelta(days=back)
        return value, value
    if first in ("last", "next", "this", "past"):
        step = {"last": -1, "past": -1, "next": 1, "this": 0}[first]
        unit = words[1]
        if unit == "week":
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
            return monday, monday + dt.timedelta(days=6)
        if unit == "month":
            y, m = divmod(published.year * 12 + published.month - 1 + step, 12)
            return _month_span(y, m + 1)
        year = published.year + step
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    # A month, a day and month, or a range of days within a month, without a year.
    month_word = next(w.rstrip(".") for w in words if w.rstrip(".") in _ANY_MONTH)
    m = _ANY_MONTH[month_word]
    days = [int(d) for d in re.findall(r"\d+", text)]
    year = _year_for(m, days[0] if days else None, published, FUTURE if future else PAST)
    if not days:
        return _month_span(year, m)
    return _date(year, m, days[0]), _date(year, m, days[-1])


def _year_for(month: int, day: int | None, published: dt.date, tense: int) -> int:
    """The year a month (or day of a month) named without one has: the latest on or before the
    publication date in the past tense, the next one on or after it in the future, and the
    nearer of the two when the clause does not say."""
    mark = (month, day or 1)
    now = (published.month, published.day if day else 1)
    if tense == FUTURE:
        return published.year if mark >= now else published.year + 1
    if tense == PAST:
        return published.year if mark <= now else published.year - 1
    here = _date(published.year, month, day or 1) or dt.date(published.year, month, 28)
    if not day:
        here = here.replace(day=1)
        published = published.replace(day=1)
    # Unsaid, a date up to a season ahead is the coming one ("payable Jan. 2"), later ones
    # are the past ones.
    ahead = (here - published).days
    if ahead > 0:
        return published.year if ahead <= 92 else published.year - 1
    return published.year if -ahead <= 366 - 92 else published.year + 1


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# A dateline: "MOSCOW, July 8, 2024 (Reuters) -", "NEW DELHI, 8 July 2024:", and with a state
# or province after the city, "PORTLAND, Ore., Feb 26 -".
_DATELINE_REST = r"\s+(?P<rest>[^()\n]{5,40}?)\s*(?:\([^)\n]{1,40}\)\s*)?[-–—:]"
_DATELINE = re.compile(r"^[A-Z][A-Za-z .'’-]{1,40}?," + _DATELINE_REST)
_DATELINE_REGION = re.compile(
    r"^[A-Z][A-Za-z .'’-]{1,40}?,\s+[A-Z][A-Za-z.]{0,14}(?:\s[A-Z][A-Za-z.]{0,14})?(?:,|(?<=\.))"
    + _DATELINE_REST
)
# The wire writes a dateline's month in any case: "FEB 26", "MARCH 2", "march 4".
_ANY_CASE_MONTH = re.compile(r"\b[A-Za-z]{3,9}\b(?=\.?\s+\d)")
_DATE_LABEL = re.compile(
    r"^(?:first\s+)?(?:published|updated|posted|date)(?:\s+on)?\s*[:-]?\s*(?P<rest>.{6,60})$", re.I
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_LEFTOVER = re.compile(
    r"^[\s,|·:–—-]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)?[\s,|·:–—-]*"
    r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?[\s,|·:–—-]*$",
    re.I,
)
DATELINE_LINES = 8  # a text states its own date near its top, or not at all


def find_dateline(text: str, year: int | None = None) -> dt.date | None:
    """The date an article states for itself near its top (a dateline, "Published: ...", or a
    line that is only a date), with its year; None when it states none. A wire dateline without
    a year ("BAHRAIN, Oct 19 -") takes `year` when the caller knows it (a collection of one
    year), and gives no date otherwise. Never the latest year mentioned: that is what the
    article is about, not when it was written."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:DATELINE_LINES]
    for line in lines:
        for candidate in _dateline_candidates(line):
            value = _full_date(candidate, year)
            if value:
                return value
    return None


def _dateline_candidates(line: str) -> list[str]:
    candidates = []
    for pattern in (_DATELINE, _DATELINE_REGION, _DATE_LABEL):
        match = pattern.match(line)
        if match:
            rest = match.group("rest")
            if pattern is not _DATE_LABEL:
                rest = _ANY_CASE_MONTH.sub(
                    lambda m: m[0].title() if m[0].casefold() in MONTHS else m[0], rest
                )
            candidates.append(rest)
    if len(line) <= 40:
        candidates.append(line)
    return candidates


def _full_date(candidate: str, year: int | None = None) -> dt.date | None:
    """The day `candidate` is, when it is nothing but one full date (weekday and time aside);
    a day and month without a year are in `year`, when given."""
    iso = _ISO_DATE.search(candidate)
    if iso:
        value = _date(*map(int, iso.groups()))
        rest = candidate[: iso.start()] + candidate[iso.end() :]
        return value if value and _LEFTOVER.match(rest) else None
    mentions = [m for m in find_dates([candidate], language="en") if m.precision == "day"]
    if len(mentions) != 1:
        return None
    (mention,) = mentions
    rest = candidate.replace(mention.text, " ", 1)
    if not _LEFTOVER.match(rest):
        return None
    if not mention.relative:
        return mention.start
    day = _DATE.fullmatch(mention.text)
    if year is None or day is None or day.lastgroup not in ("md", "dm"):
        return None  # a weekday, or no year to give it
    kind = day.lastgroup
    number = int(re.match(r"\d+", day.group(f"{kind}_d")).group())
    return _date(year, MONTHS[day.group(f"{kind}_m").rstrip(".").casefold()], number)


@dataclass(frozen=True)
class TimeReference:
    """A word that places a sentence in time without naming a date: "now", "recently",
    "soon". Kept apart from dated mentions: it has no day, month or year to store or to put
    on a timeline."""

    text: str
    sentence: str
    value: str  # "PRESENT_REF" | "PAST_REF" | "FUTURE_REF", as TimeML writes it


_REFERENCE = re.compile(
    r"(?<![\w-])(?:(?P<PRESENT_REF>(?i:right\s+now|now|currently|nowadays|these\s+days|at\s+present"
    r"|presently))|(?P<PAST_REF>(?i:recently|lately|the\s+past))"
    r"|(?P<FUTURE_REF>(?i:soon|the\s+(?:near\s+)?future)))(?![\w-])"
)


def find_references(sentences: Iterable[str]) -> tuple[TimeReference, ...]:
    """Every English word or phrase for the present, the past or the future, in text order."""
    return tuple(
        TimeReference(match.group(), sentence, match.lastgroup)
        for sentence in sentences
        for match in _REFERENCE.finditer(sentence)
    )

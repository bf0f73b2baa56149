"""What the entity finder makes of the spans a statistical model proposes.

The model has the recall; these rules keep its mistakes out: they trim a span to the name
("the IMF's" -> "IMF"), drop noise (common words, dates, numbers, headings, nationalities),
and say what kind a name is when the gazetteer or a kind fix knows better than the model.
"""

import re
from dataclasses import dataclass

from articles.analysis.gazetteer import DEMONYMS, KIND_FIXES
from articles.analysis.kinds import Kind
from articles.analysis.titles import HONORIFICS, ROLE_MODIFIERS, ROLES
from articles.analysis.wordlists import words

# The model's labels and the kind each proposes. FAC (airports, bridges, buildings) is a named
# site, which the archive files under places.
LABEL_KINDS = {
    "PERSON": Kind.PERSON,
    "ORG": Kind.ORGANISATION,
    "GPE": Kind.PLACE,
    "LOC": Kind.PLACE,
    "FAC": Kind.PLACE,
}

# Capitalised words that are never a name on their own, whatever the model says: calendar
# words, words that open sentences and headings, generic nouns.
NEVER_NAMES = words(
    """
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday Today Yesterday Tomorrow Christmas Easter New Year Read More Related Posts
    Photo Image Video Source Sources Click Here Share Comment Comments Advertisement Subscribe
    Getty Images Update Updated Breaking News Exclusive Analysis Opinion
    The A An This That These Those It Its He She They We I You Our Their His Her
    But And Or If When While However Meanwhile Also Both Some Many Most All Any Each
    Government Ministry Minister President Parliament Company Firm Group Bank Court Council
    State Republic Kingdom Union Federation Capital City Region Country Nation Nations West
    East North South Central Inc Ltd Plc Co Corp
    GMT BST CET EST PST UTC
    Sterling Euro Euros Dollar Dollars Yen Yuan Renminbi Rouble Roubles Ruble Rubles Rupee
    Rupees Peso Pesos Franc Francs Pound Pounds Won Real Reais Lira Dinar Riyal Dirham
    Islam Christianity Judaism Hinduism Buddhism Sikhism
    FTSE Nikkei CAC DAX Sensex Nifty Hang Seng Kospi
    """
)

# Jobs that introduce a person in business news, beside the titles in titles.py.
BUSINESS_ROLES = """
    executive chairman chairwoman founder economist analyst boss head director manager
    president chief spokesman spokeswoman spokesperson adviser advisor governor minister
    secretary commissioner ambassador professor
"""

# Names ending in these are events, policies or programmes, which are not entities
# ("BRICS Summit", "Syrian Crisis", "Act East Policy").
EVENT_WORDS = words(
    """
    Summit Crisis War Wars Conflict Talks Agreement Accord Deal Treaty Policy Policies
    Initiative Visit Meeting Conference Plan Programme Program Strategy Outcomes Doctrine
    Reform Reforms Act Bill Budget Games Cup Olympics Championship Festival Award Awards Prize
    Index Report Review Survey Day Week Year Era Revolution Pact Protocol Declaration Charter
    """
)

# Words that make a name an organisation whatever the model says ("Barrick Gold",
# "Munich Re", "Red Crescent Societies").
ORGANISATION_WORDS = words(
    """
    Foundation Institute Institution University Agency Council Committee Association
    Corporation Commission Centre Center Bank Fund Forum Organization Organisation Society
    Societies Academy Authority Tribunal Parliament Company Group Holdings Partners Capital
    Gold Oil Gas Petroleum Energy Mining Resources Motors Airlines Airways Steel Telecom
    Foods Insurance Securities Investments Industries Systems Technologies Pharmaceuticals
    Re Treasury Reserve Inc Ltd Plc AG SA NV Corp Co LLC GmbH Trust Board Service Services
    Office Party
    Ministry Department Court Federation Union League Network Exchange Agency Bureau
    """
)
_NATIONALITIES = {d.casefold() for d in DEMONYMS}
_TITLES = sorted(
    {t.rstrip(".") for t in (*HONORIFICS, *ROLES)}, key=lambda t: len(t.split()), reverse=True
)
_LEADING_TITLE = re.compile(
    rf"^(?:(?:{'|'.join(re.escape(m) for m in ROLE_MODIFIERS)})\s+)?"
    rf"(?:{'|'.join(re.escape(t) for t in _TITLES)})\.?\s+",
    re.IGNORECASE,
)
# A title right before a name, written with its capital ("President Bush", "Mr Blair").
_TITLE_BEFORE = re.compile(rf"\b(?:{'|'.join(re.escape(t) for t in _TITLES)})\.?\s+$")
# A role in any case, then the name: "chief executive Mervyn Davies", "spokesman John Doe".
_ROLE_BEFORE = re.compile(
    rf"\b(?:{'|'.join(re.escape(t) for t in (*_TITLES, *words(BUSINESS_ROLES)))}),?\s+$",
    re.IGNORECASE,
)
# A portfolio, not an organisation: "State Minister for National Development Planning".
_PORTFOLIO_BEFORE = re.compile(
    r"\b(?:Minister|Secretary|Commissioner|Secretary of State)\s+(?:for|of)\s+(?:the\s+)?$"
)
# An organisation-looking span right before a title is a portfolio too: "Monetary Affairs
# Commissioner Joaquin Almunia".
_TITLE_AFTER = re.compile(rf"\s+(?:{'|'.join(re.escape(t) for t in _TITLES)})\b")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_PARTICLES = words(
    "of and for the de du da das do dos di del della van von der den la le al el bin ibn y on"
)
_DIGIT = re.compile(r"\d")
# "G7", "G20", "F-16": a short code may carry digits; anything else with a digit is a number,
# a date or an amount.
_CODE = re.compile(r"^[A-Z]{1,3}-?\d{1,3}\+?$")


@dataclass(frozen=True)
class Proposal:
    start: int
    end: int
    name: str  # the name as written, trimmed ("IMF", "Blair", "Tony Blair")
    kind: Kind
    cued: bool = False  # a title or honorific stands right before it ("President Bush")


# Where a model's span should have stopped: a bracket ("Office for National Statistics (ONS")
# or a dash ("Expediency Council - Iran").
_STOP = re.compile(r"\s*[(\[]|\s*[-–—]\s+|\s+[-–—]\s*")
# What may join two spans into one name: "Susilo Bambang" + "Yudhoyono", "UN Economic
# Commission" + " for " + "Latin America".
_JOIN_PERSONS = re.compile(r"[ ]")
_JOIN_ORGANISATION = re.compile(r"\s+(?:for|of|for the|of the|on)\s+")


def joined_spans(text: str, spans) -> list[tuple[int, int, str]]:
    """The model's spans with the pieces of one name put back together and cut where a name
    cannot go on."""
    out: list[tuple[int, int, str]] = []
    for span in spans:
        start, end, label = span.start, span.end, span.label
        stop = _STOP.search(text, start, end)
        if stop and stop.start() > start:
            end = stop.start()
        if out:
            p_start, p_end, p_label = out[-1]
            gap = text[p_end:start]
            if (label == p_label == "PERSON" and _JOIN_PERSONS.fullmatch(gap)) or (
                p_label == "ORG" and label in LABEL_KINDS and _JOIN_ORGANISATION.fullmatch(gap)
            ):
                out[-1] = (p_start, end, p_label)
                continue
        out.append((start, end, label))
    return out


def read_span(text: str, start: int, end: int, label: str, lowercase_words) -> Proposal | None:
    """The model's span text[start:end] as a name, or None when it is noise."""
    kind = LABEL_KINDS.get(label)
    if kind is None:
        return None
    surface = text[start:end]
    if "\n" in surface:
        return None  # spans a paragraph break: a heading run into the text
    start, surface, trimmed_title = _trim_left(start, surface, label)
    trimmed = _POSSESSIVE.sub("", surface).rstrip(" .,;:-")
    end = start + len(trimmed)
    name = " ".join(trimmed.split())
    if not _looks_like_name(name, lowercase_words):
        return None
    if _is_nationality(name):
        return None  # "Indian", "Russians": never places (nor people)
    kind = KIND_FIXES.get(name.casefold(), kind)
    if kind == Kind.PERSON and " " in name and name.split()[-1] in ORGANISATION_WORDS:
        kind = Kind.ORGANISATION
    window = max(0, start - 40)
    cued = trimmed_title or bool(_TITLE_BEFORE.search(text, window, start))
    # A portfolio, not a name ("Monetary Affairs Commissioner"); a place before a title
    # stays a place ("Bolivia President Evo Morales").
    if (
        kind != Kind.PLACE
        and _TITLE_AFTER.match(text, end)
        and not set(name.split()) & ORGANISATION_WORDS
    ):
        return None
    if name.split()[-1] in EVENT_WORDS or _is_term_acronym(text, start, name):
        return None
    if _in_heading(text, start):
        return None
    if kind != Kind.PERSON:
        if _PORTFOLIO_BEFORE.search(text, window, start):
            return None
        if (
            2 <= len(name.split()) <= 3
            and not set(name.split()) & ORGANISATION_WORDS
            and _ROLE_BEFORE.search(text, window, start)
        ):
            kind, cued = Kind.PERSON, True  # the model's "chief executive Mervyn Davies" (ORG)
    return Proposal(start, end, name, kind, cued)


def _trim_left(start: int, surface: str, label: str = "") -> tuple[int, str, bool]:
    trimmed_title = False
    for pattern in (_LEADING_ARTICLE, _LEADING_TITLE):
        match = pattern.match(surface)
        if match and match.end() < len(surface):
            rest = surface[match.end() :].split()
            if pattern is _LEADING_TITLE and label == "ORG" and rest[-1] in ORGANISATION_WORDS:
                continue  # "General Motors Corp", "Prince Hotels Inc": the title is the name's
            start += match.end()
            surface = surface[match.end() :]
            trimmed_title = pattern is _LEADING_TITLE
    return start, surface, trimmed_title


def _looks_like_name(name: str, lowercase_words) -> bool:
    tokens = name.split()
    if not tokens or len(tokens) > 6 or not name[0].isupper():
        return False
    if _DIGIT.search(name) and not _CODE.match(name):
        return False
    # Names keep their lower-case words to a few particles ("Bank of England", "Lula da Silva");
    # "Western bloc" or "the region's economy" is not a name.
    if any(not t[0].isupper() and t not in _PARTICLES for t in tokens):
        return False
    capitalised = [t for t in tokens if t[0].isupper()]
    if all(t.strip(".,'’") in NEVER_NAMES for t in capitalised):
        return False
    # A single capitalised word the article also writes in lower case is a common word that
    # opened a sentence or a heading ("Analysts", "Shares").
    return not (len(tokens) == 1 and name.casefold() in lowercase_words)


def _is_term_acronym(text: str, start: int, name: str) -> bool:
    """ "liquefied natural gas (LNG)": an acronym spelled out in lower case is a term."""
    if not (name.isupper() and text[max(0, start - 1) : start] == "("):
        return False
    before = text[max(0, start - 80) : start - 1].split()[-len(name) :]
    return len(before) == len(name) and "".join(w[0] for w in before) == name.lower()


def _in_heading(text: str, start: int) -> bool:
    """A short paragraph without a sentence's final stop is a heading ("IV. Expected Outcomes
    of the Visit:"); the gazetteer still finds known names in it."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    return len(line) < 80 and not line.endswith((".", "!", "?", '"', "”", "'", "’"))


def _is_nationality(name: str) -> bool:
    folded = name.casefold()
    return folded in _NATIONALITIES or (folded.endswith("s") and folded[:-1] in _NATIONALITIES)


_HONORIFIC_BEFORE = re.compile(rf"(?:{'|'.join(re.escape(h) for h in HONORIFICS)})\.?\s+$")


def with_honorific(text: str, start: int) -> int:
    """Start a person's mention at "Mr" or "Dr" right before the name, so that the honorific
    form becomes one of the aliases ("Mr Blair")."""
    match = _HONORIFIC_BEFORE.search(text, max(0, start - 6), start)
    return match.start() if match else start

"""Rule-based people, organisations and places, with aliases merged inside one article.

A curated gazetteer finds the names the archive cares about; a few cue rules find other people
("spokesman Matthew Miller", "Pankaj Saran, former ambassador to Moscow, stated") and
organisations ("... Foundation"). Everything runs on accent-folded text that keeps the original
offsets, so the surface forms returned are the article's own spelling.

Precision beats recall here: a missed name costs a facet entry, a wrong one ("Additionally",
"March") pollutes every page that lists entities.
"""

import bisect
import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from articles.analysis import gazetteer
from articles.analysis.aliases import fold_accents, normalize_alias
from articles.analysis.gazetteer import ORGANISATION, PERSON, PLACE
from articles.analysis.ner import Span
from articles.analysis.proposals import (
    NEVER_NAMES,
    ORGANISATION_WORDS,
    Proposal,
    joined_spans,
    read_span,
    with_honorific,
)
from articles.analysis.results import EntityHit
from articles.analysis.titles import HONORIFICS, ROLES
from articles.analysis.wordlists import words

# Capitalised words that start sentences, name months and days, or title headings: never part
# of a person's name found by the rules.
_COMMON_CAPITALISED = words(
    """
    The A An This That These Those It Its He She They We I You In On At For From By With As But
    And Or Nor If When While Since During After Before Despite However Additionally Moreover
    Furthermore Meanwhile Also Both Some Many Most All Any Each Every No Not Key Points Summit
    Agenda Significance Background Context Conclusion Recap Importance Implications Benefits
    Expected Outcomes Previous Recent Energy Economic Strategic Defense Defence Cooperation
    Partnership Partnerships State Media Reports Will Soon Visit News Breaking Cold War World
    Two One Three First Second Third Last Next New Old Great North South East West Central
    Global International National Foreign Ministry Department Government Council Committee
    Party Army Navy Air Force Group Union Republic Federation Kingdom States United
    Organization Organisation Forum Bank Fund Day Week Year Today Yesterday Tomorrow Related
    Posts Read More Photo Image Video Source Sources Officials Experts Analysts Here There What
    Why How Who Where Which Our Their His Her My Your Then Now Still Yet So Thus Hence Although
    Though Because Until Unless Whether Following According Under Over Between Among Amid
    Against Through Without Within Into Upon Lastly Finally Firstly Secondly Overall Indeed
    Instead Further Prior Such Other Another Several Dear Madam Sir Mr Mrs Ms Dr Prof Office
    Press Secretary Minister Prime President Spokesman Spokesperson Spokeswoman Ambassador
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec Christmas Easter Ramadan Diwali God Islam Christian Muslim Hindu Buddhist
    Capital City Region Sea Ocean Border Issue Issues Conflict Crisis Situation Talks Deal
    Trade Ties Relations Policy Strategy Security Peace Treaty Agreement Accord Initiative
    Economy Market Markets Oil Gas Nuclear Twitter Facebook Instagram YouTube Telegram
    """
)
_ROLE_WORDS = frozenset(w.rstrip(".") for role in ROLES for w in role.replace("-", " ").split())


def _build_non_name_words() -> frozenset[str]:
    words = set(_COMMON_CAPITALISED) | _ROLE_WORDS | set(HONORIFICS) | set(gazetteer.DEMONYMS)
    for _name, kind, aliases in gazetteer.iter_entries():
        if kind != PERSON:
            words.update(fold_accents(a) for a in aliases if " " not in a)
    return frozenset(words)


_NON_NAME_WORDS = _build_non_name_words()

_TOKEN = r"(?:Mc|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NOT_MORE = rf"(?!\s+{_TOKEN})(?![\w'-])"


def _name(low: int, high: int) -> str:
    return rf"{_TOKEN}(?:\s+{_TOKEN}){{{low - 1},{high - 1}}}{_NOT_MORE}"


def _alternation(words) -> str:
    """A regex matching any of `words`, as a trie: hundreds of names then cost one scan.

    Each optional ending is greedy, so the longest alias wins and shorter ones remain as
    fallbacks when a boundary check after the alternation fails.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in node.items() if char]
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return f"(?:{pattern})?"
    return pattern


_REPORTING_VERBS = (
    "said|says|say|stated|states|told|tells|added|adds|noted|notes|explained|argued|warned|wrote"
    "|posted|tweeted|insisted|claimed|confirmed|announced|urged|asked|replied|remarked|observed"
    "|commented|emphasised|emphasized|stressed|believes|suggested|underlined|pointed out"
)
_HONORIFIC_PERSON = re.compile(rf"\b(?:{_alternation(HONORIFICS)})\.?\s+(?P<name>{_name(1, 3)})")
# Roles match in any case ("former ambassador"), but "PM" only in capitals ("5 pm").
_ROLE = rf"(?:(?i:\b(?:{_alternation(ROLES)}))|\bPM)"
_ROLE_PERSON = re.compile(rf"{_ROLE},?\s+(?P<name>{_name(2, 3)})")
_APPOSITIVE_PERSON = re.compile(
    rf"(?P<name>{_name(2, 3)}),\s+[a-z][^.;:!?\"“”]{{2,100}}?,\s+(?:{_REPORTING_VERBS})\b"
)
_VERB_THEN_PERSON = re.compile(
    rf"\b(?:{_REPORTING_VERBS}|according to)\s+(?P<name>{_name(2, 3)})(?=\s*(?:[,.;]|$))"
)
_PERSON_THEN_VERB = re.compile(rf"(?P<name>{_name(2, 3)})\s+(?:{_REPORTING_VERBS})\b")
_ORG_SUFFIXES = words(
    """
    Foundation Institute Institution University Agency Council Committee Association
    Corporation Commission Centre Center Bank Fund Forum Organization Organisation Society
    Academy Authority Tribunal Parliament Company
    """
)
_SUFFIX_ORG = re.compile(
    rf"(?P<name>(?:{_TOKEN}\s+){{1,4}}(?:{_alternation(_ORG_SUFFIXES)}))(?![\w'-])(?!\s+{_TOKEN})"
)
# X, the company that was Twitter: a lone capital X is only taken for it where the text says
# so ("posted on X", "X, formerly Twitter"), never in "Malcolm X", "X-ray" or "Article X".
_PLATFORM_X = (
    re.compile(r"\b(?:on|platform|network|site|app)\s+(?P<name>X)(?![\w'’-])(?!\.\w)"),
    re.compile(r"(?<![\w'’.-])(?P<name>X),?\s+\(?(?:formerly|previously|once)\b"),
)
_CAPITALISED_BEFORE = re.compile(rf"{_TOKEN}\s+$")
_LOWERCASE_WORD = re.compile(r"(?<![\w'-])[a-z][a-z'-]*")


@dataclass(frozen=True)
class _Entry:
    name: str
    kind: str


# Where a mention came from; on equal length the earlier origin wins an overlap.
GAZETTEER, RULE, MODEL, DATELINE = 0, 1, 2, 3


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    entry: _Entry | None  # None: a person known by surname only, linked later
    surface: str
    key: str  # normalize_alias of the name part, for linking
    origin: int = GAZETTEER
    cued: bool = False  # a title or honorific says this is a person


def _build_gazetteer():
    by_alias: dict[str, _Entry] = {}
    by_key: dict[str, _Entry] = {}
    for name, kind, aliases in gazetteer.iter_entries():
        entry = _Entry(name, kind)
        for alias in aliases:
            by_alias[fold_accents(alias)] = entry
            by_key.setdefault(normalize_alias(alias), entry)
    # Hyphens are boundaries: "India-Russia ties" and "US-led" mention India and the US.
    pattern = re.compile(rf"(?<!\w)(?:{_alternation(by_alias)})(?!\w)")
    return by_alias, by_key, pattern


_BY_ALIAS, _BY_KEY, _GAZETTEER_PATTERN = _build_gazetteer()


def find_entities(text: str, spans: Iterable[Span] = ()) -> tuple[EntityHit, ...]:
    """People, organisations and places in `text`, with the aliases of each merged.

    `spans` are the names a statistical model proposed (see `ner.propose`); without them only
    the gazetteer and the cue rules find names.
    """
    folded = fold_accents(text)
    lowercase_words = {w.rstrip("'-") for w in _LOWERCASE_WORD.findall(folded)}
    candidates = list(_gazetteer_mentions(text, folded))
    candidates += _rule_mentions(text, folded, lowercase_words)
    candidates += _model_mentions(text, folded, spans, lowercase_words)
    candidates = [m for m in candidates if not _is_junk_person(m)]
    dateline = _dateline_mentions(text, folded)
    if dateline:
        # A dateline's city is a place, whatever else read those words.
        candidates = [*dateline, *(c for c in candidates if not _overlaps(c, dateline))]
    chosen = _without_overlaps(candidates)
    chosen = _settle_kinds(chosen)
    chosen = _towns_among_places(text, chosen)
    chosen = _merge_name_variants(chosen)
    chosen = _link_people(chosen)
    chosen = _merge_short_forms(chosen)
    chosen = _merge_acronyms(chosen)
    chosen += _surname_mentions(text, folded, chosen)
    return _tally(chosen)


_MONTH = r"(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[A-Za-z]*\.?"
_CAPS_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][A-Z'-]*\.?)"
_TITLE_WORD = r"[A-Z][a-z'-]+\.?"
_CITY = (
    rf"(?P<caps>{_CAPS_WORD}(?:[ \t]+{_CAPS_WORD}){{0,3}})(?![a-z])"
    rf"|{_TITLE_WORD}(?:[ \t]+{_TITLE_WORD}){{0,2}}"
)
_REGION = rf"(?!{_MONTH}[ \t]+\d)[A-Z][A-Za-z.'-]*(?:[ \t]+[A-Z][A-Za-z.'-]*){{0,2}}"
_AGENCY = r"\([A-Z][A-Za-z ]{1,30}\)"
# A wire dateline opens a paragraph: "NEW YORK, March 20 -", "PORTLAND, Ore., Feb 26 -",
# "MOSCOW, July 8, 2024 (Reuters) -". Its city, and the state after it, are places.
_DATELINE = re.compile(
    rf"^[ \t]*(?P<city>{_CITY})(?:,[ \t]+(?P<region>{_REGION}))??"
    rf"(?:,?[ \t]+(?P<day>{_MONTH}[ \t]+\d{{1,2}}(?:,[ \t]+\d{{4}})?))?"
    rf"[ \t]*(?P<agency>{_AGENCY})?[ \t]*[-–—]",
    re.MULTILINE,
)
# Only the opening of an article carries a dateline: its title, then the body's first line.
_DATELINE_WITHIN = 400
_NOT_CITY_OPENERS = words("The A An This That These Those It In On At For From By With As But Or")
_NOT_A_CITY = _COMMON_CAPITALISED | NEVER_NAMES
_CITY_PARTICLES = words("Of The And On Upon")  # "KING OF PRUSSIA": King of Prussia
_REGION_NAMES = {
    alias.replace(" ", "").casefold(): name
    for name, aliases in gazetteer.DATELINE_REGIONS.items()
    for alias in (name, *aliases)
}


def _dateline_mentions(text: str, folded: str) -> list[_Mention]:
    """The city of a wire dateline, and its state or province, as places."""
    match = _DATELINE.search(folded, 0, _DATELINE_WITHIN)
    # A title-case city needs the day; an all-capitals one a day or an agency after it.
    if not match or not (match.group("day") or (match.group("caps") and match.group("agency"))):
        return []
    city = match.group("city")
    parts = [word.capitalize() for word in city.rstrip(".").split()]
    if parts[0] in _NOT_CITY_OPENERS or (len(parts) == 1 and parts[0] in _NOT_A_CITY):
        return []  # "The Board, March 4 -" is a sentence
    mentions = [_dateline_mention(text, match.start("city"), match.end("city"), city)]
    region = match.group("region")
    if region:
        name = _REGION_NAMES.get(region.replace(".", "").replace(" ", "").casefold(), region)
        mentions.append(_dateline_mention(text, match.start("region"), match.end("region"), name))
    return mentions


def _dateline_mention(text: str, start: int, end: int, name: str) -> _Mention:
    if name.isupper():
        parts = [word.capitalize() for word in name.split()]
        name = " ".join([parts[0], *(p.lower() if p in _CITY_PARTICLES else p for p in parts[1:])])
    name = name.rstrip(".") if name.count(".") == 1 else name  # "Calif." but "St. Louis"
    key = normalize_alias(name)
    entry = _BY_ALIAS.get(fold_accents(name)) or _BY_KEY.get(key)
    if entry is None or entry.kind != PLACE:
        entry = _Entry(name, PLACE)
    return _Mention(start, end, entry, text[start:end].rstrip("."), key, DATELINE)


def _overlaps(mention: _Mention, others: list[_Mention]) -> bool:
    return any(mention.start < o.end and o.start < mention.end for o in others)


# Wire copy's abbreviations of money and measures: "50 U.S. Dlrs" is an amount, not a person
# (no surname among them: "Marks" and "Pounds" are left out).
_AMOUNT_WORDS = words(
    """
    Dlr Dlrs Dollar Dollars Stg Sterling Cts Cents Yen Francs Lire Lira Pesos Rupees Pct Mln
    Bln Tonnes Barrels Bpd Bushels
    """
)


def _is_junk_person(mention: _Mention) -> bool:
    """A person whose name ends in a company word or a currency ("Motors Corp", "U.S.
    Dlrs") is a piece of something else: "General Motors Corp" is no general."""
    if mention.entry is None or mention.entry.kind != PERSON or " " not in mention.entry.name:
        return False
    last = mention.entry.name.split()[-1].rstrip(".")
    return last in _AMOUNT_WORDS or last in ORGANISATION_WORDS


def _model_mentions(text: str, folded: str, spans, lowercase_words) -> list[_Mention]:
    mentions = []
    for start, end, label in joined_spans(text, spans):
        proposal = read_span(text, start, end, label, lowercase_words)
        if proposal is None:
            continue
        for part in _split_known_place(proposal):
            name = fold_accents(part.name)
            key = normalize_alias(name)
            # The gazetteer decides what a name it knows is called and what kind it is.
            entry = _BY_ALIAS.get(name) or _BY_KEY.get(key)
            if entry is None and not (part.kind == PERSON and " " not in name):
                entry = _Entry(part.name, part.kind)
            start = part.start
            if part.kind == PERSON and entry not in _KNOWN_ENTRIES:
                # "Mr Blair" becomes an alias; the gazetteer's people have theirs already.
                start = with_honorific(text, start)
            surface = " ".join(text[start : part.end].split())
            mentions.append(_Mention(start, part.end, entry, surface, key, MODEL, part.cued))
    return mentions


def _split_known_place(proposal: Proposal) -> list[Proposal]:
    """ "Indonesia Aceh" is two places: a known place followed by another capitalised name."""
    if proposal.kind != PLACE or proposal.name in _BY_ALIAS:
        return [proposal]
    words = proposal.name.split()
    for cut in range(len(words) - 1, 0, -1):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        entry = _BY_ALIAS.get(fold_accents(head))
        if entry and entry.kind == PLACE and tail[0].isupper() and tail not in NEVER_NAMES:
            head_end = proposal.start + len(head)
            tail_start = proposal.end - len(tail)
            return [
                Proposal(proposal.start, head_end, head, PLACE),
                Proposal(tail_start, proposal.end, tail, PLACE),
            ]
    return [proposal]


_KNOWN_ENTRIES = frozenset(_BY_ALIAS.values())

# What a town or region is called by before its name: "the southern city of Malaga".
_PLACE_BEFORE = re.compile(
    r"\b(?:city|town|village|port|province|state|region|county|district|island|suburb|"
    r"capital|area|prefecture)\s+of\s+$",
    re.IGNORECASE,
)
_LIST_GAP = re.compile(r",?\s+(?:and|or)\s+|,\s*")


def _towns_among_places(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """A single name the model did not call a place is one where the text says so: after
    "the city of", or listed between places ("in Basle, Berne, Geneva and Zurich"). Such a
    name would otherwise be taken for an organisation."""
    out = list(mentions)
    for i, m in enumerate(mentions):
        if not _may_be_town(m):
            continue
        before = text[max(0, m.start - 30) : m.start]
        listed = all(
            0 <= j < len(mentions) and _is_listed_place(text, m, mentions[j])
            for j in (i - 1, i + 1)
        )
        if listed or _PLACE_BEFORE.search(before):
            out[i] = _replace(m, _Entry(m.surface, PLACE))
    return out


def _is_listed_place(text: str, m: _Mention, neighbour: _Mention) -> bool:
    gap = text[min(m.end, neighbour.end) : max(m.start, neighbour.start)]
    return (
        neighbour.entry is not None
        and neighbour.entry.kind == PLACE
        and bool(_LIST_GAP.fullmatch(gap))
    )


def _may_be_town(m: _Mention) -> bool:
    if m.origin != MODEL or " " in m.surface or not m.surface.istitle():
        return False
    return m.entry is None or (m.entry.kind == ORGANISATION and m.entry not in _KNOWN_ENTRIES)


def _settle_kinds(mentions: list[_Mention]) -> list[_Mention]:
    """One kind per name the gazetteer does not know: the model may call "G7" a place in one
    sentence and an organisation in the next. The majority decides; a cue rule's vote counts
    double, being the surer."""
    votes: dict[str, Counter] = {}
    names: dict[str, str] = {}
    for m in mentions:
        if m.entry is None or m.entry in _KNOWN_ENTRIES:
            continue
        key = normalize_alias(m.entry.name)
        votes.setdefault(key, Counter())[m.entry.kind] += _VOTES[m.origin]
        names.setdefault(key, m.entry.name)  # the first spelling seen names the entity
    settled = {}
    for key, counter in votes.items():
        kind = max(counter, key=lambda k: (counter[k], _KIND_PREFERENCE[k]))
        settled[key] = _Entry(names[key], kind)
    return [
        m
        if m.entry is None or m.entry in _KNOWN_ENTRIES
        else _replace(m, settled[normalize_alias(m.entry.name)])
        for m in mentions
    ]


# A cue rule is surer than the model; a dateline says outright that its city is a place.
_VOTES = {GAZETTEER: 1, RULE: 2, MODEL: 1, DATELINE: 3}
# On a tied vote: organisations are the model's commonest confusion with people and places.
_KIND_PREFERENCE = {ORGANISATION: 2, PERSON: 1, PLACE: 0}


def _replace(mention: _Mention, entry: _Entry | None) -> _Mention:
    return dataclasses.replace(mention, entry=entry)


_INITIAL = re.compile(r"^[A-Z]\.?$")


def _merge_name_variants(mentions: list[_Mention]) -> list[_Mention]:
    """ "George W Bush" and "George Bush" are one person: middle initials do not count."""
    people = {m.entry for m in mentions if m.entry and m.entry.kind == PERSON}
    plain: dict[str, _Entry] = {}
    for person in sorted(people, key=lambda p: len(p.name)):
        plain.setdefault(_without_initials(person.name), person)
    variants = {p: plain[_without_initials(p.name)] for p in people}
    return [_replace(m, variants[m.entry]) if m.entry in variants else m for m in mentions]


def _without_initials(name: str) -> str:
    parts = name.split()
    kept = [parts[0], *(p for p in parts[1:-1] if not _INITIAL.match(p)), *parts[1:][-1:]]
    return normalize_alias(" ".join(kept))


def _acronym(name: str) -> str:
    letters = [w[0] for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    return "".join(letters) if len(letters) >= 2 else ""


# Words that end a company's or a body's full name and are dropped in its short forms:
# "Chrysler Corp" is "Chrysler", "Federal Reserve Board" the "Federal Reserve".
_NAME_ENDINGS = words("Inc Corp Corporation Co Cos Company Ltd Plc PLC AG SA NV LLC Board Group")


def _core(name: str) -> str:
    parts = name.split()
    while len(parts) > 1 and parts[-1].rstrip(".") in _NAME_ENDINGS:
        parts.pop()
    return " ".join(parts)


def _merge_short_forms(mentions: list[_Mention]) -> list[_Mention]:
    """Short forms of an organisation the article names in full are that organisation:
    "Federal Reserve" and "Fed" are the "Federal Reserve Board", "Chrysler" the "Chrysler
    Corp". A short form two full names could own stays apart."""
    orgs = {m.entry for m in mentions if m.entry and m.entry.kind == ORGANISATION}
    by_core: dict[str, _Entry] = {}
    for org in sorted(orgs, key=lambda e: (-len(e.name), e.name)):
        by_core.setdefault(normalize_alias(_core(org.name)), org)  # the fullest name wins
    merged = {org: by_core[normalize_alias(_core(org.name))] for org in orgs}
    long_forms = {e for e in merged.values() if " " in e.name}
    for org in orgs:
        if " " in org.name or org in _KNOWN_ENTRIES or len(org.name) < 3 or org.name.isupper():
            continue
        owners = {e for e in long_forms if e.name.split()[0].startswith(org.name)}
        if len(owners) == 1:
            merged[org] = next(iter(owners))
    return [_replace(m, merged[m.entry]) if m.entry in merged else m for m in mentions]


def _merge_acronyms(mentions: list[_Mention]) -> list[_Mention]:
    """An acronym means the long form written in the same article: "IMF" is the International
    Monetary Fund there, and "WTO" the World Tourism Organisation in a text that names it;
    "GM" is General Motors Corp, whose "Corp" it leaves out."""
    long_forms: dict[str, set[_Entry]] = {}
    for m in mentions:
        if m.entry and m.entry.kind != PERSON and " " in m.entry.name:
            for acronym in {_acronym(m.entry.name), _acronym(_core(m.entry.name))} - {""}:
                long_forms.setdefault(acronym, set()).add(m.entry)
    if not long_forms:
        return mentions
    merged = []
    for m in mentions:
        surface = m.surface.replace(".", "")
        candidates = long_forms.get(surface) if surface.isupper() else None
        if candidates and len(candidates) == 1 and m.entry not in candidates:
            m = _replace(m, next(iter(candidates)))
        merged.append(m)
    return merged


def _gazetteer_mentions(text: str, folded: str):
    for match in _GAZETTEER_PATTERN.finditer(folded):
        entry = _BY_ALIAS[match.group()]
        surface = text[match.start() : match.end()]
        yield _Mention(match.start(), match.end(), entry, surface, normalize_alias(surface))


def _rule_mentions(text: str, folded: str, lowercase_words: set[str]) -> list[_Mention]:
    mentions = []

    def add(match, kind, whole=False, cued=False):
        start = match.start() if whole else match.start("name")
        end = match.end("name")
        name = " ".join(folded[match.start("name") : end].split())
        surface = " ".join(text[start:end].split())
        key = normalize_alias(name)
        entry = _BY_KEY.get(key)
        if not cued and kind == PERSON and name.split()[-1] in ORGANISATION_WORDS:
            kind = ORGANISATION  # "Munich Re said": a company, whatever the verb
        if entry is None and (kind == ORGANISATION or len(name.split()) > 1):
            entry = _Entry(" ".join(text[match.start("name") : end].split()), kind)
        mentions.append(_Mention(start, end, entry, surface, key, RULE, cued))

    for match in _HONORIFIC_PERSON.finditer(folded):
        # The honorific alone is cue enough, so common-word checks are skipped here.
        if not _has_non_name_word(match.group("name")):
            add(match, PERSON, whole=True, cued=True)
    for match in _ROLE_PERSON.finditer(folded):
        if _plausible_name(match.group("name"), lowercase_words):
            add(match, PERSON, cued=True)
    for pattern in (_APPOSITIVE_PERSON, _VERB_THEN_PERSON, _PERSON_THEN_VERB):
        for match in pattern.finditer(folded):
            if _plausible_name(match.group("name"), lowercase_words) and not (
                pattern is not _VERB_THEN_PERSON
                and _capitalised_before(folded, match.start("name"))
            ):
                add(match, PERSON)
    for match in _SUFFIX_ORG.finditer(folded):
        words = match.group("name").split()[:-1]
        if any(_is_distinctive(w, lowercase_words) for w in words) and words[0] != "The":
            add(match, ORGANISATION)
    for pattern in _PLATFORM_X:
        for match in pattern.finditer(folded):
            add(match, ORGANISATION)
    return mentions


def _capitalised_before(folded: str, at: int) -> bool:
    return bool(_CAPITALISED_BEFORE.search(folded, max(0, at - 60), at))


def _has_non_name_word(name: str) -> bool:
    return any(word in _NON_NAME_WORDS for word in name.split())


def _plausible_name(name: str, lowercase_words: set[str]) -> bool:
    return all(_is_distinctive(word, lowercase_words) for word in name.split())


def _is_distinctive(word: str, lowercase_words: set[str]) -> bool:
    # A capitalised word the article also uses in lower case is a common word, not a name.
    return word not in _NON_NAME_WORDS and word.casefold() not in lowercase_words


def _without_overlaps(candidates: list[_Mention]) -> list[_Mention]:
    """Keep the longest mention wherever candidates overlap; on a tie, the known entity."""
    ranked = sorted(
        candidates,
        key=lambda m: (-(m.end - m.start), m.entry is None, m.origin, m.start),
    )
    occupied = bytearray(max((m.end for m in candidates), default=0))
    taken: list[_Mention] = []
    for mention in ranked:
        if not any(occupied[mention.start : mention.end]):
            occupied[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
            taken.append(mention)
    return sorted(taken, key=lambda m: m.start)


def _link_people(mentions: list[_Mention]) -> list[_Mention]:
    """Give "Mr. Saran" the entity of "Pankaj Saran" seen elsewhere in the same text."""
    by_surname: dict[str, set[_Entry]] = {}
    for mention in mentions:
        if mention.entry and mention.entry.kind == PERSON and " " in mention.entry.name:
            surname = normalize_alias(mention.entry.name).split()[-1]
            by_surname.setdefault(surname, set()).add(mention.entry)
    # Lone names: those a title introduces somewhere, and what else the name was called.
    cued = {m.key for m in mentions if m.cued}
    others = {normalize_alias(m.entry.name): m.entry for m in mentions if m.entry}
    linked = []
    for mention in mentions:
        if mention.entry is None:
            people = by_surname.get(mention.key.split()[-1], set()) if mention.key else set()
            if len(people) == 1:
                entry = next(iter(people))
            elif not people:
                entry = _lone_name(mention, cued, others)
            else:
                continue  # Two people share the surname: too ambiguous to count.
            mention = _replace(mention, entry)
        elif _is_surname_of_a_person(mention, by_surname):
            # The model called "Chidambaram" a place once; the article names the person.
            mention = _replace(mention, next(iter(by_surname[mention.key])))
        linked.append(mention)
    return linked


def _lone_name(mention: _Mention, cued: set[str], others: dict[str, _Entry]) -> _Entry:
    """What a one-word name with no full name in the article is. News introduces people by
    their full name, so a lone name nothing calls a person ("Yukos said") is taken for an
    organisation, unless a title makes it a person ("President Bush", "Mr Snow")."""
    if mention.key in cued:
        return _Entry(_without_honorific(mention.surface), PERSON)
    if mention.key in others:
        return others[mention.key]
    return _Entry(_without_honorific(mention.surface), ORGANISATION)


def _is_surname_of_a_person(mention: _Mention, by_surname) -> bool:
    return (
        mention.origin == MODEL
        and mention.entry.kind != PERSON
        and mention.entry not in _KNOWN_ENTRIES
        and " " not in mention.key
        and len(by_surname.get(mention.key, ())) == 1
    )


_HONORIFIC_PREFIX = re.compile(rf"^(?:{_alternation(HONORIFICS)})\.?\s+")


def _without_honorific(surface: str) -> str:
    return _HONORIFIC_PREFIX.sub("", surface) or surface


def _surname_mentions(text: str, folded: str, mentions: list[_Mention]) -> list[_Mention]:
    """Bare surnames ("Saran said") of people the rules found under their full name."""
    rule_people = {
        m.entry
        for m in mentions
        if m.entry.kind == PERSON and m.entry.name not in gazetteer.PEOPLE and " " in m.entry.name
    }
    surnames = Counter(fold_accents(p.name).split()[-1] for p in rule_people)
    by_surname = {
        fold_accents(person.name).split()[-1]: person
        for person in rule_people
        if surnames[fold_accents(person.name).split()[-1]] == 1
    }
    by_surname = {
        surname: person
        for surname, person in by_surname.items()
        if surname not in _NON_NAME_WORDS and surname not in _BY_ALIAS
    }
    if not by_surname:
        return []
    # One pass over the text for every surname, and a sorted list of the spans taken, so the
    # cost grows with the text, not with the text times the people in it.
    pattern = re.compile(rf"(?<![\w'.-])(?:{_alternation(by_surname)}){_NOT_MORE}")
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [start for start, _end in taken]
    extra = []
    for match in pattern.finditer(folded):
        # "Doe Industries" or "Mr Smith Jones" is someone or something else.
        if _capitalised_before(folded, match.start()):
            continue
        at = bisect.bisect_left(starts, match.end())
        if at and taken[at - 1][1] > match.start():
            continue  # inside a mention already found (spans do not overlap)
        surname = match.group()
        surface = text[match.start() : match.end()]
        extra.append(_Mention(match.start(), match.end(), by_surname[surname], surface, surname))
    return extra


def _tally(mentions: list[_Mention]) -> tuple[EntityHit, ...]:
    counts: Counter[_Entry] = Counter()
    surfaces: dict[_Entry, set[str]] = {}
    spans: dict[_Entry, list[tuple[int, int]]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        counts[mention.entry] += 1
        surfaces.setdefault(mention.entry, {mention.entry.name}).add(mention.surface)
        spans.setdefault(mention.entry, []).append((mention.start, mention.end))
    order = sorted(counts, key=lambda e: (-counts[e], spans[e][0]))
    return tuple(
        EntityHit(e.name, e.kind, frozenset(surfaces[e]), counts[e], tuple(spans[e])) for e in order
    )


__all__ = ["find_entities", "PERSON", "ORGANISATION", "PLACE"]

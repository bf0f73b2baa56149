"""Direct quotations and who said them.

The speakers are the people and organisations the entity finder returned (`EntityHit`), so a
better finder gives better attributions without a change here. A quote's speaker is the
subject of the reporting verb ("said", "told", "added", "according to", "shot back"...) in
the clause around it, read over the text with patterns, without a parser:

- after it: `"…," Mr. Saran said`, `"…," said Yukos chief executive Steven Theede`,
  `"…," Vinay Kwatra, an official, told the BBC`, `"…," the Kremlin said`;
- before it: `Mr. Saran said: "…"`, `According to X, "…"`; a person named inside the reported
  clause is not its subject (`Ryan said Obama's words "amount to…"` is Ryan's), nor one after
  "to", "by", "alongside", in a possessive or a relative clause;
- a pronoun (`"…," she said`) is the nearest person before it of its gender (an honorific or
  a common first name says it; anyone else fits either): the one a reporting verb named, else
  the one subject of the latest sentence naming someone, else the previous quote's speaker;
- a definite description (`the spokesman`, `the senator`, `the ministry`) is whoever the
  article introduced as such ("White House spokesman Josh Earnest", "Alan Wren, the mayor's
  spokesman", "the Ministry of Defence"), and no one if nobody was;
- a subject the finder does not know but shaped like a name ("Tiegen said") is kept as
  written;
- a sentence or paragraph that is wholly a quotation belongs to the person just introduced, or
  else keeps the previous quote's speaker.

Titles of works, slogans and headlines in quotation marks are not quotes, nor are spans of
fewer than four words (scare quotes). An ambiguous subject ("X and Y said", two people of
the pronoun's gender) gives no speaker rather than a wrong one.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial

from articles.analysis.results import EntityHit, Quote
from articles.analysis.sentences import split_sentences
from articles.analysis.titles import HONORIFICS, ROLES
from articles.analysis.wordlists import words as word_set

MIN_WORDS = 4  # shorter spans in quotation marks are scare quotes or terms

_SPAN = re.compile(r"“([^“”]*)(?:”|$)|\"([^\"\n]*)(?:\"|$)|‘([^‘’]{20,}?)’(?!\w)", re.M)
_VERBS = (
    r"said|says|say|told|tells|added|adds|stated|states|posted|wrote|writes|explained|"
    r"explains|argued|argues|insisted|insists|warned|warns|noted|notes|claimed|claims|asked|"
    r"asks|replied|continued|commented|urged|urges|declared|announced|acknowledged|admitted|"
    r"suggested|predicted|believes|believed|concluded|remarked|recalled|stressed|tweeted|"
    r"observed|observes|according to|saying|telling|adding|quoted|"
    # Verbs of speaking beyond "said": in political news a quote is as often "shot back".
    r"responded|responds|replied|replies|answered|retorted|countered|quipped|joked|jokes|"
    r"shouted|yelled|barked|exclaimed|proclaimed|proclaims|declared|mused|conceded|concedes|"
    r"boasted|bragged|complained|complains|lamented|vowed|vows|promised|pledged|charged|"
    r"accused|accuses|blasted|slammed|criticized|criticised|criticizes|praised|praises|"
    r"defended|defends|described|describes|describing|calling|called|calls|noting|"
    r"arguing|argue|insisting|warning|writing|asserted|asserts|contended|contends|"
    r"maintained|testified|recounted|emailed|texted|demanded|wondered|questioned|"
    r"interjected|reiterated|acknowledges|admits|announces|cautioned|confirmed|"
    r"pointed out|points out|went on|wrote in|thinks|thought|welcomed|told reporters"
)
# Lower case, but for the verbs that open an inverted sentence ("Said Mr. X, ..."): "the
# United States" states nothing.
_OPENING_VERBS = r"Said|Says|Added|Asked|According to|Writing|Speaking to"
_VERB = re.compile(rf"\b(?:{_VERBS}|{_OPENING_VERBS})\b")
# A subject that is not a named person ("a spokesman for ...", "the ministry"): the quote
# keeps no speaker. "the Indian Prime Minister Narendra Modi" is a named person.
_ANONYMOUS = re.compile(r"^[\s,.:;–—-]*(?i:a|an|the|one|its|his|her|their)\s+(?![\w'’]+\s+[A-Z])")
_ATTRIBUTION_CHARS = 160


@dataclass(frozen=True)
class _Person:
    name: str
    start: int
    end: int
    kind: str = "person"


def find_quotes(paragraphs: Sequence[str], entities: Iterable[EntityHit]) -> tuple[Quote, ...]:
    entities = list(entities)
    names = _PersonNames(e for e in entities if e.kind == "person")
    organisations = _PersonNames((e for e in entities if e.kind == "org"), surnames=False)
    roles = _Roles()
    genders = _genders(e for e in entities if e.kind == "person")
    # Capitalised words written after a lowercase word somewhere: names, not sentence openers.
    proper = frozenset(_MID_SENTENCE_CAPITAL.findall("\n".join(paragraphs)))
    quotes: list[Quote] = []
    last_speaker: str | None = None
    # A _Sentence per earlier sentence (read only when a quote needs it: most sentences are
    # never asked about), and _QUOTE_MARK where a quote was.
    history: list = []
    for paragraph in paragraphs:
        people = names.find(paragraph)
        # Who may be the subject of a reporting verb: people, and organisations ("the
        # Kremlin said") where no person's name covers them.
        subjects = sorted(
            people
            + [
                o
                for o in organisations.find(paragraph)
                if not any(p.start < o.end and o.start < p.end for p in people)
            ],
            key=lambda m: m.start,
        )
        sentences = _sentence_spans(paragraph)
        spans = [
            m
            for m in _SPAN.finditer(paragraph)
            if _words(_inner(m)) >= MIN_WORDS and not _is_title(_inner(m))
        ]
        done = 0  # sentences of this paragraph already added to `history`
        for index, span in enumerate(spans):
            while done < len(sentences) and sentences[done][1] <= span.start():
                history.append(partial(_named, paragraph, people, *sentences[done]))
                done += 1
            # Sentences in progress: the quote's own, up to its opening mark.
            own_start = sentences[done][0] if done < len(sentences) else span.start()
            history[:] = [entry() if callable(entry) else entry for entry in history]
            recent = [*history, _named(paragraph, people, own_start, span.start())]
            roles.read(paragraph, subjects, span.start())
            text = _inner(span).strip()
            next_start = spans[index + 1].start() if index + 1 < len(spans) else len(paragraph)
            previous_end = spans[index - 1].end() if index else 0
            after = paragraph[span.end() : min(next_start, span.end() + _ATTRIBUTION_CHARS)]
            after = _clause(after)
            if re.search(r"[.!?]\W*$", text) and re.match(r"\s+[A-Z“\"]", after):
                after = ""  # the quote ended its sentence: what follows is a new one
            before = paragraph[max(previous_end, own_start) : span.start()]
            speaker = _speaker(
                span, after, before, subjects, recent, last_speaker, roles, genders, proper
            )
            quotes.append(Quote(text, speaker, _sentence_of(sentences, span)))
            last_speaker = speaker
            history.append(_QUOTE_MARK)
        roles.read(paragraph, subjects, len(paragraph))
        roles.next_paragraph()
        while done < len(sentences):
            history.append(partial(_named, paragraph, people, *sentences[done]))
            done += 1
        del history[:-20]
    return tuple(quotes)


_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[a-z,] )[A-Z][\w’'-]+")


class _Roles:
    """What each person or organisation named so far is called ("White House spokesman Josh
    Earnest", "Josh Earnest, the president's spokesman", "the Ministry of Defence"), so that
    "the spokesman" or "the ministry" is the one introduced as such, and no one else."""

    def __init__(self):
        self.introduced: list[tuple[str, frozenset[str]]] = []
        self.read_to = 0

    def next_paragraph(self):
        self.read_to = 0

    def read(self, paragraph: str, mentions, end: int) -> None:
        for mention in mentions:
            if not (self.read_to <= mention.start < end):
                continue
            heads = set()
            prefix = re.search(
                r"((?:[\w.’'-]+\s+){1,4})$", paragraph[max(0, mention.start - 60) : mention.start]
            )
            if prefix:
                words = prefix.group(1).split()
                while words and not _TITLE_WORD.match(words[0]):
                    words = words[1:]
                if words and all(_TITLE_WORD.match(w) for w in words):
                    heads.add(_role_word(words[-1]))
            aside = _APPOSITIVE.match(paragraph, mention.end)
            if aside:
                heads.add(_role_word(aside.group(1)))
            if mention.kind == "org":
                heads.update(w.lower() for w in re.findall(r"[A-Za-z]+", mention.name))
            if heads:
                self.introduced.append((mention.name, frozenset(heads)))
        self.read_to = max(self.read_to, end)

    def resolve(self, head: str) -> str | None:
        head = _role_word(head)
        for name, heads in reversed(self.introduced):
            if head in heads:
                return name
        return None


_APPOSITIVE = re.compile(
    r",\s+(?i:the|a|an|his|her|its)\s+(?:[\w’'.-]+\s+){0,5}?([a-z][\w-]*)"
    r"(?:\s+(?:of|for|at|to|in)\s+[^,.;“”\"]{1,60}?)?\s*[,.;]"
)
_ROLE_SAME = {
    "sen.": "senator",
    "sen": "senator",
    "rep.": "representative",
    "rep": "representative",
    "gov.": "governor",
    "gov": "governor",
    "gen.": "general",
    "spokeswoman": "spokesperson",
    "spokesman": "spokesperson",
}


def _role_word(word: str) -> str:
    word = word.lower()
    return _ROLE_SAME.get(word, word)


_QUOTE_MARK = None
_PREFIXES = frozenset(HONORIFICS) | {
    w for role in ROLES for w in role.replace("-", " ").split() + [role.replace(" ", "-")]
}
_LOOKBACK = 3  # sentences a pronoun may reach back for its person
_OBJECT_POSITION = re.compile(
    r"\b(?:by|with|(?<!according )to|of|for|from|on|at|against|urged|met|meets|meeting|"
    r"hosted|told|asked|called|criticised|criticized|adviser|aide|under)\s+(?:[\w.,'’-]+\s+){0,4}$",
    re.I,
)
_NOT_SUBJECT_WORDS = frozenset(
    {w for role in ROLES for w in role.replace("-", " ").split()}
    | set(HONORIFICS)
    | {"The", "A", "An", "Its", "His", "Her", "Their", "Former", "Deputy", "Chief", "Senior"}
)
_NAME_SHAPED = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z]+")
_AFTER_VERB = re.compile(rf"\b(?:{_VERBS}|{_OPENING_VERBS})\s+(?:[a-z]+\s+){{0,2}}$")
# Someone the finder does not know, introduced as a speaker: "Rachel Harvey, told ...".
_UNKNOWN_SPEAKER = re.compile(
    rf"(?P<name>\b[A-Z][a-z]+\s+[A-Z][a-z]+)(?:,[^,]{{1,80}},)?\s+(?:{_VERBS})\b"
    rf"|\b(?:{_VERBS})\s+(?:[a-z]+\s+){{0,2}}(?P<name2>[A-Z][a-z]+\s+[A-Z][a-z]+)"
)
_HE_SHE = re.compile(r"\b(?:he|she)\b", re.I)


@dataclass(frozen=True)
class _Sentence:
    """What a sentence before a quote says about who may be speaking."""

    named: frozenset[str]  # the known people it names
    subjects: tuple[str, ...]  # those named as a subject, not after "by", "with", "urged"...
    pronoun: bool  # it says "he" or "she"
    unknown_name: bool  # it has a name-shaped phrase that is no known person
    sayer: str | None = None  # the person its reporting verb names as saying something


_MODIFIER_GAP = re.compile(r"\s+(?:(?!and\b|or\b|with\b)[\w-]+\s+){0,3}")


def _named(paragraph, people, start, end) -> _Sentence:
    named, subjects = set(), []
    inside = [p for p in people if start <= p.start < end]
    for person, following in zip(inside, [*inside[1:], None], strict=False):
        named.add(person.name)
        prefix = paragraph[start : person.start]
        subject = _AFTER_VERB.search(prefix) or not _OBJECT_POSITION.search(prefix)
        # "Trump’s claim", "Obama consultant Cornell Belcher": a modifier, not the subject.
        modifier = paragraph[person.end : person.end + 2] in ("’s", "'s") or (
            following is not None
            and _MODIFIER_GAP.fullmatch(paragraph, person.end, following.start)
        )
        if subject and not modifier and person.name not in subjects:
            subjects.append(person.name)
    sayer = None
    for verb in _VERB.finditer(paragraph, start, end):
        found = _subject(paragraph, start, verb.start(), people, ends_at_verb=True)
        if found is None:
            found = _inverted_subject(paragraph, verb.end(), end, people)
        if isinstance(found, str) and not isinstance(found, _Description | _Pronoun):
            sayer = found
            break
    text = paragraph[start:end]
    for person in people:
        if start <= person.start < end:
            text = text.replace(paragraph[person.start : person.end], "")
    unknown = any(
        not set((m.group("name") or m.group("name2")).split()) & _NOT_SUBJECT_WORDS
        for m in _UNKNOWN_SPEAKER.finditer(text)
    )
    pronoun = bool(_HE_SHE.search(text))
    return _Sentence(frozenset(named), tuple(subjects), pronoun, unknown, sayer)


def _speaker(span, after, before, people, recent, last_speaker, roles, genders, proper):
    """The speaker by the reporting clause: after the quote, else before it in its sentence."""
    after_start = span.end()
    found = _after_clause(span.string, after_start, after_start + len(after), people, proper)
    if found is _NO_CLAUSE or found is None:
        # `Mr X said it was "…" and said …`: the clause before names whom the one after
        # leaves unnamed.
        named = _before_clause(
            span.string, span.start() - len(before), span.start(), people, proper
        )
        if found is _NO_CLAUSE or (named is not None and named is not _NO_CLAUSE):
            found = named
    if isinstance(found, _Pronoun):
        return _pronoun(recent, last_speaker, found, genders)
    if isinstance(found, _Description):
        return roles.resolve(found.head)
    if found is _NO_CLAUSE:
        if not _has_words(before) and not _has_words(after):
            return _standalone_speaker(recent, last_speaker)
        return None
    return found


class _Description(str):
    """A definite description as a subject ("the spokesman"): its head noun."""

    @property
    def head(self) -> str:
        return str(self)


class _Pronoun(str):
    """ "he" or "she" as the subject of a reporting verb."""


_NO_CLAUSE = object()  # no reporting verb around the quote
_LEAD = re.compile(r"[\s,.:;–—-]*")
_INVERTED = re.compile(rf"(?:{_VERBS}|{_OPENING_VERBS})\s+(?:(?:[a-z]+ly|also|later|then)\s+)?")
_PRONOUN_SUBJECT = re.compile(
    r"^(he|she)\s+(?:(?:[a-z]+ly|also|later|then|has|had|would|will|once)\s+){0,2}$", re.I
)
_PRONOUN_ENDS = re.compile(
    r"\b(he|she)\s+(?:(?:[a-z]+ly|also|later|then|has|had|would|will|once)\s+){0,2}$", re.I
)
# Between a subject and its verb: an aside in commas, an adverb or an auxiliary.
_TO_VERB = re.compile(
    r"\s*(?:,[^“”\"]{1,120}?,\s*|\([^()]{1,80}\)\s*|[–—-]\s[^“”\"]{1,120}?\s[–—-]\s*|,\s*)?"
    r"(?:(?:[a-z]+ly|also|later|then|has|had|have|would|will|once|recently|previously|"
    r"separately|further|on\s+\w+|in\s+a\s+\w+)\s+){0,3}",
    re.I,
)
# Words that may stand before a name in its subject: titles, roles, "former", parties.
_TITLE_WORD = re.compile(
    r"(?:[A-Z][\w.’'-]*|former|then|campaign|press|senior|deputy|chief|"
    r"aide|[a-z]{3,}(?:man|woman|person|er|or|ist|ent|ary|ee|ial|ant))$"
)
_DESCRIPTION = re.compile(
    r"(?i:the|that|this)\s+((?:[\w’'-]+\s+){0,5}?)([a-z][\w-]*)"
    r"(?:\s+(?:of|for|at|in|to)\s+[^,]{1,60}?)?\s*$"
)


def _after_clause(text, start, end, people, proper):
    """Who the clause after a quote names: `"…," X said`, `"…," said X`, `"…," he said`."""
    at = _LEAD.match(text, start, end).end()
    inverted = _INVERTED.match(text, at, end)
    if inverted and not inverted.group().lower().startswith(("according", "saying", "telling")):
        return _inverted_subject(text, inverted.end(), end, people, proper)
    verb = _VERB.search(text, at, end)
    if not verb or verb.start() - at > 160:
        return _NO_CLAUSE
    return _subject(text, at, verb.start(), people, proper=proper)


def _before_clause(text, start, end, people, proper):
    """Who the clause before a quote names: `X said: "…"`, `X said Y’s words "…"`."""
    verbs = list(_VERB.finditer(text, start, end))
    if not verbs:
        return _NO_CLAUSE
    verb = verbs[-1]
    if verb.group().lower() == "according to":
        return _inverted_subject(text, verb.end(), end, people, proper)
    # The subject lies after the clause's last break before the verb.
    clause = max(
        start, *(m.end() for m in re.finditer(r"[.;:!?]\s|\bthat\s", text[: verb.start()])), 0
    )
    found = _subject(
        text, max(start, clause), verb.start(), people, ends_at_verb=True, proper=proper
    )
    if found is None or found is _NO_CLAUSE:
        return _inverted_subject(text, verb.end(), end, people, proper)
    return found


def _subject(text, start, verb_start, people, ends_at_verb=False, proper=frozenset()):
    """The subject of a verb at `verb_start` whose clause begins at `start`: the person or
    organisation named just before it, a pronoun or a definite description."""
    region = text[start:verb_start]
    pronoun = (_PRONOUN_ENDS if ends_at_verb else _PRONOUN_SUBJECT).search(region)
    if pronoun:
        return _Pronoun(pronoun.group(1).lower())
    inside = [
        p
        for p in people
        if start <= p.start
        and p.end <= verb_start
        and text[p.end : p.end + 2] not in ("’s", "'s")
        and not _OBJECT_BEFORE.search(text, start, p.start)
        # "X, who worked alongside Y, said": Y is in the aside.
        and not _RELATIVE.search(text, start, p.start)
    ]
    for person in reversed(inside):
        if _TO_VERB.fullmatch(text, person.end, verb_start):
            if ends_at_verb or _titles_only(text[start : person.start]):
                return person.name
            return None
    # Further from its verb ("X welcomed the plan and said ..."): the clause's first person,
    # unless two are its subject ("X and Y issued a statement saying").
    if ends_at_verb and inside and inside[0].kind == "person":
        joined = any(
            re.fullmatch(r"\s+(?:and|or|&)\s+", text[inside[0].end : p.start])
            for p in people
            if p.start >= inside[0].end
        )
        return None if joined else inside[0].name
    head = re.split(r",", region)[0] if not ends_at_verb else region
    description = _DESCRIPTION.search(head)
    if description and (ends_at_verb or description.start() == 0):
        return _Description(description.group(2).lower())
    unknown = _UNKNOWN_BEFORE_VERB.search(region)
    if unknown and (ends_at_verb or _titles_only(region[: unknown.start()])):
        return _unknown_name(unknown.group(1), proper)
    return None


# A name the finder does not know, just before its verb ("Tiegen said"), or just after it.
_UNKNOWN_BEFORE_VERB = re.compile(
    r"(?:^|(?<=[\s,(]))((?:[A-Z][\w’'.-]*\s+){1,4})(?:,[^“”\"]{1,120}?,\s*)?$"
)
_UNKNOWN_AFTER_VERB = re.compile(r"((?:[A-Z][\w’'.-]*\s*){1,4})(?=[,.;:]|$)")
_NOT_NAMES = word_set(
    """
    The A An This That These Those He She It They We I You His Her Its Their Our My Your Who
    Which Some Many Most Several Others Other One Both All Each Any Such Another No But And
    Or So Then When While If As In On At For With After Before Yet Still Now Here There What
    Why How Asked Speaking Later Meanwhile However Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday Officials Critics Supporters Experts Analysts Sources Aides Voters
    """
)


def _unknown_name(phrase: str, proper: frozenset[str]) -> str | None:
    """An unknown subject as its speaker, when it is shaped like a name: capitalised words,
    none a function word, a single one written capitalised elsewhere mid-sentence too."""
    words = [w for w in phrase.split() if w]
    if not words or any(w in _NOT_NAMES for w in words):
        return None
    if len(words) == 1 and words[0] not in proper:
        return None
    name = _without_honorific(" ".join(words))
    return name if name.split()[0] not in _NOT_NAMES else None


def _inverted_subject(text, start, end, people, proper=frozenset()):
    """The subject after its verb: `said Mr. X`, `according to the spokesman`."""
    tail = text[start:end]
    pronoun = re.match(r"(he|she)\b", tail, re.I)
    if pronoun:
        return _Pronoun(pronoun.group(1).lower())
    # The last name of a run of titles: "said Yukos chief executive Steven Theede".
    named = None
    for person in people:
        if start <= person.start < end:
            if not _titles_only(text[start : person.start]):
                break
            named = person.name
    if named:
        return named
    description = _DESCRIPTION.match(re.split(r"[,.;:]", tail)[0])
    if description:
        return _Description(description.group(2).lower())
    unknown = _UNKNOWN_AFTER_VERB.match(tail)
    if unknown:
        return _unknown_name(unknown.group(1), proper)
    return None


def _titles_only(lead: str) -> bool:
    """Whether what stands before a name in its subject is only titles: "House Speaker",
    "Trump campaign manager", "the Indian Prime Minister", "managing director"."""
    words = lead.replace(",", " ").split()
    if len(words) > 6 or re.search(r"[.;:!?]\s", lead):
        return False
    return all(
        (i == 0 and w.lower() in ("the", "a", "an")) or w.lower() not in _NOT_TITLE
        for i, w in enumerate(words)
    )


_NOT_TITLE = word_set(
    """
    the a an to of for from with by in on at about after before and or but that which who
    whom as than into over this these those it its he she they we i you his her their our
    is was are were be been not no
    """
)
_RELATIVE = re.compile(r",\s+(?:who|which|whose|whom|where)\b[^,]*$")
# A name after one of these is an object, not the subject: "an adviser to Mr. X said".
_OBJECT_BEFORE = re.compile(
    r"\b(?:at|of|for|from|with|by|to|in|on|and|about|against|than|like|under|alongside|"
    r"beside|behind|over|toward|towards|into|between|among|including|as|via)\s+"
    r"(?:(?:the|a|an)\s+)?(?:[A-Z][\w.’'-]*\s+){0,3}$"
)


def _pronoun(recent, last_speaker, pronoun, genders) -> str | None:
    """ "he said": the nearest person before it who may be "he": the one a reporting verb
    named, else the one subject of the latest sentence that names someone; failing that, the
    speaker of the quote before, if no one else was named since."""
    wanted = "m" if pronoun == "he" else "f"

    def fits(name):
        return genders.get(name, wanted) == wanted

    unknown = False
    for entry in reversed(recent[-_LOOKBACK - 1 :]):
        if entry is _QUOTE_MARK:
            if last_speaker and fits(last_speaker):
                return last_speaker
            continue
        if entry.sayer and fits(entry.sayer):
            return entry.sayer
        subjects = [name for name in entry.subjects if fits(name)]
        if subjects:
            return subjects[0] if len(subjects) == 1 else None
        named = [name for name in entry.named if fits(name)]
        if named:
            if len(named) > 1:
                return None
            if not entry.pronoun:  # "But that was not enough for Mr Sarkozy."
                return named[0]
        unknown = unknown or entry.unknown_name
    return None if unknown or not (last_speaker and fits(last_speaker)) else last_speaker


def _genders(people: Iterable[EntityHit]) -> dict[str, str]:
    """Each person's gender where a name says it: an honorific ("Mrs.", "Mr.") or a common
    first name; the others fit either pronoun."""
    found: dict[str, set[str]] = {}
    for form, name in _PersonNames(people).by_form.items():
        first = form.split()[0].rstrip(".") if form.split() else ""
        if gender := _GENDER_OF.get(first):
            found.setdefault(name, set()).add(gender)
    # Names that disagree ("Mr." beside a woman's first name) say nothing.
    return {name: genders.pop() for name, genders in found.items() if len(genders) == 1}


_FEMALE = word_set(
    """
    Mrs Ms Miss Madam Dame Lady Queen Hillary Elizabeth Nancy Sarah Michelle Kamala Condoleezza
    Madeleine Carly Nikki Susan Susana Mary Maria Patricia Jennifer Linda Barbara Margaret
    Lisa Karen Betty Helen Sandra Donna Carol Ruth Sharon Laura Kimberly Deborah Jessica Amy
    Anna Angela Melissa Rebecca Stephanie Amanda Kelly Emily Julie Heather Diane Joyce Catherine
    Christine Martha Debra Rachel Carolyn Janet Virginia Ann Anne Jane Joan Judith Evelyn
    Cheryl Megan Andrea Hannah Jacqueline Teresa Gloria Kathleen Kathy Katie Kate Theresa
    Beverly Denise Marilyn Amber Danielle Brittany Diana Natalie Sophia Alexis Lori Kayla
    Tammy Rosa Julia Grace Victoria Ivanka Melania Chelsea Tiffany Huma Hope Kellyanne Dana
    Debbie Jill Claire Marine Nicola Yvette Harriet Tulsi Kirsten
    Elise Loretta Janet Sonia Valerie Samantha Cynthia Jeanne Marsha Tammy Shelley Mazie
    Heidi Phyllis Roberta Joni Dianne Barbara Maxine Sheila Michele Stacey Sally
    Wendy Gretchen Megyn Katy Peggy Ellen Oprah Beyoncé Meryl Brenda Pamela Paula Rose
    """
)
_MALE = word_set(
    """
    Mr Sir Lord King Prince Pope Donald Barack Bernie Ted Marco John Jeb Ben Chris Mike Joe
    Paul Mitch Harry Bill George Ronald Jimmy Richard Robert Michael William David James
    Charles Joseph Thomas Christopher Daniel Matthew Anthony Mark Steven Stephen Andrew Kenneth
    Kevin Brian Edward Ronald Timothy Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan
    Larry Justin Scott Brandon Frank Benjamin Gregory Samuel Raymond Patrick Alexander Jack
    Dennis Jerry Tyler Aaron Jose Adam Henry Nathan Douglas Zachary Peter Kyle Walter Ethan
    Jeremy Keith Roger Gerald Carl Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan
    Jordan Billy Bruce Albert Willie Gabriel Logan Alan Juan Wayne Roy Ralph Randy Eugene
    Vincent Russell Elijah Louis Bobby Philip Johnny Rand Newt Rick Reince Corey Jeff Tim
    Hugh Lindsay Rudy Rudolph Sean Sam Tom Tony Steve Dick Al Vladimir Narendra Xi Boris
    Emmanuel Francois Angelo Martin Luther Malcolm Nelson Gordon Tony Nigel Jeremy Dave Jim
    Rush Glenn Bret Jake Wolf Chuck Mitt Howard Reid Jon Ken Marty
    """
)
_GENDER_OF = {name: "f" for name in _FEMALE} | {name: "m" for name in _MALE}


def _standalone_speaker(recent, last_speaker) -> str | None:
    """A sentence that is wholly a quotation: the person just introduced, else the speaker
    of the quote before it."""
    for entry in reversed(recent):
        if entry is _QUOTE_MARK:
            return last_speaker  # reached the previous quote: nobody named since
        if entry.named:
            return next(iter(entry.subjects)) if len(entry.subjects) == 1 else None
        if entry.unknown_name:
            return None
    return last_speaker


class _PersonNames:
    """Finds the people of an article by any of their names; a surname two people share is
    left out, since it cannot say which of them is meant, unless the article names one of
    them far more often."""

    def __init__(self, hits: Iterable[EntityHit], surnames: bool = True):
        hits = list(hits)
        self.kind = "person" if surnames else "org"
        canonical = _canonical_names([h.name for h in hits])
        forms: dict[str, set[str]] = {}
        for hit in hits:
            name = canonical[hit.name] if surnames else hit.name
            for alias in hit.aliases | {hit.name}:
                forms.setdefault(alias, set()).add(name)
                bare = _without_honorific(alias)
                forms.setdefault(bare, set()).add(name)
                surname = bare.split()[-1] if bare.split() else ""
                if surnames and len(surname) > 2:
                    forms.setdefault(surname, set()).add(name)
        mentions: dict[str, int] = {}
        for hit in hits:
            name = canonical[hit.name] if surnames else hit.name
            mentions[name] = mentions.get(name, 0) + hit.count
        self.by_form = {}
        for form, named in forms.items():
            if not form:
                continue
            if len(named) == 1:
                self.by_form[form] = next(iter(named))
                continue
            # A surname two people share is the one the article is about, when it names
            # that one far more often ("Clinton" beside Hillary and Bill Clinton).
            ranked = sorted(named, key=lambda n: mentions.get(n, 0), reverse=True)
            if mentions.get(ranked[0], 0) >= 3 * max(1, mentions.get(ranked[1], 0)):
                self.by_form[form] = ranked[0]
        ordered = sorted(self.by_form, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")
            if ordered
            else None
        )

    def find(self, text: str) -> list[_Person]:
        if self.pattern is None:
            return []
        return [
            _Person(self.by_form[m.group()], m.start(), m.end(), self.kind)
            for m in self.pattern.finditer(text)
        ]


def _canonical_names(names: list[str]) -> dict[str, str]:
    """Each person's fullest name: the finder may return "Chidambaram" or "Vice-President Dick
    Cheney" beside "Palaniappan Chidambaram" or "Dick Cheney"; one speaker has one name."""
    bare = {name: _without_honorific(name) for name in names}
    result = {}
    for name, words in bare.items():
        fuller = {
            other
            for other, other_words in bare.items()
            if other != name
            and len(other_words.split()) > len(words.split())
            and other_words.endswith(" " + words)
        }
        result[name] = next(iter(fuller)) if len(fuller) == 1 else words
    return result


def _without_honorific(name: str) -> str:
    words = name.split()
    while len(words) > 1 and (words[0].rstrip(".") in _PREFIXES):
        words = words[1:]
    return " ".join(words)


def _inner(match: re.Match) -> str:
    return next(g for g in match.groups() if g is not None)


_SMALL_WORDS = word_set("a an and or nor but of the to in on at for with by from as vs via per")


def _is_title(text: str) -> bool:
    """A title of a work, a slogan or a headline in quotation marks ("Person of the Year",
    "Make America Great Again"): every word capitalised but the small ones."""
    words = re.findall(r"[\w’'-]+", text)
    if len(words) > 12 or not words:
        return False
    return all(w[0].isupper() or w in _SMALL_WORDS or w[0].isdigit() for w in words)


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _has_words(text: str) -> bool:
    return bool(re.search(r"\w", text))


# A period ends the clause unless it ends "Mr.", "Dr." or an initial.
_CLAUSE_END = re.compile(r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\b[A-Z])[.!?](?=\s|$)")


def _clause(text: str) -> str:
    """The attribution after a quote ends with its sentence."""
    end = _CLAUSE_END.search(text)
    return text[: end.end()] if end else text


def _sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    spans, at = [], 0
    for sentence in split_sentences(paragraph):
        start = paragraph.find(sentence, at)
        if start < 0:
            continue
        spans.append((start, start + len(sentence)))
        at = start + len(sentence)
    return spans


def _sentence_of(sentences, span: re.Match) -> str:
    """The sentence or sentences the quote lies in."""
    paragraph = span.string
    covering = [(s, e) for s, e in sentences if s < span.end() and e > span.start()]
    if not covering:
        return paragraph.strip()
    return paragraph[covering[0][0] : covering[-1][1]].strip()

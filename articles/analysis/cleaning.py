"""Turn scraped article text into a title, a byline and clean body paragraphs.

The input is whatever a scraper saved: kickers above the headline, the headline repeated in the
body, a byline printed twice, "Read more" links, "Related Posts" trailers, and sentences broken
over several lines where links or emphasis were dropped. Or wire copy, hard-wrapped at a fixed
width, whose paragraphs are marked by an indented first line rather than a blank line.
"""

import re
import unicodedata
from dataclasses import dataclass

from articles.analysis.aliases import fold_accents
from articles.analysis.sentences import split_sentences
from articles.analysis.wordlists import words

TITLE_LIMIT = 110

# Section labels printed above a headline.
KICKERS = frozenset(
    (
        "breaking news",
        "breaking",
        "exclusive",
        "live",
        "live updates",
        "update",
        "updated",
        "opinion",
        "analysis",
        "explainer",
        "news",
        "world news",
        "top stories",
        "top story",
        "just in",
        "watch",
        "video",
        "featured",
        "trending",
        "latest",
        "latest news",
        "editor's pick",
        "sponsored",
        "advertisement",
    )
)
# Lines that start the site's own links at the end of an article: cut them and what follows.
TRAILER_HEADINGS = frozenset(
    (
        "related posts",
        "related articles",
        "related stories",
        "related news",
        "related",
        "more stories",
        "you may also like",
        "you might also like",
        "read next",
        "recommended",
        "recommended stories",
        "more from this section",
        "also read",
    )
)
# Single lines of page furniture, wherever they are.
JUNK_LINES = frozenset(
    ("advertisement", "story continues below advertisement", "scroll to continue")
)

_READ_MORE = re.compile(
    r"^(?:read more|read also|also read|see also|related|recommended|watch)\s*[:|\-–—]\s*\S",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^by\s+(?P<name>[^,|•–—]+?)\s*(?:[,|•–—].*)?$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.-]*|de|da|van|von|der|bin|al|el|la|le)$")
# Dashes and asterisks are bullets only with a space after them ("-5%" is a number).
_BULLET = re.compile(r"^(?:[•●▪◦·]\s*|[*\-–—]\s+)")
_LIST_ITEM = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,6})[.)]\s")
_DATE_LINE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
    r"\s+(?:\d{1,2},?\s+)?\d{4}$",
    re.IGNORECASE,
)
_LOWERCASE_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
_INNER_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’)\]]*$")
_CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|\s[–—-](?=\s)")

# A line ending in one of these words was cut mid-sentence ("...the capital city of Russia, from").
OPEN_ENDINGS = words(
    """
    a an the of from to in on at for with by and or but nor is are was were be been being as
    that which who whom whose since into between such including than its their his her our
    about over under after before during via per across toward towards regarding amid amidst
    like unlike within without upon against among
    """
)

HARD_BREAK = None  # A removed line: text on either side of it is never rejoined.

# Hard wrapping is read only from texts of a few lines at most this wide (wire copy wraps at
# 60 to 80 characters; a scraped paragraph on one line is far longer).
WRAP_MIN_LINES = 4
WRAP_WIDTHS = range(40, 101)
WRAP_SLACK = 10
_DASH_START = re.compile(r"^[-–—]\s")
_INDENT = re.compile(r"^[ \t\u00a0\u3000]+\S")


@dataclass(frozen=True)
class Layout:
    """How the source laid its lines out: which were indented, whether an indented first line
    is what marks a paragraph, its widest line and whether it was hard-wrapped."""

    indented: tuple[bool, ...]
    indent_paragraphs: bool
    width: int
    wrapped: bool

    def full(self, line: str, next_line: str) -> bool:
        """The line was broken because the next line's first word did not fit on it. The
        width the source wrapped at may exceed its widest line, hence the slack."""
        return len(line) + 1 + len(next_line.split()[0]) > self.width - WRAP_SLACK


@dataclass(frozen=True)
class CleanedText:
    title: str
    title_derived: bool
    byline: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


# Starts a text whose title its source gave (a JSON "title", front matter): the first line
# is that title, and every line after it is body, never taken for a headline or kicker.
GIVEN_TITLE = "\x1e"


def with_given_title(title: str, body: str) -> str:
    return f"{GIVEN_TITLE}{' '.join(title.split())}\n{body.replace(GIVEN_TITLE, '')}"


def clean(raw_text: str) -> CleanedText:
    if raw_text.startswith(GIVEN_TITLE):
        title, _, body = raw_text[len(GIVEN_TITLE) :].partition("\n")
        lines, layout = _normalise_lines(body)
        _drop_furniture(lines)
        return CleanedText(title.strip(), False, "", tuple(_rejoin(lines, layout)))
    lines, layout = _normalise_lines(raw_text)
    _drop_furniture(lines)

    title_at = _drop_kickers(lines)
    title, title_derived, byline = "", False, ""
    if title_at is not None:
        if _looks_like_headline(lines, title_at):
            title = lines[title_at]
            lines[title_at] = HARD_BREAK
            byline = _take_byline(lines, title_at + 1)
            _drop_repeats(lines, title)
        else:
            title_derived = True

    paragraphs = tuple(_rejoin(lines, layout))
    if title_derived:
        first = split_sentences(paragraphs[0])[0] if paragraphs else ""
        title = derive_title(first)
        title_derived = bool(title)
    return CleanedText(title, title_derived, byline, paragraphs)


def derive_title(sentence: str, limit: int = TITLE_LIMIT) -> str:
    """A headline from a sentence: whole if short, else cut at a clause or word boundary."""
    text = sentence.strip()
    if text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    if len(text) <= limit:
        return text
    room = text[: limit - 1]
    # A clause break may sit right where the ellipsis goes, so look one character further.
    clauses = [m.start() for m in _CLAUSE_BREAK.finditer(text[: limit + 1]) if m.start() < limit]
    if clauses and clauses[-1] >= limit // 2:
        cut = text[: clauses[-1]]
    elif " " in room:
        cut = room[: room.rfind(" ")]
    else:
        cut = room
    return cut.rstrip(" ,;:–—-") + "…"


def _normalise_lines(raw_text: str) -> tuple[list[str | None], Layout]:
    text = unicodedata.normalize("NFC", raw_text)
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    source = text.split("\n")
    lines: list[str | None] = [_INNER_SPACE.sub(" ", line).strip() for line in source]
    return lines, _layout(source, lines)


def _layout(source: list[str], lines: list[str | None]) -> Layout:
    indented = tuple(bool(_INDENT.match(line)) for line in source)
    # Wire copy indents a paragraph's first line and none of the lines it wraps onto: one
    # indented line continued by an unindented one shows the convention (a text indented
    # throughout, or a table of indented rows, does not).
    # A nested list item ("  - item" above "- item") is not a paragraph start.
    indent_paragraphs = any(
        indented[i]
        and lines[i]
        and lines[i + 1]
        and not indented[i + 1]
        and not (_BULLET.match(lines[i]) or _LIST_ITEM.match(lines[i]))
        for i in range(len(lines) - 1)
    )
    lengths = [len(line) for line in lines if line]
    width = max(lengths, default=0)
    # Wrapped prose: most lines that another line follows come close to the widest one, and
    # many of the lines under them start with a lower-case word (a table's rows do not).
    pairs = [(lines[i], lines[i + 1]) for i in range(len(lines) - 1) if lines[i] and lines[i + 1]]
    near = sum(len(line) >= width - 15 for line, _ in pairs)
    lower = sum(after[0].islower() for _, after in pairs)
    wrapped = (
        len(lengths) >= WRAP_MIN_LINES
        and width in WRAP_WIDTHS
        and near * 2 > len(pairs)
        and lower * 4 >= len(pairs)
    )
    return Layout(indented, indent_paragraphs, width, wrapped)


def _drop_furniture(lines: list[str | None]) -> None:
    seen_text = False
    for i, line in enumerate(lines):
        if not line:
            continue
        key = _key(line)
        if seen_text and key in TRAILER_HEADINGS:
            del lines[i:]
            return
        if key in JUNK_LINES or _READ_MORE.match(line):
            lines[i] = HARD_BREAK
        else:
            seen_text = True


def _drop_kickers(lines: list[str | None]) -> int | None:
    """Drop section labels and dates above the headline; return the headline's index."""
    indexes = [i for i, line in enumerate(lines) if line]
    for position, i in enumerate(indexes):
        has_more = position + 1 < len(indexes)
        if has_more and (_key(lines[i]) in KICKERS or _DATE_LINE.match(lines[i])):
            lines[i] = HARD_BREAK
            continue
        return i
    return None


def _looks_like_headline(lines: list[str | None], at: int) -> bool:
    line = lines[at]
    words = line.split()
    if len(line) > 250 or _is_list_line(line):
        return False
    if not line.endswith((".", ".”", '."')):
        return True
    # A short line ending in a period still reads as a headline when a blank line follows it;
    # a long one is the article's first sentence (seed 002).
    followed_by_blank = at + 1 < len(lines) and not lines[at + 1]
    return len(words) <= 12 and followed_by_blank


def _take_byline(lines: list[str | None], start: int) -> str:
    """Find a byline just under the title: "By Name", or a name printed twice in a row."""
    upcoming = [i for i in range(start, len(lines)) if lines[i]][:3]
    if not upcoming:
        return ""
    lowercase_words = frozenset(
        word for line in lines if line for word in _LOWERCASE_WORD.findall(line)
    )
    first = lines[upcoming[0]]
    found = _BYLINE.match(first)
    if found and _is_name(found.group("name"), lowercase_words):
        byline = found.group("name")
        lines[upcoming[0]] = HARD_BREAK
        _drop_repeats(lines, first)
        return byline
    if len(upcoming) > 1 and lines[upcoming[1]] == first and _is_name(first, lowercase_words):
        _drop_repeats(lines, first)
        return first
    return ""


def _is_name(text: str, lowercase_words: frozenset[str]) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 4 or len(text) > 60 or any(ch.isdigit() for ch in text):
        return False
    if _key(text) in KICKERS or not words[0][0].isupper():
        return False
    # A repeated "Key Points" is a heading: its words also appear in lower case in the text.
    return all(
        _NAME_WORD.match(word) and not (len(word) > 1 and word.isupper()) for word in words
    ) and not any(word.casefold() in lowercase_words for word in words if word[0].isupper())


def _drop_repeats(lines: list[str | None], text: str) -> None:
    key = _key(text)
    for i, line in enumerate(lines):
        if line and _key(line) == key:
            lines[i] = HARD_BREAK


def _key(line: str) -> str:
    folded = fold_accents(line).casefold()
    return " ".join(folded.split()).rstrip(" .:;,!?-–—")


def _rejoin(lines: list[str | None], layout: Layout) -> list[str]:
    """Join line fragments back into paragraphs.

    Scrapers put a blank line wherever a link or bold span was, so one sentence arrives as
    "...Russia, from" / "February 23 to 25, 2023" / ". This will be...". Two or more blank lines,
    or a removed line, mean a real break and are never crossed. Wire copy arrives hard-wrapped:
    consecutive lines are one paragraph unless the source's own layout says otherwise.
    """
    paragraphs: list[str] = []
    gap = 2  # Nothing before the first line to join to.
    previous_line = ""
    for i, line in enumerate(lines):
        if line is HARD_BREAK:
            gap = 2
            continue
        if not line:
            gap += 1
            continue
        indented = layout.indented[i]
        if not (gap == 0 and _dash_goes_on(line, previous_line, layout, indented)):
            # In wire copy a dash at the start of a wrapped line is punctuation, not a bullet.
            line = _normalise_bullet(line)
        joined = paragraphs and gap <= 1
        if joined and gap == 0:
            wrapped = _wrapped(previous_line, line, layout, indented)
            joined = wrapped if wrapped is not None else _continues(paragraphs[-1], line, gap)
        elif joined:
            joined = _continues(paragraphs[-1], line, gap)
        if joined:
            glue = "" if line[0] in ".,;:!?)]”’" else " "
            paragraphs[-1] = paragraphs[-1] + glue + line
        else:
            paragraphs.append(line)
        gap = 0
        previous_line = line
    return paragraphs


def _wrapped(previous_line: str, line: str, layout: Layout, indented: bool) -> bool | None:
    """Whether a line directly under another continues it, as the source's layout shows;
    None when the layout does not say."""
    full = layout.full(previous_line, line)
    if layout.indent_paragraphs:
        if indented:
            return False
        if _is_list_line(line):
            # A list item has its own indented line; this is a number wrapped onto one.
            return not _SENTENCE_END.search(previous_line)
        # An unindented line carries on the paragraph above, unless that was a sub-heading
        # or a short line that ended a sentence (a paragraph whose indent was lost).
        if full:
            return True
        return not _SENTENCE_END.search(previous_line) and not _is_heading(previous_line, line)
    if _is_list_line(line):
        return False
    if layout.wrapped and full:
        return not _SENTENCE_END.search(previous_line) or line[0].islower()
    return None


def _dash_goes_on(line: str, previous_line: str, layout: Layout, indented: bool) -> bool:
    """A dash that starts an unindented line of wire copy under an unfinished one."""
    return bool(
        layout.indent_paragraphs
        and not indented
        and _DASH_START.match(line)
        and not _SENTENCE_END.search(previous_line)
    )


def _is_heading(line: str, next_line: str) -> bool:
    """A short title-like line with a capitalised line under it."""
    words = line.split()
    return (
        len(words) <= 8
        and not _SENTENCE_END.search(line)
        and not line.endswith(",")
        and words[-1].casefold() not in OPEN_ENDINGS
        and next_line[0].isupper()
        and all(word[0].isupper() or word.casefold() in OPEN_ENDINGS for word in words)
    )


def _continues(previous: str, line: str, gap: int) -> bool:
    if _is_list_line(line):
        return False
    if line[0] in ".,;:!?)]":
        return True
    if _SENTENCE_END.search(previous):
        return False
    last_word = previous.rsplit(None, 1)[-1]
    open_ended = previous.endswith(",") or last_word.casefold() in OPEN_ENDINGS
    if line[0].islower():
        # "upcoming visit" / "of Prime Minister..." and "Both nations" / "have shared...".
        return open_ended or last_word[-1].islower() or last_word[-1].isdigit()
    if open_ended and not _SENTENCE_END.search(line) and len(line.split()) <= 12:
        # "...such as the" / "Situation in Ukraine" / ", the"; a long line or a full sentence
        # after an open ending is more likely a heading's own paragraph.
        return True
    # Hard-wrapped prose: consecutive lines of one long paragraph.
    return gap == 0 and len(previous) >= 60 and previous[-1].isalnum() and len(line) >= 20


def _is_list_line(line: str) -> bool:
    return bool(line.startswith("• ") or _LIST_ITEM.match(line))


def _normalise_bullet(line: str) -> str:
    marker = _BULLET.match(line)
    if marker and marker.end() < len(line):
        return "• " + line[marker.end() :]
    return line
